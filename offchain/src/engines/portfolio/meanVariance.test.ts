import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";

import fc from "fast-check";

import { EngineInputError } from "../errors.ts";
import { efficientFrontier, optimizeMeanVariance, type MeanVarianceInput } from "./meanVariance.ts";
import { estimateMoments, riskMetrics } from "./stats.ts";

/** quadprog (Goldfarb–Idnani dual method, a port of R's quadprog): the independent solver. */
interface QuadprogResult {
  solution: number[];
  message: string;
}
const quadprog = createRequire(import.meta.url)("quadprog") as {
  solveQP(d: number[][], dvec: number[], a: number[][], bvec: number[], meq: number): QuadprogResult;
};

/** min ½wᵀΣw − t·μᵀw, Σw = 1, lo ≤ w ≤ hi [, μᵀw ≥ target] with quadprog's 1-indexed arrays. */
function referenceSolve(input: MeanVarianceInput, lo: number, hi: number): number[] {
  const n = input.mean.length;
  const t = input.riskTolerance ?? 0;
  const d: number[][] = [[]];
  const dvec: number[] = [0];
  for (let i = 1; i <= n; i++) {
    d[i] = [0];
    for (let j = 1; j <= n; j++) d[i]![j] = input.covariance[i - 1]![j - 1]!;
    dvec[i] = t * input.mean[i - 1]!;
  }
  const columns: number[][] = [];
  const bvec: number[] = [];
  columns.push(new Array<number>(n).fill(1));
  bvec.push(1);
  if (input.targetReturn !== undefined) {
    columns.push([...input.mean]);
    bvec.push(input.targetReturn);
  }
  for (let i = 0; i < n; i++) {
    const lower = new Array<number>(n).fill(0);
    lower[i] = 1;
    columns.push(lower);
    bvec.push(lo);
    const upper = new Array<number>(n).fill(0);
    upper[i] = -1;
    columns.push(upper);
    bvec.push(-hi);
  }
  const a: number[][] = [[]];
  for (let i = 1; i <= n; i++) {
    a[i] = [0];
    for (let j = 1; j <= columns.length; j++) a[i]![j] = columns[j - 1]![i - 1]!;
  }
  const result = quadprog.solveQP(d, dvec, a, [0, ...bvec], 1);
  assert.equal(result.message, "", `quadprog: ${result.message}`);
  return result.solution.slice(1);
}

/** A random well-conditioned problem: Σ = FFᵀ + diag, μ small, like daily returns. */
const problemArb = fc
  .record({
    n: fc.integer({ min: 2, max: 12 }),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    t: fc.double({ min: 0, max: 5, noNaN: true }),
  })
  .map(({ n, seed, t }) => {
    let s = seed;
    const rand = () => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647 - 0.5;
    };
    const factors = Array.from({ length: n }, () => [rand(), rand(), rand()]);
    const covariance = factors.map((fi, i) =>
      factors.map(
        (fj, j) =>
          (fi[0]! * fj[0]! + fi[1]! * fj[1]! + fi[2]! * fj[2]!) * 1e-4 + (i === j ? 1e-4 * (0.5 + rand() + 0.5) : 0),
      ),
    );
    const mean = Array.from({ length: n }, () => rand() * 2e-3);
    return { mean, covariance, riskTolerance: t * 1e-1 };
  });

function objective(input: MeanVarianceInput, w: readonly number[]): number {
  const t = input.riskTolerance ?? 0;
  let v = 0;
  for (let i = 0; i < w.length; i++) {
    for (let j = 0; j < w.length; j++) v += 0.5 * w[i]! * input.covariance[i]![j]! * w[j]!;
    v -= t * input.mean[i]! * w[i]!;
  }
  return v;
}

describe("exact mean–variance optimiser", () => {
  it("satisfies the KKT conditions and the constraints on random problems", () => {
    fc.assert(
      fc.property(problemArb, fc.double({ min: 0.2, max: 1, noNaN: true }), (problem, cap) => {
        const maxWeight = Math.max(cap, 1 / problem.mean.length + 1e-9);
        const result = optimizeMeanVariance({ ...problem, maxWeight });
        assert.ok(result.kktResidual < 1e-9, `KKT residual ${result.kktResidual}`);
        const sum = result.weights.reduce((s, x) => s + x, 0);
        assert.ok(Math.abs(sum - 1) < 1e-12, `weights sum to ${sum}`);
        for (const w of result.weights) assert.ok(w >= -1e-15 && w <= maxWeight + 1e-15);
      }),
      { numRuns: 200 },
    );
  });

  it("agrees with an independent QP solver (quadprog, Goldfarb–Idnani)", () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const ours = optimizeMeanVariance({ ...problem, maxWeight: 0.6 });
        const reference = referenceSolve(problem, 0, 0.6);
        const gap = objective(problem, ours.weights) - objective(problem, reference);
        assert.ok(gap < 1e-12, `our objective is worse by ${gap}`);
        for (let i = 0; i < reference.length; i++) {
          assert.ok(Math.abs(ours.weights[i]! - reference[i]!) < 1e-6, `w[${i}] ${ours.weights[i]} vs ${reference[i]}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("meets a target return exactly, as the minimum-variance portfolio quadprog finds", () => {
    fc.assert(
      fc.property(problemArb, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (problem, where) => {
        const frontier = efficientFrontier({ ...problem, maxWeight: 0.7 }, 2);
        const low = frontier[0]!.expectedReturn;
        const high = frontier[1]!.expectedReturn;
        const targetReturn = low + (high - low) * where;
        const ours = optimizeMeanVariance({ ...problem, maxWeight: 0.7, targetReturn });
        assert.ok(Math.abs(ours.expectedReturn - targetReturn) < 1e-12, `${ours.expectedReturn} vs ${targetReturn}`);
        const reference = referenceSolve({ ...problem, riskTolerance: 0, targetReturn }, 0, 0.7);
        const refVar = objective({ ...problem, riskTolerance: 0 }, reference) * 2;
        assert.ok(ours.variance <= refVar * (1 + 1e-7) + 1e-18, `variance ${ours.variance} vs ${refVar}`);
      }),
      { numRuns: 100 },
    );
  });

  it("gives a frontier whose volatility rises with return", () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const frontier = efficientFrontier(problem, 12);
        for (let k = 1; k < frontier.length; k++) {
          assert.ok(frontier[k]!.expectedReturn >= frontier[k - 1]!.expectedReturn - 1e-15);
          assert.ok(frontier[k]!.volatility >= frontier[k - 1]!.volatility - 1e-12);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("is deterministic: the same input gives the same bytes", () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        assert.equal(JSON.stringify(optimizeMeanVariance(problem)), JSON.stringify(optimizeMeanVariance(problem)));
      }),
      { numRuns: 30 },
    );
  });

  it("solves a 2-asset problem in closed form", () => {
    // Minimum variance of two uncorrelated assets: w₁ = σ₂²/(σ₁² + σ₂²).
    const result = optimizeMeanVariance({
      mean: [0.01, 0.02],
      covariance: [
        [0.04, 0],
        [0, 0.01],
      ],
    });
    assert.ok(Math.abs(result.weights[0]! - 0.2) < 1e-15);
    assert.ok(Math.abs(result.weights[1]! - 0.8) < 1e-15);
  });

  it("handles a zero-variance asset (cash) and duplicate assets", () => {
    // f(w₁) = ½·0.01·w₁² − 0.5·(0.01·(1 − w₁) + 0.02·w₁) is least at w₁ = 0.5.
    const cash = optimizeMeanVariance({
      mean: [0.01, 0.02],
      covariance: [
        [0, 0],
        [0, 0.01],
      ],
      riskTolerance: 0.5,
    });
    assert.ok(Math.abs(cash.weights[1]! - 0.5) < 1e-15, String(cash.weights));
    const twins = optimizeMeanVariance({
      mean: [0.01, 0.01],
      covariance: [
        [0.04, 0.04],
        [0.04, 0.04],
      ],
      maxWeight: 0.6,
    });
    assert.ok(Math.abs(twins.weights[0]! + twins.weights[1]! - 1) < 1e-15);
    assert.ok(twins.kktResidual < 1e-12);
  });

  it("names the problem in bad input", () => {
    const ok = {
      mean: [0.01, 0.02],
      covariance: [
        [0.04, 0],
        [0, 0.01],
      ],
    };
    const cases: [MeanVarianceInput, string, string][] = [
      [{ ...ok, mean: [Number.NaN, 0.02] }, "mean[0]", "not-finite"],
      [{ ...ok, mean: [] }, "mean", "empty"],
      [{ ...ok, covariance: [[0.04, 0]] }, "covariance", "length-mismatch"],
      [
        {
          ...ok,
          covariance: [
            [0.04, 0.01],
            [0, 0.01],
          ],
        },
        "covariance[0][1]",
        "out-of-range",
      ],
      [{ ...ok, maxWeight: 0.4 }, "bounds", "infeasible"],
      [{ ...ok, targetReturn: 0.05 }, "targetReturn", "infeasible"],
    ];
    for (const [input, field, problem] of cases) {
      assert.throws(
        () => optimizeMeanVariance(input),
        (error: unknown) => error instanceof EngineInputError && error.field === field && error.problem === problem,
        `${field} ${problem}`,
      );
    }
  });
});

describe("moments and risk metrics", () => {
  it("estimates mean and unbiased covariance", () => {
    const { mean, covariance } = estimateMoments([
      [0.01, 0.03, -0.01],
      [0.02, 0.0, 0.01],
    ]);
    assert.ok(Math.abs(mean[0]! - 0.01) < 1e-15);
    assert.ok(Math.abs(covariance[0]![0]! - 0.0004) < 1e-15);
    assert.ok(Math.abs(covariance[0]![1]! - -0.0001) < 1e-15);
    assert.throws(
      () =>
        estimateMoments([
          [0.01, 0.02],
          [0.03, 0.01],
          [0.0, 0.02],
        ]),
      (error: unknown) => error instanceof EngineInputError && error.problem === "singular-covariance",
    );
    assert.doesNotThrow(() =>
      estimateMoments(
        [
          [0.01, 0.02],
          [0.03, 0.01],
          [0.0, 0.02],
        ],
        0.1,
      ),
    );
  });

  it("computes historical VaR, CVaR and drawdown by hand", () => {
    const series = Array.from({ length: 20 }, (_, i) => (i === 3 ? -0.1 : 0.01));
    const m = riskMetrics(series);
    assert.ok(Math.abs(m.var95 - 0.1) < 1e-15); // ⌈0.05·20⌉ = 1st worst
    assert.ok(Math.abs(m.cvar95 - 0.1) < 1e-15);
    assert.ok(Math.abs(m.maxDrawdown - 0.1) < 1e-12);
    assert.throws(() => riskMetrics([0.1, Number.NaN]), EngineInputError);
  });
});
