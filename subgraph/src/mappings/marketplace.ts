// Marketplace: listings, offers, sales (with royalty and fee), cancellations, the fee.
//
// Sale carries no listing or offer id, so a sale is matched to the NFT's open listing or offer with
// the same parties, currency and price: an offer of the buyer when the seller sent the transaction
// (acceptOffer), else a listing of the seller (buy). No match: a signed order (fillOrder).
import { Bytes } from "@graphprotocol/graph-ts";

import {
  Cancelled,
  FeeSet,
  Listed,
  OfferMade,
  OrderCancelled,
  Sale as SaleEvent,
} from "../../generated/Marketplace/Marketplace";
import { Listing, Nft, NftCollection, Offer, OrderCancellation, Sale } from "../../generated/schema";
import { eventId, u256 } from "../helpers/ids";
import { getOrCreateMarketplace, getOrCreateMarketplaceVolume, getOrCreateNft, indexOf, without } from "../helpers/nft";
import { getOrCreateAccount, getOrCreateProtocol } from "../helpers/protocol";

export function handleListed(event: Listed): void {
  const p = event.params;
  const market = getOrCreateMarketplace(event.address);
  market.listingCount = market.listingCount + 1;
  market.save();
  const nft = getOrCreateNft(p.collection, p.tokenId, "External");

  const listing = new Listing(event.address.concat(u256(p.listingId)));
  listing.marketplace = market.id;
  listing.listingId = p.listingId;
  listing.nft = nft.id;
  listing.seller = getOrCreateAccount(p.seller, event).id;
  listing.currency = p.currency;
  listing.price = p.price;
  listing.expiry = p.expiry;
  listing.status = "Active";
  listing.createdAt = event.block.timestamp;
  listing.createdTx = event.transaction.hash;
  listing.save();

  const open = nft.openListings;
  open.push(listing.id);
  nft.openListings = open;
  nft.save();

  const protocol = getOrCreateProtocol();
  protocol.listingCount = protocol.listingCount + 1;
  protocol.save();
}

export function handleOfferMade(event: OfferMade): void {
  const p = event.params;
  const market = getOrCreateMarketplace(event.address);
  market.offerCount = market.offerCount + 1;
  market.save();
  const nft = getOrCreateNft(p.collection, p.tokenId, "External");

  const offer = new Offer(event.address.concat(u256(p.offerId)));
  offer.marketplace = market.id;
  offer.offerId = p.offerId;
  offer.nft = nft.id;
  offer.bidder = getOrCreateAccount(p.bidder, event).id;
  offer.currency = p.currency;
  offer.amount = p.amount;
  offer.expiry = p.expiry;
  offer.status = "Active";
  offer.createdAt = event.block.timestamp;
  offer.createdTx = event.transaction.hash;
  offer.save();

  const open = nft.openOffers;
  open.push(offer.id);
  nft.openOffers = open;
  nft.save();

  const protocol = getOrCreateProtocol();
  protocol.offerCount = protocol.offerCount + 1;
  protocol.save();
}

export function handleCancelled(event: Cancelled): void {
  const id = event.address.concat(u256(event.params.id));
  if (event.params.isOffer) {
    const offer = Offer.load(id);
    if (offer == null) return;
    offer.status = "Cancelled";
    offer.cancelledAt = event.block.timestamp;
    offer.save();
    const nft = Nft.load(offer.nft);
    if (nft == null) return;
    const open = nft.openOffers;
    const at = indexOf(open, id);
    if (at >= 0) nft.openOffers = without(open, at);
    nft.save();
  } else {
    const listing = Listing.load(id);
    if (listing == null) return;
    listing.status = "Cancelled";
    listing.cancelledAt = event.block.timestamp;
    listing.save();
    const nft = Nft.load(listing.nft);
    if (nft == null) return;
    const open = nft.openListings;
    const at = indexOf(open, id);
    if (at >= 0) nft.openListings = without(open, at);
    nft.save();
  }
}

/** The newest open offer of `buyer` with this currency and amount, or -1. */
function matchOffer(nft: Nft, event: SaleEvent): i32 {
  const open = nft.openOffers;
  for (let i = open.length - 1; i >= 0; i--) {
    const offer = Offer.load(open[i]);
    if (offer == null) continue;
    if (
      offer.bidder.equals(event.params.buyer) &&
      offer.currency.equals(event.params.currency) &&
      offer.amount.equals(event.params.price)
    ) {
      return i;
    }
  }
  return -1;
}

/** The newest open listing of `seller` with this currency and price, or -1. */
function matchListing(nft: Nft, event: SaleEvent): i32 {
  const open = nft.openListings;
  for (let i = open.length - 1; i >= 0; i--) {
    const listing = Listing.load(open[i]);
    if (listing == null) continue;
    if (
      listing.seller.equals(event.params.seller) &&
      listing.currency.equals(event.params.currency) &&
      listing.price.equals(event.params.price)
    ) {
      return i;
    }
  }
  return -1;
}

function fillOffer(nft: Nft, index: i32, saleId: Bytes): void {
  const open = nft.openOffers;
  const offer = Offer.load(open[index])!;
  offer.status = "Accepted";
  offer.sale = saleId;
  offer.save();
  nft.openOffers = without(open, index);
}

function fillListing(nft: Nft, index: i32, saleId: Bytes): void {
  const open = nft.openListings;
  const listing = Listing.load(open[index])!;
  listing.status = "Sold";
  listing.sale = saleId;
  listing.save();
  nft.openListings = without(open, index);
}

export function handleSale(event: SaleEvent): void {
  const p = event.params;
  const market = getOrCreateMarketplace(event.address);
  const nft = getOrCreateNft(p.collection, p.tokenId, "External");
  const saleId = eventId(event);

  const sale = new Sale(saleId);
  // acceptOffer is sent by the seller; buy by the buyer. Try the likelier source first.
  const sellerSent = event.transaction.from.equals(p.seller);
  let source = "SignedOrder";
  let offerIndex = sellerSent ? matchOffer(nft, event) : -1;
  const listingIndex = offerIndex < 0 ? matchListing(nft, event) : -1;
  if (offerIndex < 0 && listingIndex < 0 && !sellerSent) offerIndex = matchOffer(nft, event);
  if (offerIndex >= 0) {
    source = "Offer";
    sale.offer = nft.openOffers[offerIndex];
    fillOffer(nft, offerIndex, saleId);
  } else if (listingIndex >= 0) {
    source = "Listing";
    sale.listing = nft.openListings[listingIndex];
    fillListing(nft, listingIndex, saleId);
  }

  sale.marketplace = market.id;
  sale.nft = nft.id;
  sale.collection = p.collection;
  sale.tokenId = p.tokenId;
  sale.seller = getOrCreateAccount(p.seller, event).id;
  sale.buyer = getOrCreateAccount(p.buyer, event).id;
  sale.currency = p.currency;
  sale.price = p.price;
  sale.royalty = p.royalty;
  sale.royaltyReceiver = p.royaltyReceiver;
  sale.fee = p.fee;
  sale.sellerProceeds = p.price.minus(p.fee).minus(p.royalty);
  sale.source = source;
  sale.blockNumber = event.block.number;
  sale.timestamp = event.block.timestamp;
  sale.transactionHash = event.transaction.hash;
  sale.save();

  nft.saleCount = nft.saleCount + 1;
  nft.save();
  const collection = NftCollection.load(p.collection)!;
  collection.saleCount = collection.saleCount + 1;
  collection.save();
  market.saleCount = market.saleCount + 1;
  market.save();
  const volume = getOrCreateMarketplaceVolume(market.id, p.currency);
  volume.volume = volume.volume.plus(p.price);
  volume.fees = volume.fees.plus(p.fee);
  volume.royalties = volume.royalties.plus(p.royalty);
  volume.saleCount = volume.saleCount + 1;
  volume.save();
  const protocol = getOrCreateProtocol();
  protocol.saleCount = protocol.saleCount + 1;
  protocol.save();
}

export function handleOrderCancelled(event: OrderCancelled): void {
  const market = getOrCreateMarketplace(event.address);
  market.save();
  const cancellation = new OrderCancellation(eventId(event));
  cancellation.marketplace = market.id;
  cancellation.seller = event.params.seller;
  cancellation.orderHash = event.params.orderHash;
  cancellation.blockNumber = event.block.number;
  cancellation.timestamp = event.block.timestamp;
  cancellation.transactionHash = event.transaction.hash;
  cancellation.save();
}

export function handleFeeSet(event: FeeSet): void {
  const market = getOrCreateMarketplace(event.address);
  market.feeBps = event.params.feeBps;
  market.treasury = event.params.treasury;
  market.save();
}
