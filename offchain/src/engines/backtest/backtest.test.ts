import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { EngineInputError } from "../errors.ts";
import { backtest, walkForward } from "./backtest.ts";

describe("backtest", () => {
  it("earns the next day's return on the position, minus costs on changes (by hand)", () => {
    const closes = [100, 110, 99, 99];
    // Day 0: hold 1 → +10%, cost 1 × 15 bps. Day 1: hold 0.5 → −5%, cost 0.5 × 15 bps. Day 2: 0 → 0, cost 0.5 × 15 bps.
    const r = backtest(closes, [0, 1, 2], [1, 0.5, 0], { feeBps: 10, slippageBps: 5 });
    const expected = [0.1 - 0.0015, 0.5 * -0.1 - 0.00075, -0.00075];
    r.returns.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-15));
    assert.ok(Math.abs(r.totalReturn - ((1 + expected[0]!) * (1 + expected[1]!) * (1 + expected[2]!) - 1)) < 1e-15);
    assert.ok(Math.abs(r.annualTurnover - (2 / 3) * 252) < 1e-9);
    assert.ok(Math.abs(r.exposure - 2 / 3) < 1e-15);
  });

  it("always-invested with zero costs equals buy and hold", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 3, maxLength: 50 }),
        (closes) => {
          const days = closes.slice(0, -1).map((_, i) => i);
          const r = backtest(
            closes,
            days,
            days.map(() => 1),
            { feeBps: 0, slippageBps: 0 },
          );
          const hold = closes[closes.length - 1]! / closes[0]! - 1;
          assert.ok(Math.abs(r.totalReturn - hold) <= 1e-9 * Math.max(1, Math.abs(hold)));
        },
      ),
    );
  });

  it("names bad input", () => {
    assert.throws(
      () => backtest([1, 2], [0, 1], [1, 1], { feeBps: 0, slippageBps: 0 }),
      (e: unknown) => e instanceof EngineInputError && e.field === "days[1]",
    );
    assert.throws(
      () => backtest([1, 2, 3], [0, 1], [1], { feeBps: 0, slippageBps: 0 }),
      (e: unknown) => e instanceof EngineInputError && e.field === "positions",
    );
  });
});

describe("walk-forward", () => {
  it("fits each block only on earlier rows and trades every later row once", () => {
    const closes = Array.from({ length: 40 }, (_, i) => 100 + i);
    const days = Array.from({ length: 39 }, (_, i) => i);
    const features = days.map((d) => Float64Array.of(d));
    const fitEnds: number[] = [];
    const result = walkForward({
      closes,
      days,
      features,
      initialTrain: 10,
      testBlock: 7,
      costs: { feeBps: 0, slippageBps: 0 },
      fit: (end) => {
        fitEnds.push(end);
        return (x) => {
          assert.ok(x[0]! >= end, "a strategy is never asked about a day it was fitted on");
          return 1;
        };
      },
    });
    assert.deepEqual(fitEnds, [10, 17, 24, 31, 38]);
    assert.deepEqual(result.days, days.slice(10));
    assert.equal(result.folds, 5);
    assert.ok(Math.abs(result.strategy.totalReturn - result.buyAndHold.totalReturn) < 1e-15);
  });
});
