// NFTs: collections, tokens, the marketplace.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";

import { Marketplace, MarketplaceVolume, Nft, NftCollection } from "../../generated/schema";
import { ADDRESS_ZERO, ZERO_BI } from "./constants";
import { u256 } from "./ids";

/** A collection; `kind` applies only when it is created (Collectibles, or External for one only seen by the marketplace). */
export function getOrCreateCollection(address: Bytes, kind: string): NftCollection {
  let collection = NftCollection.load(address);
  if (collection == null) {
    collection = new NftCollection(address);
    collection.kind = kind;
    collection.nftCount = 0;
    collection.saleCount = 0;
    collection.save();
  }
  return collection;
}

export function nftId(collection: Bytes, tokenId: BigInt): Bytes {
  return collection.concat(u256(tokenId));
}

export function getOrCreateNft(collection: Bytes, tokenId: BigInt, kind: string): Nft {
  const id = nftId(collection, tokenId);
  let nft = Nft.load(id);
  if (nft == null) {
    getOrCreateCollection(collection, kind);
    nft = new Nft(id);
    nft.collection = collection;
    nft.tokenId = tokenId;
    nft.transferCount = 0;
    nft.saleCount = 0;
    nft.openListings = [];
    nft.openOffers = [];
  }
  return nft;
}

export function getOrCreateMarketplace(address: Bytes): Marketplace {
  let market = Marketplace.load(address);
  if (market == null) {
    market = new Marketplace(address);
    market.feeBps = ZERO_BI;
    market.treasury = ADDRESS_ZERO;
    market.listingCount = 0;
    market.offerCount = 0;
    market.saleCount = 0;
  }
  return market;
}

export function getOrCreateMarketplaceVolume(market: Bytes, currency: Bytes): MarketplaceVolume {
  const id = market.concat(currency);
  let volume = MarketplaceVolume.load(id);
  if (volume == null) {
    volume = new MarketplaceVolume(id);
    volume.marketplace = market;
    volume.currency = currency;
    volume.volume = ZERO_BI;
    volume.fees = ZERO_BI;
    volume.royalties = ZERO_BI;
    volume.saleCount = 0;
  }
  return volume;
}

/** `list` without the entry at `index`. */
export function without(list: Bytes[], index: i32): Bytes[] {
  const out = new Array<Bytes>();
  for (let i = 0; i < list.length; i++) {
    if (i != index) out.push(list[i]);
  }
  return out;
}

/** The index of `id` in `list`, or -1. */
export function indexOf(list: Bytes[], id: Bytes): i32 {
  for (let i = 0; i < list.length; i++) {
    if (list[i].equals(id)) return i;
  }
  return -1;
}
