// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMarketplace} from "../../src/interfaces/nft/IMarketplace.sol";
import {Marketplace} from "../../src/nft/Marketplace.sol";
import {RejectingReceiver} from "../mocks/RejectingReceiver.sol";
import {RoyaltyNFT} from "../mocks/RoyaltyNFT.sol";
import {PeperTest} from "../utils/PeperTest.sol";
import {Vm} from "../utils/Vm.sol";

contract MarketplaceFuzzTest is PeperTest {
    address internal constant SELLER = address(0x5E11);
    address internal constant BUYER = address(0xB0B);
    address internal constant CREATOR = address(0xC0FFEE);
    address internal constant TREASURY = address(0x7EA5);
    uint256 internal constant SIGNER_KEY = 0xA11CE;

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

    /// @dev A signed order at any price, fee and royalty (up to 100 %, capped at price − fee): the
    /// split adds up to the price, the royalty never exceeds price − fee, nothing stays behind.
    function testFuzz_signedOrderSplitsThePriceAndKeepsNoEther(
        uint256 price,
        uint16 feeBps,
        uint96 royaltyBps,
        uint256 nonce
    ) public {
        price = bound(price, 1, 1e30);
        feeBps = uint16(bound(feeBps, 0, 500));
        (Marketplace market, RoyaltyNFT nft, IMarketplace.Order memory order, bytes memory signature) = _signed(
            price,
            feeBps,
            uint96(bound(royaltyBps, 0, 10_000)),
            nonce
        );
        vm.deal(BUYER, price);
        uint256[3] memory before = [order.seller.balance, CREATOR.balance, TREASURY.balance];
        vm.prank(BUYER);
        market.fillOrder{value: price}(order, signature);

        uint256 royalty = CREATOR.balance - before[1];
        uint256 fee = TREASURY.balance - before[2];
        assertEq(order.seller.balance - before[0] + royalty + fee, price, "split != price");
        assertEq(fee, (price * feeBps) / 10_000, "fee");
        assertTrue(royalty <= price - fee, "royalty above price - fee");
        assertEq(address(market).balance, 0, "ether left in the marketplace");
        assertEq(nft.ownerOf(1), BUYER, "buyer owns the token");
    }

    function _signed(
        uint256 price,
        uint16 feeBps,
        uint96 royaltyBps,
        uint256 nonce
    ) private returns (Marketplace market, RoyaltyNFT nft, IMarketplace.Order memory order, bytes memory signature) {
        address seller = vm.addr(SIGNER_KEY);
        market = new Marketplace(address(this), address(0), TREASURY, feeBps);
        nft = new RoyaltyNFT();
        nft.mint(seller, 1, CREATOR, royaltyBps);
        vm.prank(seller);
        nft.setApprovalForAll(address(market), true);
        order = IMarketplace.Order(
            seller,
            address(nft),
            1,
            address(0),
            price,
            uint64(vm.getBlockTimestamp() + 1),
            nonce
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(SIGNER_KEY, market.orderHash(order));
        signature = abi.encodePacked(r, s, v);
    }
}

/// @dev Random signed fills (single or a bulk tree of two) at random prices and royalties, some
/// paying a royalty receiver that rejects ether, and that receiver's withdrawal attempts.
contract MarketHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant KEY = 0xA11CE;

    Marketplace public immutable market;
    RoyaltyNFT public immutable nft;
    RejectingReceiver public immutable rejecting;
    address public immutable seller;
    uint256 public nextId = 1;
    uint256 public fills;

    constructor() {
        market = new Marketplace(address(this), address(0), address(0x7EA5), 250);
        nft = new RoyaltyNFT();
        rejecting = new RejectingReceiver();
        seller = vm.addr(KEY);
        vm.prank(seller);
        nft.setApprovalForAll(address(market), true);
    }

    function fill(uint256 price, uint96 royaltyBps, bool rejectingReceiver, bool asBulk) external {
        price = 1 + (price % 1e24);
        royaltyBps = royaltyBps % 10_001;
        uint256 id = nextId++;
        nft.mint(seller, id, rejectingReceiver ? address(rejecting) : address(0xC0FFEE), royaltyBps);
        IMarketplace.Order memory order = IMarketplace.Order(
            seller,
            address(nft),
            id,
            address(0),
            price,
            uint64(block.timestamp + 1),
            id
        );
        vm.deal(address(this), price);
        if (asBulk) {
            // a tree of two leaves: this order and one never filled
            bytes32 leaf = _structHash(order);
            bytes32 sibling = keccak256(abi.encode(id));
            bytes32 root = leaf < sibling ? keccak256(abi.encode(leaf, sibling)) : keccak256(abi.encode(sibling, leaf));
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(KEY, market.bulkOrderHash(root, 1));
            bytes32[] memory proof = new bytes32[](1);
            proof[0] = sibling;
            market.fillBulkOrder{value: price}(order, proof, abi.encodePacked(r, s, v));
        } else {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(KEY, market.orderHash(order));
            market.fillOrder{value: price}(order, abi.encodePacked(r, s, v));
        }
        fills++;
    }

    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }

    function _structHash(IMarketplace.Order memory order) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    keccak256(
                        "Order(address seller,address collection,uint256 tokenId,address currency,uint256 price,uint64 expiry,uint256 nonce)"
                    ),
                    order
                )
            );
    }
}

contract MarketplaceInvariantTest is PeperTest {
    MarketHandler internal handler;

    function setUp() public {
        handler = new MarketHandler();
        targetContract(address(handler));
    }

    /// @notice After any fills the marketplace holds exactly the ether it owes to recipients whose
    /// push failed (the rejecting royalty receiver), and none otherwise.
    function invariant_holdsOnlyDeferredEther() public view {
        Marketplace market = handler.market();
        assertEq(
            address(market).balance,
            market.pendingWithdrawals(address(handler.rejecting())),
            "marketplace keeps ether it does not owe"
        );
    }
}
