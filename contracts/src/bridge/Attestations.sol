// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IAttestations} from "../interfaces/bridge/IAttestations.sol";

/// @title Attestations
/// @notice The k-of-n rule of Peper's cross-chain endpoints (see {IAttestations}), shared by the token
/// BridgeManager and the GovernanceReceiver.
/// @dev Verifiers get a permanent slot (bit) the first time they are configured; a message's
/// attestations are one bitmap of slots plus its executed flag, in one storage word. Only the bits of
/// currently enabled verifiers count, so removing a verifier removes its weight from every message
/// still in flight, and a verifier set change never strands a message a protocol already delivered.
abstract contract Attestations is IAttestations, Ownable {
    /// @notice Most verifiers enabled at once.
    uint256 public constant MAX_VERIFIERS = 8;
    /// @notice Most verifiers ever configured (the slot bitmap's width).
    uint256 public constant MAX_VERIFIER_SLOTS = 64;

    struct MessageRecord {
        uint64 attestedBy; // bitmap of verifier slots
        bool executed;
    }

    address[] internal _verifiers;
    /// @inheritdoc IAttestations
    uint8 public threshold;
    uint64 private _enabledSlots;
    uint8 private _slotCount;
    mapping(address verifier => uint8 slotPlusOne) private _slotOf;
    mapping(bytes32 digest => MessageRecord) private _messages;

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
    function messageState(bytes32 digest) external view returns (uint256 attestations, bool executed) {
        MessageRecord memory record = _messages[digest];
        return (_popcount(record.attestedBy & _enabledSlots), record.executed);
    }

    /// @inheritdoc IAttestations
    function hasAttested(bytes32 digest, address verifier) external view returns (bool) {
        uint8 slotPlusOne = _slotOf[verifier];
        return slotPlusOne != 0 && (_messages[digest].attestedBy >> (slotPlusOne - 1)) & 1 == 1;
    }

    /// @dev Whether a message that reached its threshold may run now (a paused endpoint says no; the
    /// attestation is kept and anyone runs it later through the endpoint's `execute`).
    function _executionOpen() internal view virtual returns (bool) {
        return true;
    }

    /// @dev Records the caller's attestation of `digest` (the caller must be a current verifier, once per
    /// message). Returns true, with the message marked executed, when the caller must run it now.
    function _attest(bytes32 digest) internal returns (bool run) {
        uint8 slotPlusOne = _slotOf[msg.sender];
        uint64 enabled = _enabledSlots;
        if (slotPlusOne == 0 || (enabled >> (slotPlusOne - 1)) & 1 == 0) revert BridgeUnknownVerifier(msg.sender);
        MessageRecord memory record = _messages[digest];
        uint64 bit = uint64(1) << (slotPlusOne - 1);
        if (record.attestedBy & bit != 0) revert BridgeDuplicateAttestation(digest, msg.sender);
        record.attestedBy |= bit;
        uint256 count = _popcount(record.attestedBy & enabled);
        emit MessageAttested(digest, msg.sender, count);
        run = !record.executed && count >= threshold && _executionOpen();
        if (run) record.executed = true;
        _messages[digest] = record;
    }

    /// @dev For `execute`: the message has its threshold now and has not run; marks it executed.
    function _claimExecution(bytes32 digest) internal {
        MessageRecord memory record = _messages[digest];
        if (record.executed) revert BridgeAlreadyExecuted(digest);
        uint256 count = _popcount(record.attestedBy & _enabledSlots);
        if (count < threshold) revert BridgeNotAttested(digest, count, threshold);
        _messages[digest].executed = true;
    }

    function _popcount(uint64 x) private pure returns (uint256 count) {
        while (x != 0) {
            x &= x - 1;
            ++count;
        }
    }
}
