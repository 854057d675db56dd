import { EngineInputError, assertFinite, assertMinLength } from "../errors.ts";
import type { Moments } from "./meanVariance.ts";

/** Simple returns rₜ = pₜ/pₜ₋₁ − 1 of a price series (length − 1 values). */
export function simpleReturns(field: string, prices: readonly number[]): number[] {
  assertMinLength(field, prices, 2);
  assertFinite(field, prices);
  const out = new Array<number>(prices.length - 1);
  for (let i = 1; i < prices.length; i++) {
    const prev = prices[i - 1]!;
    if (!(prev > 0)) {
      throw new EngineInputError(`${field}[${i - 1}]`, "out-of-range", `a price must be positive, got ${prev}.`);
    }
    out[i - 1] = prices[i]! / prev - 1;
  }
  if (!(prices[prices.length - 1]! > 0)) {
    throw new EngineInputError(`${field}[${prices.length - 1}]`, "out-of-range", "a price must be positive.");
  }
  return out;
}

/**
 * Per-period returns of several assets aligned in time: `series[a][t]`. Checks that every asset has
 * the same number of observations.
 */
export function returnsMatrix(prices: Readonly<Record<string, readonly number[]>>): {
  assets: string[];
  returns: number[][];
} {
  const assets = Object.keys(prices);
  if (assets.length === 0) throw new EngineInputError("prices", "empty", "needs at least one asset.");
  const length = prices[assets[0]!]!.length;
  const returns = assets.map((asset) => {
    const series = prices[asset]!;
    if (series.length !== length) {
      throw new EngineInputError(
        `prices.${asset}`,
        "length-mismatch",
        `has ${series.length} prices but ${assets[0]} has ${length}; every asset needs the same dates.`,
      );
    }
    return simpleReturns(`prices.${asset}`, series);
  });
  return { assets, returns };
}

/**
 * Sample mean and (unbiased) covariance of per-period returns `returns[asset][t]`, optionally shrunk
 * towards the diagonal: Σ = (1 − δ)·S + δ·diag(S), δ = `shrinkage` ∈ [0, 1]. Shrinkage keeps Σ
 * positive definite when assets outnumber observations.
 */
export function estimateMoments(returns: readonly (readonly number[])[], shrinkage = 0): Moments {
  assertMinLength("returns", returns, 1);
  if (!(shrinkage >= 0 && shrinkage <= 1)) {
    throw new EngineInputError("shrinkage", "out-of-range", `must be between 0 and 1, got ${shrinkage}.`);
  }
  const n = returns.length;
  const t = returns[0]!.length;
  for (let a = 0; a < n; a++) {
    const series = returns[a]!;
    if (series.length !== t) {
      throw new EngineInputError(
        `returns[${a}]`,
        "length-mismatch",
        `has ${series.length} observations but returns[0] has ${t}.`,
      );
    }
    assertFinite(`returns[${a}]`, series);
  }
  if (t < 2) throw new EngineInputError("returns[0]", "empty", `needs at least 2 observations, got ${t}.`);
  if (t <= n && shrinkage === 0) {
    throw new EngineInputError(
      "returns",
      "singular-covariance",
      `${t} observations of ${n} assets give a singular sample covariance (it has rank at most ${t - 1}).`,
      `Supply at least ${n + 1} observations per asset, or set shrinkage above 0.`,
    );
  }
  const mean = returns.map((series) => series.reduce((s, x) => s + x, 0) / t);
  const covariance = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      const ri = returns[i]!;
      const rj = returns[j]!;
      for (let k = 0; k < t; k++) s += (ri[k]! - mean[i]!) * (rj[k]! - mean[j]!);
      const v = (s / (t - 1)) * (i === j ? 1 : 1 - shrinkage);
      covariance[i]![j] = v;
      covariance[j]![i] = v;
    }
  }
  return { mean, covariance };
}

export interface RiskMetrics {
  /** Standard deviation of per-period returns, annualised with √periodsPerYear. */
  readonly volatility: number;
  /** Mean per-period return, annualised (× periodsPerYear). */
  readonly annualReturn: number;
  /** Historical 95% value at risk of one period, as a positive loss fraction. */
  readonly var95: number;
  /** Historical 95% conditional value at risk (expected shortfall) of one period. */
  readonly cvar95: number;
  /** Annualised Sharpe ratio with a zero risk-free rate. */
  readonly sharpe: number;
  /** Largest peak-to-trough fall of the compounded value, as a positive fraction. */
  readonly maxDrawdown: number;
}

/**
 * Risk metrics of a return series (for a portfolio: Σ wₐ·returns[a][t]). VaR and CVaR are
 * historical (no distribution assumed): the loss at the 5% quantile (lower empirical quantile,
 * ⌈0.05·T⌉-th worst) and the mean of the losses at or beyond it.
 */
export function riskMetrics(series: readonly number[], periodsPerYear = 252): RiskMetrics {
  assertMinLength("returns", series, 2);
  assertFinite("returns", series);
  const t = series.length;
  const mean = series.reduce((s, x) => s + x, 0) / t;
  let ss = 0;
  for (const x of series) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / (t - 1));
  const sorted = [...series].sort((a, b) => a - b);
  const tail = Math.max(1, Math.ceil(0.05 * t));
  const var95 = Math.max(0, -sorted[tail - 1]!);
  let tailSum = 0;
  for (let i = 0; i < tail; i++) tailSum += sorted[i]!;
  const cvar95 = Math.max(0, -tailSum / tail);
  let value = 1;
  let peak = 1;
  let maxDrawdown = 0;
  for (const x of series) {
    value *= 1 + x;
    peak = Math.max(peak, value);
    maxDrawdown = Math.max(maxDrawdown, 1 - value / peak);
  }
  return {
    volatility: sd * Math.sqrt(periodsPerYear),
    annualReturn: mean * periodsPerYear,
    var95,
    cvar95,
    sharpe: sd === 0 ? 0 : (mean / sd) * Math.sqrt(periodsPerYear),
    maxDrawdown,
  };
}

/** The return series of a fixed-weight portfolio: Σₐ w[a]·returns[a][t]. */
export function portfolioReturns(weights: readonly number[], returns: readonly (readonly number[])[]): number[] {
  if (weights.length !== returns.length) {
    throw new EngineInputError(
      "weights",
      "length-mismatch",
      `has ${weights.length} entries for ${returns.length} assets.`,
    );
  }
  const t = returns[0]?.length ?? 0;
  const out = new Array<number>(t).fill(0);
  for (let a = 0; a < returns.length; a++) {
    const w = weights[a]!;
    const series = returns[a]!;
    for (let k = 0; k < t; k++) out[k] = out[k]! + w * series[k]!;
  }
  return out;
}
