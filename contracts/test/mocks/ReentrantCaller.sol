// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A hostile buyer or royalty receiver: when it receives an NFT or ether it calls
/// `victim` again with the stored `reentry` calldata and bubbles up any failure.
contract ReentrantCaller {
    address public victim;
    bytes public reentry;

    /// @notice Sets the call to make when the marketplace calls back.
    function arm(address victim_, bytes calldata reentry_) external {
        victim = victim_;
        reentry = reentry_;
    }

    /// @notice Calls `market` with `data` and the ether sent (e.g. to buy).
    function attack(address market, bytes calldata data) external payable {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = market.call{value: msg.value}(data);
        if (!ok) _bubble(ret);
    }

    receive() external payable {
        _reenter();
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        _reenter();
        return this.onERC721Received.selector;
    }

    function _reenter() private {
        if (victim == address(0)) return;
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = victim.call(reentry);
        if (!ok) _bubble(ret);
    }

    function _bubble(bytes memory ret) private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            revert(add(ret, 32), mload(ret))
        }
    }
}
