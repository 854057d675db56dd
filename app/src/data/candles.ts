import type { Address, PublicClient } from "viem";

import { peperPairAbi } from "@protocol/generated/abis/PeperPair.ts";

import { toNumber } from "../lib/amounts.ts";
import { bucketCandles, type Candle, type PricePoint } from "../lib/candles.ts";
import { boundedFromBlock, candlesByPair, interpolateTime } from "../lib/candlesSubgraph.ts";
import type { Pool } from "./pools.ts";
import { readPoolHours, readsChainInstead, type Fetch } from "./subgraph.ts";

/** Where a series of candles came from. */
export type CandleSource = "subgraph" | "chain";

export interface PoolCandles {
  source: CandleSource;
  /** Lowercase pair address → its candles (oldest first). */
  byPool: Map<string, Candle[]>;
}

/** How many blocks back the chain fallback reads (about a day and a half at 12 s blocks). */
export const CHAIN_FALLBACK_BLOCKS = 10_000n;

/** Whether a failed subgraph query means "read the chain instead" (see subgraph.ts). */
export { readsChainInstead };

/**
 * Candles of many pools, the same number of requests whatever their number: one subgraph query of
 * their hourly figures (PairHourData) through the app's /subgraph proxy; only on a chain without a
 * subgraph, the pairs' Sync events of the last CHAIN_FALLBACK_BLOCKS blocks in one eth_getLogs.
 * Other subgraph failures (the indexer down, a refused query) are errors, shown as such.
 */
export async function readPoolsCandles(
  client: PublicClient,
  chainId: number,
  pools: readonly Pool[],
  options: { fetch?: Fetch; base?: string; blocks?: bigint } = {},
): Promise<PoolCandles> {
  const pairs = pools.map((p) => p.address.toLowerCase());
  try {
    const rows = await readPoolHours(chainId, pairs, options);
    return { source: "subgraph", byPool: candlesByPair(rows, pairs) };
  } catch (error) {
    if (!readsChainInstead(error)) throw error;
  }
  return { source: "chain", byPool: await readChainCandles(client, pools, options.blocks ?? CHAIN_FALLBACK_BLOCKS) };
}

/** One pool's candles (see readPoolsCandles). */
export async function readPoolCandles(
  client: PublicClient,
  chainId: number,
  pool: Pool,
  options?: { fetch?: Fetch; base?: string; blocks?: bigint },
): Promise<Candle[]> {
  const { byPool } = await readPoolsCandles(client, chainId, [pool], options);
  return byPool.get(pool.address.toLowerCase()) ?? [];
}

/**
 * The chain fallback: the price of token0 in token1 after every reserve change (the pairs' Sync
 * events) in the last `blocks` blocks, one eth_getLogs for all pairs; block times interpolated
 * between the range's first and last blocks (two getBlock calls, not one per block).
 */
async function readChainCandles(
  client: PublicClient,
  pools: readonly Pool[],
  blocks: bigint,
  maxEvents = 400,
): Promise<Map<string, Candle[]>> {
  const byPool = new Map<string, Candle[]>(pools.map((p) => [p.address.toLowerCase(), []]));
  if (pools.length === 0) return byPool;
  const latest = await client.getBlockNumber();
  const fromBlock = boundedFromBlock(latest, blocks);
  const [logs, first, last] = await Promise.all([
    client.getContractEvents({
      address: pools.map((p) => p.address as Address),
      abi: peperPairAbi,
      eventName: "Sync",
      fromBlock,
      toBlock: latest,
    }),
    client.getBlock({ blockNumber: fromBlock }),
    client.getBlock({ blockNumber: latest }),
  ]);
  const ends = [
    { number: fromBlock, timestamp: Number(first.timestamp) },
    { number: latest, timestamp: Number(last.timestamp) },
  ] as const;
  for (const pool of pools) {
    const key = pool.address.toLowerCase();
    const points: PricePoint[] = logs
      .filter((l) => l.address.toLowerCase() === key)
      .slice(-maxEvents)
      .map((log) => {
        const r0 = toNumber(log.args.reserve0 ?? 0n, pool.token0.decimals);
        const r1 = toNumber(log.args.reserve1 ?? 0n, pool.token1.decimals);
        return { time: interpolateTime(log.blockNumber, ends[0], ends[1]), price: r0 === 0 ? 0 : r1 / r0 };
      });
    byPool.set(key, bucketCandles(points.filter((p) => p.price > 0)));
  }
  return byPool;
}
