import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { scoreDetections } from "./evaluate.ts";
import { DEFAULT_LIF_PARAMETERS, LifNetwork, detectSpikes, detectSpikesInCloses, type LifParameters } from "./lif.ts";
import { logReturns, type SpikeEvent } from "./series.ts";
import { assertInputError, gaussianReturns } from "./testing.ts";
import { syntheticLabelledSeries } from "./synthetic.ts";

/** Closes at 100 with a single step to `100 · e^jump` at row `at`. */
function flatWithJump(length: number, at: number, jump: number): number[] {
  return Array.from({ length }, (_, i) => (i >= at ? 100 * Math.exp(jump) : 100));
}

describe("LIF network: detections", () => {
  it("fires exactly one jump of the right sign at the right row on a flat series", () => {
    assert.deepEqual(
      detectSpikesInCloses(flatWithJump(200, 100, 0.05)).map((e) => [e.index, e.kind]),
      [[100, "jump-up"]],
    );
    assert.deepEqual(
      detectSpikesInCloses(flatWithJump(200, 77, -0.03)).map((e) => [e.index, e.kind]),
      [[77, "jump-down"]],
    );
  });

  it("fires exactly one jump on quiet noise with one large move", () => {
    const returns = gaussianReturns(400, 7, () => 0.005);
    returns[250] = -0.05; // 10 σ
    const events = detectSpikes(returns);
    assert.deepEqual(
      events.map((e) => [e.index, e.kind]),
      [[250, "jump-down"]],
    );
    assert.ok(events[0]!.strength > 1);
  });

  it("is silent on constant closes and on zero returns", () => {
    assert.deepEqual(detectSpikesInCloses(new Array<number>(500).fill(42)), []);
    assert.deepEqual(detectSpikes(new Array<number>(500).fill(0)), []);
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 300 }), (price, n) => {
        assert.deepEqual(detectSpikesInCloses(new Array<number>(n).fill(price)), []);
      }),
    );
  });

  it("flags calm → turbulent and back on a volatility step", () => {
    const returns = gaussianReturns(900, 42, (i) => (i >= 400 && i < 550 ? 0.02 : 0.006));
    const regimes = detectSpikes(returns).filter((e) => e.kind === "regime-change");
    assert.equal(regimes.length, 2, JSON.stringify(regimes));
    assert.equal(regimes[0]!.regime, "turbulent");
    assert.ok(regimes[0]!.index >= 400 && regimes[0]!.index <= 415, `onset at ${regimes[0]!.index}`);
    assert.equal(regimes[1]!.regime, "calm");
    assert.ok(regimes[1]!.index >= 550 && regimes[1]!.index <= 590, `end at ${regimes[1]!.index}`);
  });

  it("is refractory after a jump", () => {
    const returns = new Array<number>(100).fill(0);
    returns[50] = 0.05;
    returns[51] = 0.05;
    const jumps = (parameters: Partial<LifParameters>) =>
      detectSpikes(returns, { parameters })
        .filter((e) => e.kind === "jump-up")
        .map((e) => e.index);
    assert.deepEqual(jumps({ refractory: 2 }), [50]);
    assert.deepEqual(jumps({ refractory: 0 }), [50, 51]);
  });

  it("is deterministic: the same input gives the same JSON", () => {
    const { closes } = syntheticLabelledSeries(3);
    assert.equal(JSON.stringify(detectSpikesInCloses(closes)), JSON.stringify(detectSpikesInCloses(closes)));
  });

  it("reports close-series detections at the row of the later close", () => {
    const { closes } = syntheticLabelledSeries(4);
    const returns = logReturns(closes);
    const fromReturns = detectSpikes(returns, { times: returns.map((_, k) => k + 1) });
    assert.deepEqual(
      detectSpikesInCloses(closes),
      fromReturns.map((e) => ({ ...e, index: e.index + 1 })),
    );
  });

  it("recalls injected jumps on SYNTHETIC labelled series above the measured floor", () => {
    // Seeds 201–210 were used neither to choose the defaults (1–10) nor by the benchmark (1001–1020).
    // Measured: 217 of 235 jumps found at the exact row (recall 0.923). Jumps are 5–9 σ of their
    // regime and the neuron fires at about 4.4 σ of the adaptive scale, so misses come from the scale
    // lagging a regime switch (a calm-size jump shortly after turbulence ends) or a refractory period.
    // The floor 0.85 guards that behaviour with room for deliberate retuning.
    let found = 0;
    let total = 0;
    for (let seed = 201; seed <= 210; seed++) {
      const { closes, labels } = syntheticLabelledSeries(seed);
      const score = scoreDetections(detectSpikesInCloses(closes), labels, "jump", 0);
      found += score.truePositives;
      total += score.truePositives + score.falseNegatives;
    }
    assert.ok(found / total >= 0.85, `recall ${found}/${total}`);
  });
});

describe("LIF network: event-driven dynamics", () => {
  it("decays a jump neuron as v·exp(−Δt/τ) between events (closed form)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 1e-3, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        (fastTau, gap, x) => {
          const net = new LifNetwork({ warmup: 1, fastTau });
          net.push(0, 0.01); // warm-up: scale = 0.01
          net.push(1, 0.01 * x); // input x (below the threshold 5.5)
          assert.ok(Math.abs(net.state.up - x) <= 1e-12 * x);
          net.push(1 + gap, 0); // no input, only the decay over the gap
          const expected = x * Math.exp(-gap / fastTau);
          assert.ok(Math.abs(net.state.up - expected) <= 1e-12 * x, `${net.state.up} vs ${expected}`);
        },
      ),
    );
  });

  it("decays the regime neuron as v·exp(−Δt/τ) when an event brings no net evidence", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 100, noNaN: true }), (gap) => {
        const p = DEFAULT_LIF_PARAMETERS;
        const net = new LifNetwork({ warmup: 1 });
        net.push(0, 0.01); // warm-up: both scales 0.01
        net.push(1, 0.04); // energy (4/√(π/2))² ≈ 10.2, capped at 9: charge 9 − 2 = 7 (< 10, no flip)
        const charged = net.state.regimePotential;
        assert.ok(Math.abs(charged - (p.energyCap - p.energyMargin)) < 1e-12);
        // A return whose energy equals the margin adds nothing: only the decay remains.
        const neutral = -Math.sqrt(p.energyMargin) * Math.sqrt(Math.PI / 2) * net.state.baselineScale;
        assert.deepEqual(net.push(1 + gap, neutral), []);
        const expected = charged * Math.exp(-gap / p.regimeTau);
        assert.ok(
          Math.abs(net.state.regimePotential - expected) <= 1e-9,
          `${net.state.regimePotential} vs ${expected}`,
        );
      }),
    );
  });

  it("streaming push gives the same events as the batch API (random series and times)", () => {
    const series = fc
      .array(
        fc.record({
          gap: fc.double({ min: 0.01, max: 5, noNaN: true }),
          value: fc.oneof(
            { weight: 9, arbitrary: fc.double({ min: -0.02, max: 0.02, noNaN: true }) },
            { weight: 1, arbitrary: fc.double({ min: -0.3, max: 0.3, noNaN: true }) },
          ),
        }),
        { minLength: 1, maxLength: 400 },
      )
      .map((steps) => {
        let t = 0;
        return { times: steps.map((s) => (t += s.gap)), values: steps.map((s) => s.value) };
      });
    fc.assert(
      fc.property(series, fc.integer({ min: 0, max: 30 }), ({ times, values }, warmup) => {
        const parameters = { warmup };
        const batch = detectSpikes(values, { times, parameters });
        const net = new LifNetwork(parameters);
        const streamed: SpikeEvent[] = [];
        for (let i = 0; i < values.length; i++) streamed.push(...net.push(times[i]!, values[i]!));
        assert.deepEqual(streamed, batch);
      }),
    );
  });
});

describe("LIF network: input errors", () => {
  it("rejects bad batch input, naming the field", () => {
    assertInputError(() => detectSpikes([]), "values");
    assertInputError(() => detectSpikes([0.01, Number.NaN, 0]), "values[1]");
    assertInputError(() => detectSpikes([0.01, 0, Number.POSITIVE_INFINITY]), "values[2]");
    assertInputError(() => detectSpikes([0, 0, 0], { times: [0, 1, 1] }), "times[2]");
    assertInputError(() => detectSpikes([0, 0, 0], { times: [0, 2, 1] }), "times[2]");
    assertInputError(() => detectSpikes([0, 0, 0], { times: [0, 1] }), "times");
    assertInputError(() => detectSpikes([0, 0], { times: [0, Number.NaN] }), "times[1]");
    assertInputError(() => detectSpikesInCloses([100]), "closes");
    assertInputError(() => detectSpikesInCloses([100, 0, 100]), "closes[1]");
    assertInputError(() => detectSpikesInCloses([100, -5]), "closes[1]");
    assertInputError(() => detectSpikesInCloses([100, Number.NaN]), "closes[1]");
  });

  it("rejects bad stream events, naming the field, and keeps its state", () => {
    const net = new LifNetwork();
    net.push(1, 0.01);
    assertInputError(() => net.push(2, Number.NaN), "value");
    assertInputError(() => net.push(Number.NaN, 0), "time");
    assertInputError(() => net.push(1, 0), "time");
    assertInputError(() => net.push(0.5, 0), "time");
    assert.equal(net.state.events, 1);
    net.push(2, 0.01);
    assert.equal(net.state.events, 2);
  });

  it("rejects bad parameters, naming the parameter", () => {
    const bad: [Partial<LifParameters>, string][] = [
      [{ fastTau: 0 }, "parameters.fastTau"],
      [{ fastTau: Number.NaN }, "parameters.fastTau"],
      [{ jumpThreshold: -1 }, "parameters.jumpThreshold"],
      [{ refractory: -1 }, "parameters.refractory"],
      [{ scaleAlpha: 0 }, "parameters.scaleAlpha"],
      [{ scaleAlpha: 1.5 }, "parameters.scaleAlpha"],
      [{ scaleClip: 0 }, "parameters.scaleClip"],
      [{ minScale: 0 }, "parameters.minScale"],
      [{ regimeTau: Number.POSITIVE_INFINITY }, "parameters.regimeTau"],
      [{ regimeThreshold: 0 }, "parameters.regimeThreshold"],
      [{ regimeRefractory: Number.NaN }, "parameters.regimeRefractory"],
      [{ energyMargin: 0 }, "parameters.energyMargin"],
      [{ energyCap: 1 }, "parameters.energyCap"],
      [{ spikeKick: -2 }, "parameters.spikeKick"],
      [{ baselineAlpha: 0 }, "parameters.baselineAlpha"],
      [{ baselineAlphaTurbulent: 2 }, "parameters.baselineAlphaTurbulent"],
      [{ warmup: 1.5 }, "parameters.warmup"],
      [{ warmup: -1 }, "parameters.warmup"],
    ];
    for (const [parameters, field] of bad) {
      assertInputError(() => new LifNetwork(parameters), field);
      assertInputError(() => detectSpikes([0, 0], { parameters }), field);
    }
  });
});
