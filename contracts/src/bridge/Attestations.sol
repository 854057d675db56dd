// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IAttestations} from "../interfaces/bridge/IAttestations.sol";

/// @title Attestations
/// @notice The k-of-n rule of Peper's cross-chain endpoints (see {IAttestations}), shared by the token
/// BridgeManager and the GovernanceReceiver.
/// @dev Verifiers get a permanent slot (bit) the first time they are configured; a message's
/// attestations are one bitmap of slots per digest. Only the bits of currently enabled verifiers count,
/// so removing a verifier removes its weight from every message still in flight, and a verifier set
/// change never strands a message a protocol already delivered.
/// Exactly once: a message is executed at most once per route and sequence, recorded as one bit of a
/// per-route bitmap (route = source chain and source endpoint; 256 sequences share a storage word), so
/// executing costs a warm-word update (~5k) instead of a new storage word per digest (~22k). The
/// attestation that reaches the threshold is not written (nothing reads it again: the executed bit
/// refuses every later attestation and execution of that sequence); attestations recorded before it stay.
abstract contract Attestations is IAttestations, Ownable {
    /// @notice Most verifiers enabled at once.
    uint256 public constant MAX_VERIFIERS = 8;
    /// @notice Most verifiers ever configured (the slot bitmap's width).
    uint256 public constant MAX_VERIFIER_SLOTS = 64;

    address[] internal _verifiers;
    /// @inheritdoc IAttestations
    uint8 public threshold;
    uint64 private _enabledSlots;
    uint8 private _slotCount;
    mapping(address verifier => uint8 slotPlusOne) private _slotOf;
    mapping(bytes32 digest => uint256 attestedBy) private _attestedBy; // bitmap of verifier slots
    mapping(uint64 srcChainId => mapping(address srcEndpoint => mapping(uint256 word => uint256 bits)))
        private _executed; // bit (sequence % 256) of word (sequence / 256)

    /// @inheritdoc IAttestations
    function setVerifiers(address[] calldata verifiers_, uint8 threshold_) external onlyOwner {
        uint256 n = verifiers_.length;
        if (n == 0 || n > MAX_VERIFIERS || threshold_ == 0 || threshold_ > n) revert BridgeInvalidVerifierConfig();
        uint64 enabled;
        uint8 slots = _slotCount;
        for (uint256 i; i < n; ++i) {
            address v = verifiers_[i];
            if (v == address(0)) revert BridgeInvalidVerifierConfig();
            uint8 slotPlusOne = _slotOf[v];
            if (slotPlusOne == 0) {
                if (slots == MAX_VERIFIER_SLOTS) revert BridgeInvalidVerifierConfig();
                slotPlusOne = ++slots;
                _slotOf[v] = slotPlusOne;
            }
            uint64 bit = uint64(1) << (slotPlusOne - 1);
            if (enabled & bit != 0) revert BridgeInvalidVerifierConfig(); // duplicate
            enabled |= bit;
        }
        _slotCount = slots;
        _enabledSlots = enabled;
        _verifiers = verifiers_;
        threshold = threshold_;
        emit VerifiersSet(verifiers_, threshold_);
    }

    /// @inheritdoc IAttestations
    function verifiers() external view returns (address[] memory) {
        return _verifiers;
    }

    /// @inheritdoc IAttestations
    function messageState(
        bytes32 digest,
        uint64 srcChainId,
        address srcEndpoint,
        uint64 sequence
    ) external view returns (uint256 attestations, bool executed) {
        return (_popcount(uint64(_attestedBy[digest]) & _enabledSlots), isExecuted(srcChainId, srcEndpoint, sequence));
    }

    /// @inheritdoc IAttestations
    function isExecuted(uint64 srcChainId, address srcEndpoint, uint64 sequence) public view returns (bool) {
        return (_executed[srcChainId][srcEndpoint][sequence >> 8] >> (sequence & 0xff)) & 1 == 1;
    }

    /// @inheritdoc IAttestations
    function hasAttested(bytes32 digest, address verifier) external view returns (bool) {
        uint8 slotPlusOne = _slotOf[verifier];
        return slotPlusOne != 0 && (_attestedBy[digest] >> (slotPlusOne - 1)) & 1 == 1;
    }

    /// @dev Whether a message that reached its threshold may run now (a paused endpoint says no; the
    /// attestation is kept and anyone runs it later through the endpoint's `execute`).
    function _executionOpen() internal view virtual returns (bool) {
        return true;
    }

    /// @dev Records the caller's attestation of `digest`, the message of route (`srcChainId`,
    /// `srcEndpoint`) with `sequence` (the caller must be a current verifier, once per message, before
    /// the sequence executed). Returns true, with the sequence marked executed, when the caller must run
    /// it now; the attestation that runs it is not written.
    function _attest(
        bytes32 digest,
        uint64 srcChainId,
        address srcEndpoint,
        uint64 sequence
    ) internal returns (bool run) {
        uint8 slotPlusOne = _slotOf[msg.sender];
        uint64 enabled = _enabledSlots;
        if (slotPlusOne == 0 || (enabled >> (slotPlusOne - 1)) & 1 == 0) revert BridgeUnknownVerifier(msg.sender);
        mapping(uint256 => uint256) storage executed = _executed[srcChainId][srcEndpoint];
        uint256 bits = executed[sequence >> 8];
        uint256 mask = 1 << (sequence & 0xff);
        if (bits & mask != 0) revert BridgeAlreadyExecuted(digest);
        uint256 attestedBy = _attestedBy[digest];
        uint256 bit = 1 << (slotPlusOne - 1);
        if (attestedBy & bit != 0) revert BridgeDuplicateAttestation(digest, msg.sender);
        attestedBy |= bit;
        uint256 count = _popcount(uint64(attestedBy) & enabled);
        emit MessageAttested(digest, msg.sender, count);
        run = count >= threshold && _executionOpen();
        if (run) {
            executed[sequence >> 8] = bits | mask;
        } else {
            _attestedBy[digest] = attestedBy;
        }
    }

    /// @dev For `execute`: the message has its threshold now and its sequence has not run; marks it
    /// executed.
    function _claimExecution(bytes32 digest, uint64 srcChainId, address srcEndpoint, uint64 sequence) internal {
        mapping(uint256 => uint256) storage executed = _executed[srcChainId][srcEndpoint];
        uint256 bits = executed[sequence >> 8];
        uint256 mask = 1 << (sequence & 0xff);
        if (bits & mask != 0) revert BridgeAlreadyExecuted(digest);
        uint256 count = _popcount(uint64(_attestedBy[digest]) & _enabledSlots);
        // Before the first setVerifiers the threshold is zero and no slot is enabled: `count == 0`
        // keeps a message nobody attested from running there (setVerifiers never sets a zero threshold).
        if (count == 0 || count < threshold) revert BridgeNotAttested(digest, count, threshold);
        executed[sequence >> 8] = bits | mask;
    }

    function _popcount(uint64 x) private pure returns (uint256 count) {
        while (x != 0) {
            x &= x - 1;
            ++count;
        }
    }
}
