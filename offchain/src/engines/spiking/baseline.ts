import { EngineInputError } from "../errors.ts";
import {
  NO_EVENTS,
  checkStreamEvent,
  runOnCloses,
  runOnReturns,
  type BatchOptions,
  type Regime,
  type SpikeEvent,
  type StreamingDetector,
} from "./series.ts";

/** Parameters of the rolling z-score baseline. Windows count events (returns), not time. */
export interface ZScoreParameters {
  /** W: the previous W returns (not the current one) give the mean and standard deviation of z. */
  readonly window: number;
  /** k: a return with |z| ≥ k is a jump. */
  readonly threshold: number;
  /** Returns in the short volatility window of the regime rule (including the current one). */
  readonly shortWindow: number;
  /** Returns in the long volatility window of the regime rule (including the current one). */
  readonly longWindow: number;
  /** The regime turns turbulent when σ_short / σ_long rises to `enterRatio` or above. */
  readonly enterRatio: number;
  /** …and calm again when the ratio falls to `exitRatio` or below (≤ enterRatio: hysteresis). */
  readonly exitRatio: number;
}

/**
 * Defaults: 20-day vs 250-day volatility (conventional), with W ∈ {20, 60, 120}, k and the ratios
 * chosen by the same small grid search on SYNTHETIC seeds 1–10 as the LIF defaults (not on the
 * evaluation seeds or the real data), so both detectors got the same tuning budget.
 */
export const DEFAULT_ZSCORE_PARAMETERS: ZScoreParameters = {
  window: 20,
  threshold: 4.5,
  shortWindow: 20,
  longWindow: 250,
  enterRatio: 1.6,
  exitRatio: 0.9,
};

/** Validates a full parameter set; throws `EngineInputError("parameters.<name>", …)` naming the first bad one. */
export function checkZScoreParameters(p: ZScoreParameters): void {
  for (const key of ["window", "shortWindow", "longWindow"] as const) {
    if (!(Number.isInteger(p[key]) && p[key] >= 2)) {
      throw new EngineInputError(`parameters.${key}`, "out-of-range", `must be an integer ≥ 2, got ${p[key]}.`);
    }
  }
  if (p.longWindow <= p.shortWindow) {
    throw new EngineInputError(
      "parameters.longWindow",
      "out-of-range",
      `must exceed shortWindow (${p.shortWindow}), got ${p.longWindow}.`,
    );
  }
  for (const key of ["threshold", "enterRatio", "exitRatio"] as const) {
    if (!(Number.isFinite(p[key]) && p[key] > 0)) {
      throw new EngineInputError(`parameters.${key}`, "out-of-range", `must be a positive number, got ${p[key]}.`);
    }
  }
  if (p.exitRatio > p.enterRatio) {
    throw new EngineInputError(
      "parameters.exitRatio",
      "out-of-range",
      `must not exceed enterRatio (${p.enterRatio}), got ${p.exitRatio}.`,
    );
  }
}

/**
 * Relative spread below which a window counts as constant: a standard deviation under 1e-12 × the
 * window's largest |value| is floating-point rounding, not variation (a stale price, a steady drift).
 */
export const CONSTANT_SPREAD = 1e-12;

/** Mean and sample standard deviation (n − 1) of a window; `sd` is 0 for a constant window. */
export interface WindowStats {
  readonly mean: number;
  readonly sd: number;
}

/**
 * The last `size` values in a ring buffer. Statistics are computed exactly in two passes over the
 * buffer (O(size)) rather than from running sums, whose rounding residue would give an all-zero
 * window a tiny non-zero spread and so spurious z-scores after any move had left it.
 */
class RollingWindow {
  readonly size: number;
  #values: Float64Array;
  #next = 0;
  #count = 0;

  constructor(size: number) {
    this.size = size;
    this.#values = new Float64Array(size);
  }

  get full(): boolean {
    return this.#count === this.size;
  }

  push(value: number): void {
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.size;
    if (this.#count < this.size) this.#count++;
  }

  stats(): WindowStats {
    return windowStats(this.#values, this.#count);
  }
}

/** Two-pass mean and sample standard deviation of the first `n` values, with the constant-window rule. */
export function windowStats(values: ArrayLike<number>, n: number): WindowStats {
  let sum = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum += v;
    if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  return { mean, sd: sd <= CONSTANT_SPREAD * maxAbs ? 0 : sd };
}

/**
 * The conventional detector the spiking network is compared with, as a stream. For each return r:
 * z = (r − mean) / sd over the previous `window` returns; |z| ≥ `threshold` is a jump (sign of z,
 * strength |z| / k). Then the volatility ratio σ_short / σ_long over the last `shortWindow` and
 * `longWindow` returns (including r) switches the regime: calm → turbulent at ratio ≥ `enterRatio`
 * (strength ratio / enterRatio), turbulent → calm at ratio ≤ `exitRatio` (strength exitRatio /
 * ratio). No event before the windows are full; a constant window (see `CONSTANT_SPREAD`) gives z = 0
 * and no regime decision. O(window + shortWindow + longWindow) per event.
 */
export class ZScoreDetector implements StreamingDetector {
  readonly parameters: ZScoreParameters;
  #count = 0;
  #lastTime = Number.NEGATIVE_INFINITY;
  #zWindow: RollingWindow;
  #short: RollingWindow;
  #long: RollingWindow;
  #regime: Regime = "calm";

  /**
   * @param parameters overrides of `DEFAULT_ZSCORE_PARAMETERS`.
   * @throws EngineInputError naming `parameters.<name>` for a bad parameter.
   */
  constructor(parameters: Partial<ZScoreParameters> = {}) {
    const p: ZScoreParameters = { ...DEFAULT_ZSCORE_PARAMETERS, ...parameters };
    checkZScoreParameters(p);
    this.parameters = Object.freeze(p);
    this.#zWindow = new RollingWindow(p.window);
    this.#short = new RollingWindow(p.shortWindow);
    this.#long = new RollingWindow(p.longWindow);
  }

  /** The regime after the last event. */
  get regime(): Regime {
    return this.#regime;
  }

  /**
   * Feeds one log return observed at `time` (strictly after the previous event's time); returns the
   * events it triggered.
   *
   * @throws EngineInputError naming `time` or `value`; the detector is unchanged when it throws.
   */
  push(time: number, value: number): readonly SpikeEvent[] {
    checkStreamEvent(time, value, this.#lastTime, this.#count);
    const p = this.parameters;
    const index = this.#count++;
    this.#lastTime = time;
    let out: SpikeEvent[] | undefined;

    if (this.#zWindow.full) {
      const { mean, sd } = this.#zWindow.stats();
      const z = sd > 0 ? (value - mean) / sd : 0;
      if (Math.abs(z) >= p.threshold) {
        (out ??= []).push({ index, time, kind: z > 0 ? "jump-up" : "jump-down", strength: Math.abs(z) / p.threshold });
      }
    }
    this.#zWindow.push(value);
    this.#short.push(value);
    this.#long.push(value);

    if (this.#long.full) {
      const longSd = this.#long.stats().sd;
      if (longSd > 0) {
        const ratio = this.#short.stats().sd / longSd;
        if (this.#regime === "calm" && ratio >= p.enterRatio) {
          this.#regime = "turbulent";
          (out ??= []).push({
            index,
            time,
            kind: "regime-change",
            strength: ratio / p.enterRatio,
            regime: "turbulent",
          });
        } else if (this.#regime === "turbulent" && ratio <= p.exitRatio) {
          this.#regime = "calm";
          const strength = ratio > 0 ? p.exitRatio / ratio : Number.MAX_VALUE;
          (out ??= []).push({ index, time, kind: "regime-change", strength, regime: "calm" });
        }
      }
    }
    return out ?? NO_EVENTS;
  }
}

/**
 * Batch z-score detection on a return stream (event i = (`times[i]` or i, `returns[i]`)).
 *
 * @throws EngineInputError naming `values`, `values[i]`, `times`, `times[i]` or `parameters.<name>`.
 */
export function detectZScore(returns: readonly number[], options: BatchOptions<ZScoreParameters> = {}): SpikeEvent[] {
  return runOnReturns(new ZScoreDetector(options.parameters), returns, options.times);
}

/**
 * Batch z-score detection on a close series; detections carry the row of the later close as `index`.
 *
 * @throws EngineInputError naming `closes`, `closes[i]`, `times`, `times[i]` or `parameters.<name>`.
 */
export function detectZScoreInCloses(
  closes: readonly number[],
  options: BatchOptions<ZScoreParameters> = {},
): SpikeEvent[] {
  return runOnCloses(new ZScoreDetector(options.parameters), closes, options.times);
}
