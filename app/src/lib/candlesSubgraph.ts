/**
 * Candles from the subgraph's hourly pair figures, and the chain fallback's bounded range. Pure.
 *
 * PairHourData keeps a pair's reserves and prices at the hour's last event, so an hour's candle
 * closes at that price and opens at the previous hour's close; its high and low are the larger and
 * smaller of the two (the subgraph does not keep the prices inside the hour).
 */
import type { Candle } from "./candles.ts";

/** One PairHourData row as the subgraph answers it (BigDecimals as strings). */
export interface PairHourRow {
  pair: { id: string };
  hourStartUnix: number;
  /** token1 per token0 at the hour's last event: the price of token0 in token1. */
  token1Price: string;
}

/** A pair's hours (any order) → hourly candles of the price of token0 in token1, oldest first. */
export function hourCandles(rows: readonly PairHourRow[], limit = 168): Candle[] {
  const sorted = rows
    .map((r) => ({ time: Number(r.hourStartUnix), price: Number(r.token1Price) }))
    .filter((p) => Number.isFinite(p.price) && p.price > 0)
    .sort((a, b) => a.time - b.time)
    .slice(-limit);
  const candles: Candle[] = [];
  for (const { time, price } of sorted) {
    const open = candles[candles.length - 1]?.close ?? price;
    candles.push({ time, open, high: Math.max(open, price), low: Math.min(open, price), close: price });
  }
  return candles;
}

/** Rows of many pairs → each asked pair's candles (lowercase address keys; no rows, no candles). */
export function candlesByPair(
  rows: readonly PairHourRow[],
  pairs: readonly string[],
  limit = 168,
): Map<string, Candle[]> {
  const grouped = new Map<string, PairHourRow[]>(pairs.map((p) => [p.toLowerCase(), []]));
  for (const row of rows) grouped.get(row.pair.id.toLowerCase())?.push(row);
  return new Map([...grouped].map(([pair, list]) => [pair, hourCandles(list, limit)]));
}

/** The first block of the chain fallback's range: the last `span` blocks up to `latest`. */
export const boundedFromBlock = (latest: bigint, span: bigint): bigint => (latest > span ? latest - span + 1n : 0n);

/**
 * A block's time, interpolated between the range's first and last blocks (two getBlock calls for the
 * whole range instead of one per block with a Sync).
 */
export function interpolateTime(
  block: bigint,
  first: { number: bigint; timestamp: number },
  last: { number: bigint; timestamp: number },
): number {
  if (last.number <= first.number) return last.timestamp;
  const share = Number(block - first.number) / Number(last.number - first.number);
  return Math.round(first.timestamp + share * (last.timestamp - first.timestamp));
}
