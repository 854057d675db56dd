import { z } from "zod";

import { EngineInputError } from "../errors.ts";
import { MAX_ASSETS, selectAssetsQaoa } from "../quantum/index.ts";
import { efficientFrontier, optimizeMeanVariance, type FrontierPoint } from "./meanVariance.ts";
import { estimateMoments, portfolioReturns, riskMetrics } from "./stats.ts";

/**
 * A portfolio optimisation request, as the API and the oracle make it. Returns are per period
 * (daily by default), one series per asset, aligned in time.
 */
export const PortfolioRequestSchema = z
  .object({
    assets: z.array(z.string().min(1).max(32)).min(1).max(500),
    /** returns[a][t]: simple return of asset a in period t. */
    returns: z.array(z.array(z.number().finite()).min(2).max(20_000)).min(1).max(500),
    periodsPerYear: z.number().int().min(1).max(525_600).default(252),
    /**
     * 0 = the minimum-variance portfolio, 1 = the highest expected return the bounds allow; in
     * between, the efficient portfolio whose return is that far from one to the other.
     */
    riskTolerance: z.number().min(0).max(1).default(0.5),
    minWeight: z.number().min(0).max(1).default(0),
    maxWeight: z.number().gt(0).max(1).default(1),
    /** Annualised minimum expected return; overrides riskTolerance. */
    targetReturn: z.number().finite().optional(),
    /** Shrinkage of the covariance towards its diagonal, 0–1. */
    shrinkage: z.number().min(0).max(1).default(0),
    /** "exact": mean–variance over every asset. "qaoa": QAOA chooses `cardinality` assets, then exact weights. */
    method: z.enum(["exact", "qaoa"]).default("exact"),
    cardinality: z.number().int().min(1).max(MAX_ASSETS).optional(),
    qaoa: z
      .object({
        layers: z.number().int().min(1).max(8).default(1),
        shots: z.number().int().min(1).max(100_000).default(1024),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .default(1),
      })
      .strict()
      .default({ layers: 1, shots: 1024, seed: 1 }),
    /** Points of the efficient frontier to return (0: none). */
    frontierPoints: z.number().int().min(0).max(100).default(0),
  })
  .strict();
export type PortfolioRequest = z.input<typeof PortfolioRequestSchema>;

export interface PortfolioResult {
  /** Weight per asset (sums to 1). */
  readonly optimal_weights: Record<string, number>;
  /** Annualised expected return of the weights (mean of history × periods per year). */
  readonly expected_return: number;
  readonly risk_metrics: {
    /** Annualised volatility from the covariance used by the optimiser. */
    readonly volatility: number;
    /** Historical one-period 95% VaR and CVaR of the weights over the given returns (loss fractions). */
    readonly var_95: number;
    readonly cvar_95: number;
    readonly sharpe: number;
    readonly max_drawdown: number;
  };
  readonly algorithm: "exact-mean-variance" | "qaoa-selection+exact-mean-variance";
  /** KKT residual of the exact solve: ~1e-16 means the weights are optimal to rounding. */
  readonly kkt_residual: number;
  /**
   * Measured classical time / QAOA time for the selection, or null for the exact method. On a
   * simulator QAOA is slower than exhaustive search, so this is usually below 1: it is what we measured.
   */
  readonly quantum_speedup: number | null;
  readonly quantum: {
    readonly selected: string[];
    /** (E_max − ⟨C⟩)/(E_max − E_min) of the final QAOA state. */
    readonly approximation_ratio: number;
    /** Whether the chosen selection is the exhaustive-search optimum. */
    readonly optimum_found: boolean;
    readonly qubits: number;
    readonly depth: number;
    readonly layers: number;
    readonly shots: number;
    readonly qaoa_ms: number;
    readonly classical_ms: number;
  } | null;
  readonly frontier: { readonly expected_return: number; readonly volatility: number }[];
}

/** Everything but the return matrix, parsed by zod; the matrix is checked by hand (see below). */
const ScalarsSchema = PortfolioRequestSchema.omit({ returns: true }).extend({ returns: z.undefined() });

/**
 * The schema's rules for `returns`, checked without zod's per-element allocation (500 assets × 1 000
 * days is half a million numbers).
 */
function checkReturns(returns: unknown): asserts returns is number[][] {
  if (!Array.isArray(returns) || returns.length === 0 || returns.length > 500) {
    throw new EngineInputError("returns", "out-of-range", "must be 1 to 500 series of returns.");
  }
  for (let a = 0; a < returns.length; a++) {
    const series: unknown = returns[a];
    if (!Array.isArray(series) || series.length < 2 || series.length > 20_000) {
      throw new EngineInputError(`returns.${a}`, "out-of-range", "must be an array of 2 to 20 000 returns.");
    }
    for (let t = 0; t < series.length; t++) {
      const v: unknown = series[t];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new EngineInputError(`returns.${a}.${t}`, "out-of-range", `must be a finite number, got ${String(v)}.`);
      }
    }
  }
}

function parse(request: PortfolioRequest) {
  checkReturns(request.returns);
  const parsed = ScalarsSchema.safeParse({ ...request, returns: undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EngineInputError(issue.path.map(String).join(".") || "request", "out-of-range", issue.message);
  }
  const r = { ...parsed.data, returns: request.returns };
  if (r.returns.length !== r.assets.length) {
    throw new EngineInputError(
      "returns",
      "length-mismatch",
      `has ${r.returns.length} series for ${r.assets.length} assets.`,
    );
  }
  if (new Set(r.assets).size !== r.assets.length) {
    throw new EngineInputError("assets", "out-of-range", "asset names must be unique.");
  }
  if (r.minWeight > r.maxWeight) {
    throw new EngineInputError("minWeight", "infeasible", `${r.minWeight} is above maxWeight ${r.maxWeight}.`);
  }
  if (r.method === "qaoa") {
    if (r.assets.length > MAX_ASSETS) {
      throw new EngineInputError(
        "assets",
        "too-large",
        `QAOA simulates one qubit per asset and handles at most ${MAX_ASSETS}; got ${r.assets.length}. Use method "exact".`,
      );
    }
    if (r.cardinality === undefined || r.cardinality > r.assets.length) {
      throw new EngineInputError(
        "cardinality",
        "out-of-range",
        `method "qaoa" needs how many assets to choose, from 1 to ${r.assets.length}.`,
      );
    }
  }
  return r;
}

/**
 * The portfolio engine: estimates moments from the return history, then either optimises exactly
 * over every asset, or lets QAOA (on the state-vector simulator) choose `cardinality` assets from
 * the QUBO of return, risk and a cardinality penalty, and weights that subset exactly.
 *
 * Deterministic except `quantum_speedup` and the `*_ms` timings, which are measurements.
 *
 * @throws EngineInputError naming the field for invalid requests, singular covariances (see
 *   `shrinkage`) and infeasible bounds or targets.
 */
export function optimizePortfolio(request: PortfolioRequest): PortfolioResult {
  const r = parse(request);
  const moments = estimateMoments(r.returns, r.shrinkage);
  let universe = r.assets.map((_, i) => i);
  let quantum: PortfolioResult["quantum"] = null;
  let speedup: number | null = null;

  if (r.method === "qaoa") {
    const selection = selectAssetsQaoa({
      assets: r.assets,
      expectedReturns: moments.mean,
      covariance: moments.covariance,
      k: r.cardinality!,
      riskWeight: 1 - r.riskTolerance,
      p: r.qaoa.layers,
      shots: r.qaoa.shots,
      seed: r.qaoa.seed,
    });
    universe = selection.selected.map((s) => s.index);
    speedup = selection.quantum_speedup;
    quantum = {
      selected: selection.selected.map((s) => s.asset),
      approximation_ratio: selection.qaoa.approximationRatio,
      optimum_found: selection.qaoa.optimumFound,
      qubits: selection.qaoa.circuit.qubits,
      depth: selection.qaoa.circuit.depth,
      layers: r.qaoa.layers,
      shots: selection.qaoa.circuit.shots,
      qaoa_ms: selection.timings.qaoaMs,
      classical_ms: selection.timings.classicalMs,
    };
  }

  const sub = {
    mean: universe.map((i) => moments.mean[i]!),
    covariance: universe.map((i) => universe.map((j) => moments.covariance[i]![j]!)),
    minWeight: r.minWeight,
    maxWeight: r.maxWeight,
  };
  if (sub.mean.length * r.maxWeight < 1 - 1e-12) {
    throw new EngineInputError(
      "maxWeight",
      "infeasible",
      `${sub.mean.length} assets with at most ${r.maxWeight} each cannot hold the whole portfolio.`,
    );
  }
  const ends = efficientFrontier(sub, 2);
  const lowest = ends[0]!.expectedReturn;
  const highest = ends[1]!.expectedReturn;
  const target =
    r.targetReturn !== undefined ? r.targetReturn / r.periodsPerYear : lowest + r.riskTolerance * (highest - lowest);
  const solved = optimizeMeanVariance({ ...sub, targetReturn: target });

  const weights = new Array<number>(r.assets.length).fill(0);
  universe.forEach((assetIndex, k) => (weights[assetIndex] = Math.max(0, solved.weights[k]!)));
  const history = riskMetrics(portfolioReturns(weights, r.returns), r.periodsPerYear);
  let frontier: FrontierPoint[] = [];
  if (r.frontierPoints >= 2) frontier = efficientFrontier(sub, r.frontierPoints);

  return {
    optimal_weights: Object.fromEntries(r.assets.map((asset, i) => [asset, weights[i]!])),
    expected_return: solved.expectedReturn * r.periodsPerYear,
    risk_metrics: {
      volatility: solved.volatility * Math.sqrt(r.periodsPerYear),
      var_95: history.var95,
      cvar_95: history.cvar95,
      sharpe: history.sharpe,
      max_drawdown: history.maxDrawdown,
    },
    algorithm: r.method === "qaoa" ? "qaoa-selection+exact-mean-variance" : "exact-mean-variance",
    kkt_residual: solved.kktResidual,
    quantum_speedup: speedup,
    quantum,
    frontier: frontier.map((p) => ({
      expected_return: p.expectedReturn * r.periodsPerYear,
      volatility: p.volatility * Math.sqrt(r.periodsPerYear),
    })),
  };
}
