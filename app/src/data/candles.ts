import type { Address, PublicClient } from "viem";

import { peperPairAbi } from "@protocol/generated/abis.ts";

import { toNumber } from "../lib/amounts.ts";
import { bucketCandles, type Candle, type PricePoint } from "../lib/candles.ts";
import type { Pool } from "./pools.ts";

/**
 * A pool's price history as candles: the price of token0 in token1 after every reserve change
 * (the pair's Sync events, read with eth_getLogs), timed by their blocks. The indexer will serve the
 * same series from GraphQL; this reader is the fallback without it.
 */
export async function readPoolCandles(client: PublicClient, pool: Pool, maxEvents = 400): Promise<Candle[]> {
  const logs = await client.getContractEvents({
    address: pool.address as Address,
    abi: peperPairAbi,
    eventName: "Sync",
    fromBlock: 0n,
  });
  const recent = logs.slice(-maxEvents);
  const blockNumbers = [...new Set(recent.map((l) => l.blockNumber))];
  const times = new Map<bigint, number>();
  await Promise.all(
    blockNumbers.map(async (n) => {
      const block = await client.getBlock({ blockNumber: n });
      times.set(n, Number(block.timestamp));
    }),
  );
  const points: PricePoint[] = recent.map((log) => {
    const r0 = toNumber(log.args.reserve0 ?? 0n, pool.token0.decimals);
    const r1 = toNumber(log.args.reserve1 ?? 0n, pool.token1.decimals);
    return { time: times.get(log.blockNumber) ?? 0, price: r0 === 0 ? 0 : r1 / r0 };
  });
  return bucketCandles(points.filter((p) => p.price > 0));
}
