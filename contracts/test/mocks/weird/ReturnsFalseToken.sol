// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Hostile token: once switched, transfers return false instead of reverting (and move nothing).
contract ReturnsFalseToken is ERC20 {
    bool public failing;

    constructor(address holder, uint256 supply) ERC20("False", "FALSE") {
        _mint(holder, supply);
    }

    function setFailing(bool f) external {
        failing = f;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transferFrom(from, to, value);
    }
}
