// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BridgeMessage} from "./BridgeMessage.sol";
import {GovernanceMessage} from "./GovernanceMessage.sol";

/// @title IOperatorVerifier
/// @notice A bridge verifier backed by Peper's operators: a message counts as attested by this
/// verifier when at least `threshold` distinct operators of the current configuration signed the
/// EIP-712 struct `Attestation(bytes32 messageDigest,uint32 configVersion)` under the domain
/// "Peper Bridge Operators" v1 of the destination chain and this verifier. The message digest binds
/// both chain ids, both managers and the sequence; the domain binds the destination chain and this
/// contract; the configuration version makes a replaced operator set's signatures worthless.
/// Anyone may relay the signatures (the operator nodes do): a bitmap names the signers (bit i =
/// operator i of {operators}) and one EIP-2098 compact signature per set bit follows, in bit order.
interface IOperatorVerifier {
    /// @notice An EIP-2098 compact signature: r, and the recovery bit in the top bit of s (s low, as
    /// EIP-2 requires).
    /// @param r The signature's r.
    /// @param yParityAndS yParity << 255 | s.
    struct Signature {
        bytes32 r;
        bytes32 yParityAndS;
    }

    /// @notice The operator list is empty, too long, has a zero or duplicate address, or the threshold
    /// is zero or above the number of operators.
    error OperatorsInvalidConfig();
    /// @notice No operator configuration was set yet.
    error OperatorsNotConfigured();
    /// @notice A signature's signer is not an operator of the current configuration.
    /// @param signer The recovered signer.
    error OperatorsUnknownSigner(address signer);
    /// @notice The signer bitmap names an operator index beyond the list, or its number of set bits is
    /// not the number of signatures.
    /// @param signers The bitmap.
    /// @param signatures How many signatures were given.
    error OperatorsInvalidSigners(uint256 signers, uint256 signatures);
    /// @notice Fewer signatures than the threshold.
    /// @param signatures How many were given.
    /// @param threshold How many are needed.
    error OperatorsTooFewSignatures(uint256 signatures, uint256 threshold);
    /// @notice Only the manager may call, or native tokens were sent to a verifier that charges no fee.
    /// @param caller Who called.
    error OperatorsUnexpectedCall(address caller);

    /// @notice A new operator set and threshold took effect.
    /// @param configVersion The new version.
    /// @param operators The operators in index order (bit i of a signer bitmap is operators[i]).
    /// @param threshold Signatures needed.
    event OperatorsConfigSet(uint32 indexed configVersion, address[] operators, uint8 threshold);
    /// @notice The governance endpoints changed.
    /// @param sender The home chain's GovernanceSender allowed to call {IBridgeVerifier.onSendGovernance} here.
    /// @param receiver This chain's GovernanceReceiver that governance attestations go to (zero: none).
    event GovernanceEndpointsSet(address sender, address receiver);
    /// @notice Operators' signatures on a message were verified and the attestation passed to the manager.
    /// @param digest The message digest.
    /// @param signers Bitmap of the operators whose signatures were counted.
    /// @param configVersion Their configuration.
    /// @param relayer Who submitted them.
    event OperatorsAttested(bytes32 indexed digest, uint256 signers, uint32 configVersion, address relayer);

    /// @notice Verifies `threshold` operator signatures on the message and attests it to the manager.
    /// @param message The message (the manager checks its destination and source peer).
    /// @param signers Bitmap of the signing operators (bit i = operators()[i]), at least `threshold` bits.
    /// @param signatures One compact signature per set bit of `signers`, in bit order, over
    /// {attestationDigest} of the message's digest.
    function attest(BridgeMessage calldata message, uint256 signers, Signature[] calldata signatures) external;

    /// @notice Verifies `threshold` operator signatures on a governance message and attests it to this
    /// chain's GovernanceReceiver. The operators sign the same `Attestation` struct over the governance
    /// message's digest (whose type hash differs from a token message's).
    /// @param message The message.
    /// @param signers As for {attest}.
    /// @param signatures As for {attest}.
    function attestGovernance(
        GovernanceMessage calldata message,
        uint256 signers,
        Signature[] calldata signatures
    ) external;

    /// @notice Sets the governance endpoints. Only the owner (the Timelock).
    /// @param sender The home chain's GovernanceSender (zero on remote chains).
    /// @param receiver This chain's GovernanceReceiver (zero on the home chain).
    function setGovernanceEndpoints(address sender, address receiver) external;

    /// @notice Replaces the operator set. Only the owner (the Timelock). Bumps {configVersion}.
    /// @param operators At most {MAX_OPERATORS} distinct non-zero addresses.
    /// @param threshold Signatures needed, 1..operators.length.
    function setConfig(address[] calldata operators, uint8 threshold) external;

    /// @notice What operators sign for a message digest (EIP-712 typed data hash).
    /// @param messageDigest The message digest ({IBridgeManager.messageDigest}).
    /// @return The hash to sign.
    function attestationDigest(bytes32 messageDigest) external view returns (bytes32);

    /// @notice The manager this verifier attests to.
    /// @return The manager.
    function manager() external view returns (address);

    /// @notice The current operators.
    /// @return The operators in index order.
    function operators() external view returns (address[] memory);

    /// @notice Signatures needed.
    /// @return The threshold.
    function threshold() external view returns (uint8);

    /// @notice The configuration version (0 before the first configuration).
    /// @return The version.
    function configVersion() external view returns (uint32);
}
