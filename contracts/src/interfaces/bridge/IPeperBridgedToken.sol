// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPeperBridgedToken
/// @notice PEPER on a chain other than its home: the same ERC-20 with ERC-2612 permit, ERC-5805 votes
/// and a timestamp ERC-6372 clock, whose supply only the chain's BridgeManager mints (on arrival) and
/// burns (on departure). PEPER locked on the home chain covers every bridged supply.
interface IPeperBridgedToken {
    /// @notice Only the bridge manager may mint and burn.
    /// @param caller Who called.
    error BridgedTokenOnlyBridge(address caller);
    /// @notice The bridge manager cannot be the zero address.
    error BridgedTokenZeroBridge();

    /// @notice The bridge manager changed.
    /// @param previousBridge The old manager.
    /// @param newBridge The new manager.
    event BridgeSet(address indexed previousBridge, address indexed newBridge);

    /// @notice Mints bridged PEPER that arrived. Only the bridge manager.
    /// @param to The recipient.
    /// @param amount Tokens (wei units).
    function mint(address to, uint256 amount) external;

    /// @notice Burns bridged PEPER that departs, from the account that sends it. Only the bridge
    /// manager, which burns only from the caller of its own `transfer`.
    /// @param from The sender.
    /// @param amount Tokens (wei units).
    function burn(address from, uint256 amount) external;

    /// @notice Sets the bridge manager. Only the owner (the chain's Timelock).
    /// @param newBridge The manager.
    function setBridge(address newBridge) external;

    /// @notice The bridge manager.
    /// @return The manager.
    function bridge() external view returns (address);
}
