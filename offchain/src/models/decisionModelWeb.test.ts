// The committed ONNX decision model also runs in onnxruntime-web (the WebAssembly runtime the dApp
// uses in the browser), here through its Node entry, with the same outputs as the model card.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import * as ortWeb from "onnxruntime-web";

import { computeFeatures } from "../engines/decision/features.ts";
import { predictProbabilities } from "../engines/decision/model.ts";
import { loadEuStockMarkets } from "../market/euStocks.ts";
import { loadModelCard } from "./decisionModel.ts";

describe("decision model in onnxruntime-web", () => {
  it("gives the model card's probabilities on real data (WebAssembly backend)", async () => {
    ortWeb.env.wasm.numThreads = 1;
    const { card, onnx } = loadModelCard();
    const session = await ortWeb.InferenceSession.create(onnx, { executionProviders: ["wasm"] });
    const { rows } = computeFeatures({ closes: loadEuStockMarkets().closes.SMI });
    const width = card.features.length;
    const data = new Float32Array(rows.length * width);
    rows.forEach((row, r) => data.set(Array.from(row), r * width));
    const out = await session.run({ features: new ortWeb.Tensor("float32", data, [rows.length, width]) });
    const probabilities = out.probabilities!.data as Float32Array;
    let worst = 0;
    rows.forEach((row, r) => {
      const exact = predictProbabilities(card, row);
      for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(probabilities[r * 3 + k]! - exact[k]!));
    });
    assert.ok(worst < 1e-5, `largest difference ${worst}`);
    await session.release();
  });
});
