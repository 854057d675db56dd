/**
 * An NFT's item page from the subgraph, pure: the query, and its answer turned into one timeline
 * (minted, transferred, listed, sold, offered), newest first, plus the open listings and offers.
 */
import { zeroAddress } from "viem";
import * as v from "valibot";

import { bigIntText, hexText, intField } from "../data/subgraph.ts";

export const NFT_HISTORY_QUERY = /* GraphQL */ `
  query NftHistory($collection: String!, $tokenId: BigInt!) {
    nfts(first: 1, where: { collection: $collection, tokenId: $tokenId }) {
      tokenId
      transferCount
      saleCount
      transfers(first: 100, orderBy: timestamp, orderDirection: desc) {
        from
        to
        timestamp
        transactionHash
      }
      sales(first: 100, orderBy: timestamp, orderDirection: desc) {
        seller {
          id
        }
        buyer {
          id
        }
        currency
        price
        source
        timestamp
      }
      listings(first: 100, orderBy: createdAt, orderDirection: desc) {
        listingId
        seller {
          id
        }
        currency
        price
        expiry
        status
        createdAt
      }
      offers(first: 100, orderBy: createdAt, orderDirection: desc) {
        offerId
        bidder {
          id
        }
        currency
        amount
        expiry
        status
        createdAt
      }
    }
  }
`;

interface RawAccount {
  id: string;
}
export interface RawNftHistory {
  nfts: {
    tokenId: string;
    transferCount: number;
    saleCount: number;
    transfers: { from: string; to: string; timestamp: string; transactionHash: string }[];
    sales: {
      seller: RawAccount;
      buyer: RawAccount;
      currency: string;
      price: string;
      source: string;
      timestamp: string;
    }[];
    listings: {
      listingId: string;
      seller: RawAccount;
      currency: string;
      price: string;
      expiry: string;
      status: string;
      createdAt: string;
    }[];
    offers: {
      offerId: string;
      bidder: RawAccount;
      currency: string;
      amount: string;
      expiry: string;
      status: string;
      createdAt: string;
    }[];
  }[];
}

const ACCOUNT = v.object({ id: hexText });
/** The answer to NFT_HISTORY_QUERY, checked (querySubgraph). */
export const NFT_HISTORY: v.GenericSchema<unknown, RawNftHistory> = v.object({
  nfts: v.array(
    v.object({
      tokenId: bigIntText,
      transferCount: intField,
      saleCount: intField,
      transfers: v.array(v.object({ from: hexText, to: hexText, timestamp: bigIntText, transactionHash: hexText })),
      sales: v.array(
        v.object({
          seller: ACCOUNT,
          buyer: ACCOUNT,
          currency: hexText,
          price: bigIntText,
          source: v.string(),
          timestamp: bigIntText,
        }),
      ),
      listings: v.array(
        v.object({
          listingId: bigIntText,
          seller: ACCOUNT,
          currency: hexText,
          price: bigIntText,
          expiry: bigIntText,
          status: v.string(),
          createdAt: bigIntText,
        }),
      ),
      offers: v.array(
        v.object({
          offerId: bigIntText,
          bidder: ACCOUNT,
          currency: hexText,
          amount: bigIntText,
          expiry: bigIntText,
          status: v.string(),
          createdAt: bigIntText,
        }),
      ),
    }),
  ),
});

export type HistoryEvent =
  | { kind: "minted"; at: bigint; to: string }
  | { kind: "transferred"; at: bigint; from: string; to: string }
  | { kind: "sold"; at: bigint; from: string; to: string; currency: string; price: bigint; source: string }
  | { kind: "listed"; at: bigint; from: string; currency: string; price: bigint; status: string }
  | { kind: "offered"; at: bigint; from: string; currency: string; price: bigint; status: string };

export interface OpenOrder {
  id: bigint;
  maker: string;
  currency: string;
  price: bigint;
  expiry: bigint;
}

export interface NftHistory {
  transferCount: number;
  saleCount: number;
  events: HistoryEvent[];
  openListings: OpenOrder[];
  openOffers: OpenOrder[];
}

const ORDER: Record<HistoryEvent["kind"], number> = { sold: 0, transferred: 1, minted: 1, listed: 2, offered: 2 };

/**
 * The item's timeline, newest first. A sale's own Transfer is folded into the sale (same time, same
 * parties) so that one sale shows once; a transfer from the zero address is the mint. An open order
 * is one the subgraph marks "Active" whose expiry (chain time) is still ahead of `chainNow`.
 */
export function toNftHistory(raw: RawNftHistory, chainNow: bigint): NftHistory | undefined {
  const nft = raw.nfts[0];
  if (!nft) return undefined;
  const lower = (a: string) => a.toLowerCase();
  const sales = nft.sales.map((s) => ({
    kind: "sold" as const,
    at: BigInt(s.timestamp),
    from: lower(s.seller.id),
    to: lower(s.buyer.id),
    currency: lower(s.currency),
    price: BigInt(s.price),
    source: s.source,
  }));
  const isSale = (t: { from: string; to: string; timestamp: string }) =>
    sales.some((s) => s.at === BigInt(t.timestamp) && s.from === lower(t.from) && s.to === lower(t.to));
  const transfers: HistoryEvent[] = nft.transfers
    .filter((t) => !isSale(t))
    .map((t) =>
      lower(t.from) === zeroAddress
        ? { kind: "minted" as const, at: BigInt(t.timestamp), to: lower(t.to) }
        : { kind: "transferred" as const, at: BigInt(t.timestamp), from: lower(t.from), to: lower(t.to) },
    );
  const listings: HistoryEvent[] = nft.listings.map((l) => ({
    kind: "listed" as const,
    at: BigInt(l.createdAt),
    from: lower(l.seller.id),
    currency: lower(l.currency),
    price: BigInt(l.price),
    status: l.status,
  }));
  const offers: HistoryEvent[] = nft.offers.map((o) => ({
    kind: "offered" as const,
    at: BigInt(o.createdAt),
    from: lower(o.bidder.id),
    currency: lower(o.currency),
    price: BigInt(o.amount),
    status: o.status,
  }));
  const events = [...sales, ...transfers, ...listings, ...offers].sort((a, b) =>
    a.at === b.at ? ORDER[a.kind] - ORDER[b.kind] : a.at > b.at ? -1 : 1,
  );
  const open = (status: string, expiry: string) => status === "Active" && BigInt(expiry) > chainNow;
  return {
    transferCount: nft.transferCount,
    saleCount: nft.saleCount,
    events,
    openListings: nft.listings
      .filter((l) => open(l.status, l.expiry))
      .map((l) => ({
        id: BigInt(l.listingId),
        maker: lower(l.seller.id),
        currency: lower(l.currency),
        price: BigInt(l.price),
        expiry: BigInt(l.expiry),
      })),
    openOffers: nft.offers
      .filter((o) => open(o.status, o.expiry))
      .map((o) => ({
        id: BigInt(o.offerId),
        maker: lower(o.bidder.id),
        currency: lower(o.currency),
        price: BigInt(o.amount),
        expiry: BigInt(o.expiry),
      })),
  };
}
