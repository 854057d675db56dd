import { describe, expect, it } from "vitest";

import { bucketCandles, pickInterval } from "./candles.ts";

describe("candles", () => {
  it("picks a candle length that keeps about 60 candles", () => {
    expect(pickInterval(30 * 60)).toBe(60);
    expect(pickInterval(10 * 3600)).toBe(900);
    expect(pickInterval(400 * 86_400)).toBe(7 * 86_400);
  });
  it("buckets unordered points, opening each candle at the previous close", () => {
    const candles = bucketCandles(
      [
        { time: 130, price: 3 },
        { time: 60, price: 1 },
        { time: 70, price: 2 },
        { time: 125, price: 0.5 },
      ],
      60,
    );
    expect(candles).toEqual([
      { time: 60, open: 1, high: 2, low: 1, close: 2 },
      { time: 120, open: 2, high: 3, low: 0.5, close: 3 },
    ]);
    expect(bucketCandles([])).toEqual([]);
  });
});
