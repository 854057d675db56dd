import type { Address, PublicClient } from "viem";
import { erc20Abi, zeroAddress } from "viem";

import { collectiblesAbi } from "@protocol/generated/abis/Collectibles.ts";
import { marketplaceAbi } from "@protocol/generated/abis/Marketplace.ts";

import { parseMetadata, type NftMetadata } from "../lib/nft.ts";

/**
 * Collectibles and Marketplace read from chain (Minted / Listed / OfferMade events, then the views),
 * behind functions the subgraph can replace. Metadata comes from the app's /ipfs/<cid> gateway.
 */
export interface Nft {
  tokenId: bigint;
  creator: Address;
  owner: Address;
  cid: string;
  royaltyBps: number;
  kind: "art" | "strategy";
  /** undefined while loading failed (the gateway is down or the JSON is not NFT metadata). */
  metadata?: NftMetadata;
}

export async function fetchMetadata(cid: string): Promise<NftMetadata | undefined> {
  try {
    const res = await fetch(`/ipfs/${cid}`);
    if (!res.ok) return undefined;
    return parseMetadata(await res.json());
  } catch {
    return undefined;
  }
}

export async function readCollection(client: PublicClient, collectibles: Address): Promise<Nft[]> {
  const logs = await client.getContractEvents({
    address: collectibles,
    abi: collectiblesAbi,
    eventName: "Minted",
    fromBlock: 0n,
  });
  const nfts = await Promise.all(
    logs.map(async (log) => {
      const tokenId = log.args.tokenId!;
      const [owner, metadata] = await Promise.all([
        client.readContract({ address: collectibles, abi: collectiblesAbi, functionName: "ownerOf", args: [tokenId] }),
        fetchMetadata(log.args.cid!),
      ]);
      return {
        tokenId,
        creator: log.args.creator!,
        owner,
        cid: log.args.cid!,
        royaltyBps: Number(log.args.royaltyBps ?? 0),
        kind: log.args.kind === 1 ? ("strategy" as const) : ("art" as const),
        ...(metadata ? { metadata } : {}),
      };
    }),
  );
  return nfts.sort((a, b) => Number(b.tokenId - a.tokenId));
}

export interface Currency {
  address: Address;
  symbol: string;
  decimals: number;
}

export interface MarketEntry {
  id: bigint;
  maker: Address;
  collection: Address;
  tokenId: bigint;
  currency: Currency;
  price: bigint;
  expiry: bigint;
}

const ETH: Currency = { address: zeroAddress, symbol: "ETH", decimals: 18 };

async function currencyOf(client: PublicClient, address: Address, cache: Map<Address, Promise<Currency>>) {
  if (address === zeroAddress) return ETH;
  let c = cache.get(address);
  if (!c) {
    c = Promise.all([
      client.readContract({ address, abi: erc20Abi, functionName: "symbol" }),
      client.readContract({ address, abi: erc20Abi, functionName: "decimals" }),
    ]).then(([symbol, decimals]) => ({ address, symbol, decimals }));
    cache.set(address, c);
  }
  return c;
}

/** Active, unexpired listings and offers (the `active` flag and expiry read from the views now). */
export async function readMarket(
  client: PublicClient,
  marketplace: Address,
  now: bigint,
): Promise<{ listings: MarketEntry[]; offers: MarketEntry[]; feeBps: bigint }> {
  const cache = new Map<Address, Promise<Currency>>();
  const [listed, offered, feeBps] = await Promise.all([
    client.getContractEvents({ address: marketplace, abi: marketplaceAbi, eventName: "Listed", fromBlock: 0n }),
    client.getContractEvents({ address: marketplace, abi: marketplaceAbi, eventName: "OfferMade", fromBlock: 0n }),
    client.readContract({ address: marketplace, abi: marketplaceAbi, functionName: "feeBps" }),
  ]);
  const load = async (id: bigint, view: "listings" | "offers"): Promise<MarketEntry | undefined> => {
    const [maker, collection, tokenId, currency, price, expiry, active] = await client.readContract({
      address: marketplace,
      abi: marketplaceAbi,
      functionName: view,
      args: [id],
    });
    if (!active || BigInt(expiry) < now) return undefined;
    return { id, maker, collection, tokenId, currency: await currencyOf(client, currency, cache), price, expiry };
  };
  const [listings, offers] = await Promise.all([
    Promise.all(listed.map((l) => load(l.args.listingId!, "listings"))),
    Promise.all(offered.map((o) => load(o.args.offerId!, "offers"))),
  ]);
  const present = (e: MarketEntry | undefined): e is MarketEntry => e !== undefined;
  return { listings: listings.filter(present), offers: offers.filter(present), feeBps };
}
