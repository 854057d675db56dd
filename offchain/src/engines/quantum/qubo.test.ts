import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { EngineInputError } from "../errors.ts";
import { bruteForce, buildQubo, defaultPenalty, popcount, quboEnergies, quboEnergy, type QuboInput } from "./qubo.ts";
import { directObjective, factorProblem, generalProblem, magnitude } from "./testing.ts";

function expectInputError(fn: () => unknown, field: string, problem: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof EngineInputError, `expected EngineInputError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.equal(error.problem, problem);
    return true;
  });
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

describe("buildQubo / quboEnergies", () => {
  it("quboEnergies equals the objective computed directly from μ, Σ, q, A and K", () => {
    fc.assert(
      fc.property(generalProblem(9), fc.option(fc.double({ min: 0, max: 50, noNaN: true })), (input, penalty) => {
        const qubo = buildQubo(penalty === null ? input : { ...input, penalty });
        const energies = quboEnergies(qubo);
        const tolerance = 1e-12 * magnitude(input, qubo.penalty);
        assert.equal(energies.length, 2 ** qubo.n);
        for (let index = 0; index < energies.length; index++) {
          const direct = directObjective(input, qubo.penalty, index);
          assert.ok(
            Math.abs(energies[index]! - direct) <= tolerance,
            `state ${index}: ${energies[index]} vs ${direct}`,
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it("quboEnergies equals the term-by-term QUBO energy of every bitstring", () => {
    fc.assert(
      fc.property(generalProblem(10), (input) => {
        const qubo = buildQubo(input);
        const energies = quboEnergies(qubo);
        const tolerance = 1e-12 * magnitude(input, qubo.penalty);
        for (let index = 0; index < energies.length; index++) {
          assert.ok(Math.abs(energies[index]! - quboEnergy(qubo, index)) <= tolerance);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("writes hᵢ, Jᵢⱼ and the constant as documented", () => {
    const input: QuboInput = {
      expectedReturns: [0.1, 0.2],
      covariance: [
        [0.04, 0.01],
        [0.03, 0.09],
      ],
      k: 1,
      riskWeight: 0.25,
      penalty: 2,
    };
    const qubo = buildQubo(input);
    assert.ok(Math.abs(qubo.linear[0]! - (0.25 * 0.04 - 0.75 * 0.1 + 2 * (1 - 2))) < 1e-15);
    assert.ok(Math.abs(qubo.quadratic[1]! - (0.25 * (0.01 + 0.03) + 4)) < 1e-15);
    assert.equal(qubo.quadratic[2], qubo.quadratic[1]);
    assert.equal(qubo.constant, 2);
  });

  it("accepts Float64Array rows", () => {
    const rows = [Float64Array.from([0.02, 0.001]), Float64Array.from([0.001, 0.03])];
    const fromTyped = buildQubo({
      expectedReturns: Float64Array.from([0.01, 0.02]),
      covariance: rows,
      k: 1,
      riskWeight: 0.5,
    });
    const fromPlain = buildQubo({
      expectedReturns: [0.01, 0.02],
      covariance: rows.map((row) => [...row]),
      k: 1,
      riskWeight: 0.5,
    });
    assert.deepEqual(quboEnergies(fromTyped), quboEnergies(fromPlain));
  });
});

describe("bruteForce", () => {
  it("finds the true optimum, the feasible optimum, E_min and E_max (checked against enumeration)", () => {
    fc.assert(
      fc.property(generalProblem(9), fc.option(fc.double({ min: 0, max: 5, noNaN: true })), (input, penalty) => {
        const qubo = buildQubo(penalty === null ? input : { ...input, penalty });
        const result = bruteForce(qubo);
        let best = 0;
        let worst = -Infinity;
        let bestFeasible = -1;
        for (let index = 0; index < 2 ** qubo.n; index++) {
          const energy = quboEnergy(qubo, index);
          if (energy < quboEnergy(qubo, best)) best = index;
          worst = Math.max(worst, energy);
          if (popcount(index) === qubo.k && (bestFeasible < 0 || energy < quboEnergy(qubo, bestFeasible))) {
            bestFeasible = index;
          }
        }
        const tolerance = 1e-12 * magnitude(input, qubo.penalty);
        // The reported optimum is a minimum of the enumeration (the index may differ only on an exact tie).
        assert.ok(Math.abs(result.minEnergy - quboEnergy(qubo, best)) <= tolerance);
        assert.ok(quboEnergy(qubo, result.optimum.index) <= quboEnergy(qubo, best) + tolerance);
        assert.ok(Math.abs(result.maxEnergy - worst) <= tolerance);
        assert.equal(popcount(result.feasibleOptimum.index), qubo.k);
        assert.ok(quboEnergy(qubo, result.feasibleOptimum.index) <= quboEnergy(qubo, bestFeasible) + tolerance);
        assert.equal(result.optimum.selected.length, popcount(result.optimum.index));
        assert.equal(result.optimum.bitstring.length, qubo.n);
      }),
      { numRuns: 200 },
    );
  });

  it("describes the optimum with asset 0 first in the bitstring", () => {
    // Only asset 2 has a positive return; with q = 0 and K = 1 it is the unique optimum.
    const qubo = buildQubo({ expectedReturns: [0, 0, 1, 0], covariance: identity(4), k: 1, riskWeight: 0 });
    const { optimum } = bruteForce(qubo);
    assert.equal(optimum.index, 4);
    assert.equal(optimum.bitstring, "0010");
    assert.deepEqual(optimum.selected, [2]);
  });

  it("with the default penalty every minimum-energy state has exactly K ones", () => {
    const anyK = generalProblem(10);
    const realistic = fc
      .integer({ min: 2, max: 10 })
      .chain((n) => fc.integer({ min: 1, max: n }).chain((k) => factorProblem(n, k)));
    fc.assert(
      fc.property(fc.oneof(anyK, realistic), (input) => {
        const qubo = buildQubo(input);
        const energies = quboEnergies(qubo);
        const { minEnergy } = bruteForce(qubo, energies);
        const tolerance = 1e-12 * magnitude(input, qubo.penalty);
        for (let index = 0; index < energies.length; index++) {
          if (energies[index]! <= minEnergy + tolerance) assert.equal(popcount(index), qubo.k, `state ${index}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the default penalty is strictly above the single-flip bound", () => {
    const penalty = defaultPenalty([0.1, -0.2], identity(2), 0.5);
    // B = max(0.5·1 + 0.5·0.1, 0.5·1 + 0.5·0.2) = 0.6.
    assert.ok(Math.abs(penalty - 1.2) < 1e-15);
    assert.equal(
      defaultPenalty(
        [0, 0],
        [
          [0, 0],
          [0, 0],
        ],
        0.5,
      ),
      1,
    );
  });
});

describe("buildQubo input validation", () => {
  const base: QuboInput = { expectedReturns: [0.01, 0.02, 0.03], covariance: identity(3), k: 2, riskWeight: 0.5 };

  it("NaN in μ names the element", () => {
    expectInputError(
      () => buildQubo({ ...base, expectedReturns: [0.01, Number.NaN, 0.03] }),
      "expectedReturns[1]",
      "not-finite",
    );
  });

  it("a non-finite covariance entry names row and column", () => {
    const covariance = identity(3);
    covariance[2]![0] = Number.POSITIVE_INFINITY;
    expectInputError(() => buildQubo({ ...base, covariance }), "covariance[2][0]", "not-finite");
  });

  it("a non-square Σ names the short row", () => {
    const covariance = identity(3);
    covariance[1] = [0, 1];
    expectInputError(() => buildQubo({ ...base, covariance }), "covariance[1]", "length-mismatch");
  });

  it("Σ with the wrong number of rows names covariance", () => {
    expectInputError(() => buildQubo({ ...base, covariance: identity(2) }), "covariance", "length-mismatch");
  });

  it("K > N, K < 1 and fractional K name k", () => {
    expectInputError(() => buildQubo({ ...base, k: 4 }), "k", "out-of-range");
    expectInputError(() => buildQubo({ ...base, k: 0 }), "k", "out-of-range");
    expectInputError(() => buildQubo({ ...base, k: 1.5 }), "k", "out-of-range");
  });

  it("N > 24 names expectedReturns as too large", () => {
    const n = 25;
    expectInputError(
      () =>
        buildQubo({ expectedReturns: new Array<number>(n).fill(0), covariance: identity(n), k: 3, riskWeight: 0.5 }),
      "expectedReturns",
      "too-large",
    );
  });

  it("no assets names expectedReturns as empty", () => {
    expectInputError(
      () => buildQubo({ expectedReturns: [], covariance: [], k: 1, riskWeight: 0.5 }),
      "expectedReturns",
      "empty",
    );
  });

  it("risk weight outside [0, 1] and a negative penalty are rejected", () => {
    expectInputError(() => buildQubo({ ...base, riskWeight: 1.5 }), "riskWeight", "out-of-range");
    expectInputError(() => buildQubo({ ...base, riskWeight: Number.NaN }), "riskWeight", "not-finite");
    expectInputError(() => buildQubo({ ...base, penalty: -1 }), "penalty", "out-of-range");
  });
});
