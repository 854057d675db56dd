// Test-only helpers shared by the quantum engine's *.test.ts files and its benchmark: fast-check
// generators of selection problems, an independent evaluation of the original objective, and the
// typed binding of the independent `quantum-circuit` simulator.
import { createRequire } from "node:module";

import fc from "fast-check";

import type { QuboInput } from "./qubo.ts";

/** μ and Σ of a random factor model: Σ = F·F' + diag(d) (positive definite), daily-return scale. */
export function factorProblem(n: number, k: number): fc.Arbitrary<QuboInput> {
  const value = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc
    .record({
      mu: fc.array(value(-0.002, 0.003), { minLength: n, maxLength: n }),
      loadings: fc.array(fc.array(value(-0.02, 0.02), { minLength: 2, maxLength: 2 }), { minLength: n, maxLength: n }),
      idiosyncratic: fc.array(value(1e-5, 4e-4), { minLength: n, maxLength: n }),
      riskWeight: value(0, 1),
    })
    .map(({ mu, loadings, idiosyncratic, riskWeight }) => {
      const covariance = loadings.map((a, i) =>
        loadings.map((b, j) => a[0]! * b[0]! + a[1]! * b[1]! + (i === j ? idiosyncratic[i]! : 0)),
      );
      return { expectedReturns: mu, covariance, k, riskWeight };
    });
}

/**
 * Any square real matrix (not necessarily symmetric or positive) and any K: stresses the algebra.
 * Magnitudes below 1e-9 are flushed to 0: subnormal inputs (fast-check's favourite, like 8.4e-323)
 * make every coefficient subnormal, and their ratios lose all precision — no market data looks so.
 */
export function generalProblem(maxN: number): fc.Arbitrary<QuboInput> {
  const value = fc
    .double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true })
    .map((v) => (Math.abs(v) < 1e-9 ? 0 : v));
  return fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc.record({
      expectedReturns: fc.array(value, { minLength: n, maxLength: n }),
      covariance: fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
      k: fc.integer({ min: 1, max: n }),
      riskWeight: fc.double({ min: 0, max: 1, noNaN: true }).map((v) => (v < 1e-9 ? 0 : v)),
    }),
  );
}

/** The objective q·x'Σx − (1−q)·μ'x + A·(Σx − K)² evaluated straight from the inputs. */
export function directObjective(input: QuboInput, penalty: number, index: number): number {
  const n = input.expectedReturns.length;
  const x = Array.from({ length: n }, (_, i) => (index >>> i) & 1);
  let risk = 0;
  let ret = 0;
  let ones = 0;
  for (let i = 0; i < n; i++) {
    ret += input.expectedReturns[i]! * x[i]!;
    ones += x[i]!;
    for (let j = 0; j < n; j++) risk += x[i]! * input.covariance[i]![j]! * x[j]!;
  }
  const q = input.riskWeight;
  return q * risk - (1 - q) * ret + penalty * (ones - input.k) ** 2;
}

/**
 * Σ of the absolute values of all weighted terms of the objective, q·Σ|Σᵢⱼ| + (1−q)·Σ|μᵢ| + A·(N + K)²:
 * a scale for rounding tolerances.
 */
export function magnitude(input: QuboInput, penalty: number): number {
  const n = input.expectedReturns.length;
  const q = input.riskWeight;
  let total = penalty * (n + input.k) ** 2;
  for (let i = 0; i < n; i++) {
    total += (1 - q) * Math.abs(input.expectedReturns[i]!);
    for (let j = 0; j < n; j++) total += q * Math.abs(input.covariance[i]![j]!);
  }
  return total;
}

/**
 * The independent simulator: the `quantum-circuit` npm package (no types of its own). Its state is
 * a sparse map from basis index (bit w = wire w, as ours) to a math.js complex number; absent
 * entries are 0. Gate matrices (from its gate definitions): rx(θ) = [[cos θ/2, −i sin θ/2], …],
 * rz(φ) = diag(e^(−iφ/2), e^(iφ/2)), zz(θ) = diag(e^(−iθ/2), e^(iθ/2), e^(iθ/2), e^(−iθ/2)) (its
 * QASM name is rzz), cx with wires [control, target] — the same conventions as ours.
 */
export interface QcComplex {
  re: number;
  im: number;
}
export interface QcCircuit {
  addGate(name: string, column: number, wires: number | number[], options?: { params: Record<string, number> }): void;
  run(): void;
  state: Record<string, QcComplex | undefined>;
}
export const QuantumCircuit = createRequire(import.meta.url)("quantum-circuit") as new (qubits: number) => QcCircuit;
