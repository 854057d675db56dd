import { EngineInputError, assertFinite, assertMinLength } from "../errors.ts";

/** What a detector flags: a single large move up or down, or a change of volatility regime. */
export type SpikeKind = "jump-up" | "jump-down" | "regime-change";

/** The two volatility regimes the regime detectors switch between. */
export type Regime = "calm" | "turbulent";

/** One detection, as produced by both the LIF network and the z-score baseline. */
export interface SpikeEvent {
  /**
   * Position of the input event: for a return stream, the 0-based number of the return; for a close
   * series (`…InCloses`), the row of the later close of the return, so it is the row of the data.
   */
  readonly index: number;
  /** Time of the input event, in the caller's units (for a close series: the later close's time). */
  readonly time: number;
  readonly kind: SpikeKind;
  /** How far past its threshold the detector was when it fired (≥ 1; 1 = exactly at threshold). */
  readonly strength: number;
  /** For `regime-change` only: the regime entered. */
  readonly regime?: Regime;
}

/** A detector fed one (time, value) input event at a time, returning the events it caused. */
export interface StreamingDetector {
  /** Feeds one event (times strictly increasing); returns the detections it triggers, usually none. */
  push(time: number, value: number): readonly SpikeEvent[];
}

/** Shared empty result: most input events cause no detection, so `push` returns this without allocating. */
export const NO_EVENTS: readonly SpikeEvent[] = Object.freeze([]);

/** Throws unless `time` and `value` are finite and `time` is after `lastTime`; `count` is the event number. */
export function checkStreamEvent(time: number, value: number, lastTime: number, count: number): void {
  if (!Number.isFinite(time)) {
    throw new EngineInputError("time", "not-finite", `event ${count}: must be a finite number, got ${time}.`);
  }
  if (!Number.isFinite(value)) {
    throw new EngineInputError("value", "not-finite", `event ${count}: must be a finite number, got ${value}.`);
  }
  if (!(time > lastTime)) {
    throw new EngineInputError(
      "time",
      "out-of-range",
      `event ${count}: times must strictly increase, got ${time} after ${lastTime}.`,
    );
  }
}

/** Options of the batch functions: event times (default: the position) and the detector's parameters. */
export interface BatchOptions<P> {
  readonly times?: readonly number[];
  readonly parameters?: Partial<P>;
}

function checkTimes(times: readonly number[], length: number, what: string): void {
  if (times.length !== length) {
    throw new EngineInputError("times", "length-mismatch", `has ${times.length} values for ${length} ${what}.`);
  }
  assertFinite("times", times);
  for (let i = 1; i < times.length; i++) {
    if (!(times[i]! > times[i - 1]!)) {
      throw new EngineInputError(
        `times[${i}]`,
        "out-of-range",
        `times must strictly increase, got ${times[i]} after ${times[i - 1]}.`,
      );
    }
  }
}

/**
 * Runs a streaming detector over a whole return stream: event i is (`times[i]` or i, `values[i]`).
 * Validates everything first, so a bad input throws before any event is fed.
 *
 * @throws EngineInputError naming `values`, `values[i]`, `times` or `times[i]`.
 */
export function runOnReturns(
  detector: StreamingDetector,
  values: readonly number[],
  times: readonly number[] | undefined,
): SpikeEvent[] {
  assertMinLength("values", values, 1);
  assertFinite("values", values);
  if (times !== undefined) checkTimes(times, values.length, "values");
  const out: SpikeEvent[] = [];
  for (let i = 0; i < values.length; i++) {
    for (const event of detector.push(times === undefined ? i : times[i]!, values[i]!)) out.push(event);
  }
  return out;
}

/**
 * Log returns of a close series: element i − 1 is ln(closes[i] / closes[i − 1]).
 *
 * @throws EngineInputError naming `closes` (fewer than 2) or `closes[i]` (not finite or not positive).
 */
export function logReturns(closes: readonly number[]): number[] {
  assertMinLength("closes", closes, 2);
  assertFinite("closes", closes);
  const out = new Array<number>(closes.length - 1);
  for (let i = 0; i < closes.length; i++) {
    if (!(closes[i]! > 0)) {
      throw new EngineInputError(`closes[${i}]`, "out-of-range", `a close must be positive, got ${closes[i]}.`);
    }
    if (i > 0) out[i - 1] = Math.log(closes[i]! / closes[i - 1]!);
  }
  return out;
}

/**
 * Runs a streaming detector over a close series: the return from row i − 1 to row i is an event at
 * `times[i]` (default i), and its detections are reported with `index` i, the row of the data.
 *
 * @throws EngineInputError naming `closes`, `closes[i]`, `times` or `times[i]`.
 */
export function runOnCloses(
  detector: StreamingDetector,
  closes: readonly number[],
  times: readonly number[] | undefined,
): SpikeEvent[] {
  const returns = logReturns(closes);
  if (times !== undefined) checkTimes(times, closes.length, "closes");
  const returnTimes = times === undefined ? returns.map((_, k) => k + 1) : times.slice(1);
  return runOnReturns(detector, returns, returnTimes).map((event) => ({ ...event, index: event.index + 1 }));
}
