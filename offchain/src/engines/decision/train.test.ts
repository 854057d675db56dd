import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { softmax } from "./model.ts";
import { brierScore, fitSoftmaxRegression, fitTemperature, negativeLogLikelihood, rawLogits } from "./train.ts";

function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

describe("softmax regression training", () => {
  it("recovers a planted model: the fitted classes match the generating ones", () => {
    const rand = lcg(11);
    const x: Float64Array[] = [];
    const y: number[] = [];
    for (let s = 0; s < 3000; s++) {
      const row = Float64Array.of(rand() * 2 - 1, rand() * 2 - 1);
      const logits = [-3 * row[0]!, 0, 3 * row[0]! + 2 * row[1]!];
      const p = softmax(logits);
      const u = rand();
      y.push(u < p[0]! ? 0 : u < p[0]! + p[1]! ? 1 : 2);
      x.push(row);
    }
    const model = fitSoftmaxRegression({ x, y }, 1e-4);
    // The buy-minus-sell weight on feature 0 is positive and large; on feature 1, buy > sell.
    assert.ok(model.weights[0]![2]! - model.weights[0]![0]! > 2);
    assert.ok(model.weights[1]![2]! - model.weights[1]![0]! > 0.5);
    // Converged: Newton stopped on a tiny step, and the NLL is near the generating model's.
    assert.ok(model.iterations < 50);
    const fitted = negativeLogLikelihood(
      x.map((r) => rawLogits(model, r)),
      y,
      1,
    );
    assert.ok(fitted < 0.9, `NLL ${fitted}`);
  });

  it("temperature scaling finds T that sharpens under-confident logits", () => {
    const rand = lcg(5);
    const logits: Float64Array[] = [];
    const y: number[] = [];
    for (let s = 0; s < 2000; s++) {
      const true_ = Float64Array.of(rand() * 4 - 2, 0, rand() * 4 - 2);
      const p = softmax(true_);
      const u = rand();
      y.push(u < p[0]! ? 0 : u < p[0]! + p[1]! ? 1 : 2);
      logits.push(true_.map((v) => v / 3)); // three times too soft
    }
    const t = fitTemperature(logits, y);
    assert.ok(t > 0.25 && t < 0.45, `T = ${t}, expected ≈ 1/3`);
  });

  it("Brier score by hand", () => {
    assert.equal(brierScore([[1, 0, 0]], [0]), 0);
    assert.equal(brierScore([[0, 1, 0]], [0]), 2);
    assert.ok(Math.abs(brierScore([[1 / 3, 1 / 3, 1 / 3]], [2]) - 2 / 3) < 1e-15);
  });
});
