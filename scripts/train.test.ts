// The committed decision model is exactly what `npm run train` produces from the shipped data:
// same ONNX bytes, same model card. Fails when either was edited by hand or the training changed
// without retraining.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { trainDecisionModel } from "./lib/train-decision.ts";

test("npm run train reproduces the committed decision model byte for byte", () => {
  const dir = new URL("../offchain/src/models/decision/", import.meta.url);
  const trained = trainDecisionModel();
  const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
  assert.equal(sha(trained.onnxBytes), sha(readFileSync(new URL("decision-model.onnx", dir))));
  assert.equal(JSON.stringify(trained.card, null, 2) + "\n", readFileSync(new URL("model-card.json", dir), "utf8"));
});
