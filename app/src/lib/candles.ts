/** Price points → OHLC candles for the charts. Pure. */

export interface PricePoint {
  /** Unix seconds. */
  time: number;
  price: number;
}

export interface Candle {
  /** Start of the bucket, unix seconds. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

const NICE_INTERVALS = [60, 300, 900, 3600, 4 * 3600, 86_400, 7 * 86_400];

/** The smallest usual candle length that keeps the series within about `target` candles. */
export function pickInterval(spanSeconds: number, target = 60): number {
  return NICE_INTERVALS.find((s) => spanSeconds / s <= target) ?? NICE_INTERVALS[NICE_INTERVALS.length - 1]!;
}

/**
 * Buckets points (in any order) into candles of `interval` seconds (chosen from the span when
 * omitted). Each candle opens at the previous candle's close, so the series has no gaps in price.
 */
export function bucketCandles(points: PricePoint[], interval?: number): Candle[] {
  if (points.length === 0) return [];
  const sorted = [...points].sort((a, b) => a.time - b.time);
  const step = interval ?? pickInterval(sorted[sorted.length - 1]!.time - sorted[0]!.time);
  const candles: Candle[] = [];
  for (const { time, price } of sorted) {
    const start = Math.floor(time / step) * step;
    const last = candles[candles.length - 1];
    if (last && last.time === start) {
      last.high = Math.max(last.high, price);
      last.low = Math.min(last.low, price);
      last.close = price;
    } else {
      const open = last ? last.close : price;
      candles.push({ time: start, open, high: Math.max(open, price), low: Math.min(open, price), close: price });
    }
  }
  return candles;
}
