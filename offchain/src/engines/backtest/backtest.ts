import { EngineInputError, assertFinite } from "../errors.ts";
import { riskMetrics, type RiskMetrics } from "../portfolio/stats.ts";

/** Trading costs, in basis points of the traded value. */
export interface Costs {
  /** Exchange or AMM fee per trade (Peper's AMM: 30). */
  readonly feeBps: number;
  /** Slippage assumed per trade. */
  readonly slippageBps: number;
}

export interface BacktestResult {
  readonly metrics: RiskMetrics;
  /** Compounded growth of 1 over the period, minus 1. */
  readonly totalReturn: number;
  /** Sum of |position change| per year (1 = the whole portfolio traded once a year). */
  readonly annualTurnover: number;
  /** Fraction of days with a non-zero position. */
  readonly exposure: number;
  readonly days: number;
  /** Net return of each day after costs. */
  readonly returns: number[];
}

/**
 * Replays positions on a price series. positions[k] is the fraction held from the close of day
 * days[k] to the close of the next day, decided with information up to days[k] only, so it earns
 * close[days[k] + 1]/close[days[k]] − 1. Changing the position costs |Δposition| × (fee + slippage).
 * The position before the first day is 0.
 */
export function backtest(
  closes: readonly number[],
  days: readonly number[],
  positions: readonly number[],
  costs: Costs,
  periodsPerYear = 252,
): BacktestResult {
  if (days.length !== positions.length) {
    throw new EngineInputError(
      "positions",
      "length-mismatch",
      `has ${positions.length} entries for ${days.length} days.`,
    );
  }
  if (days.length < 2) throw new EngineInputError("days", "empty", "needs at least 2 days to backtest.");
  assertFinite("positions", positions);
  assertFinite("closes", closes);
  if (!(costs.feeBps >= 0) || !(costs.slippageBps >= 0)) {
    throw new EngineInputError("costs", "out-of-range", "fees and slippage must be zero or more.");
  }
  const costRate = (costs.feeBps + costs.slippageBps) / 10_000;
  const returns: number[] = [];
  let previous = 0;
  let turnover = 0;
  let exposed = 0;
  for (let k = 0; k < days.length; k++) {
    const day = days[k]!;
    if (!Number.isInteger(day) || day < 0 || day + 1 >= closes.length) {
      throw new EngineInputError(`days[${k}]`, "out-of-range", `day ${day} has no next close to earn a return on.`);
    }
    if (k > 0 && day <= days[k - 1]!) {
      throw new EngineInputError(`days[${k}]`, "out-of-range", "days must increase.");
    }
    const position = positions[k]!;
    const change = Math.abs(position - previous);
    turnover += change;
    if (position !== 0) exposed++;
    const marketReturn = closes[day + 1]! / closes[day]! - 1;
    returns.push(position * marketReturn - change * costRate);
    previous = position;
  }
  let growth = 1;
  for (const r of returns) growth *= 1 + r;
  return {
    metrics: riskMetrics(returns, periodsPerYear),
    totalReturn: growth - 1,
    annualTurnover: (turnover / days.length) * periodsPerYear,
    exposure: exposed / days.length,
    days: days.length,
    returns,
  };
}

/** A strategy fitted on the past: maps one day's features to a position. */
export type Strategy = (features: Float64Array, day: number, previousPosition: number) => number;

export interface WalkForwardInput {
  readonly closes: readonly number[];
  /** features[k] belongs to day days[k] (see engines/decision/features). */
  readonly features: readonly Float64Array[];
  readonly days: readonly number[];
  /**
   * Fits a strategy on the rows before `end` (exclusive, an index into days) — only those rows may
   * be used, and the caller's labels must not look past `end` either (leave a gap of the label
   * horizon).
   */
  readonly fit: (end: number) => Strategy;
  /** Rows in the first training window. */
  readonly initialTrain: number;
  /** Rows per test block; the strategy is refitted before each. */
  readonly testBlock: number;
  readonly costs: Costs;
}

export interface WalkForwardResult {
  readonly strategy: BacktestResult;
  readonly buyAndHold: BacktestResult;
  readonly folds: number;
  /** The out-of-sample positions and their days. */
  readonly positions: number[];
  readonly days: number[];
}

/**
 * Walk-forward evaluation: fit on rows [0, initialTrain), trade the next `testBlock` rows, refit on
 * everything before the next block, and so on. Every traded position comes from a strategy that
 * never saw its day. Buy-and-hold over the same days (bought once, with the same costs) is the
 * benchmark.
 */
export function walkForward(input: WalkForwardInput): WalkForwardResult {
  const { features, days } = input;
  if (features.length !== days.length) {
    throw new EngineInputError("features", "length-mismatch", `has ${features.length} rows for ${days.length} days.`);
  }
  if (!(input.initialTrain >= 1) || !(input.testBlock >= 1) || input.initialTrain >= days.length - 1) {
    throw new EngineInputError(
      "initialTrain",
      "out-of-range",
      `needs 1 ≤ initialTrain < ${days.length - 1} and testBlock ≥ 1.`,
    );
  }
  const positions: number[] = [];
  const tradedDays: number[] = [];
  let folds = 0;
  let previous = 0;
  for (let start = input.initialTrain; start < days.length; start += input.testBlock) {
    const strategy = input.fit(start);
    folds++;
    const end = Math.min(start + input.testBlock, days.length);
    for (let k = start; k < end; k++) {
      if (days[k]! + 1 >= input.closes.length) break;
      const position = strategy(features[k]!, days[k]!, previous);
      if (!Number.isFinite(position)) {
        throw new EngineInputError(`position[${k}]`, "not-finite", "the strategy returned a non-finite position.");
      }
      positions.push(position);
      tradedDays.push(days[k]!);
      previous = position;
    }
  }
  return {
    strategy: backtest(input.closes, tradedDays, positions, input.costs),
    buyAndHold: backtest(
      input.closes,
      tradedDays,
      positions.map(() => 1),
      input.costs,
    ),
    folds,
    positions,
    days: tradedDays,
  };
}
