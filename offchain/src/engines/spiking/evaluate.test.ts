import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { EngineInputError } from "../errors.ts";
import { scoreDetections, scoreFromCounts, type LabelledEvent } from "./evaluate.ts";
import type { SpikeKind } from "./series.ts";

const jumpsAt = (indices: number[], kind: SpikeKind = "jump-up") => indices.map((index) => ({ index, kind }));
const labelsAt = (indices: number[], kind: LabelledEvent["kind"] = "jump") => indices.map((index) => ({ index, kind }));

/** Maximum one-to-one matching by exhaustive search (small cases only). */
function bruteForceMatches(hits: number[], targets: number[], tolerance: number): number {
  const used = new Array<boolean>(hits.length).fill(false);
  const best = (t: number): number => {
    if (t === targets.length) return 0;
    let result = best(t + 1); // leave target t unmatched
    for (let h = 0; h < hits.length; h++) {
      if (used[h] || Math.abs(hits[h]! - targets[t]!) > tolerance) continue;
      used[h] = true;
      result = Math.max(result, 1 + best(t + 1));
      used[h] = false;
    }
    return result;
  };
  return best(0);
}

describe("precision / recall / F1", () => {
  it("scores hand cases", () => {
    // Tolerance 1: only 10 ↔ 11 matches.
    const tight = scoreDetections(jumpsAt([10, 20, 30]), labelsAt([11, 25, 40]), "jump", 1);
    assert.deepEqual([tight.truePositives, tight.falsePositives, tight.falseNegatives], [1, 2, 2]);
    assert.equal(tight.precision, 1 / 3);
    assert.equal(tight.recall, 1 / 3);
    assert.ok(Math.abs(tight.f1 - 1 / 3) < 1e-15);

    // Tolerance 5: 10 ↔ 11 and 20 ↔ 25; 30 is a false positive, 40 a miss.
    const loose = scoreDetections(jumpsAt([10, 20, 30]), labelsAt([11, 25, 40]), "jump", 5);
    assert.deepEqual([loose.truePositives, loose.falsePositives, loose.falseNegatives], [2, 1, 1]);
    assert.equal(loose.precision, 2 / 3);
    assert.equal(loose.recall, 2 / 3);

    // 4 detections, 2 labels both found: P = 1/2, R = 1, F1 = 2·(1/2)·1 / (3/2) = 2/3.
    const s = scoreDetections(jumpsAt([5, 6, 50, 90]), labelsAt([5, 50]), "jump", 0);
    assert.deepEqual([s.precision, s.recall], [0.5, 1]);
    assert.ok(Math.abs(s.f1 - 2 / 3) < 1e-15);
  });

  it("matches one to one", () => {
    const one = scoreDetections(jumpsAt([10]), labelsAt([9, 11]), "jump", 1);
    assert.deepEqual([one.truePositives, one.falsePositives, one.falseNegatives], [1, 0, 1]);
    const two = scoreDetections(jumpsAt([10, 10]), labelsAt([10]), "jump", 0);
    assert.deepEqual([two.truePositives, two.falsePositives, two.falseNegatives], [1, 1, 0]);
    // Greedy in order must not take 10 for label 11 when 12 would leave 10 for label 9.
    const chain = scoreDetections(jumpsAt([10, 12]), labelsAt([9, 11]), "jump", 1);
    assert.equal(chain.truePositives, 2);
  });

  it("scores one class: both jump signs count as jumps, regime changes apart", () => {
    const detected = [...jumpsAt([10], "jump-up"), ...jumpsAt([20], "jump-down"), ...jumpsAt([30], "regime-change")];
    const labels = [...labelsAt([10, 20]), ...labelsAt([31], "regime-change")];
    const jumps = scoreDetections(detected, labels, "jump", 0);
    assert.deepEqual([jumps.truePositives, jumps.falsePositives, jumps.falseNegatives], [2, 0, 0]);
    const regimes = scoreDetections(detected, labels, "regime-change", 1);
    assert.deepEqual([regimes.truePositives, regimes.falsePositives, regimes.falseNegatives], [1, 0, 0]);
  });

  it("uses stated conventions for empty sets", () => {
    assert.deepEqual(scoreFromCounts(0, 0, 0), {
      truePositives: 0,
      falsePositives: 0,
      falseNegatives: 0,
      precision: 1,
      recall: 1,
      f1: 1,
    });
    const nothingFound = scoreFromCounts(0, 0, 3);
    assert.deepEqual([nothingFound.precision, nothingFound.recall, nothingFound.f1], [1, 0, 0]);
    const nothingToFind = scoreFromCounts(0, 2, 0);
    assert.deepEqual([nothingToFind.precision, nothingToFind.recall, nothingToFind.f1], [0, 1, 0]);
  });

  it("finds a maximum one-to-one matching (against exhaustive search)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 7 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 7 }),
        fc.integer({ min: 0, max: 4 }),
        (hits, targets, tolerance) => {
          const score = scoreDetections(jumpsAt(hits), labelsAt(targets), "jump", tolerance);
          assert.equal(score.truePositives, bruteForceMatches(hits, targets, tolerance));
          assert.equal(score.truePositives + score.falsePositives, hits.length);
          assert.equal(score.truePositives + score.falseNegatives, targets.length);
        },
      ),
    );
  });

  it("rejects a bad tolerance, bad indices and bad counts, naming the field", () => {
    const check = (fn: () => unknown, field: string) =>
      assert.throws(fn, (e: unknown) => e instanceof EngineInputError && e.field === field);
    check(() => scoreDetections([], [], "jump", -1), "tolerance");
    check(() => scoreDetections([], [], "jump", 0.5), "tolerance");
    check(() => scoreDetections(jumpsAt([1.5]), [], "jump", 0), "detected[0].index");
    check(() => scoreDetections([], labelsAt([Number.NaN]), "jump", 0), "labels[0].index");
    check(() => scoreFromCounts(-1, 0, 0), "truePositives");
  });
});
