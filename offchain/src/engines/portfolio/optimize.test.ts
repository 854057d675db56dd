import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { loadEuStockMarkets } from "../../market/euStocks.ts";
import { EngineInputError } from "../errors.ts";
import { optimizePortfolio, type PortfolioRequest } from "./optimize.ts";
import { returnsMatrix } from "./stats.ts";

const eu = returnsMatrix(loadEuStockMarkets().closes);

/** A deterministic synthetic universe (labelled synthetic): 3-factor returns from a seeded LCG. */
function synthetic(n: number, periods: number, seed: number): { assets: string[]; returns: number[][] } {
  let s = seed;
  const rand = () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647 - 0.5;
  };
  const loadings = Array.from({ length: n }, () => [rand(), rand(), rand()]);
  const factors = Array.from({ length: periods }, () => [rand() * 0.02, rand() * 0.02, rand() * 0.02]);
  const drift = Array.from({ length: n }, () => rand() * 0.002);
  const returns = loadings.map((l, a) =>
    factors.map((f) => drift[a]! + l[0]! * f[0]! + l[1]! * f[1]! + l[2]! * f[2]! + rand() * 0.01),
  );
  return { assets: Array.from({ length: n }, (_, i) => `S${i}`), returns };
}

describe("portfolio engine", () => {
  it("optimises the real four-index data set exactly", () => {
    const result = optimizePortfolio({
      assets: eu.assets,
      returns: eu.returns,
      riskTolerance: 0.3,
      frontierPoints: 10,
    });
    const weights = Object.values(result.optimal_weights);
    assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    assert.ok(result.kkt_residual < 1e-12);
    assert.equal(result.quantum_speedup, null);
    assert.equal(result.frontier.length, 10);
    assert.ok(result.risk_metrics.var_95 > 0 && result.risk_metrics.cvar_95 >= result.risk_metrics.var_95);
  });

  it("weights always sum to 1 within their bounds (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 15 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, seed, tolerance, cap) => {
          const { assets, returns } = synthetic(n, 120, seed);
          const maxWeight = Math.max(cap, 1 / n + 1e-6);
          const result = optimizePortfolio({ assets, returns, riskTolerance: tolerance, maxWeight });
          const w = Object.values(result.optimal_weights);
          assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-9);
          for (const x of w) assert.ok(x >= 0 && x <= maxWeight + 1e-12);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("QAOA chooses K assets and the exact optimiser weights only those", () => {
    const { assets, returns } = synthetic(8, 250, 42);
    const request: PortfolioRequest = { assets, returns, method: "qaoa", cardinality: 3, riskTolerance: 0.5 };
    const result = optimizePortfolio(request);
    assert.ok(result.quantum);
    assert.equal(result.quantum.selected.length, 3);
    assert.equal(result.quantum.qubits, 8);
    for (const [asset, weight] of Object.entries(result.optimal_weights)) {
      if (!result.quantum.selected.includes(asset)) assert.equal(weight, 0);
    }
    assert.ok(result.quantum_speedup! > 0 && Number.isFinite(result.quantum_speedup));
    assert.ok(result.quantum.approximation_ratio > 0.5 && result.quantum.approximation_ratio <= 1);
    // Deterministic apart from the measured timings.
    const strip = (r: typeof result) =>
      JSON.stringify({ ...r, quantum_speedup: 0, quantum: { ...r.quantum, qaoa_ms: 0, classical_ms: 0 } });
    assert.equal(strip(optimizePortfolio(request)), strip(result));
  });

  it("names the problem in bad requests", () => {
    const ok = { assets: eu.assets, returns: eu.returns };
    const cases: [PortfolioRequest, string, string][] = [
      [{ ...ok, assets: ["DAX"] }, "returns", "length-mismatch"],
      [{ ...ok, returns: [[0.1, Number.NaN], ...eu.returns.slice(1)] }, "returns.0.1", "out-of-range"],
      [{ ...ok, returns: eu.returns.map((r, i) => (i === 2 ? r.slice(1) : r)) }, "returns[2]", "length-mismatch"],
      [{ ...ok, maxWeight: 0.2 }, "maxWeight", "infeasible"],
      [{ ...ok, method: "qaoa" }, "cardinality", "out-of-range"],
      [{ ...ok, targetReturn: 5 }, "targetReturn", "infeasible"],
      [
        {
          assets: ["A", "B", "C"],
          returns: [
            [0.01, 0.02],
            [0.0, 0.01],
            [0.02, -0.01],
          ],
        },
        "returns",
        "singular-covariance",
      ],
    ];
    for (const [request, field, problem] of cases) {
      assert.throws(
        () => optimizePortfolio(request),
        (e: unknown) => e instanceof EngineInputError && e.field === field && e.problem === problem,
        `${field} ${problem}`,
      );
    }
  });
});
