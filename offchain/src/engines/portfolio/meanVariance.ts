import { EngineInputError, assertFinite } from "../errors.ts";
import { AT_LOWER, AT_UPPER, FREE, kktResidual, solveBoxSimplexQp, type BoxSimplexQp, type WarmStart } from "./qp.ts";

/** Expected returns and covariance of n assets, per period (for example per trading day). */
export interface Moments {
  readonly mean: readonly number[];
  /** n×n, symmetric positive (semi)definite. */
  readonly covariance: readonly (readonly number[])[];
}

export interface MeanVarianceInput extends Moments {
  /** Per-asset minimum weight (default 0: long only). A number applies to every asset. */
  readonly minWeight?: number | readonly number[];
  /** Per-asset maximum weight (default 1). A number applies to every asset. */
  readonly maxWeight?: number | readonly number[];
  /**
   * Risk tolerance t ≥ 0 of the objective  max t·μᵀw − ½·wᵀΣw  (t = 0: the minimum-variance
   * portfolio; large t: the highest return the bounds allow). Ignored when `targetReturn` is set.
   * Default 0.
   */
  readonly riskTolerance?: number;
  /**
   * Minimum expected return per period. The result is the lowest-variance portfolio whose expected
   * return is at least this (on the efficient frontier).
   */
  readonly targetReturn?: number;
}

export interface MeanVarianceResult {
  readonly weights: number[];
  readonly expectedReturn: number;
  readonly variance: number;
  readonly volatility: number;
  /** The risk tolerance t the solution corresponds to. */
  readonly riskTolerance: number;
  /** Largest KKT violation, relative (≈ 1e-15 for an exact solve). */
  readonly kktResidual: number;
  readonly iterations: number;
}

interface Problem {
  readonly n: number;
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Validates the input and copies it into typed arrays (Σ symmetrised). */
function prepare(input: MeanVarianceInput): Problem {
  const n = input.mean.length;
  if (n === 0) throw new EngineInputError("mean", "empty", "needs at least one asset.");
  assertFinite("mean", input.mean);
  if (input.covariance.length !== n) {
    throw new EngineInputError(
      "covariance",
      "length-mismatch",
      `must be ${n}×${n} to match ${n} expected returns, got ${input.covariance.length} rows.`,
    );
  }
  const sigma = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = input.covariance[i]!;
    if (row.length !== n) {
      throw new EngineInputError(`covariance[${i}]`, "length-mismatch", `must have ${n} entries, got ${row.length}.`);
    }
    assertFinite(`covariance[${i}]`, row);
    if (row[i]! < 0) {
      throw new EngineInputError(`covariance[${i}][${i}]`, "out-of-range", "a variance cannot be negative.");
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = input.covariance[i]![j]!;
      const b = input.covariance[j]![i]!;
      if (Math.abs(a - b) > 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-300)) {
        throw new EngineInputError(
          `covariance[${i}][${j}]`,
          "out-of-range",
          `the covariance must be symmetric, but [${i}][${j}] = ${a} and [${j}][${i}] = ${b}.`,
        );
      }
      sigma[i * n + j] = (a + b) / 2;
    }
  }
  const lower = bounds("minWeight", input.minWeight ?? 0, n);
  const upper = bounds("maxWeight", input.maxWeight ?? 1, n);
  return { n, mu: Float64Array.from(input.mean), sigma, lower, upper };
}

function bounds(field: string, value: number | readonly number[], n: number): Float64Array {
  if (typeof value === "number") {
    assertFinite(field, [value]);
    return new Float64Array(n).fill(value);
  }
  if (value.length !== n) {
    throw new EngineInputError(field, "length-mismatch", `must have one entry per asset (${n}), got ${value.length}.`);
  }
  assertFinite(field, value);
  return Float64Array.from(value);
}

function qpFor(problem: Problem, t: number): BoxSimplexQp {
  const c = new Float64Array(problem.n);
  for (let i = 0; i < problem.n; i++) c[i] = -t * problem.mu[i]!;
  return { n: problem.n, h: problem.sigma, c, lower: problem.lower, upper: problem.upper };
}

function summarise(problem: Problem, t: number, w: Float64Array, iterations: number): MeanVarianceResult {
  const { n, mu, sigma } = problem;
  let ret = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    ret += mu[i]! * w[i]!;
    let s = 0;
    for (let j = 0; j < n; j++) s += sigma[i * n + j]! * w[j]!;
    variance += w[i]! * s;
  }
  variance = Math.max(variance, 0);
  return {
    weights: Array.from(w),
    expectedReturn: ret,
    variance,
    volatility: Math.sqrt(variance),
    riskTolerance: t,
    kktResidual: kktResidual(qpFor(problem, t), w),
    iterations,
  };
}

/** The highest expected return the bounds allow (a linear programme solved exactly by greedy fill). */
function maxReturn(problem: Problem): number {
  const { n, mu, lower, upper } = problem;
  let remaining = 1;
  let ret = 0;
  for (let i = 0; i < n; i++) {
    remaining -= lower[i]!;
    ret += mu[i]! * lower[i]!;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => mu[b]! - mu[a]! || a - b);
  for (const i of order) {
    const take = Math.min(upper[i]! - lower[i]!, remaining);
    if (take <= 0) continue;
    ret += mu[i]! * take;
    remaining -= take;
  }
  return ret;
}

/**
 * Exact long-only (or bounded) mean–variance optimisation with a budget constraint:
 *
 *     maximise t·μᵀw − ½·wᵀΣw   subject to  Σw = 1,  min ≤ w ≤ max
 *
 * or, with `targetReturn`, the minimum-variance portfolio whose expected return is at least the
 * target. The frontier is piecewise linear in t with one active set per piece, so the target is met
 * exactly: bisection on t until both ends share an active set, then linear interpolation.
 *
 * @throws EngineInputError naming the field: empty or non-finite input, a non-square or asymmetric
 *   covariance, infeasible bounds, a target above the highest attainable return, or a singular
 *   covariance among the assets the solution holds.
 */
export function optimizeMeanVariance(input: MeanVarianceInput): MeanVarianceResult {
  const problem = prepare(input);
  if (input.targetReturn === undefined) {
    const t = input.riskTolerance ?? 0;
    if (!(t >= 0) || !Number.isFinite(t)) {
      throw new EngineInputError("riskTolerance", "out-of-range", `must be a finite number ≥ 0, got ${t}.`);
    }
    const solution = solveBoxSimplexQp(qpFor(problem, t));
    return summarise(problem, t, solution.w, solution.iterations);
  }
  return solveForTarget(problem, input.targetReturn);
}

function returnOf(problem: Problem, w: Float64Array): number {
  let r = 0;
  for (let i = 0; i < problem.n; i++) r += problem.mu[i]! * w[i]!;
  return r;
}

function sameActiveSet(a: Int8Array, b: Int8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function solveForTarget(problem: Problem, target: number): MeanVarianceResult {
  if (!Number.isFinite(target)) {
    throw new EngineInputError("targetReturn", "not-finite", `must be a finite number, got ${target}.`);
  }
  const best = maxReturn(problem);
  const tol = 1e-12 * Math.max(1, Math.abs(best));
  if (target > best + tol) {
    throw new EngineInputError(
      "targetReturn",
      "infeasible",
      `no portfolio within the bounds reaches an expected return of ${target}; the highest is ${best}.`,
    );
  }
  let iterations = 0;
  const lo = solveBoxSimplexQp(qpFor(problem, 0));
  iterations += lo.iterations;
  if (returnOf(problem, lo.w) >= target - tol) return summarise(problem, 0, lo.w, iterations);

  // Grow t until the return reaches the target.
  let tLo = 0;
  let sLo: WarmStart = lo;
  let rLo = returnOf(problem, lo.w);
  let tHi = 1;
  let sHi = solveBoxSimplexQp(qpFor(problem, tHi), lo);
  iterations += sHi.iterations;
  while (returnOf(problem, sHi.w) < target - tol) {
    tLo = tHi;
    sLo = sHi;
    rLo = returnOf(problem, sHi.w);
    tHi *= 4;
    if (tHi > 1e300) {
      throw new EngineInputError("targetReturn", "infeasible", `the target ${target} cannot be reached.`);
    }
    sHi = solveBoxSimplexQp(qpFor(problem, tHi), sHi);
    iterations += sHi.iterations;
  }
  // Bisect until both ends lie on the same linear piece of w(t).
  for (let step = 0; step < 200 && !sameActiveSet(sLo.status, sHi.status); step++) {
    const tMid = (tLo + tHi) / 2;
    const mid = solveBoxSimplexQp(qpFor(problem, tMid), sLo);
    iterations += mid.iterations;
    const rMid = returnOf(problem, mid.w);
    if (rMid < target) {
      tLo = tMid;
      sLo = mid;
      rLo = rMid;
    } else {
      tHi = tMid;
      sHi = mid;
    }
  }
  const rHi = returnOf(problem, sHi.w);
  const f = rHi === rLo ? 1 : (target - rLo) / (rHi - rLo);
  const w = new Float64Array(problem.n);
  for (let i = 0; i < problem.n; i++) w[i] = sLo.w[i]! + f * (sHi.w[i]! - sLo.w[i]!);
  return summarise(problem, tLo + f * (tHi - tLo), w, iterations);
}

export interface FrontierPoint {
  readonly expectedReturn: number;
  readonly volatility: number;
  readonly weights: number[];
}

/**
 * The efficient frontier as `points` portfolios with target returns evenly spaced from the
 * minimum-variance portfolio's return to the highest attainable return. Each point is exact.
 */
export function efficientFrontier(
  input: Omit<MeanVarianceInput, "targetReturn" | "riskTolerance">,
  points = 20,
): FrontierPoint[] {
  if (!Number.isInteger(points) || points < 2 || points > 1000) {
    throw new EngineInputError("points", "out-of-range", `must be an integer from 2 to 1000, got ${points}.`);
  }
  const problem = prepare(input);
  const minVar = solveBoxSimplexQp(qpFor(problem, 0));
  const r0 = returnOf(problem, minVar.w);
  const r1 = maxReturn(problem);
  const out: FrontierPoint[] = [];
  for (let k = 0; k < points; k++) {
    const target = r0 + ((r1 - r0) * k) / (points - 1);
    const result = k === 0 ? summarise(problem, 0, minVar.w, 0) : solveForTarget(problem, target);
    out.push({ expectedReturn: result.expectedReturn, volatility: result.volatility, weights: result.weights });
  }
  return out;
}

export { AT_LOWER, AT_UPPER, FREE };
