// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {GuardianPausable} from "../governance/GuardianPausable.sol";
import {GovernanceMessage, GovernanceMessageLib} from "../interfaces/bridge/GovernanceMessage.sol";
import {IGovernanceReceiver} from "../interfaces/bridge/IGovernanceReceiver.sol";
import {Attestations} from "./Attestations.sol";

/// @title GovernanceReceiver
/// @notice A remote chain's end of cross-chain governance. See {IGovernanceReceiver}.
/// @dev Owned by this chain's Timelock, so the home chain's DAO changes its verifiers with a governance
/// message like any other parameter here. The guardian may pause it: attestations are still recorded,
/// but nothing is scheduled — except a message whose every call is to this receiver itself, so the DAO
/// (the only one who may unpause, through this very path) can unpause it or replace its verifiers.
contract GovernanceReceiver is IGovernanceReceiver, GuardianPausable, Attestations, ReentrancyGuardTransient {
    /// @inheritdoc IGovernanceReceiver
    address public immutable timelock;
    /// @inheritdoc IGovernanceReceiver
    uint64 public immutable homeChainId;
    /// @inheritdoc IGovernanceReceiver
    address public immutable homeSender;

    /// @param owner_ Who sets the verifiers (this chain's Timelock; a deployer until it hands over).
    /// @param guardian_ The guardian (may pause).
    /// @param timelock_ This chain's Timelock (the receiver must hold its proposer role).
    /// @param homeChainId_ The home chain.
    /// @param homeSender_ The home chain's GovernanceSender.
    constructor(
        address owner_,
        address guardian_,
        address timelock_,
        uint64 homeChainId_,
        address homeSender_
    ) GuardianPausable(owner_, guardian_) {
        if (
            timelock_ == address(0) || homeChainId_ == 0 || homeChainId_ == block.chainid || homeSender_ == address(0)
        ) {
            revert GovernanceInvalidConfig();
        }
        timelock = timelock_;
        homeChainId = homeChainId_;
        homeSender = homeSender_;
    }

    /// @inheritdoc IGovernanceReceiver
    function attest(GovernanceMessage calldata message) external nonReentrant {
        bytes32 digest = GovernanceMessageLib.digest(message);
        bool run = _attest(digest, message.srcChainId, message.srcSender, message.nonce);
        _check(message);
        if (run) _schedule(message, digest);
    }

    /// @inheritdoc IGovernanceReceiver
    function execute(GovernanceMessage calldata message) external nonReentrant {
        _check(message);
        if (paused() && !_onlyToSelf(message)) revert EnforcedPause();
        bytes32 digest = GovernanceMessageLib.digest(message);
        _claimExecution(digest, message.srcChainId, message.srcSender, message.nonce);
        _schedule(message, digest);
    }

    /// @inheritdoc IGovernanceReceiver
    function messageDigest(GovernanceMessage calldata message) external pure returns (bytes32) {
        return GovernanceMessageLib.digest(message);
    }

    /// @inheritdoc IGovernanceReceiver
    function operationId(GovernanceMessage calldata message) public view returns (bytes32) {
        return
            TimelockController(payable(timelock)).hashOperationBatch(
                message.targets,
                message.values,
                message.calldatas,
                bytes32(0),
                GovernanceMessageLib.digest(message)
            );
    }

    /// @dev A paused receiver records attestations but schedules nothing (see `execute` for the exception).
    function _executionOpen() internal view override returns (bool) {
        return !paused();
    }

    /// @dev Whether every call of the message is to this receiver (unpause, verifiers, guardian).
    function _onlyToSelf(GovernanceMessage calldata message) private view returns (bool) {
        uint256 n = message.targets.length; // bounded by the message, checked against its arrays in _check
        for (uint256 i; i < n; ++i) {
            if (message.targets[i] != address(this)) return false;
        }
        return true;
    }

    function _check(GovernanceMessage calldata message) private view {
        if (message.dstChainId != block.chainid || message.dstReceiver != address(this)) {
            revert GovernanceWrongDestination(message.dstChainId, message.dstReceiver);
        }
        if (message.srcChainId != homeChainId || message.srcSender != homeSender) {
            revert GovernanceUnknownSource(message.srcChainId, message.srcSender);
        }
        uint256 n = message.targets.length;
        if (n == 0 || message.values.length != n || message.calldatas.length != n) revert GovernanceInvalidMessage();
    }

    function _schedule(GovernanceMessage calldata message, bytes32 digest) private {
        TimelockController t = TimelockController(payable(timelock));
        uint256 delay = t.getMinDelay();
        bytes32 id = t.hashOperationBatch(message.targets, message.values, message.calldatas, bytes32(0), digest);
        emit GovernanceMessageScheduled(digest, message.nonce, id, block.timestamp + delay);
        t.scheduleBatch(message.targets, message.values, message.calldatas, bytes32(0), digest, delay);
    }
}
