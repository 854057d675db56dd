import * as v from "valibot";
import { describe, expect, it } from "vitest";

import { NFT_HISTORY, toNftHistory, type RawNftHistory } from "./nftHistory.ts";

const ZERO = "0x0000000000000000000000000000000000000000";
const ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const CAROL = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

const raw: RawNftHistory = {
  nfts: [
    {
      tokenId: "1",
      transferCount: 3,
      saleCount: 1,
      transfers: [
        { from: ALICE, to: CAROL, timestamp: "300", transactionHash: "0x03" },
        { from: BOB, to: ALICE, timestamp: "200", transactionHash: "0x02" },
        { from: ZERO, to: BOB, timestamp: "100", transactionHash: "0x01" },
      ],
      sales: [
        {
          seller: { id: BOB },
          buyer: { id: ALICE },
          currency: ZERO,
          price: "100000000000000000",
          source: "Listing",
          timestamp: "200",
        },
      ],
      listings: [
        {
          listingId: "2",
          seller: { id: CAROL },
          currency: ZERO,
          price: "2",
          expiry: "1000",
          status: "Active",
          createdAt: "400",
        },
        {
          listingId: "1",
          seller: { id: BOB },
          currency: ZERO,
          price: "100000000000000000",
          expiry: "900",
          status: "Sold",
          createdAt: "150",
        },
      ],
      offers: [
        {
          offerId: "7",
          bidder: { id: BOB },
          currency: ZERO,
          amount: "5",
          expiry: "450",
          status: "Active",
          createdAt: "350",
        },
        {
          offerId: "8",
          bidder: { id: ALICE },
          currency: ZERO,
          amount: "6",
          expiry: "2000",
          status: "Cancelled",
          createdAt: "360",
        },
      ],
    },
  ],
};

describe("an NFT's history", () => {
  it("checks the answer first: the subgraph's shape passes; a price toNftHistory's BigInt() would throw on does not", () => {
    expect(v.safeParse(NFT_HISTORY, raw).success).toBe(true);
    const sale = { ...raw.nfts[0]!.sales[0]!, price: "0.1" };
    expect(v.safeParse(NFT_HISTORY, { nfts: [{ ...raw.nfts[0]!, sales: [sale] }] }).success).toBe(false);
  });

  it("is one timeline, newest first, the mint from the zero address and each sale once", () => {
    const h = toNftHistory(raw, 500n)!;
    expect(h.events.map((e) => e.kind)).toEqual([
      "listed",
      "offered",
      "offered",
      "transferred",
      "sold",
      "listed",
      "minted",
    ]);
    const sale = h.events.find((e) => e.kind === "sold");
    expect(sale).toMatchObject({ from: BOB.toLowerCase(), to: ALICE, price: 100000000000000000n, source: "Listing" });
    expect(h.events.at(-1)).toEqual({ kind: "minted", at: 100n, to: BOB.toLowerCase() });
  });

  it("keeps only active orders whose expiry is still ahead of chain time", () => {
    const h = toNftHistory(raw, 500n)!;
    expect(h.openListings.map((l) => l.id)).toEqual([2n]);
    expect(h.openOffers).toEqual([]);
    expect(toNftHistory(raw, 400n)!.openOffers.map((o) => o.id)).toEqual([7n]);
  });

  it("is undefined for a token the subgraph does not know", () => {
    expect(toNftHistory({ nfts: [] }, 0n)).toBeUndefined();
  });
});
