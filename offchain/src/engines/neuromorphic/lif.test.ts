import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { loadEuStockMarkets } from "../../market/euStocks.ts";
import { EngineInputError } from "../errors.ts";
import { detectZScore } from "./baseline.ts";
import { EU_DOCUMENTED_EVENTS, approximateIndex, locateEvent } from "./eu-events.ts";
import { scoreDetections } from "./evaluate.ts";
import { DEFAULT_LIF, createLifNetwork, detectSpikes } from "./lif.ts";
import { syntheticLabelledSeries } from "./synthetic.ts";

/** Closes with small alternating ±0.5% moves and optional jumps at given rows. */
function quietSeries(length: number, jumps: Record<number, number> = {}): number[] {
  const closes = [100];
  for (let i = 1; i < length; i++) closes.push(closes[i - 1]! * Math.exp(jumps[i] ?? (i % 2 ? 0.005 : -0.005)));
  return closes;
}

describe("LIF spiking detector", () => {
  it("fires exactly one jump of the right sign at the right row", () => {
    const up = detectSpikes(quietSeries(200, { 120: 0.05 }));
    assert.deepEqual(
      up.filter((e) => e.kind !== "regime-change").map((e) => [e.index, e.kind]),
      [[120, "jump-up"]],
    );
    const down = detectSpikes(quietSeries(200, { 80: -0.06 }));
    assert.deepEqual(
      down.filter((e) => e.kind !== "regime-change").map((e) => [e.index, e.kind]),
      [[80, "jump-down"]],
    );
  });

  it("is silent on a constant series and on steady noise", () => {
    assert.deepEqual(detectSpikes(new Array<number>(500).fill(42)), []);
    assert.deepEqual(detectSpikes(quietSeries(500)), []);
  });

  it("decays between events exactly as exp(−Δt/τ) (event-driven, no ticks)", () => {
    const net = createLifNetwork({ warmup: 1 });
    net.push(0, 0.01); // warm-up: scale 0.01
    net.push(1, 0.02); // x = 2 → up = 2, no spike (threshold 5)
    const before = net.state;
    assert.ok(Math.abs(before.up - 2) < 1e-15);
    net.push(8.5, 0); // 7.5 time units later, zero input
    assert.ok(Math.abs(net.state.up - 2 * Math.exp(-7.5 / DEFAULT_LIF.fastTau)) < 1e-15);
  });

  it("flags a volatility regime change and the return to calm", () => {
    const closes = [100];
    for (let i = 1; i < 900; i++) {
      const sigma = i >= 400 && i < 550 ? 0.025 : 0.006;
      closes.push(closes[i - 1]! * Math.exp(sigma * (i % 2 ? 1 : -1) * (1 + (i % 7) / 7)));
    }
    const regimes = detectSpikes(closes).filter((e) => e.kind === "regime-change");
    assert.equal(regimes.length, 2, JSON.stringify(regimes));
    assert.equal(regimes[0]!.regime, "turbulent");
    assert.ok(regimes[0]!.index >= 400 && regimes[0]!.index < 420);
    assert.equal(regimes[1]!.regime, "calm");
    assert.ok(regimes[1]!.index >= 550 && regimes[1]!.index < 600);
  });

  it("streaming and batch give the same events, deterministically (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 2, maxLength: 400 }),
        (returns) => {
          const closes = [100];
          for (const r of returns) closes.push(closes[closes.length - 1]! * Math.exp(r));
          const batch = detectSpikes(closes);
          const net = createLifNetwork();
          const streamed = [];
          for (let i = 1; i < closes.length; i++) streamed.push(...net.push(i, Math.log(closes[i]! / closes[i - 1]!)));
          assert.deepEqual(streamed, batch);
          assert.equal(JSON.stringify(detectSpikes(closes)), JSON.stringify(batch));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("names the problem in bad input", () => {
    const cases: [() => unknown, string][] = [
      [() => detectSpikes([100]), "closes"],
      [() => detectSpikes([100, Number.NaN, 101]), "closes[1]"],
      [() => detectSpikes([100, 0, 101]), "closes[1]"],
      [() => detectSpikes([1, 2, 3], { times: [0, 1] }), "times"],
      [() => detectSpikes([1, 2, 3], { parameters: { fastTau: -1 } }), "parameters.fastTau"],
      [() => detectSpikes([1, 2, 3], { parameters: { refractory: 1.5 } }), "parameters.refractory"],
    ];
    for (const [run, field] of cases) {
      assert.throws(run, (e: unknown) => e instanceof EngineInputError && e.field === field, field);
    }
    const net = createLifNetwork();
    net.push(5, 0.01);
    assert.throws(
      () => net.push(5, 0.01),
      (e: unknown) => e instanceof EngineInputError && e.field === "events[1].time",
    );
  });
});

describe("evaluation", () => {
  it("scores by hand", () => {
    const detected = [
      { index: 10, time: 10, kind: "jump-up" as const, strength: 1 },
      { index: 31, time: 31, kind: "jump-down" as const, strength: 1 },
      { index: 50, time: 50, kind: "jump-up" as const, strength: 1 },
    ];
    const labels = [
      { index: 11, kind: "jump" as const },
      { index: 30, kind: "jump" as const },
      { index: 90, kind: "jump" as const },
      { index: 60, kind: "regime-change" as const },
    ];
    const s = scoreDetections(detected, labels, "jump", 1);
    assert.deepEqual([s.truePositives, s.falsePositives, s.falseNegatives], [2, 1, 1]);
    assert.ok(Math.abs(s.precision - 2 / 3) < 1e-15 && Math.abs(s.recall - 2 / 3) < 1e-15);
  });

  it("finds most injected jumps in SYNTHETIC labelled series not used to choose its parameters", () => {
    // Measured on seeds 101–120: mean recall 0.89, worst 0.76 (BENCHMARKS.md). The floor of 0.7
    // leaves room for unlucky seeds without letting a broken detector pass (a detector that never
    // fires scores 0; one that fires on every day fails the precision of the other tests).
    for (let seed = 101; seed <= 110; seed++) {
      const { closes, labels } = syntheticLabelledSeries(seed);
      const score = scoreDetections(detectSpikes(closes), labels, "jump", 1);
      assert.ok(score.recall >= 0.7, `seed ${seed}: recall ${score.recall}`);
      assert.ok(score.precision >= 0.5, `seed ${seed}: precision ${score.precision}`);
    }
  });

  it("the z-score baseline uses the same output and finds the same big jump", () => {
    const events = detectZScore(quietSeries(200, { 120: 0.05 }));
    assert.deepEqual(
      events.map((e) => [e.index, e.kind]),
      [[120, "jump-up"]],
    );
  });
});

describe("documented real events", () => {
  it("maps dates to rows of the business-time index", () => {
    assert.equal(approximateIndex("1991-08-19"), 35);
    const closes = Object.values(loadEuStockMarkets().closes);
    // The coup day is the largest DAX fall in the data set (−9.6%).
    assert.equal(locateEvent("1991-08-19", closes), 35);
    for (const e of EU_DOCUMENTED_EVENTS) {
      const row = locateEvent(e.date, closes);
      assert.ok(Math.abs(row - approximateIndex(e.date)) <= 10);
    }
  });
});
