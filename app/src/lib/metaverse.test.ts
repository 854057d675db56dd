import { describe, expect, it } from "vitest";

import type { Candle } from "./candles.ts";
import {
  buildScene,
  candleBoxes,
  LANE_SPACING,
  MAX_CANDLES,
  MAX_LANES,
  priceChange,
  STRIP_HEIGHT,
  TOWER_MAX,
  TOWER_MIN,
  towerHeights,
  type MarketInput,
} from "./metaverse.ts";

const candle = (time: number, open: number, high: number, low: number, close: number): Candle => ({
  time,
  open,
  high,
  low,
  close,
});

const market = (id: string, tvlUsd: number | undefined, candles: Candle[] = []): MarketInput => ({
  id,
  label: id,
  tvlUsd,
  candles,
});

describe("towerHeights", () => {
  it("gives the largest pool the full height, grows with log TVL and keeps small pools visible", () => {
    const h = towerHeights([1_000_000, 1_000, 10, undefined, 0]);
    expect(h[0]).toBe(TOWER_MAX);
    expect(h[1]).toBeLessThan(h[0]!);
    expect(h[2]).toBeLessThan(h[1]!);
    expect(h[2]).toBeGreaterThan(TOWER_MIN);
    expect(h[3]).toBe(TOWER_MIN);
    expect(h[4]).toBe(TOWER_MIN);
    // one decade is one equal step: 1e6 → 1e3 drops about half of the range
    expect((h[0]! - h[1]!) / (TOWER_MAX - TOWER_MIN)).toBeCloseTo(0.5, 2);
  });

  it("handles no priced pools and non-finite values", () => {
    expect(towerHeights([undefined, Number.NaN, Number.POSITIVE_INFINITY])).toEqual([TOWER_MIN, TOWER_MIN, TOWER_MIN]);
    expect(towerHeights([])).toEqual([]);
  });
});

describe("candleBoxes", () => {
  it("scales a pool's candles into the strip by its own range, bodies between open and close", () => {
    const boxes = candleBoxes([candle(0, 10, 12, 8, 11), candle(60, 11, 11.5, 9, 9)]);
    expect(boxes).toHaveLength(2);
    const [a, b] = boxes;
    expect(a!.up).toBe(true);
    expect(b!.up).toBe(false);
    // low 8 → 0, high 12 → STRIP_HEIGHT
    expect(a!.wickY - a!.wickHeight / 2).toBeCloseTo(0);
    expect(a!.wickY + a!.wickHeight / 2).toBeCloseTo(STRIP_HEIGHT);
    // body of a: 10..11 → 0.5..0.75 of the strip
    expect(a!.bodyY).toBeCloseTo(0.625 * STRIP_HEIGHT);
    expect(a!.bodyHeight).toBeCloseTo(0.25 * STRIP_HEIGHT);
    expect(b!.z).toBeGreaterThan(a!.z);
    for (const box of boxes) {
      expect(box.bodyY - box.bodyHeight / 2).toBeGreaterThanOrEqual(-1e-9);
      expect(box.bodyY + box.bodyHeight / 2).toBeLessThanOrEqual(STRIP_HEIGHT + 1e-9);
    }
  });

  it("draws a flat market as thin slabs in the middle, drops bad candles, keeps the newest MAX_CANDLES", () => {
    const flat = candleBoxes([candle(0, 5, 5, 5, 5), candle(60, 5, 5, 5, 5)]);
    expect(flat.every((b) => b.bodyY === STRIP_HEIGHT / 2 && b.bodyHeight > 0)).toBe(true);
    expect(candleBoxes([candle(0, Number.NaN, 1, 1, 1), candle(1, 0, 1, 0, 1)])).toEqual([]);
    const many = Array.from({ length: MAX_CANDLES + 10 }, (_, i) => candle(i, 1 + i, 2 + i, 0.5 + i, 1.5 + i));
    const boxes = candleBoxes(many);
    expect(boxes).toHaveLength(MAX_CANDLES);
    // the newest candle (highest prices) is at the top of the strip
    expect(boxes.at(-1)!.wickY + boxes.at(-1)!.wickHeight / 2).toBeCloseTo(STRIP_HEIGHT);
  });
});

describe("priceChange", () => {
  it("is last close over first open, undefined without candles", () => {
    expect(priceChange([candle(0, 2, 3, 1, 2.5), candle(1, 2.5, 3, 2, 3)])).toBeCloseTo(0.5);
    expect(priceChange([])).toBeUndefined();
  });
});

describe("buildScene", () => {
  it("puts the largest pool in the middle and the next ones alternately beside it", () => {
    const scene = buildScene([market("small", 10), market("big", 1e6), market("mid", 1e3)]);
    const byId = new Map(scene.lanes.map((l) => [l.id, l]));
    expect(byId.get("big")!.x).toBe(0);
    expect(Math.abs(byId.get("mid")!.x)).toBe(LANE_SPACING);
    expect(Math.abs(byId.get("small")!.x)).toBe(LANE_SPACING);
    expect(byId.get("mid")!.x).toBe(-byId.get("small")!.x);
    expect(scene.lanes.map((l) => l.x)).toEqual([...scene.lanes.map((l) => l.x)].sort((a, b) => a - b));
    expect(scene.omitted).toBe(0);
  });

  it("shows at most MAX_LANES pools, the largest ones, and counts the rest", () => {
    const markets = Array.from({ length: MAX_LANES + 3 }, (_, i) => market(`p${i}`, i + 1));
    const scene = buildScene(markets);
    expect(scene.lanes).toHaveLength(MAX_LANES);
    expect(scene.omitted).toBe(3);
    expect(scene.lanes.some((l) => l.id === "p0")).toBe(false);
    expect(scene.lanes.some((l) => l.id === `p${MAX_LANES + 2}`)).toBe(true);
    // the table keeps every pool, largest first, and says which are on the floor
    expect(scene.rows).toHaveLength(MAX_LANES + 3);
    expect(scene.rows[0]!.id).toBe(`p${MAX_LANES + 2}`);
    expect(scene.rows.filter((r) => r.onFloor)).toHaveLength(MAX_LANES);
    expect(scene.rows.find((r) => r.id === "p0")!.onFloor).toBe(false);
    expect(new Set(scene.lanes.map((l) => l.x)).size).toBe(MAX_LANES);
  });

  it("sizes the floor for the longest candle strip and handles an empty market", () => {
    const scene = buildScene([market("a", 1, [candle(0, 1, 2, 1, 2), candle(1, 2, 2, 1, 1)])]);
    expect(scene.depth).toBeGreaterThan(scene.lanes[0]!.candles.at(-1)!.z);
    expect(buildScene([])).toEqual({ lanes: [], rows: [], width: LANE_SPACING, depth: 2, omitted: 0 });
  });
});
