// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IMarketplace
/// @notice A marketplace for any ERC-721: fixed-price listings (on chain, or signed off chain as
/// EIP-712 orders that a buyer fills), and offers, paid in ETH (currency = address(0)) or an ERC-20.
/// Every sale pays the collection's ERC-2981 royalty and a protocol fee (set by the Timelock, capped)
/// to the treasury. Ether that cannot be pushed to a recipient is kept for it to withdraw.
interface IMarketplace {
    /// @notice A signed sell order (EIP-712 struct `Order`).
    /// @param seller Who sells (and signs).
    /// @param collection The ERC-721 contract.
    /// @param tokenId The token.
    /// @param currency address(0) for ETH, else the ERC-20.
    /// @param price The price, in the currency's units.
    /// @param expiry Unix seconds after which the order is void.
    /// @param nonce At least the seller's `minNonce`; used once.
    struct Order {
        address seller;
        address collection;
        uint256 tokenId;
        address currency;
        uint256 price;
        uint64 expiry;
        uint256 nonce;
    }

    /// @notice An on-chain listing or offer.
    /// @param maker The seller (listing) or bidder (offer).
    /// @param collection The ERC-721 contract.
    /// @param tokenId The token.
    /// @param currency address(0) for ETH, else the ERC-20.
    /// @param price The price or the amount offered.
    /// @param expiry Unix seconds after which it is void.
    /// @param active False once filled or cancelled.
    struct Entry {
        address maker;
        address collection;
        uint256 tokenId;
        address currency;
        uint256 price;
        uint64 expiry;
        bool active;
    }

    /// @notice The order or listing has expired.
    /// @param expiry Its expiry.
    error MarketExpired(uint64 expiry);
    /// @notice The signature is not the seller's (neither its ECDSA key nor, for a contract
    /// wallet, accepted by its ERC-1271 `isValidSignature`).
    error MarketInvalidSignature();
    /// @notice A bulk order's Merkle proof is empty or longer than the highest tree allowed.
    error MarketInvalidProof();
    /// @notice The order was filled or cancelled, or its nonce is below the seller's minimum.
    error MarketOrderUnavailable();
    /// @notice The listing or offer is not active.
    /// @param id Its id.
    error MarketInactive(uint256 id);
    /// @notice The caller may not do this.
    /// @param caller Who called.
    error MarketUnauthorized(address caller);
    /// @notice The ether sent does not match the price.
    /// @param sent Ether sent.
    /// @param price The price.
    error MarketWrongPayment(uint256 sent, uint256 price);
    /// @notice The fee asked for is above the cap.
    /// @param feeBps The fee.
    /// @param maxBps The cap.
    error MarketFeeTooHigh(uint256 feeBps, uint256 maxBps);
    /// @notice The price is zero.
    error MarketZeroPrice();
    /// @notice Nothing to withdraw.
    error MarketNothingToWithdraw();
    /// @notice Sending ether to the caller failed.
    error MarketWithdrawFailed();

    /// @notice A listing was created.
    /// @param listingId Its id.
    /// @param seller The seller.
    /// @param collection The collection.
    /// @param tokenId The token.
    /// @param currency The currency.
    /// @param price The price.
    /// @param expiry The expiry.
    event Listed(
        uint256 indexed listingId,
        address indexed seller,
        address indexed collection,
        uint256 tokenId,
        address currency,
        uint256 price,
        uint64 expiry
    );
    /// @notice An offer was made (its funds are held by the marketplace).
    /// @param offerId Its id.
    /// @param bidder The bidder.
    /// @param collection The collection.
    /// @param tokenId The token.
    /// @param currency The currency.
    /// @param amount The amount.
    /// @param expiry The expiry.
    event OfferMade(
        uint256 indexed offerId,
        address indexed bidder,
        address indexed collection,
        uint256 tokenId,
        address currency,
        uint256 amount,
        uint64 expiry
    );
    /// @notice A listing or offer was cancelled by its maker.
    /// @param id Its id.
    /// @param isOffer True for an offer.
    event Cancelled(uint256 indexed id, bool isOffer);
    /// @notice A signed order was cancelled.
    /// @param seller The seller.
    /// @param orderHash The order's EIP-712 hash.
    event OrderCancelled(address indexed seller, bytes32 indexed orderHash);
    /// @notice A seller voided all their orders with a nonce below `minNonce`.
    /// @param seller The seller.
    /// @param minNonce The new minimum.
    event NonceBumped(address indexed seller, uint256 minNonce);
    /// @notice A token was sold.
    /// @param collection The collection.
    /// @param tokenId The token.
    /// @param seller The seller.
    /// @param buyer The buyer.
    /// @param currency The currency.
    /// @param price The price paid.
    /// @param royalty The royalty paid (to `royaltyReceiver`).
    /// @param royaltyReceiver Who the royalty went to.
    /// @param fee The protocol fee paid to the treasury.
    event Sale(
        address indexed collection,
        uint256 indexed tokenId,
        address seller,
        address indexed buyer,
        address currency,
        uint256 price,
        uint256 royalty,
        address royaltyReceiver,
        uint256 fee
    );
    /// @notice Ether that could not be pushed was kept for `recipient`.
    /// @param recipient Who can withdraw it.
    /// @param amount How much.
    event PaymentDeferred(address indexed recipient, uint256 amount);
    /// @notice The protocol fee changed.
    /// @param feeBps The fee.
    /// @param treasury Where it goes.
    event FeeSet(uint256 feeBps, address treasury);
    /// @notice Deferred ether was withdrawn.
    /// @param recipient Who withdrew.
    /// @param amount How much.
    event Withdrawn(address indexed recipient, uint256 amount);
}
