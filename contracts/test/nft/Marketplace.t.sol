// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Marketplace} from "../../src/nft/Marketplace.sol";
import {RoyaltyNFT} from "../mocks/RoyaltyNFT.sol";
import {PeperTest} from "../utils/PeperTest.sol";

contract MarketplaceFuzzTest is PeperTest {
    address internal constant SELLER = address(0x5E11);
    address internal constant BUYER = address(0xB0B);
    address internal constant CREATOR = address(0xC0FFEE);
    address internal constant TREASURY = address(0x7EA5);

    function testFuzz_proceedsPlusRoyaltyPlusFeeEqualPrice(uint256 price, uint16 feeBps, uint96 royaltyBps) public {
        price = bound(price, 1, 1e30);
        feeBps = uint16(bound(feeBps, 0, 500));
        royaltyBps = uint96(bound(royaltyBps, 0, 10_000));
        Marketplace market = new Marketplace(address(this), address(0), TREASURY, feeBps);
        RoyaltyNFT nft = new RoyaltyNFT();
        nft.mint(SELLER, 1, CREATOR, royaltyBps);
        vm.prank(SELLER);
        nft.setApprovalForAll(address(market), true);
        vm.prank(SELLER);
        uint256 listingId = market.list(address(nft), 1, address(0), price, uint64(vm.getBlockTimestamp() + 1));
        vm.deal(BUYER, price);

        uint256 seller0 = SELLER.balance;
        uint256 creator0 = CREATOR.balance;
        uint256 treasury0 = TREASURY.balance;
        vm.prank(BUYER);
        market.buy{value: price}(listingId);

        uint256 proceeds = SELLER.balance - seller0;
        uint256 royalty = CREATOR.balance - creator0;
        uint256 fee = TREASURY.balance - treasury0;
        assertEq(proceeds + royalty + fee, price, "split != price");
        assertEq(fee, (price * feeBps) / 10_000, "fee");
        assertEq(address(market).balance, 0, "ether left in the marketplace");
        assertEq(nft.ownerOf(1), BUYER, "buyer owns the token");
    }
}
