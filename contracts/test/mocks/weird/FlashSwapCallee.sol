// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IPeperCallee} from "../../../src/interfaces/defi/IPeperCallee.sol";
import {IPeperPair} from "../../../src/interfaces/defi/IPeperPair.sol";

/// @notice Flash-swap borrower for tests: repays `repay` of `repayToken`, or tries to reenter the pair.
contract FlashSwapCallee is IPeperCallee {
    address public repayToken;
    uint256 public repay;
    bool public reenter;

    function configure(address repayToken_, uint256 repay_, bool reenter_) external {
        repayToken = repayToken_;
        repay = repay_;
        reenter = reenter_;
    }

    function uniswapV2Call(address, uint256, uint256, bytes calldata) external {
        if (reenter) IPeperPair(msg.sender).sync();
        IERC20(repayToken).transfer(msg.sender, repay);
    }
}
