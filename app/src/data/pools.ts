import type { Address, PublicClient } from "viem";

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

/**
 * Every pair of the factory between known tokens, with reserves and LP supply, read from chain in
 * three eth_calls whatever the number of pairs: allPairsLength, then every allPairs(i), then every
 * pair's token0, token1, getReserves and totalSupply, the last two each one Multicall3 aggregate —
 * to the chain's Multicall3 (`contracts.multicall3` of the client's chain: every chain the app
 * offers, the local stack's too). A client whose chain names none runs them "deployless" (the
 * aggregator's creation code in the eth_call itself), in chunks under EIP-3860's 49,152-byte
 * initcode limit, which nodes enforce on such calls.
 */
export async function readPools(client: PublicClient, factory: Address, tokens: Token[]): Promise<Pool[]> {
  const length = await client.readContract({ address: factory, abi: peperFactoryAbi, functionName: "allPairsLength" });
  const count = Math.min(Number(length), MAX_POOLS);
  if (count === 0) return [];
  const byAddress = new Map(tokens.map((t) => [t.address.toLowerCase(), t]));
  let rows: PairRow[];
  try {
    rows = await readPairsAggregated(client, factory, count);
  } catch {
    // A node that refuses the aggregate: one call per pair and field, as before.
    rows = await readPairsOneByOne(client, factory, Math.min(count, 50));
  }
  return rows.flatMap(({ pair, t0, t1, reserves, totalSupply }) => {
    const token0 = byAddress.get(t0.toLowerCase());
    const token1 = byAddress.get(t1.toLowerCase());
    return token0 && token1
      ? [{ address: pair, token0, token1, reserve0: reserves[0], reserve1: reserves[1], totalSupply }]
      : [];
  });
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

interface PairRow {
  pair: Address;
  t0: Address;
  t1: Address;
  reserves: readonly [bigint, bigint, number];
  totalSupply: bigint;
}

async function readPairsAggregated(client: PublicClient, factory: Address, count: number): Promise<PairRow[]> {
  const mode = multicallMode(client);
  const pairs = await client.multicall({
    contracts: Array.from({ length: count }, (_, i) => ({
      address: factory,
      abi: peperFactoryAbi,
      functionName: "allPairs" as const,
      args: [BigInt(i)] as const,
    })),
    allowFailure: false,
    ...mode,
  });
  const details = await client.multicall({
    contracts: pairs.flatMap((pair) => [
      { address: pair, abi: peperPairAbi, functionName: "token0" as const },
      { address: pair, abi: peperPairAbi, functionName: "token1" as const },
      { address: pair, abi: peperPairAbi, functionName: "getReserves" as const },
      { address: pair, abi: peperPairAbi, functionName: "totalSupply" as const },
    ]),
    allowFailure: false,
    ...mode,
  });
  return pairs.map((pair, i) => {
    const [t0, t1, reserves, totalSupply] = details.slice(4 * i, 4 * i + 4) as [
      Address,
      Address,
      readonly [bigint, bigint, number],
      bigint,
    ];
    return { pair, t0, t1, reserves, totalSupply };
  });
}

async function readPairsOneByOne(client: PublicClient, factory: Address, count: number): Promise<PairRow[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const pair = await client.readContract({
        address: factory,
        abi: peperFactoryAbi,
        functionName: "allPairs",
        args: [BigInt(i)],
      });
      const [t0, t1, reserves, totalSupply] = await Promise.all([
        client.readContract({ address: pair, abi: peperPairAbi, functionName: "token0" }),
        client.readContract({ address: pair, abi: peperPairAbi, functionName: "token1" }),
        client.readContract({ address: pair, abi: peperPairAbi, functionName: "getReserves" }),
        client.readContract({ address: pair, abi: peperPairAbi, functionName: "totalSupply" }),
      ]);
      return { pair, t0, t1, reserves, totalSupply };
    }),
  );
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
