// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GovernanceMessage} from "./GovernanceMessage.sol";
import {IAttestations} from "./IAttestations.sol";

/// @title IGovernanceReceiver
/// @notice On a chain other than the home chain: accepts only messages from the home chain's
/// GovernanceSender that `threshold` of its verifiers attested, and schedules each one, exactly once, on
/// this chain's Timelock with the Timelock's own delay (so this chain's users can exit before a change
/// takes effect); anyone executes it on the Timelock once ready. It holds the Timelock's proposer role:
/// nothing else proposes there. The guardian may pause it (see GovernanceReceiver).
interface IGovernanceReceiver is IAttestations {
    /// @notice The message is not for this receiver on this chain.
    /// @param dstChainId Its destination chain.
    /// @param dstReceiver Its destination receiver.
    error GovernanceWrongDestination(uint64 dstChainId, address dstReceiver);
    /// @notice The message does not come from the home chain's GovernanceSender.
    /// @param srcChainId Its source chain.
    /// @param srcSender Its sender.
    error GovernanceUnknownSource(uint64 srcChainId, address srcSender);
    /// @notice The message's batch is empty or its arrays differ in length.
    error GovernanceInvalidMessage();
    /// @notice A constructor argument is zero.
    error GovernanceInvalidConfig();

    /// @notice A message reached its threshold and was scheduled on the Timelock.
    /// @param digest The message digest (also the Timelock operation's salt).
    /// @param nonce Its nonce.
    /// @param operationId The Timelock operation id.
    /// @param readyAt When anyone can execute it on the Timelock.
    event GovernanceMessageScheduled(
        bytes32 indexed digest,
        uint64 indexed nonce,
        bytes32 operationId,
        uint256 readyAt
    );

    /// @notice A verifier attests a message; at the threshold it is scheduled on the Timelock.
    /// @param message The message.
    function attest(GovernanceMessage calldata message) external;

    /// @notice Schedules a message that has its threshold but was not scheduled (attested before the
    /// threshold was lowered, or while the receiver was paused). Anyone. While paused, only a message
    /// whose every call is to this receiver (e.g. its unpause) is scheduled; others revert EnforcedPause.
    /// @param message The message.
    function execute(GovernanceMessage calldata message) external;

    /// @notice The digest of a message.
    /// @param message The message.
    /// @return The digest.
    function messageDigest(GovernanceMessage calldata message) external pure returns (bytes32);

    /// @notice The Timelock operation id a message is scheduled under.
    /// @param message The message.
    /// @return The id (TimelockController.hashOperationBatch with the digest as salt).
    function operationId(GovernanceMessage calldata message) external view returns (bytes32);

    /// @notice This chain's Timelock.
    /// @return The Timelock.
    function timelock() external view returns (address);

    /// @notice The home chain.
    /// @return Its chain id.
    function homeChainId() external view returns (uint64);

    /// @notice The home chain's GovernanceSender.
    /// @return The sender.
    function homeSender() external view returns (address);
}
