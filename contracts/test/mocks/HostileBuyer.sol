// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A buyer whose onERC721Received re-enters the marketplace to buy a second listing.
contract HostileBuyer {
    address public market;
    uint256 public secondListing;

    function attack(address market_, uint256 first, uint256 second) external payable {
        market = market_;
        secondListing = second;
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = market_.call{value: msg.value}(abi.encodeWithSignature("buy(uint256)", first));
        if (!ok) {
            // solhint-disable-next-line no-inline-assembly
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = market.call(abi.encodeWithSignature("buy(uint256)", secondListing));
        if (!ok) {
            // solhint-disable-next-line no-inline-assembly
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return this.onERC721Received.selector;
    }
}
