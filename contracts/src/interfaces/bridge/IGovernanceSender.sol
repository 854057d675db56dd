// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GovernanceMessage} from "./GovernanceMessage.sol";

/// @title IGovernanceSender
/// @notice On the home chain: the DAO's Timelock sends batches of calls to other chains' Timelocks
/// through the bridge's verifiers (the same k-of-n rule as token messages: each destination's
/// GovernanceReceiver needs `threshold` of its verifiers to attest the message).
interface IGovernanceSender {
    /// @notice No receiver is configured for the chain.
    /// @param chainId The chain.
    error GovernanceUnknownChain(uint64 chainId);
    /// @notice The batch is empty, too long, or its arrays differ in length.
    error GovernanceInvalidBatch();
    /// @notice A receiver, chain or verifier may not be zero or this chain.
    error GovernanceInvalidConfig();
    /// @notice The native-token value does not cover the verifiers' fees.
    /// @param value What was sent.
    /// @param fee What is needed.
    error GovernanceInsufficientFee(uint256 value, uint256 fee);
    /// @notice Returning unused native tokens failed.
    error GovernanceRefundFailed();

    /// @notice A governance message left the home chain.
    /// @param digest The message digest.
    /// @param dstChainId The destination chain.
    /// @param nonce The per-route nonce.
    /// @param message The whole message.
    event GovernanceMessageSent(
        bytes32 indexed digest,
        uint64 indexed dstChainId,
        uint64 indexed nonce,
        GovernanceMessage message
    );
    /// @notice A chain's receiver was set.
    /// @param chainId The chain.
    /// @param receiver Its GovernanceReceiver.
    event ReceiverSet(uint64 indexed chainId, address receiver);
    /// @notice The verifiers that carry governance messages changed.
    /// @param verifiers The verifiers.
    event SendVerifiersSet(address[] verifiers);

    /// @notice Sends a batch of calls to be scheduled on `dstChainId`'s Timelock. Only the owner (the home
    /// chain's Timelock, i.e. a passed proposal). `msg.value` pays the verifiers' fees; the rest returns.
    /// @param dstChainId The destination chain.
    /// @param targets The calls' targets there.
    /// @param values Native tokens per call (paid by the destination Timelock).
    /// @param calldatas The calls' data.
    /// @return nonce The message's nonce.
    function send(
        uint64 dstChainId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external payable returns (uint64 nonce);

    /// @notice Sets a chain's GovernanceReceiver. Only the owner.
    /// @param chainId The chain.
    /// @param receiver The receiver.
    function setReceiver(uint64 chainId, address receiver) external;

    /// @notice Sets the verifiers that carry messages (each gets `onSendGovernance`). Only the owner.
    /// @param verifiers The verifiers (at most 8).
    function setVerifiers(address[] calldata verifiers) external;

    /// @notice The native-token fee of sending this batch to `dstChainId` (put it in the proposal's value).
    /// @param dstChainId The chain.
    /// @param targets The calls' targets.
    /// @param values Native tokens per call.
    /// @param calldatas The calls' data.
    /// @return fee Wei.
    function quoteSend(
        uint64 dstChainId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external view returns (uint256 fee);

    /// @notice A chain's receiver (zero when none).
    /// @param chainId The chain.
    /// @return The receiver.
    function receivers(uint64 chainId) external view returns (address);

    /// @notice The last nonce sent to a chain.
    /// @param chainId The chain.
    /// @return The nonce.
    function nonces(uint64 chainId) external view returns (uint64);

    /// @notice The verifiers that carry messages.
    /// @return The verifiers.
    function verifiers() external view returns (address[] memory);
}
