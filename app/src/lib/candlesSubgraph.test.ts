import { describe, expect, it } from "vitest";

import { boundedFromBlock, candlesByPair, hourCandles, interpolateTime } from "./candlesSubgraph.ts";

const A = "0xAaAaaAAaaAaaAaAaaaAaAAAAAaaAaAAaaAaAaaAa";
const B = "0x00000000000000000000000000000000000000bb";

describe("candles from the subgraph's PairHourData", () => {
  it("closes each hour at its last price and opens it at the previous close", () => {
    const candles = hourCandles([
      { pair: { id: A }, hourStartUnix: 7200, token1Price: "3" },
      { pair: { id: A }, hourStartUnix: 3600, token1Price: "2" },
      { pair: { id: A }, hourStartUnix: 14_400, token1Price: "2.5" },
    ]);
    expect(candles).toEqual([
      { time: 3600, open: 2, high: 2, low: 2, close: 2 },
      { time: 7200, open: 2, high: 3, low: 2, close: 3 },
      { time: 14_400, open: 3, high: 3, low: 2.5, close: 2.5 },
    ]);
  });

  it("skips hours without a price and keeps the latest `limit` hours", () => {
    const rows = [0, 1, 2, 3].map((h) => ({
      pair: { id: A },
      hourStartUnix: h * 3600,
      token1Price: h === 1 ? "0" : `${h + 1}`,
    }));
    expect(hourCandles(rows).map((c) => c.time)).toEqual([0, 7200, 10_800]);
    expect(hourCandles(rows, 2).map((c) => c.close)).toEqual([3, 4]);
  });

  it("groups one query's rows by pair, whatever the address case", () => {
    const byPair = candlesByPair(
      [
        { pair: { id: A.toLowerCase() }, hourStartUnix: 3600, token1Price: "1" },
        { pair: { id: "0x00000000000000000000000000000000000000cc" }, hourStartUnix: 3600, token1Price: "9" },
      ],
      [A, B],
    );
    expect([...byPair.keys()]).toEqual([A.toLowerCase(), B]);
    expect(byPair.get(A.toLowerCase())).toHaveLength(1);
    expect(byPair.get(B)).toEqual([]);
  });
});

describe("the chain fallback's bounded range", () => {
  it("reads the last `span` blocks, from block 0 on a young chain", () => {
    expect(boundedFromBlock(100_000n, 10_000n)).toBe(90_001n);
    expect(boundedFromBlock(500n, 10_000n)).toBe(0n);
  });

  it("interpolates a block's time between the range's ends", () => {
    const first = { number: 100n, timestamp: 1_000 };
    const last = { number: 200n, timestamp: 2_200 };
    expect(interpolateTime(150n, first, last)).toBe(1_600);
    expect(interpolateTime(200n, first, last)).toBe(2_200);
    expect(interpolateTime(100n, first, first)).toBe(1_000);
  });
});
