import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { computeFeatures } from "../engines/decision/features.ts";
import { predictProbabilities } from "../engines/decision/model.ts";
import { decide } from "../engines/decision/decide.ts";
import { loadEuStockMarkets } from "../market/euStocks.ts";
import { createDecisionEngine, loadModelCard } from "./decisionModel.ts";

describe("committed ONNX decision model", () => {
  it("matches its model card (sha256, features, classes)", () => {
    const { card } = loadModelCard();
    assert.deepEqual(card.classes, ["sell", "hold", "buy"]);
    assert.match(card.version, /^peper-decision-lr-1\+[0-9a-f]{12}$/);
  });

  it("onnxruntime-node gives the model card's probabilities on real data (float32 vs float64)", async () => {
    const engine = await createDecisionEngine();
    const market = loadEuStockMarkets();
    let worst = 0;
    for (const closes of Object.values(market.closes)) {
      const { rows } = computeFeatures({ closes });
      const onnx = await engine.predict(rows);
      rows.forEach((row, r) => {
        const exact = predictProbabilities(engine.card, row);
        for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(onnx[r]![k]! - exact[k]!));
      });
    }
    assert.ok(worst < 1e-5, `largest difference ${worst}`);
  });

  it("a decision through ONNX equals the pure engine's up to float32 rounding", async () => {
    const engine = await createDecisionEngine();
    const closes = loadEuStockMarkets().closes.FTSE.slice(0, 1500);
    const input = {
      asset: "FTSE",
      closes,
      risk: { maxPosition: 0.25, stopLoss: 0.05, takeProfit: 0.15, maxDrawdown: 0.2, allowedAssets: ["FTSE"] },
    };
    const viaOnnx = await engine.decide(input);
    const pure = decide(input, engine.card);
    assert.equal(viaOnnx.decision.action, pure.decision.action);
    assert.equal(viaOnnx.inputs_hash, pure.inputs_hash);
    assert.ok(Math.abs(viaOnnx.confidence_score - pure.confidence_score) < 1e-5);
    assert.equal(JSON.stringify(await engine.decide(input)), JSON.stringify(viaOnnx), "deterministic");
  });
});
