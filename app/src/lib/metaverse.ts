/**
 * The 3D market preview's layout: pools → lanes on a floor, each with a tower (its TVL) and a strip
 * of candles (its recent prices). Pure: the scene component only draws what this returns.
 */
import type { Candle } from "./candles.ts";

export interface MarketInput {
  id: string;
  label: string;
  /** Total value locked in USD; undefined when the pool cannot be priced. */
  tvlUsd: number | undefined;
  /** Oldest first. */
  candles: readonly Candle[];
}

export interface CandleBox {
  /** Position along the lane (world units, 0 at the tower). */
  z: number;
  /** Centre height of the body and its height (never 0: a flat candle is a thin slab). */
  bodyY: number;
  bodyHeight: number;
  /** Centre height and length of the wick (high − low). */
  wickY: number;
  wickHeight: number;
  up: boolean;
}

export interface Lane {
  id: string;
  label: string;
  /** Lane position across the floor (world units, centred on 0). */
  x: number;
  towerHeight: number;
  tvlUsd: number | undefined;
  /** close of the last candle / open of the first − 1; undefined without candles. */
  change: number | undefined;
  candles: CandleBox[];
}

/** A pool in the table: every pool, largest first, whether or not it has a lane. */
export interface MarketRow {
  id: string;
  label: string;
  tvlUsd: number | undefined;
  change: number | undefined;
  candles: number;
  /** Drawn on the floor (one of the MAX_LANES largest). */
  onFloor: boolean;
}

export interface Scene {
  lanes: Lane[];
  /** Every pool, ranked as the floor picks them (the table). */
  rows: MarketRow[];
  /** Width (across lanes) and depth (along them) of the floor, for the camera. */
  width: number;
  depth: number;
  /** Pools left out of the 3D view (beyond MAX_LANES); the table lists them all. */
  omitted: number;
}

export const MAX_LANES = 12;
export const MAX_CANDLES = 32;
export const LANE_SPACING = 2.5;
export const CANDLE_SPACING = 0.45;
export const TOWER_MIN = 0.3;
export const TOWER_MAX = 6;
export const STRIP_HEIGHT = 3;
const MIN_BODY = 0.04;

const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

/**
 * Tower heights grow with log10(TVL): a pool 10× larger stands one step taller, so a small pool next
 * to a large one stays visible. The largest pool is TOWER_MAX tall; unpriced pools get TOWER_MIN.
 */
export function towerHeights(tvls: readonly (number | undefined)[]): number[] {
  const logs = tvls.map((v) => (finite(v) && v > 0 ? Math.log10(1 + v) : undefined));
  const top = Math.max(0, ...logs.filter(finite));
  return logs.map((l) => (l === undefined || top === 0 ? TOWER_MIN : TOWER_MIN + (TOWER_MAX - TOWER_MIN) * (l / top)));
}

/** The candles of one pool scaled into [0, STRIP_HEIGHT] by that pool's own low and high. */
export function candleBoxes(candles: readonly Candle[]): CandleBox[] {
  const valid = candles
    .filter((c) => [c.open, c.high, c.low, c.close].every((v) => Number.isFinite(v) && v > 0))
    .slice(-MAX_CANDLES);
  if (valid.length === 0) return [];
  const low = Math.min(...valid.map((c) => c.low));
  const high = Math.max(...valid.map((c) => c.high));
  const span = high - low;
  const y = (v: number) => (span === 0 ? STRIP_HEIGHT / 2 : ((v - low) / span) * STRIP_HEIGHT);
  return valid.map((c, i) => {
    const top = y(Math.max(c.open, c.close));
    const bottom = y(Math.min(c.open, c.close));
    const bodyHeight = Math.max(MIN_BODY, top - bottom);
    return {
      z: (i + 1) * CANDLE_SPACING + 1,
      bodyY: (top + bottom) / 2,
      bodyHeight,
      wickY: (y(c.high) + y(c.low)) / 2,
      wickHeight: Math.max(MIN_BODY, y(c.high) - y(c.low)),
      up: c.close >= c.open,
    };
  });
}

export function priceChange(candles: readonly Candle[]): number | undefined {
  const first = candles[0];
  const last = candles[candles.length - 1];
  if (!first || !last || !(first.open > 0) || !Number.isFinite(last.close)) return undefined;
  return last.close / first.open - 1;
}

/** Lays the largest MAX_LANES pools (by TVL) side by side, largest in the middle of the floor. */
export function buildScene(markets: readonly MarketInput[]): Scene {
  const ranked = [...markets].sort((a, b) => (b.tvlUsd ?? -1) - (a.tvlUsd ?? -1) || a.label.localeCompare(b.label));
  const shown = ranked.slice(0, MAX_LANES);
  // Centre-out order: 0, 1, -1, 2, -2, … so the biggest pools sit where the camera looks.
  const slots = shown.map((_, i) => (i === 0 ? 0 : i % 2 === 1 ? (i + 1) / 2 : -i / 2));
  const heights = towerHeights(shown.map((m) => m.tvlUsd));
  const lanes = shown.map((m, i) => ({
    id: m.id,
    label: m.label,
    x: slots[i]! * LANE_SPACING,
    towerHeight: heights[i]!,
    tvlUsd: m.tvlUsd,
    change: priceChange(m.candles),
    candles: candleBoxes(m.candles),
  }));
  const longest = Math.max(0, ...lanes.map((l) => l.candles.length));
  const rows = ranked.map((m, i) => ({
    id: m.id,
    label: m.label,
    tvlUsd: m.tvlUsd,
    change: priceChange(m.candles),
    candles: Math.min(MAX_CANDLES, m.candles.length),
    onFloor: i < MAX_LANES,
  }));
  return {
    lanes: lanes.sort((a, b) => a.x - b.x),
    rows,
    width: Math.max(LANE_SPACING, shown.length * LANE_SPACING),
    depth: 2 + longest * CANDLE_SPACING,
    omitted: markets.length - shown.length,
  };
}
