// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Hostile token: balances are shares times a settable multiplier (rebases up and down).
contract RebasingToken is IERC20 {
    uint256 public multiplierBps = 10_000;
    uint256 private _totalShares;
    mapping(address => uint256) private _shares;
    mapping(address => mapping(address => uint256)) public allowance;

    constructor(address holder, uint256 supply) {
        _shares[holder] = supply;
        _totalShares = supply;
    }

    function rebase(uint256 newMultiplierBps) external {
        multiplierBps = newMultiplierBps;
    }

    function totalSupply() external view returns (uint256) {
        return (_totalShares * multiplierBps) / 10_000;
    }

    function balanceOf(address a) public view returns (uint256) {
        return (_shares[a] * multiplierBps) / 10_000;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(allowance[from][msg.sender] >= value, "allowance");
        allowance[from][msg.sender] -= value;
        _move(from, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        uint256 shares = (value * 10_000 + multiplierBps - 1) / multiplierBps;
        require(_shares[from] >= shares, "balance");
        _shares[from] -= shares;
        _shares[to] += shares;
        emit Transfer(from, to, value);
    }
}
