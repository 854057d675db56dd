// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A contract that refuses ether (a royalty receiver or seller that reverts).
contract RejectingReceiver {
    error NoEther();

    receive() external payable {
        revert NoEther();
    }

    /// @notice Lets the test make it withdraw later, once it accepts ether.
    function withdrawFrom(address market) external {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = market.call(abi.encodeWithSignature("withdraw()"));
        require(ok, string(ret));
    }
}
