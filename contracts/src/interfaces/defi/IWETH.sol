// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IWETH
/// @notice Wrapped ether (WETH9's interface).
interface IWETH is IERC20 {
    /// @notice Ether was wrapped.
    /// @param dst Who received WETH.
    /// @param wad Amount.
    event Deposit(address indexed dst, uint256 wad);

    /// @notice WETH was unwrapped.
    /// @param src Who burned WETH.
    /// @param wad Amount.
    event Withdrawal(address indexed src, uint256 wad);

    /// @notice Wraps the ether sent.
    function deposit() external payable;

    /// @notice Unwraps `wad` WETH and sends the ether to the caller.
    /// @param wad Amount.
    function withdraw(uint256 wad) external;
}
