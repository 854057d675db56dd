import { EngineInputError, assertFinite } from "../errors.ts";

/**
 * The decision model's features, in the model's input order. Each is computed from closes up to and
 * including day t only (no look-ahead). Names are stable: they appear in the ONNX model's metadata,
 * the model card and the reasoning sentences.
 */
export const FEATURE_NAMES = [
  "return_1d",
  "return_5d",
  "return_20d",
  "return_60d",
  "volatility_20d",
  "volatility_ratio",
  "rsi_14",
  "macd_histogram",
  "bollinger_pct_b",
  "spike_balance_5d",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Human words for each feature, for the reasoning sentence. */
export const FEATURE_LABELS: Record<FeatureName, string> = {
  return_1d: "the 1-day return",
  return_5d: "the 5-day return",
  return_20d: "the 20-day return",
  return_60d: "the 60-day return",
  volatility_20d: "20-day volatility",
  volatility_ratio: "short- versus long-term volatility",
  rsi_14: "the 14-day RSI",
  macd_histogram: "the MACD histogram",
  bollinger_pct_b: "the Bollinger %B",
  spike_balance_5d: "recent jump events",
};

/** Closes needed before the first day that has every feature (the 60-day return and 26-day EMA). */
export const WARMUP = 60;

/** One jump flagged by the spiking detector, as used by the features: its day and sign. */
export interface JumpEvent {
  readonly index: number;
  readonly direction: 1 | -1;
}

export interface FeatureSeriesInput {
  /** Daily closes, oldest first; positive and finite. */
  readonly closes: readonly number[];
  /** Daily volumes, same length as closes, when the data has them. */
  readonly volumes?: readonly number[];
  /** Jumps flagged by the spiking detector on this series (see engines/spiking). */
  readonly jumps?: readonly JumpEvent[];
}

export interface FeatureMatrix {
  /** Row t − WARMUP holds the features of day t, for t = WARMUP … closes.length − 1. */
  readonly rows: Float64Array[];
  /** The day each row belongs to. */
  readonly days: number[];
  /** Volume z-score (20 days) per row when volumes were given; not a model input (see README). */
  readonly volumeZ?: number[];
}

/**
 * Computes every feature for every day that has enough history (from `firstDay` on, if later), in
 * one pass over the closes. Deterministic: the same closes give the same bits.
 *
 * - `return_Nd`: log return over N days, ln(cₜ/cₜ₋N).
 * - `volatility_20d`: standard deviation of daily log returns over 20 days.
 * - `volatility_ratio`: 20-day over 60-day volatility (above 1: turbulence rising).
 * - `rsi_14`: Wilder's RSI over 14 days, scaled to [0, 1].
 * - `macd_histogram`: (EMA12 − EMA26) − EMA9 of that, divided by the close.
 * - `bollinger_pct_b`: (c − (m − 2s)) / 4s over 20 days.
 * - `spike_balance_5d`: up-jumps minus down-jumps flagged in the last 5 days.
 *
 * @throws EngineInputError for fewer than WARMUP + 1 closes, non-finite or non-positive closes, or
 *   volumes of another length.
 */
export function computeFeatures(input: FeatureSeriesInput, firstDay = WARMUP): FeatureMatrix {
  const { closes } = input;
  if (closes.length <= WARMUP) {
    throw new EngineInputError(
      "closes",
      "empty",
      `needs at least ${WARMUP + 1} daily closes to compute the features, got ${closes.length}.`,
    );
  }
  assertFinite("closes", closes);
  for (let i = 0; i < closes.length; i++) {
    if (!(closes[i]! > 0)) {
      throw new EngineInputError(`closes[${i}]`, "out-of-range", `a close must be positive, got ${closes[i]}.`);
    }
  }
  if (input.volumes !== undefined) {
    if (input.volumes.length !== closes.length) {
      throw new EngineInputError(
        "volumes",
        "length-mismatch",
        `has ${input.volumes.length} values for ${closes.length} closes.`,
      );
    }
    assertFinite("volumes", input.volumes);
  }

  const T = closes.length;
  const logRet = new Float64Array(T); // logRet[t] = ln(cₜ/cₜ₋₁), logRet[0] = 0
  for (let t = 1; t < T; t++) logRet[t] = Math.log(closes[t]! / closes[t - 1]!);

  const jumpsByDay = new Int32Array(T);
  for (const jump of input.jumps ?? []) {
    if (Number.isInteger(jump.index) && jump.index >= 0 && jump.index < T) {
      jumpsByDay[jump.index] = jumpsByDay[jump.index]! + jump.direction;
    }
  }

  const ema = (alpha: number) => {
    let value = closes[0]!;
    return (x: number) => (value += alpha * (x - value));
  };
  const ema12 = ema(2 / 13);
  const ema26 = ema(2 / 27);
  let signal = 0;
  let gain = 0;
  let loss = 0;

  const rows: Float64Array[] = [];
  const days: number[] = [];
  const volumeZ: number[] | undefined = input.volumes ? [] : undefined;
  for (let t = 0; t < T; t++) {
    const c = closes[t]!;
    const macd = ema12(c) - ema26(c);
    signal = t === 0 ? macd : signal + (2 / 10) * (macd - signal);
    if (t >= 1) {
      const change = c - closes[t - 1]!;
      const up = Math.max(change, 0);
      const down = Math.max(-change, 0);
      if (t <= 14) {
        gain += up / 14;
        loss += down / 14;
      } else {
        gain = (gain * 13 + up) / 14;
        loss = (loss * 13 + down) / 14;
      }
    }
    if (t < WARMUP || t < firstDay) continue;

    const vol20 = stdev(logRet, t - 19, t);
    const vol60 = stdev(logRet, t - 59, t);
    let mean20 = 0;
    for (let k = t - 19; k <= t; k++) mean20 += closes[k]!;
    mean20 /= 20;
    let var20 = 0;
    for (let k = t - 19; k <= t; k++) var20 += (closes[k]! - mean20) ** 2;
    const sd20 = Math.sqrt(var20 / 20);
    let spikes = 0;
    for (let k = t - 4; k <= t; k++) spikes += jumpsByDay[k]!;

    const row = new Float64Array(FEATURE_NAMES.length);
    row[0] = logRet[t]!;
    row[1] = Math.log(c / closes[t - 5]!);
    row[2] = Math.log(c / closes[t - 20]!);
    row[3] = Math.log(c / closes[t - 60]!);
    row[4] = vol20;
    row[5] = vol60 === 0 ? 1 : vol20 / vol60;
    row[6] = loss === 0 ? (gain === 0 ? 0.5 : 1) : 1 - 1 / (1 + gain / loss);
    row[7] = (macd - signal) / c;
    row[8] = sd20 === 0 ? 0.5 : (c - (mean20 - 2 * sd20)) / (4 * sd20);
    row[9] = spikes;
    rows.push(row);
    days.push(t);
    if (volumeZ && input.volumes) volumeZ.push(zScore(input.volumes, t - 19, t));
  }
  return volumeZ ? { rows, days, volumeZ } : { rows, days };
}

/** Sample standard deviation of x[from..to] inclusive. */
function stdev(x: Float64Array, from: number, to: number): number {
  const n = to - from + 1;
  let mean = 0;
  for (let k = from; k <= to; k++) mean += x[k]!;
  mean /= n;
  let ss = 0;
  for (let k = from; k <= to; k++) ss += (x[k]! - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** z-score of the last value of x[from..to] against that window. */
function zScore(x: readonly number[], from: number, to: number): number {
  const n = to - from + 1;
  let mean = 0;
  for (let k = from; k <= to; k++) mean += x[k]!;
  mean /= n;
  let ss = 0;
  for (let k = from; k <= to; k++) ss += (x[k]! - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return sd === 0 ? 0 : (x[to]! - mean) / sd;
}

/**
 * Closes a live decision looks at: the feature warm-up plus 200 days, after which the EMAs' and
 * Wilder RSI's memory of older prices is below 1e-6 of their value (so the last row matches the
 * full-history features the model was trained on; tested).
 */
export const DECISION_WINDOW = WARMUP + 1 + 200;

/** The features of the last day only (what a live decision needs), from the last DECISION_WINDOW closes. */
export function latestFeatures(input: FeatureSeriesInput): Float64Array {
  const start = Math.max(0, input.closes.length - DECISION_WINDOW);
  const closes = input.closes.slice(start);
  const jumps = input.jumps
    ?.filter((j) => j.index >= start)
    .map((j) => ({ index: j.index - start, direction: j.direction }));
  const volumes = input.volumes?.slice(start);
  const matrix = computeFeatures(
    {
      closes,
      ...(volumes ? { volumes } : {}),
      ...(jumps ? { jumps } : {}),
    },
    closes.length - 1,
  );
  return matrix.rows[0]!;
}
