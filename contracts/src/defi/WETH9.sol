// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

import {IWETH} from "../interfaces/defi/IWETH.sol";

/// @title WETH9
/// @notice Wrapped ether for the local chains, with WETH9's interface and events (deposit, withdraw,
/// wrap by sending ether). On public chains Peper uses the chain's canonical WETH instead.
contract WETH9 is IWETH, ERC20 {
    /// @notice Unwrapping sent no ether back.
    /// @param to The recipient.
    /// @param amount The amount.
    error WETHTransferFailed(address to, uint256 amount);

    constructor() ERC20("Wrapped Ether", "WETH") {}

    /// @notice Wraps ether sent without data.
    receive() external payable {
        deposit();
    }

    /// @inheritdoc IWETH
    function deposit() public payable {
        _mint(msg.sender, msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    /// @inheritdoc IWETH
    function withdraw(uint256 wad) external {
        _burn(msg.sender, wad);
        emit Withdrawal(msg.sender, wad);
        (bool ok, ) = msg.sender.call{value: wad}("");
        if (!ok) revert WETHTransferFailed(msg.sender, wad);
    }
}
