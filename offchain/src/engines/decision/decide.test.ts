import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { loadEuStockMarkets } from "../../market/euStocks.ts";
import { loadModelCard } from "../../models/decisionModel.ts";
import { EngineInputError } from "../errors.ts";
import { decide, type DecisionInput } from "./decide.ts";
import { FEATURE_NAMES, WARMUP, computeFeatures, latestFeatures } from "./features.ts";
import { ACTIONS, attributions, predictProbabilities } from "./model.ts";
import { applyRisk, RiskParametersSchema, PositionStateSchema } from "./risk.ts";

const { card } = loadModelCard();
const dax = loadEuStockMarkets().closes.DAX;
const risk = { maxPosition: 0.2, stopLoss: 0.05, takeProfit: 0.1, maxDrawdown: 0.2, allowedAssets: ["DAX"] };

describe("features", () => {
  it("never look ahead: appending future closes leaves past rows unchanged", () => {
    const full = computeFeatures({ closes: dax });
    const cut = computeFeatures({ closes: dax.slice(0, 500) });
    assert.deepEqual(cut.rows, full.rows.slice(0, cut.rows.length));
  });

  it("keeps RSI and %B in range and computes returns exactly", () => {
    const { rows, days } = computeFeatures({ closes: dax });
    for (const [k, row] of rows.entries()) {
      assert.ok(row[6]! >= 0 && row[6]! <= 1, "RSI in [0, 1]");
      assert.equal(row[0], Math.log(dax[days[k]!]! / dax[days[k]! - 1]!));
    }
    assert.equal(rows[0]!.length, FEATURE_NAMES.length);
  });

  it("the live (trailing-window) features match the full-history features", () => {
    const full = computeFeatures({ closes: dax });
    const live = latestFeatures({ closes: dax });
    const last = full.rows[full.rows.length - 1]!;
    for (let i = 0; i < live.length; i++)
      assert.ok(Math.abs(live[i]! - last[i]!) <= 1e-6 * Math.max(1, Math.abs(last[i]!)));
  });

  it("names the problem in bad series", () => {
    assert.throws(
      () => computeFeatures({ closes: dax.slice(0, WARMUP) }),
      (e: unknown) => e instanceof EngineInputError && e.field === "closes",
    );
    const bad = [...dax.slice(0, 100)];
    bad[42] = Number.NaN;
    assert.throws(
      () => computeFeatures({ closes: bad }),
      (e: unknown) => e instanceof EngineInputError && e.field === "closes[42]",
    );
    assert.throws(
      () => computeFeatures({ closes: dax.slice(0, 100), volumes: [1, 2] }),
      (e: unknown) => e instanceof EngineInputError && e.problem === "length-mismatch",
    );
  });
});

describe("decision", () => {
  const input: DecisionInput = { asset: "DAX", closes: dax.slice(0, 1000), risk };

  it("returns the API's fields, with a reasoning sentence naming the top features", () => {
    const d = decide(input, card);
    assert.ok(ACTIONS.includes(d.decision.action));
    assert.ok(d.confidence_score >= 0 && d.confidence_score <= 1);
    assert.match(d.inputs_hash, /^0x[0-9a-f]{64}$/);
    assert.equal(d.model_version, card.version);
    // SHA-256 of the model version and the parsed input, as every release has stored it (the value
    // viem's sha256 gave before the engine used node:crypto's; stored decisions stay comparable)
    assert.equal(d.inputs_hash, "0x5cee90872499b186745d524df1a6d04b0aa1e7d1ac461f0115630038f7c66a0e");
    const sum = d.probabilities.buy + d.probabilities.hold + d.probabilities.sell;
    assert.ok(Math.abs(sum - 1) < 1e-5);
    const top = attributions(card, latestFeatures({ closes: input.closes }), d.model_action)[0]!;
    assert.ok(d.reasoning.length > 40);
    assert.ok(
      d.reasoning.toLowerCase().includes(top.feature.includes("return") ? "return" : top.feature.split("_")[0]!),
      d.reasoning,
    );
  });

  it("attributions add up to the chosen logit minus the mean logit", () => {
    const x = latestFeatures({ closes: input.closes });
    for (const action of ACTIONS) {
      const k = ACTIONS.indexOf(action);
      const total = attributions(card, x, action).reduce((s, a) => s + a.contribution, 0);
      const z = x.map((v, i) => (v - card.mean[i]!) / card.std[i]!);
      const logits = ACTIONS.map(
        (_, c) => (card.bias[c]! + z.reduce((s, zi, i) => s + zi * card.weights[i]![c]!, 0)) / card.temperature,
      );
      const biasPart = (card.bias[k]! - card.bias.reduce((s, b) => s + b, 0) / 3) / card.temperature;
      const expected = logits[k]! - logits.reduce((s, l) => s + l, 0) / 3 - biasPart;
      assert.ok(Math.abs(total - expected) < 1e-12);
    }
  });

  it("is deterministic: the same input gives the same bytes", () => {
    assert.equal(JSON.stringify(decide(input, card)), JSON.stringify(decide(input, card)));
  });

  it("names the field of bad input", () => {
    const cases: [DecisionInput, string][] = [
      [{ ...input, closes: [...input.closes.slice(0, 99), Number.NaN] }, "closes.99"],
      [{ ...input, closes: input.closes.slice(0, 10) }, "closes"],
      [{ ...input, risk: { ...risk, maxPosition: 2 } }, "risk.maxPosition"],
      [{ ...input, asset: "" }, "asset"],
    ];
    for (const [bad, field] of cases) {
      assert.throws(
        () => decide(bad, card),
        (e: unknown) => e instanceof EngineInputError && e.field === field,
        field,
      );
    }
  });
});

describe("risk manager", () => {
  const riskArb = fc.record({
    maxPosition: fc.double({ min: 0.01, max: 1, noNaN: true }),
    stopLoss: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    takeProfit: fc.double({ min: 0.01, max: 2, noNaN: true }),
    maxDrawdown: fc.double({ min: 0.01, max: 1, noNaN: true }),
    allowedAssets: fc.subarray(["DAX", "SMI", "CAC", "FTSE"]),
    minConfidence: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  const stateArb = fc.record({
    position: fc.double({ min: 0, max: 1, noNaN: true }),
    drawdown: fc.double({ min: 0, max: 1, noNaN: true }),
    entryPrice: fc.option(fc.double({ min: 1, max: 10_000, noNaN: true }), { nil: undefined }),
  });
  const tradeArb = fc.record({
    asset: fc.constantFrom("DAX", "SMI", "CAC", "FTSE"),
    action: fc.constantFrom(...ACTIONS),
    size: fc.double({ min: 0, max: 1, noNaN: true }),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    price: fc.double({ min: 1, max: 10_000, noNaN: true }),
  });

  it("always honours its vetoes", () => {
    fc.assert(
      fc.property(riskArb, stateArb, tradeArb, (rawRisk, rawState, trade) => {
        const r = RiskParametersSchema.parse(rawRisk);
        const s = PositionStateSchema.parse(
          rawState.entryPrice === undefined ? { position: rawState.position, drawdown: rawState.drawdown } : rawState,
        );
        const out = applyRisk(trade, r, s);
        const forcedExit = out.vetoes.some((v) => v.rule === "stop-loss" || v.rule === "take-profit");
        if (out.action === "buy") {
          assert.ok(r.allowedAssets.includes(trade.asset), "never buys a disallowed asset");
          assert.ok(s.drawdown < r.maxDrawdown, "never buys past the drawdown limit");
          assert.ok(trade.confidence >= r.minConfidence, "never acts below the minimum confidence");
          assert.ok(s.position + out.size <= r.maxPosition + 1e-12, "never exceeds the maximum position");
        }
        if (out.action === "sell") assert.ok(out.size <= s.position + 1e-12 && s.position > 0, "never sells short");
        if (out.action === "hold") assert.equal(out.size, 0);
        if (!forcedExit && out.action !== "hold") assert.equal(out.action, trade.action, "only turns trades into hold");
      }),
      { numRuns: 2000 },
    );
  });

  it("the full decision honours the vetoes too", () => {
    fc.assert(
      fc.property(riskArb, fc.integer({ min: WARMUP + 1, max: dax.length }), (rawRisk, end) => {
        const r = RiskParametersSchema.parse(rawRisk);
        const d = decide({ asset: "DAX", closes: dax.slice(0, end), risk: r }, card);
        if (d.decision.action === "buy") {
          assert.ok(r.allowedAssets.includes("DAX"));
          assert.ok(d.confidence_score >= r.minConfidence);
          assert.ok(d.decision.size <= r.maxPosition + 1e-9);
          assert.ok(d.decision.stop_loss! < dax[end - 1]! && d.decision.take_profit! > dax[end - 1]!);
        } else {
          assert.equal(d.decision.stop_loss, null);
        }
        assert.notEqual(d.decision.action, "sell", "no position, so never sells");
      }),
      { numRuns: 200 },
    );
  });

  it("model probabilities sum to one", () => {
    const { rows } = computeFeatures({ closes: dax });
    for (const row of rows.slice(0, 200)) {
      const p = predictProbabilities(card, row);
      assert.ok(Math.abs(p[0]! + p[1]! + p[2]! - 1) < 1e-12);
    }
  });
});
