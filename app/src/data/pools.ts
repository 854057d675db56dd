import type { Abi, Address, PublicClient } from "viem";

import { peperFactoryAbi } from "@protocol/generated/abis/PeperFactory.ts";
import { peperPairAbi } from "@protocol/generated/abis/PeperPair.ts";

import { toNumber } from "../lib/amounts.ts";
import type { Token } from "./tokens.ts";

export interface Pool {
  address: Address;
  token0: Token;
  token1: Token;
  reserve0: bigint;
  reserve1: bigint;
  totalSupply: bigint;
}

/** At most this many pairs are read (the factory's first ones). */
export const MAX_POOLS = 500;

/** With a node that refuses aggregates, at most this many new pairs are read per refresh, one call each. */
export const ONE_BY_ONE_PAIRS = 50;

/** What never changes about a factory's pair once it exists: its address and its two tokens. */
export interface PairStatic {
  pair: Address;
  token0: Address;
  token1: Address;
}

/**
 * The pairs already read, per chain and factory, in the factory's order (entry i is allPairs(i)):
 * a pair's address and tokens never change, so a session reads them once and each refresh reads only
 * what changes (allPairsLength, and the listed pairs' reserves and supply). One cache serves every
 * caller of readPools (the market, the portfolio), so a page that runs both reads the pairs once.
 */
export class PairCache {
  private readonly pairs = new Map<string, PairStatic[]>();

  private static key(chainId: number, factory: Address): string {
    return `${chainId}:${factory.toLowerCase()}`;
  }

  /** The pairs read so far (allPairs(0), allPairs(1), …). */
  get(chainId: number, factory: Address): readonly PairStatic[] {
    return this.pairs.get(PairCache.key(chainId, factory)) ?? [];
  }

  /** Appends pairs read from index `from` on; a concurrent reader that got there first wins. */
  extend(chainId: number, factory: Address, from: number, pairs: readonly PairStatic[]): void {
    const key = PairCache.key(chainId, factory);
    const known = this.pairs.get(key) ?? [];
    if (from !== known.length) return;
    this.pairs.set(key, [...known, ...pairs]);
  }

  /** Forgets a factory's pairs (its chain was reset: fewer pairs than read before). */
  clear(chainId: number, factory: Address): void {
    this.pairs.delete(PairCache.key(chainId, factory));
  }
}

/** The app's pair cache (module-level: it lives as long as the page). */
export const pairCache = new PairCache();

/** A read of a contract function, as viem's readContract and multicall take it. */
interface Read {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
}

/**
 * Reads calls in aggregates (see multicallMode) until a node refuses one, then one eth_call each —
 * for the rest of the refresh, so a refusing node is asked for one aggregate per refresh, not one
 * per step.
 */
class Reader {
  private aggregates = true;
  private readonly client: PublicClient;
  constructor(client: PublicClient) {
    this.client = client;
  }

  get aggregating(): boolean {
    return this.aggregates;
  }

  async read(calls: readonly Read[]): Promise<unknown[]> {
    if (calls.length === 0) return [];
    if (this.aggregates) {
      try {
        return await this.client.multicall({
          contracts: calls as never,
          allowFailure: false,
          ...multicallMode(this.client),
        });
      } catch {
        this.aggregates = false; // a node that refuses the aggregate: one call per read, as before
      }
    }
    return Promise.all(calls.map((c) => this.client.readContract(c as never) as Promise<unknown>));
  }
}

/**
 * Every pair of the factory between known tokens, with reserves and LP supply, read from chain.
 *
 * A pair's address (allPairs(i)) and tokens never change, so they are read once per session (the
 * PairCache); a refresh is one aggregate — allPairsLength and the listed pairs' getReserves and
 * totalSupply — whatever the number of pairs the factory holds, plus, only when allPairsLength grew,
 * two for the new pairs (their addresses, then their tokens, reserves and supply). Pairs with a token
 * the caller does not know are read once and never again. A factory with fewer pairs than read
 * before (a local chain reset) is read again from scratch.
 *
 * The aggregates go to the chain's Multicall3 (`contracts.multicall3` of the client's chain: every
 * chain the app offers, the local stack's too); a client whose chain names none runs them
 * "deployless" (the aggregator's creation code in the eth_call itself), in chunks under EIP-3860's
 * 49,152-byte initcode limit, which nodes enforce on such calls. A node that refuses the aggregate
 * gets one call per read (and at most ONE_BY_ONE_PAIRS new pairs per refresh).
 */
export async function readPools(
  client: PublicClient,
  factory: Address,
  tokens: Token[],
  cache: PairCache = pairCache,
): Promise<Pool[]> {
  const chainId = client.chain?.id ?? (await client.getChainId());
  const byAddress = new Map(tokens.map((t) => [t.address.toLowerCase(), t]));
  const listedPool = (p: PairStatic) => {
    const token0 = byAddress.get(p.token0.toLowerCase());
    const token1 = byAddress.get(p.token1.toLowerCase());
    return token0 && token1 ? { address: p.pair, token0, token1 } : undefined;
  };
  const reader = new Reader(client);

  let known = cache.get(chainId, factory);
  const listed = known.flatMap((p) => listedPool(p) ?? []);
  const [length, ...live] = await reader.read([
    { address: factory, abi: peperFactoryAbi, functionName: "allPairsLength" },
    ...listed.flatMap((p) => liveReads(p.address)),
  ]);
  const count = Math.min(Number(length as bigint), MAX_POOLS);
  const pools: Pool[] = [];
  if (count < known.length) {
    // fewer pairs than before: the chain was reset, its pairs are other contracts now
    cache.clear(chainId, factory);
    known = [];
  } else {
    listed.forEach((p, i) => pools.push(withLive(p, live[2 * i], live[2 * i + 1])));
  }
  if (count === known.length) return pools;

  const from = known.length;
  const to = reader.aggregating ? count : Math.min(count, from + ONE_BY_ONE_PAIRS);
  const addresses = (await reader.read(
    Array.from({ length: to - from }, (_, i) => ({
      address: factory,
      abi: peperFactoryAbi,
      functionName: "allPairs",
      args: [BigInt(from + i)],
    })),
  )) as Address[];
  const details = await reader.read(
    addresses.flatMap((pair) => [
      { address: pair, abi: peperPairAbi, functionName: "token0" },
      { address: pair, abi: peperPairAbi, functionName: "token1" },
      ...liveReads(pair),
    ]),
  );
  const fresh = addresses.map((pair, i) => ({
    pair,
    token0: details[4 * i] as Address,
    token1: details[4 * i + 1] as Address,
  }));
  cache.extend(chainId, factory, from, fresh);
  fresh.forEach((p, i) => {
    const pool = listedPool(p);
    if (pool) pools.push(withLive(pool, details[4 * i + 2], details[4 * i + 3]));
  });
  return pools;
}

/** What a refresh reads of a pair: its reserves and its LP supply. */
const liveReads = (pair: Address): Read[] => [
  { address: pair, abi: peperPairAbi, functionName: "getReserves" },
  { address: pair, abi: peperPairAbi, functionName: "totalSupply" },
];

function withLive(pool: Pick<Pool, "address" | "token0" | "token1">, reserves: unknown, totalSupply: unknown): Pool {
  const [reserve0, reserve1] = reserves as readonly [bigint, bigint, number];
  return { ...pool, reserve0, reserve1, totalSupply: totalSupply as bigint };
}

/**
 * How readPools aggregates: one eth_call to the chain's Multicall3, or deployless calls of at most
 * DEPLOYLESS_CHUNK bytes of calldata each (with Multicall3's 5.6 kB creation code and the ABI
 * framing, well under the 49,152-byte initcode limit).
 */
export const DEPLOYLESS_CHUNK = 24_000;

export function multicallMode(client: Pick<PublicClient, "chain">): { deployless: boolean; batchSize: number } {
  return client.chain?.contracts?.multicall3
    ? { deployless: false, batchSize: 0 }
    : { deployless: true, batchSize: DEPLOYLESS_CHUNK };
}

/** The pool between two tokens, if any. */
export const findPool = (pools: Pool[], a: Address, b: Address): Pool | undefined =>
  pools.find(
    (p) => (p.token0.address === a && p.token1.address === b) || (p.token0.address === b && p.token1.address === a),
  );

/** Price of token0 in token1 (human units). */
export const price0In1 = (pool: Pool): number =>
  toNumber(pool.reserve0, pool.token0.decimals) === 0
    ? 0
    : toNumber(pool.reserve1, pool.token1.decimals) / toNumber(pool.reserve0, pool.token0.decimals);

/**
 * USD price of each token, from its pool against the USD stablecoin (symbol USDC/USDT/DAI), and
 * for tokens without one, through one hop. Pure.
 */
export function usdPrices(pools: Pool[]): Map<string, number> {
  const prices = new Map<string, number>();
  const stable = (t: Token) => /^(USDC|USDT|DAI)$/.test(t.symbol);
  for (const p of pools) {
    if (stable(p.token0)) prices.set(p.token0.address, 1);
    if (stable(p.token1)) prices.set(p.token1.address, 1);
  }
  for (let pass = 0; pass < 2; pass++) {
    for (const p of pools) {
      const price = price0In1(p);
      if (price === 0) continue;
      const u0 = prices.get(p.token0.address);
      const u1 = prices.get(p.token1.address);
      if (u1 !== undefined && u0 === undefined) prices.set(p.token0.address, price * u1);
      if (u0 !== undefined && u1 === undefined) prices.set(p.token1.address, u0 / price);
    }
  }
  return prices;
}

/** A pool's total value locked in USD, when both sides (or one side, doubled) can be priced. */
export function poolTvlUsd(pool: Pool, prices: Map<string, number>): number | undefined {
  const u0 = prices.get(pool.token0.address);
  const u1 = prices.get(pool.token1.address);
  const v0 = u0 === undefined ? undefined : toNumber(pool.reserve0, pool.token0.decimals) * u0;
  const v1 = u1 === undefined ? undefined : toNumber(pool.reserve1, pool.token1.decimals) * u1;
  if (v0 !== undefined && v1 !== undefined) return v0 + v1;
  if (v0 !== undefined) return 2 * v0;
  if (v1 !== undefined) return 2 * v1;
  return undefined;
}
