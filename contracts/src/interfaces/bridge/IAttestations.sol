// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAttestations
/// @notice The k-of-n rule every cross-chain endpoint of Peper applies (the token BridgeManager, the
/// GovernanceReceiver): a message, identified by its digest, runs on its destination exactly once and
/// only when `threshold` of the endpoint's current verifiers attested it. Each verifier counts once.
interface IAttestations {
    /// @notice The caller is not one of the current verifiers.
    /// @param caller Who called.
    error BridgeUnknownVerifier(address caller);

    /// @notice The verifier already attested this message.
    /// @param digest The message digest.
    /// @param verifier The verifier.
    error BridgeDuplicateAttestation(bytes32 digest, address verifier);

    /// @notice The verifier list is empty or too long, has a zero or duplicate entry, or the threshold is
    /// zero or above the number of verifiers.
    error BridgeInvalidVerifierConfig();

    /// @notice The message's route and sequence were already executed (no attestation or execution of
    /// that sequence is accepted any more).
    /// @param digest The message digest.
    error BridgeAlreadyExecuted(bytes32 digest);

    /// @notice Not enough of the current verifiers attested the message.
    /// @param digest The message digest.
    /// @param attestations How many current verifiers attested it.
    /// @param threshold How many are needed.
    error BridgeNotAttested(bytes32 digest, uint256 attestations, uint256 threshold);

    /// @notice A verifier attested a message.
    /// @param digest The message digest.
    /// @param verifier The verifier.
    /// @param attestations How many current verifiers have attested it now.
    event MessageAttested(bytes32 indexed digest, address indexed verifier, uint256 attestations);

    /// @notice The verifier set and threshold changed.
    /// @param verifiers The current verifiers.
    /// @param threshold Attestations needed.
    event VerifiersSet(address[] verifiers, uint8 threshold);

    /// @notice Replaces the verifier set and threshold. Only the owner (the chain's Timelock). Attestations a
    /// verifier already made stay recorded; only current verifiers count toward the threshold.
    /// @param verifiers At most {MAX_VERIFIERS} distinct non-zero verifier contracts.
    /// @param threshold Attestations needed, 1..verifiers.length.
    function setVerifiers(address[] calldata verifiers, uint8 threshold) external;

    /// @notice The current verifiers.
    /// @return The verifier contracts.
    function verifiers() external view returns (address[] memory);

    /// @notice Attestations needed.
    /// @return The threshold.
    function threshold() external view returns (uint8);

    /// @notice A message's state on this (destination) chain. A message runs once per route (source chain
    /// and source endpoint) and sequence.
    /// @param digest The message digest.
    /// @param srcChainId The message's source chain.
    /// @param srcEndpoint The message's source endpoint (manager or governance sender).
    /// @param sequence The message's per-route sequence (a governance message's nonce).
    /// @return attestations How many current verifiers' attestations are recorded (the attestation that
    /// executed the message is not recorded: nothing reads it again).
    /// @return executed Whether the route's sequence was executed.
    function messageState(
        bytes32 digest,
        uint64 srcChainId,
        address srcEndpoint,
        uint64 sequence
    ) external view returns (uint256 attestations, bool executed);

    /// @notice Whether a route's sequence was executed.
    /// @param srcChainId The source chain.
    /// @param srcEndpoint The source endpoint (manager or governance sender).
    /// @param sequence The per-route sequence (a governance message's nonce).
    /// @return True when it was.
    function isExecuted(uint64 srcChainId, address srcEndpoint, uint64 sequence) external view returns (bool);

    /// @notice Whether a verifier's attestation of a message is recorded (not the one that executed it).
    /// @param digest The message digest.
    /// @param verifier The verifier.
    /// @return True when it did.
    function hasAttested(bytes32 digest, address verifier) external view returns (bool);
}
