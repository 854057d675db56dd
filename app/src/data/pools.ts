import type { Address, PublicClient } from "viem";

import { peperFactoryAbi, peperPairAbi } from "@protocol/generated/abis.ts";

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

/** Every pair of the factory between known tokens, with reserves and LP supply, read from chain. */
export async function readPools(client: PublicClient, factory: Address, tokens: Token[]): Promise<Pool[]> {
  const length = await client.readContract({ address: factory, abi: peperFactoryAbi, functionName: "allPairsLength" });
  const byAddress = new Map(tokens.map((t) => [t.address.toLowerCase(), t]));
  const pools = await Promise.all(
    Array.from({ length: Math.min(Number(length), 50) }, async (_, i) => {
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
      const token0 = byAddress.get(t0.toLowerCase());
      const token1 = byAddress.get(t1.toLowerCase());
      if (!token0 || !token1) return undefined;
      return { address: pair, token0, token1, reserve0: reserves[0], reserve1: reserves[1], totalSupply };
    }),
  );
  return pools.filter((p): p is Pool => p !== undefined);
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
