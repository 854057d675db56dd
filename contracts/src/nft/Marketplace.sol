// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {GuardianPausable} from "../governance/GuardianPausable.sol";
import {IMarketplace} from "../interfaces/nft/IMarketplace.sol";

/// @title Marketplace
/// @notice Listings, signed orders and offers for any ERC-721. See {IMarketplace}.
/// @dev Sellers keep their NFTs until a sale (they approve the marketplace); offers escrow the
/// bidder's funds. Every sale runs checks, then marks the listing/order/offer used, then moves the
/// NFT and the money; all entry points are non-reentrant. Ether pushes that fail are deferred.
/// Orders are signed by an EOA (ECDSA) or by a contract wallet (ERC-1271, e.g. a Safe), one at a
/// time or many at once as the root of a Merkle tree (`BulkOrder`). The fee, the treasury and the
/// pause flag share one storage slot, so a sale reads them with one cold load
/// (docs/decisions/0015-marketplace-orders.md).
contract Marketplace is IMarketplace, EIP712, GuardianPausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The protocol fee cap: 5 %.
    uint256 public constant MAX_FEE_BPS = 500;
    uint256 private constant _BPS = 10_000;
    bytes32 private constant _ORDER_TYPEHASH = keccak256(
        "Order(address seller,address collection,uint256 tokenId,address currency,uint256 price,uint64 expiry,uint256 nonce)"
    );
    bytes32 private constant _BULK_ORDER_TYPEHASH = keccak256("BulkOrder(bytes32 root,uint8 height)");
    /// @notice The highest bulk-order tree: 2^16 orders under one signature.
    uint256 public constant MAX_BULK_HEIGHT = 16;

    /// @dev The fee settings and the pause flag, packed in one slot (read once per sale).
    struct Config {
        address treasury;
        uint16 feeBps;
        bool paused;
    }

    Config private _config;
    /// @notice Listings by id (from 1).
    mapping(uint256 listingId => Entry) public listings;
    /// @notice Offers by id (from 1).
    mapping(uint256 offerId => Entry) public offers;
    /// @notice A seller's orders with a lower nonce are void.
    mapping(address seller => uint256) public minNonce;
    /// @notice Signed orders already filled or cancelled.
    mapping(bytes32 orderHash => bool) public orderUsed;
    /// @notice Ether kept for recipients whose push failed.
    mapping(address recipient => uint256) public pendingWithdrawals;
    uint256 private _nextListing;
    uint256 private _nextOffer;

    /// @param owner_ The Timelock (sets the fee).
    /// @param guardian_ May pause sales.
    /// @param treasury_ Where fees go.
    /// @param feeBps_ The initial fee.
    constructor(
        address owner_,
        address guardian_,
        address treasury_,
        uint256 feeBps_
    ) EIP712("Peper Marketplace", "1") GuardianPausable(owner_, guardian_) {
        _setFee(feeBps_, treasury_);
    }

    /// @notice The protocol fee in bps.
    /// @return The fee.
    function feeBps() external view returns (uint256) {
        return _config.feeBps;
    }

    /// @notice Where the fee goes (the Timelock's treasury).
    /// @return The treasury.
    function treasury() external view returns (address) {
        return _config.treasury;
    }

    /// @notice Whether sales are paused (by the guardian or the owner).
    /// @return True when paused.
    function paused() public view override returns (bool) {
        return _config.paused;
    }

    // ---- listings ----

    /// @notice Lists a token you own (approve the marketplace first).
    /// @param collection The ERC-721 contract.
    /// @param tokenId The token.
    /// @param currency address(0) for ETH, else the ERC-20.
    /// @param price The price.
    /// @param expiry Unix seconds after which the listing is void.
    /// @return listingId The listing.
    function list(
        address collection,
        uint256 tokenId,
        address currency,
        uint256 price,
        uint64 expiry
    ) external whenNotPaused returns (uint256 listingId) {
        if (IERC721(collection).ownerOf(tokenId) != msg.sender) revert MarketUnauthorized(msg.sender);
        if (price == 0) revert MarketZeroPrice();
        if (expiry <= block.timestamp) revert MarketExpired(expiry);
        listingId = ++_nextListing;
        listings[listingId] = Entry(msg.sender, collection, tokenId, currency, price, expiry, true);
        emit Listed(listingId, msg.sender, collection, tokenId, currency, price, expiry);
    }

    /// @notice Cancels your listing.
    /// @param listingId The listing.
    function cancelListing(uint256 listingId) external {
        Entry storage listing = listings[listingId];
        if (!listing.active) revert MarketInactive(listingId);
        if (listing.maker != msg.sender) revert MarketUnauthorized(msg.sender);
        listing.active = false;
        emit Cancelled(listingId, false);
    }

    /// @notice Buys a listed token (send the ether price, or approve the ERC-20 price).
    /// @param listingId The listing.
    function buy(uint256 listingId) external payable nonReentrant whenNotPaused {
        Entry memory listing = listings[listingId];
        if (!listing.active) revert MarketInactive(listingId);
        if (listing.expiry < block.timestamp) revert MarketExpired(listing.expiry);
        listings[listingId].active = false;
        _sell(
            listing.maker,
            msg.sender,
            listing.collection,
            listing.tokenId,
            listing.currency,
            listing.price,
            msg.sender
        );
    }

    // ---- signed orders ----

    /// @notice The EIP-712 hash of an order (what the seller signs).
    /// @param order The order.
    /// @return The digest.
    function orderHash(Order calldata order) public view returns (bytes32) {
        return _hashTypedDataV4(_orderStructHash(order));
    }

    /// @notice The EIP-712 hash of a bulk order: one signature for every order under `root`.
    /// @dev The tree's leaves are the orders' EIP-712 struct hashes (`hashStruct(Order)`, not the
    /// full digests), padded with zero leaves to 2^height; pairs are hashed sorted (OpenZeppelin
    /// MerkleProof). Every proof has exactly `height` elements.
    /// @param root The Merkle root.
    /// @param height The tree's height (1 to MAX_BULK_HEIGHT).
    /// @return The digest.
    function bulkOrderHash(bytes32 root, uint8 height) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_BULK_ORDER_TYPEHASH, root, height)));
    }

    /// @notice Fills a signed sell order (send the ether price, or approve the ERC-20 price).
    /// @param order The order.
    /// @param signature The seller's signature of `orderHash(order)`: 65 bytes from an EOA, or
    /// whatever the seller's contract wallet accepts (ERC-1271).
    function fillOrder(Order calldata order, bytes calldata signature) external payable nonReentrant whenNotPaused {
        bytes32 digest = orderHash(order);
        _checkOrder(order, digest);
        if (!SignatureChecker.isValidSignatureNowCalldata(order.seller, digest, signature)) {
            revert MarketInvalidSignature();
        }
        _fill(order, digest);
    }

    /// @notice Fills one order of a bulk listing: the seller signed `bulkOrderHash(root, height)`
    /// once for a Merkle tree of orders; `proof` shows this order is a leaf of that tree.
    /// @param order The order (a leaf).
    /// @param proof The sibling hashes from the leaf to the root (its length is the height).
    /// @param signature The seller's signature of `bulkOrderHash(root, proof.length)`.
    function fillBulkOrder(
        Order calldata order,
        bytes32[] calldata proof,
        bytes calldata signature
    ) external payable nonReentrant whenNotPaused {
        if (proof.length == 0 || proof.length > MAX_BULK_HEIGHT) revert MarketInvalidProof();
        bytes32 structHash = _orderStructHash(order);
        bytes32 digest = _hashTypedDataV4(structHash);
        _checkOrder(order, digest);
        bytes32 root = MerkleProof.processProofCalldata(proof, structHash);
        // proof.length <= MAX_BULK_HEIGHT fits in a uint8
        bytes32 bulkDigest = bulkOrderHash(root, uint8(proof.length));
        if (!SignatureChecker.isValidSignatureNowCalldata(order.seller, bulkDigest, signature)) {
            revert MarketInvalidSignature();
        }
        _fill(order, digest);
    }

    /// @dev Expiry, then filled/cancelled (by the order's own digest, whether it was signed alone
    /// or in a bulk listing) and the seller's nonce floor.
    function _checkOrder(Order calldata order, bytes32 digest) private view {
        if (order.expiry < block.timestamp) revert MarketExpired(order.expiry);
        if (orderUsed[digest] || order.nonce < minNonce[order.seller]) revert MarketOrderUnavailable();
    }

    function _fill(Order calldata order, bytes32 digest) private {
        orderUsed[digest] = true;
        _sell(order.seller, msg.sender, order.collection, order.tokenId, order.currency, order.price, msg.sender);
    }

    /// @dev hashStruct(Order): the type hash and the seven fields, copied from calldata as they are
    /// (any dirty upper bits make a hash nobody signed, and reading such a field reverts).
    function _orderStructHash(Order calldata order) private pure returns (bytes32 structHash) {
        bytes32 typeHash = _ORDER_TYPEHASH;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), order, 0xe0)
            structHash := keccak256(ptr, 0x100)
        }
    }

    /// @notice Cancels one of your signed orders.
    /// @param order The order.
    function cancelOrder(Order calldata order) external {
        if (order.seller != msg.sender) revert MarketUnauthorized(msg.sender);
        bytes32 digest = orderHash(order);
        orderUsed[digest] = true;
        emit OrderCancelled(msg.sender, digest);
    }

    /// @notice Voids all your signed orders with a nonce below `newMinNonce`.
    /// @param newMinNonce The new minimum (must be higher than the current one).
    function bumpNonce(uint256 newMinNonce) external {
        if (newMinNonce <= minNonce[msg.sender]) revert MarketOrderUnavailable();
        minNonce[msg.sender] = newMinNonce;
        emit NonceBumped(msg.sender, newMinNonce);
    }

    // ---- offers ----

    /// @notice Offers `amount` for a token; the funds are held until accepted or cancelled.
    /// @param collection The ERC-721 contract.
    /// @param tokenId The token.
    /// @param currency address(0) for ETH (send it), else the ERC-20 (approve it).
    /// @param amount The amount offered.
    /// @param expiry Unix seconds after which the offer cannot be accepted.
    /// @return offerId The offer.
    function makeOffer(
        address collection,
        uint256 tokenId,
        address currency,
        uint256 amount,
        uint64 expiry
    ) external payable nonReentrant whenNotPaused returns (uint256 offerId) {
        if (amount == 0) revert MarketZeroPrice();
        if (expiry <= block.timestamp) revert MarketExpired(expiry);
        offerId = ++_nextOffer;
        offers[offerId] = Entry(msg.sender, collection, tokenId, currency, amount, expiry, true);
        emit OfferMade(offerId, msg.sender, collection, tokenId, currency, amount, expiry);
        if (currency == address(0)) {
            if (msg.value != amount) revert MarketWrongPayment(msg.value, amount);
        } else {
            if (msg.value != 0) revert MarketWrongPayment(msg.value, 0);
            IERC20(currency).safeTransferFrom(msg.sender, address(this), amount);
        }
    }

    /// @notice Cancels your offer and returns its funds.
    /// @param offerId The offer.
    function cancelOffer(uint256 offerId) external nonReentrant {
        Entry storage o = offers[offerId];
        if (!o.active) revert MarketInactive(offerId);
        if (o.maker != msg.sender) revert MarketUnauthorized(msg.sender);
        o.active = false;
        emit Cancelled(offerId, true);
        _pay(o.currency, address(this), msg.sender, o.price);
    }

    /// @notice Accepts an offer on a token you own (approve the marketplace first).
    /// @param offerId The offer.
    function acceptOffer(uint256 offerId) external nonReentrant whenNotPaused {
        Entry memory o = offers[offerId];
        if (!o.active) revert MarketInactive(offerId);
        if (o.expiry < block.timestamp) revert MarketExpired(o.expiry);
        offers[offerId].active = false;
        _sell(msg.sender, o.maker, o.collection, o.tokenId, o.currency, o.price, address(this));
    }

    // ---- money ----

    /// @notice Withdraws ether kept for you after a failed push.
    function withdraw() external nonReentrant {
        uint256 amount = pendingWithdrawals[msg.sender];
        if (amount == 0) revert MarketNothingToWithdraw();
        pendingWithdrawals[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = msg.sender.call{value: amount}("");
        if (!ok) revert MarketWithdrawFailed();
    }

    /// @notice Sets the protocol fee (at most MAX_FEE_BPS) and treasury. Only the owner (the Timelock).
    /// @param newFeeBps The fee.
    /// @param newTreasury Where it goes.
    function setFee(uint256 newFeeBps, address newTreasury) external onlyOwner {
        _setFee(newFeeBps, newTreasury);
    }

    function _setFee(uint256 newFeeBps, address newTreasury) private {
        if (newFeeBps > MAX_FEE_BPS) revert MarketFeeTooHigh(newFeeBps, MAX_FEE_BPS);
        // newFeeBps <= MAX_FEE_BPS fits in a uint16
        _config.feeBps = uint16(newFeeBps);
        _config.treasury = newTreasury;
        emit FeeSet(newFeeBps, newTreasury);
    }

    /// @dev Pausable's flag lives in `_config` (next to the fee), so a sale's pause check and fee
    /// read are one storage load.
    function _pause() internal override {
        if (_config.paused) revert EnforcedPause();
        _config.paused = true;
        emit Paused(msg.sender);
    }

    function _unpause() internal override {
        if (!_config.paused) revert ExpectedPause();
        _config.paused = false;
        emit Unpaused(msg.sender);
    }

    /// @dev Moves the NFT seller → buyer and splits `price` (paid by `payer`: the buyer, or this
    /// contract for an escrowed offer) into royalty, fee and proceeds. The buyer must be an EOA or
    /// accept ERC-721s; the royalty never exceeds price − fee.
    function _sell(
        address seller,
        address buyer,
        address collection,
        uint256 tokenId,
        address currency,
        uint256 price,
        address payer
    ) private {
        if (payer != address(this)) {
            uint256 expected = currency == address(0) ? price : 0;
            if (msg.value != expected) revert MarketWrongPayment(msg.value, expected);
        }
        Config memory config = _config;
        uint256 fee = (price * config.feeBps) / _BPS;
        (address royaltyReceiver, uint256 royalty) = _royalty(collection, tokenId, price);
        if (royalty > price - fee) royalty = price - fee;
        emit Sale(collection, tokenId, seller, buyer, currency, price, royalty, royaltyReceiver, fee);

        IERC721(collection).safeTransferFrom(seller, buyer, tokenId);
        address from = currency == address(0) ? address(this) : payer;
        if (fee != 0) _pay(currency, from, config.treasury, fee);
        if (royalty != 0) _pay(currency, from, royaltyReceiver, royalty);
        _pay(currency, from, seller, price - fee - royalty);
    }

    /// @dev ERC-2981 royalty if the collection supports it; a broken implementation pays none.
    function _royalty(address collection, uint256 tokenId, uint256 price) private view returns (address, uint256) {
        try IERC2981(collection).royaltyInfo(tokenId, price) returns (address receiver, uint256 amount) {
            return receiver == address(0) ? (address(0), 0) : (receiver, amount);
        } catch {
            return (address(0), 0);
        }
    }

    /// @dev Ether is pushed with a gas stipend and deferred on failure; ERC-20s move directly.
    function _pay(address currency, address from, address to, uint256 amount) private {
        if (currency != address(0)) {
            if (from == address(this)) IERC20(currency).safeTransfer(to, amount);
            else IERC20(currency).safeTransferFrom(from, to, amount);
            return;
        }
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount, gas: 30_000}("");
        if (!ok) {
            pendingWithdrawals[to] += amount;
            emit PaymentDeferred(to, amount);
        }
    }
}
