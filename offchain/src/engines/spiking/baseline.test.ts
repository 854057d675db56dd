import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import {
  CONSTANT_SPREAD,
  DEFAULT_ZSCORE_PARAMETERS,
  ZScoreDetector,
  detectZScore,
  detectZScoreInCloses,
  type ZScoreParameters,
} from "./baseline.ts";
import type { SpikeEvent } from "./series.ts";
import { assertInputError, gaussianReturns } from "./testing.ts";
import { syntheticLabelledSeries } from "./synthetic.ts";

/**
 * z of returns[i] against the previous `window` returns, computed directly; `nearGuard` when the
 * spread is within a factor 4 of the constant-window limit, where rounding may decide either way.
 */
function naiveZ(returns: readonly number[], i: number, window: number): { z: number; nearGuard: boolean } {
  const past = returns.slice(i - window, i);
  const mean = past.reduce((a, b) => a + b, 0) / window;
  const sd = Math.sqrt(past.reduce((a, b) => a + (b - mean) ** 2, 0) / (window - 1));
  const limit = CONSTANT_SPREAD * Math.max(...past.map(Math.abs));
  const nearGuard = sd > limit / 4 && sd < limit * 4;
  return { z: sd > limit ? (returns[i]! - mean) / sd : 0, nearGuard };
}

/** Returns with exact zeros, repeated values and tiny magnitudes mixed in (constant windows happen). */
const awkwardReturns = fc.array(
  fc.oneof(
    fc.constant(0),
    fc.constantFrom(0.01, -0.01),
    fc.double({ min: -0.1, max: 0.1, noNaN: true }),
    fc.double({ min: -1e-100, max: 1e-100, noNaN: true }),
  ),
  { minLength: 30, maxLength: 300 },
);

describe("rolling z-score baseline", () => {
  it("fires exactly one jump of the right sign at the right index on quiet noise", () => {
    // Only the jump events: the baseline's volatility-ratio rule also flips to "turbulent" on this
    // single 10 σ move (it inflates the 20-return σ), a weakness the LIF network's lateral inhibition
    // avoids; the benchmark's regime precision shows its cost.
    const jumps = (returns: number[]) =>
      detectZScore(returns)
        .filter((e) => e.kind !== "regime-change")
        .map((e) => [e.index, e.kind]);
    const returns = gaussianReturns(400, 7, () => 0.005);
    returns[250] = 0.05;
    assert.deepEqual(jumps(returns), [[250, "jump-up"]]);
    returns[250] = -0.05;
    assert.deepEqual(jumps(returns), [[250, "jump-down"]]);
  });

  it("is silent on constant closes and on zero returns", () => {
    assert.deepEqual(detectZScoreInCloses(new Array<number>(600).fill(42)), []);
    assert.deepEqual(detectZScore(new Array<number>(600).fill(0)), []);
  });

  it("flags calm → turbulent and back on a volatility step", () => {
    const returns = gaussianReturns(900, 42, (i) => (i >= 400 && i < 550 ? 0.02 : 0.006));
    const regimes = detectZScore(returns).filter((e) => e.kind === "regime-change");
    assert.deepEqual(
      regimes.map((e) => e.regime),
      ["turbulent", "calm"],
    );
    assert.ok(regimes[0]!.index >= 400 && regimes[0]!.index <= 415, `onset at ${regimes[0]!.index}`);
    assert.ok(regimes[1]!.index >= 550 && regimes[1]!.index <= 600, `end at ${regimes[1]!.index}`);
  });

  it("computes z exactly as the direct formula over the previous W returns", () => {
    fc.assert(
      fc.property(
        awkwardReturns,
        fc.integer({ min: 2, max: 25 }),
        fc.double({ min: 0.5, max: 4, noNaN: true }),
        (returns, window, threshold) => {
          const jumps = detectZScore(returns, { parameters: { window, threshold } }).filter(
            (e) => e.kind !== "regime-change",
          );
          const expected: number[] = [];
          for (let i = window; i < returns.length; i++) {
            const { z, nearGuard } = naiveZ(returns, i, window);
            // Skip series where rounding may decide (|z| at the threshold, spread at the limit).
            if (nearGuard || Math.abs(Math.abs(z) - threshold) < 1e-9) return;
            if (Math.abs(z) >= threshold) expected.push(i);
          }
          assert.deepEqual(
            jumps.map((e) => e.index),
            expected,
          );
          for (const e of jumps) {
            const { z } = naiveZ(returns, e.index, window);
            assert.ok(Math.abs(e.strength - Math.abs(z) / threshold) <= 1e-9 * Math.abs(z / threshold));
          }
        },
      ),
    );
  });

  it("streaming push gives the same events as the batch API", () => {
    fc.assert(
      fc.property(awkwardReturns, (values) => {
        const parameters = { window: 10, shortWindow: 5, longWindow: 30 };
        const batch = detectZScore(values, { parameters });
        const detector = new ZScoreDetector(parameters);
        const streamed: SpikeEvent[] = [];
        values.forEach((v, i) => streamed.push(...detector.push(i, v)));
        assert.deepEqual(streamed, batch);
      }),
    );
  });

  it("is deterministic: the same input gives the same JSON", () => {
    const { closes } = syntheticLabelledSeries(5);
    assert.equal(JSON.stringify(detectZScoreInCloses(closes)), JSON.stringify(detectZScoreInCloses(closes)));
  });

  it("rejects bad input and parameters, naming the field", () => {
    assertInputError(() => detectZScore([]), "values");
    assertInputError(() => detectZScore([0, Number.NaN]), "values[1]");
    assertInputError(() => detectZScore([0, 0], { times: [1, 1] }), "times[1]");
    assertInputError(() => detectZScoreInCloses([100, 0]), "closes[1]");
    assertInputError(() => new ZScoreDetector().push(Number.NaN, 0), "time");
    const bad: [Partial<ZScoreParameters>, string][] = [
      [{ window: 1 }, "parameters.window"],
      [{ window: 2.5 }, "parameters.window"],
      [{ shortWindow: 0 }, "parameters.shortWindow"],
      [{ longWindow: DEFAULT_ZSCORE_PARAMETERS.shortWindow }, "parameters.longWindow"],
      [{ threshold: 0 }, "parameters.threshold"],
      [{ enterRatio: Number.NaN }, "parameters.enterRatio"],
      [{ exitRatio: 2 }, "parameters.exitRatio"],
    ];
    for (const [parameters, field] of bad) assertInputError(() => detectZScore([0, 0], { parameters }), field);
  });
});
