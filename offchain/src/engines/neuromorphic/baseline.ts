import { EngineInputError, assertFinite } from "../errors.ts";
import type { SpikeEvent } from "./lif.ts";

export interface ZScoreParameters {
  /** Returns in the trailing window the z-score is measured against (excluding the current one). */
  readonly window: number;
  /** |z| at or above which a return is a jump. */
  readonly threshold: number;
  /** Short and long volatility windows of the regime rule. */
  readonly shortWindow: number;
  readonly longWindow: number;
  /** short/long volatility ratio entering the turbulent regime, and leaving it. */
  readonly enterRatio: number;
  readonly exitRatio: number;
}

export const DEFAULT_ZSCORE: ZScoreParameters = {
  window: 60,
  threshold: 4,
  shortWindow: 20,
  longWindow: 250,
  enterRatio: 1.6,
  exitRatio: 1.0,
};

function stdev(x: Float64Array, from: number, to: number): number {
  const n = to - from;
  let mean = 0;
  for (let k = from; k < to; k++) mean += x[k]!;
  mean /= n;
  let ss = 0;
  for (let k = from; k < to; k++) ss += (x[k]! - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * The conventional detector the spiking network is compared with: a return is a jump when its
 * z-score against the previous `window` returns reaches `threshold`; the regime turns turbulent when
 * the short-window volatility exceeds `enterRatio` × the long-window volatility, and calm again below
 * `exitRatio` ×. Same output type as `detectSpikes`; O(T·window).
 */
export function detectZScore(closes: readonly number[], parameters: Partial<ZScoreParameters> = {}): SpikeEvent[] {
  const p = { ...DEFAULT_ZSCORE, ...parameters };
  if (!(p.window >= 2 && p.shortWindow >= 2 && p.longWindow >= p.shortWindow && p.threshold > 0)) {
    throw new EngineInputError(
      "parameters",
      "out-of-range",
      "windows must be ≥ 2 (long ≥ short) and the threshold positive.",
    );
  }
  if (closes.length < 2)
    throw new EngineInputError("closes", "empty", `needs at least 2 closes, got ${closes.length}.`);
  assertFinite("closes", closes);
  const r = new Float64Array(closes.length);
  for (let i = 1; i < closes.length; i++) {
    if (!(closes[i - 1]! > 0) || !(closes[i]! > 0)) {
      throw new EngineInputError(`closes[${i}]`, "out-of-range", "a close must be positive.");
    }
    r[i] = Math.log(closes[i]! / closes[i - 1]!);
  }
  const out: SpikeEvent[] = [];
  let regime: "calm" | "turbulent" = "calm";
  for (let i = 1; i < closes.length; i++) {
    if (i - p.window >= 1) {
      const from = i - p.window;
      let mean = 0;
      for (let k = from; k < i; k++) mean += r[k]!;
      mean /= p.window;
      const sd = stdev(r, from, i);
      const z = sd > 0 ? (r[i]! - mean) / sd : 0;
      if (Math.abs(z) >= p.threshold) {
        out.push({ index: i, time: i, kind: z > 0 ? "jump-up" : "jump-down", strength: Math.abs(z) / p.threshold });
      }
    }
    if (i - p.longWindow >= 1) {
      const ratio = stdev(r, i - p.shortWindow + 1, i + 1) / stdev(r, i - p.longWindow + 1, i + 1);
      if (regime === "calm" && ratio >= p.enterRatio) {
        regime = "turbulent";
        out.push({ index: i, time: i, kind: "regime-change", strength: ratio / p.enterRatio, regime });
      } else if (regime === "turbulent" && ratio <= p.exitRatio) {
        regime = "calm";
        out.push({ index: i, time: i, kind: "regime-change", strength: p.exitRatio / ratio, regime });
      }
    }
  }
  return out;
}
