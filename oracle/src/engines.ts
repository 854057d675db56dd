import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";

import { modelSignal, prepareDecision } from "../../offchain/src/engines/decision/decide.ts";
import { DECISION_WINDOW } from "../../offchain/src/engines/decision/features.ts";
import { optimizePortfolio } from "../../offchain/src/engines/portfolio/optimize.ts";
import { encodeJsonDocument } from "../../offchain/src/ipfs/cid.ts";
import { loadEuStockMarkets, type EuStockMarkets } from "../../offchain/src/market/euStocks.ts";
import type { DecisionEngine } from "../../offchain/src/models/decisionModel.ts";
import type { OracleConfig } from "./config.ts";
import { encodeDecisionPayload, encodePortfolioPayload } from "./payloads.ts";

/**
 * The decision and portfolio feeds' observations: the engines run on inputs every operator can
 * reproduce from the round number alone, so followers recompute the leader's report and sign only
 * an identical one.
 *
 * Inputs: each market's daily history is a series of the shipped real data set, replayed one day
 * per round: round r looks at day `replayDay(r)`, cycling through the data once the end is reached.
 */

type Market = OracleConfig["markets"][number];
/** What the portfolio engine needs of the settings (where the closes come from is the caller's). */
type PortfolioSettings = Omit<OracleConfig["portfolio"], "history">;

/** An engine result ready for a report: the payload bytes, the inputs hash, and documents to publish. */
export interface EngineObservation {
  readonly inputsHash: Hex;
  readonly payload: Hex;
  /** Off-chain documents the payload refers to by CID (the decision's reasoning), CID → bytes. */
  readonly documents: ReadonlyMap<string, Uint8Array>;
  /** What the report says, for logs and the status line. */
  readonly summary: string;
}

/** The data day round `round` replays: the first day with a full decision window, then onwards. */
export function replayDay(round: bigint, days: number, firstDay: number): number {
  const span = BigInt(days - firstDay);
  return firstDay + Number(round % span);
}

function closesUpTo(data: EuStockMarkets, market: Market, day: number, count: number): number[] {
  const series = data.closes[market.history.series];
  return series.slice(day - count + 1, day + 1);
}

/** The model version as the feed's uint32: the first 4 bytes of the weights hash in the version. */
export function modelVersionNumber(version: string): number {
  const match = /\+([0-9a-f]{8})/.exec(version);
  if (!match) throw new Error(`model version ${version} has no weights hash`);
  return Number.parseInt(match[1]!, 16);
}

const toBps = (x: number) => Math.round(x * 10_000);

/**
 * The decision feed's report for a round: the market is `markets[round mod n]`; the ONNX model's
 * signal on its last DECISION_WINDOW replayed closes (action, edge as size, calibrated confidence),
 * and the reasoning document's CID. The signal is the model's, before any user's risk rules.
 */
export async function observeDecision(
  engine: DecisionEngine,
  markets: readonly Market[],
  round: bigint,
  data: EuStockMarkets = loadEuStockMarkets(),
): Promise<EngineObservation> {
  const market = markets[Number(round % BigInt(markets.length))]!;
  const day = replayDay(round, data.time.length, DECISION_WINDOW - 1);
  const prepared = prepareDecision({
    asset: market.symbol,
    closes: closesUpTo(data, market, day, DECISION_WINDOW),
    risk: { maxPosition: 1, stopLoss: 0.5, takeProfit: 1, maxDrawdown: 1, allowedAssets: [market.symbol] },
  });
  const [probabilities] = await engine.predict([prepared.features]);
  const signal = modelSignal(prepared, engine.card, probabilities);
  const document = await encodeJsonDocument({
    kind: "peper.decision.reasoning/1",
    asset: market.asset,
    symbol: market.symbol,
    history: { source: "dataset", series: market.history.series, day, time: data.time[day] },
    action: signal.action,
    confidence: signal.confidence,
    probabilities: signal.probabilities,
    reasoning: signal.reasoning,
    attributions: signal.attributions,
    model_version: signal.model_version,
    inputs_hash: signal.inputs_hash,
  });
  const payload = encodeDecisionPayload({
    asset: market.asset,
    action: signal.action,
    sizeBps: signal.action === "hold" ? 0 : toBps(signal.edge),
    confidenceBps: toBps(signal.confidence),
    reasoningCid: document.cid,
    modelVersion: modelVersionNumber(signal.model_version),
  });
  return {
    inputsHash: signal.inputs_hash,
    payload,
    documents: new Map([[document.cid, document.bytes]]),
    summary: `${market.symbol} ${signal.action} ${(signal.confidence * 100).toFixed(0)}%`,
  };
}

/**
 * Weights in basis points that sum to exactly 10 000: floor each, then give the remaining points to
 * the largest remainders (ties to the lower index). Deterministic.
 */
export function toWeightsBps(weights: readonly number[]): number[] {
  const raw = weights.map((w) => Math.max(0, w) * 10_000);
  const bps = raw.map(Math.floor);
  let missing = 10_000 - bps.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, rest: r - Math.floor(r) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; missing > 0; k = (k + 1) % order.length, missing--) bps[order[k]!.i]! += 1;
  return bps;
}

/**
 * The portfolio feed's report for a round from the shipped data set: exact mean–variance weights over
 * the markets (in config order, the index vault's basket), from the `lookbackDays` daily returns up to
 * the replayed day.
 */
export function observePortfolio(
  markets: readonly Market[],
  settings: PortfolioSettings,
  round: bigint,
  data: EuStockMarkets = loadEuStockMarkets(),
): EngineObservation {
  const day = replayDay(round, data.time.length, Math.max(DECISION_WINDOW - 1, settings.lookbackDays));
  const closes = markets.map((m) => closesUpTo(data, m, day, settings.lookbackDays + 1));
  const inputsHash = keccak256(
    encodeAbiParameters(
      [{ type: "string" }, { type: "string[]" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }],
      [
        "eu-stock-markets",
        markets.map((m) => m.history.series),
        BigInt(day),
        BigInt(settings.lookbackDays),
        BigInt(Math.round(settings.riskTolerance * 1e6)),
      ],
    ),
  );
  return portfolioFromCloses(markets, settings, closes, inputsHash, "replayed index history");
}

/** The `twap` source's closes of one market: prices at the boundaries' windows, and what was read. */
export interface TwapCloses {
  pair: Address;
  /** The blocks the closes are read between (closes.length + 1 of them, oldest first). */
  boundaries: readonly bigint[];
  /** Each window's TWAP of the market's token, PRICE_DECIMALS-scaled integers, oldest first. */
  closes: readonly bigint[];
}

/**
 * The portfolio feed's report from the pairs' own history (the `twap` source): closes are TWAPs over
 * fixed windows of `periodBlocks` ending at blocks the leader's named block determines, read from the
 * pairs' cumulative prices, so every operator reproduces them exactly.
 */
export function observePortfolioTwap(
  markets: readonly Market[],
  settings: PortfolioSettings,
  twap: readonly TwapCloses[],
  periodBlocks: number,
): EngineObservation {
  if (twap.length !== markets.length) throw new Error("one close series per market is needed");
  const inputsHash = keccak256(
    encodeAbiParameters(
      [
        { type: "string" },
        { type: "address[]" },
        { type: "uint256[]" },
        { type: "uint256[][]" },
        { type: "uint256" },
        { type: "uint256" },
      ],
      [
        "amm-twap",
        twap.map((t) => t.pair),
        [...twap[0]!.boundaries],
        twap.map((t) => [...t.closes]),
        BigInt(periodBlocks),
        BigInt(Math.round(settings.riskTolerance * 1e6)),
      ],
    ),
  );
  const closes = twap.map((t) => t.closes.map((c) => Number(c)));
  return portfolioFromCloses(markets, settings, closes, inputsHash, "AMM TWAP");
}

/** Mean–variance weights from each market's closes (oldest first), as the portfolio payload. */
function portfolioFromCloses(
  markets: readonly Market[],
  settings: PortfolioSettings,
  closesByMarket: readonly (readonly number[])[],
  inputsHash: Hex,
  source: string,
): EngineObservation {
  const returns = closesByMarket.map((closes) => closes.slice(1).map((c, t) => c / closes[t]! - 1));
  const result = optimizePortfolio({
    assets: markets.map((m) => m.symbol),
    returns,
    riskTolerance: settings.riskTolerance,
    maxWeight: settings.maxWeight,
  });
  const weightsBps = toWeightsBps(markets.map((m) => result.optimal_weights[m.symbol]!));
  const payload = encodePortfolioPayload({
    assets: markets.map((m) => m.asset as Address),
    weightsBps,
    expectedReturnBps: toBps(result.expected_return),
    volatilityBps: toBps(result.risk_metrics.volatility),
    varBps: toBps(result.risk_metrics.var_95),
    cvarBps: toBps(result.risk_metrics.cvar_95),
    algorithmId: 1,
    // The exact optimiser's answer is the optimum (KKT residual ~1e-16): ratio 1; no quantum run.
    approximationRatioPpm: 1_000_000,
    speedupPpm: 0,
  });
  return {
    inputsHash,
    payload,
    documents: new Map(),
    summary: `${markets.map((m, i) => `${m.symbol} ${(weightsBps[i]! / 100).toFixed(1)}%`).join(" ")} (${source})`,
  };
}
