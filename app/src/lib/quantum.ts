/**
 * The portfolio optimiser's request (POST /api/v5/quantum/portfolio-optimization with the shipped
 * EuStockMarkets series), checked in the browser with the API's rules before it is sent.
 */
export const MARKETS = ["DAX", "SMI", "CAC", "FTSE"] as const;
export type MarketName = (typeof MARKETS)[number];

export interface OptimiserInput {
  markets: MarketName[];
  method: "exact" | "qaoa";
  riskTolerance: string;
  minWeight: string;
  maxWeight: string;
  cardinality: string;
  lookbackDays: string;
}

export type OptimiserCheck =
  | { ok: true; body: Record<string, unknown> }
  | {
      ok: false;
      key:
        | "noMarkets"
        | "riskInvalid"
        | "weightInvalid"
        | "weightOrder"
        | "weightsInfeasible"
        | "cardinalityInvalid"
        | "lookbackInvalid";
    };

const fraction = (s: string): number | undefined => {
  const t = s.trim().replace(",", ".");
  if (!/^\d*\.?\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 0 && n <= 1 ? n : undefined;
};

export function checkOptimiser(input: OptimiserInput): OptimiserCheck {
  const n = input.markets.length;
  if (n === 0) return { ok: false, key: "noMarkets" };
  const risk = fraction(input.riskTolerance);
  if (risk === undefined) return { ok: false, key: "riskInvalid" };
  const min = fraction(input.minWeight);
  const max = fraction(input.maxWeight);
  if (min === undefined || max === undefined || max === 0) return { ok: false, key: "weightInvalid" };
  if (min > max) return { ok: false, key: "weightOrder" };
  const lookback = Number(input.lookbackDays);
  if (!/^\d+$/.test(input.lookbackDays.trim()) || lookback < 20 || lookback > 1859)
    return { ok: false, key: "lookbackInvalid" };
  let held = n;
  let cardinality: number | undefined;
  if (input.method === "qaoa") {
    cardinality = Number(input.cardinality);
    if (!/^\d+$/.test(input.cardinality.trim()) || cardinality < 1 || cardinality > n)
      return { ok: false, key: "cardinalityInvalid" };
    held = cardinality;
  }
  // Long-only weights summing to 1 exist only if min·k ≤ 1 ≤ max·k for the k assets held.
  if (min * held > 1 + 1e-9 || max * held < 1 - 1e-9) return { ok: false, key: "weightsInfeasible" };
  return {
    ok: true,
    body: {
      markets: input.markets,
      lookbackDays: lookback,
      method: input.method,
      riskTolerance: risk,
      minWeight: min,
      maxWeight: max,
      frontierPoints: 20,
      ...(cardinality !== undefined ? { cardinality } : {}),
    },
  };
}

export interface OptimiserResult {
  optimal_weights: Record<string, number>;
  expected_return: number;
  risk_metrics: { volatility: number; var_95: number; cvar_95: number; sharpe: number; max_drawdown: number };
  algorithm: string;
  quantum_speedup: number | null;
  quantum: {
    selected: string[];
    approximation_ratio: number;
    optimum_found: boolean;
    qubits: number;
    depth: number;
    layers: number;
    shots: number;
    qaoa_ms: number;
    classical_ms: number;
  } | null;
  frontier: { expected_return: number; volatility: number }[];
}
