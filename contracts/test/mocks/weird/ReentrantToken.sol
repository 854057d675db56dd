// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Hostile token: on every transfer it calls a configured target with configured data
/// (to try to reenter the pair, router or vault), and bubbles up the target's revert.
contract ReentrantToken is ERC20 {
    address public callbackTarget;
    bytes public payload;

    constructor(address holder, uint256 supply) ERC20("Reentrant", "REENT") {
        _mint(holder, supply);
    }

    function arm(address target_, bytes calldata payload_) external {
        callbackTarget = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = callbackTarget;
        if (t != address(0)) {
            callbackTarget = address(0); // once
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory ret) = t.call(payload);
            if (!ok) {
                // solhint-disable-next-line no-inline-assembly
                assembly {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
    }
}
