// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPeperCallee
/// @notice The flash-swap callback, with Uniswap V2's name and signature so existing flash-swap
/// contracts work unchanged.
interface IPeperCallee {
    /// @notice Called by a pair during `swap` when `data` is not empty, after the output was sent.
    /// @param sender Who called `swap`.
    /// @param amount0 Amount of token0 sent out.
    /// @param amount1 Amount of token1 sent out.
    /// @param data The caller's data, passed through.
    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external;
}
