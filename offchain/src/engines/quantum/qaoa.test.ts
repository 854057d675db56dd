import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { EngineInputError } from "../errors.ts";
import { circuitFacts, qaoaCircuit, rzzSchedule } from "./circuit.ts";
import { selectAssetsQaoa } from "./index.ts";
import { gridSearch, nelderMead } from "./optimizer.ts";
import { interpolateAngles, runQaoa } from "./qaoa.ts";
import { bruteForce, buildQubo, popcount, quboEnergies, type Qubo } from "./qubo.ts";
import { factorProblem, generalProblem } from "./testing.ts";

function expectInputError(fn: () => unknown, field: string, problem: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof EngineInputError, `expected EngineInputError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.equal(error.problem, problem);
    return true;
  });
}

function smallQubo(): Qubo {
  return buildQubo({
    expectedReturns: [0.0008, 0.0002, 0.0005, -0.0001, 0.0006],
    covariance: [
      [4e-4, 1e-4, 5e-5, 2e-5, 1e-4],
      [1e-4, 2e-4, 3e-5, 1e-5, 6e-5],
      [5e-5, 3e-5, 3e-4, 4e-5, 7e-5],
      [2e-5, 1e-5, 4e-5, 1e-4, 2e-5],
      [1e-4, 6e-5, 7e-5, 2e-5, 5e-4],
    ],
    k: 2,
    riskWeight: 0.5,
  });
}

describe("runQaoa", () => {
  it("is deterministic: the same input gives the same bytes", () => {
    fc.assert(
      fc.property(
        generalProblem(6),
        fc.integer({ min: 1, max: 2 }),
        fc.nat(),
        fc.integer({ min: 0, max: 500 }),
        (input, p, seed, shots) => {
          const qubo = buildQubo(input);
          const first = runQaoa({ qubo, p, shots, seed, maxIterations: 40 });
          const second = runQaoa({ qubo: buildQubo(input), p, shots, seed, maxIterations: 40 });
          assert.equal(JSON.stringify(first), JSON.stringify(second));
          assert.deepEqual(first, second);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("on random 8-asset problems with K = 3, p = 1 and 2 reach an approximation ratio above 0.5", () => {
    fc.assert(
      fc.property(factorProblem(8, 3), fc.integer({ min: 1, max: 2 }), (input, p) => {
        const qubo = buildQubo(input);
        const result = runQaoa({ qubo, p, shots: 512, seed: 7, maxIterations: 100 });
        assert.ok(result.approximationRatio > 0.5, `ratio ${result.approximationRatio}`);
        assert.ok(result.approximationRatio <= 1 + 1e-12);
        assert.ok(Math.abs(result.probabilitySum - 1) < 1e-12);
        assert.equal(popcount(result.chosen.index), 3);
        // Every minimum-energy state of the default-penalty QUBO has exactly K ones.
        const energies = quboEnergies(qubo);
        const { minEnergy, maxEnergy } = bruteForce(qubo, energies);
        const tolerance = 1e-12 * (maxEnergy - minEnergy);
        for (let index = 0; index < energies.length; index++) {
          if (energies[index]! <= minEnergy + tolerance) assert.equal(popcount(index), 3);
        }
        assert.equal(result.optimumFound, result.chosen.index === result.optimum.index);
      }),
      { numRuns: 12 },
    );
  });

  it("reports consistent facts: probabilities, shots, circuit size, evaluations", () => {
    const qubo = smallQubo();
    const result = runQaoa({ qubo, p: 2, shots: 1000, seed: 3, maxIterations: 100 });
    assert.ok(Math.abs(result.probabilitySum - 1) < 1e-12);
    assert.equal(result.parameters.gammas.length, 2);
    assert.equal(result.parameters.betas.length, 2);
    assert.equal(result.shots.shots, 1000);
    assert.ok(result.shots.feasibleShots <= 1000);
    assert.ok(result.shots.top.length <= 8);
    assert.equal(result.circuit.qubits, 5);
    assert.equal(result.circuit.layers, 2);
    // K₅ needs 5 RZZ layers; depth = 1 + 2·(5 + 2).
    assert.equal(result.circuit.rzzLayersPerQaoaLayer, 5);
    assert.equal(result.circuit.depth, 15);
    assert.equal(result.circuit.gates, 5 + 2 * (10 + 10));
    assert.equal(result.circuit.shots, 1000);
    assert.equal(result.circuit.objectiveEvaluations, result.optimizer.evaluations);
    assert.equal(
      result.optimizer.evaluations,
      result.optimizer.levels.reduce((total, level) => total + level.evaluations, 0),
    );
    assert.ok(result.optimizer.levels[0]!.evaluations >= 144);
    // The optimised expectation beats the uniform superposition (the mean energy).
    const energies = quboEnergies(qubo);
    const mean = energies.reduce((total, e) => total + e, 0) / energies.length;
    assert.ok(result.expectation < mean);
    assert.ok(result.feasibleProbability > 0 && result.feasibleProbability <= 1);
  });

  it("falls back to the most probable feasible state when there are no shots", () => {
    const result = runQaoa({ qubo: smallQubo(), p: 1, shots: 0, seed: 0, maxIterations: 50 });
    assert.equal(result.chosen.source, "most-probable-feasible-state");
    assert.equal(result.shots.distinctOutcomes, 0);
    assert.equal(popcount(result.chosen.index), 2);
  });

  it("rejects bad settings naming the field", () => {
    const qubo = smallQubo();
    expectInputError(() => runQaoa({ qubo, p: 0, shots: 10, seed: 1, maxIterations: 10 }), "p", "out-of-range");
    expectInputError(() => runQaoa({ qubo, p: 1, shots: -1, seed: 1, maxIterations: 10 }), "shots", "out-of-range");
    expectInputError(() => runQaoa({ qubo, p: 1, shots: 10, seed: 1.5, maxIterations: 10 }), "seed", "out-of-range");
    expectInputError(
      () => runQaoa({ qubo, p: 1, shots: 10, seed: 1, maxIterations: Number.NaN }),
      "maxIterations",
      "out-of-range",
    );
  });
});

describe("selectAssetsQaoa", () => {
  it("selects K named assets and reports the measured speed ratio", () => {
    const result = selectAssetsQaoa({
      expectedReturns: [0.0008, 0.0002, 0.0005, -0.0001],
      covariance: [
        [4e-4, 1e-4, 5e-5, 2e-5],
        [1e-4, 2e-4, 3e-5, 1e-5],
        [5e-5, 3e-5, 3e-4, 4e-5],
        [2e-5, 1e-5, 4e-5, 1e-4],
      ],
      k: 2,
      riskWeight: 0.5,
      assets: ["DAX", "SMI", "CAC", "FTSE"],
    });
    assert.equal(result.selected.length, 2);
    for (const { index, asset } of result.selected) assert.equal(asset, ["DAX", "SMI", "CAC", "FTSE"][index]);
    assert.ok(result.timings.qaoaMs > 0);
    assert.ok(result.timings.classicalMs >= 0);
    assert.equal(result.quantum_speedup, result.timings.classicalMs / result.timings.qaoaMs);
    assert.deepEqual(result.classical, bruteForce(result.qubo));
  });

  it("rejects a wrong number of asset names and bad μ", () => {
    const base = {
      expectedReturns: [0.01, 0.02],
      covariance: [
        [1, 0],
        [0, 1],
      ],
      k: 1,
      riskWeight: 0.5,
    };
    expectInputError(() => selectAssetsQaoa({ ...base, assets: ["A"] }), "assets", "length-mismatch");
    expectInputError(
      () => selectAssetsQaoa({ ...base, expectedReturns: [Number.NaN, 0.02] }),
      "expectedReturns[0]",
      "not-finite",
    );
  });
});

describe("QAOA circuit", () => {
  it("layers hold disjoint gates, and depth and gate count follow the documented formula", () => {
    fc.assert(
      fc.property(generalProblem(9), fc.integer({ min: 1, max: 3 }), (input, p) => {
        const qubo = buildQubo(input);
        const circuit = qaoaCircuit(qubo, new Array<number>(p).fill(0.3), new Array<number>(p).fill(0.2));
        const facts = circuitFacts(qubo, p);
        assert.deepEqual(circuit.facts, facts);
        assert.equal(circuit.gates.length, facts.gates);
        assert.equal(Math.max(...circuit.gates.map((gate) => gate.layer)) + 1, facts.depth);
        assert.equal(facts.depth, 1 + p * (facts.rzzLayersPerQaoaLayer + 2));
        const used = new Map<number, Set<number>>();
        for (const gate of circuit.gates) {
          const qubits = used.get(gate.layer) ?? new Set<number>();
          for (const q of gate.qubits) {
            assert.ok(!qubits.has(q), `qubit ${q} twice in layer ${gate.layer}`);
            qubits.add(q);
          }
          used.set(gate.layer, qubits);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("the complete coupling graph needs N − 1 RZZ layers for even N and N for odd N", () => {
    for (let n = 1; n <= 12; n++) {
      const couplings = new Float64Array(n * n).fill(1);
      const expected = n === 1 ? 0 : n % 2 === 0 ? n - 1 : n;
      const schedule = rzzSchedule(couplings, n);
      assert.equal(schedule.length, expected, `N = ${n}`);
      assert.equal(
        schedule.reduce((total, layer) => total + layer.length, 0),
        (n * (n - 1)) / 2,
      );
    }
  });
});

describe("optimiser", () => {
  it("Nelder–Mead finds the minimum of the Rosenbrock function", () => {
    const rosenbrock = (x: readonly number[]) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 2000, initialStep: 0.5 });
    assert.ok(result.converged);
    assert.ok(Math.abs(result.x[0]! - 1) < 1e-4 && Math.abs(result.x[1]! - 1) < 1e-4);
    assert.ok(result.evaluations > result.iterations);
  });

  it("grid search visits every cell centre once and returns the best", () => {
    const seen: string[] = [];
    const result = gridSearch(
      (x) => {
        seen.push(x.join(","));
        return (x[0]! - 0.3) ** 2 + (x[1]! - 0.7) ** 2;
      },
      [
        { min: 0, max: 1, points: 5 },
        { min: 0, max: 1, points: 5 },
      ],
    );
    assert.equal(result.evaluations, 25);
    assert.equal(new Set(seen).size, 25);
    assert.deepEqual(result.x, [0.3, 0.7]);
  });

  it("INTERP extends p angles to p + 1 along the same line", () => {
    assert.deepEqual(interpolateAngles([1]), [1, 1]);
    assert.deepEqual(interpolateAngles([1, 2]), [1, 1.5, 2]);
  });
});
