import { z } from "zod";

import type { Action } from "./model.ts";

/**
 * A user's risk parameters. Fractions are of the portfolio's value (0.1 = 10%). Validated with zod at
 * every boundary (API, oracle config); the engine trusts a parsed value.
 */
export const RiskParametersSchema = z
  .object({
    /** Largest position in one asset, as a fraction of the portfolio. */
    maxPosition: z.number().gt(0).max(1),
    /** Sell everything when the price falls this fraction below the entry price. */
    stopLoss: z.number().gt(0).lt(1),
    /** Sell everything when the price rises this fraction above the entry price. */
    takeProfit: z.number().gt(0).max(100),
    /** No new buys while the portfolio is this far below its peak. */
    maxDrawdown: z.number().gt(0).max(1),
    /** Assets the user allows; empty means none. */
    allowedAssets: z.array(z.string().min(1).max(32)).max(500),
    /** Decisions with a lower calibrated confidence become hold. Default 0.4. */
    minConfidence: z.number().min(0).max(1).default(0.4),
  })
  .strict();
export type RiskParameters = z.output<typeof RiskParametersSchema>;

/** Where the user stands: the inputs the risk rules need besides the model's view. */
export const PositionStateSchema = z
  .object({
    /** Current holding of this asset, as a fraction of the portfolio (long only: ≥ 0). */
    position: z.number().min(0).max(1).default(0),
    /** Average entry price of the holding, for stop loss and take profit. */
    entryPrice: z.number().positive().optional(),
    /** Current drawdown of the portfolio from its peak (0.05 = 5% below). */
    drawdown: z.number().min(0).max(1).default(0),
  })
  .strict();
export type PositionState = z.output<typeof PositionStateSchema>;

export type VetoRule =
  | "asset-not-allowed"
  | "low-confidence"
  | "max-drawdown"
  | "max-position"
  | "no-position"
  | "stop-loss"
  | "take-profit";

export interface Veto {
  readonly rule: VetoRule;
  /** A sentence for the user. */
  readonly message: string;
}

export interface ProposedTrade {
  readonly asset: string;
  readonly action: Action;
  /** Fraction of the portfolio to buy or sell. */
  readonly size: number;
  readonly confidence: number;
  readonly price: number;
}

export interface RiskOutcome {
  readonly action: Action;
  readonly size: number;
  readonly vetoes: Veto[];
}

/**
 * Applies the risk rules to the model's proposal. The rules win over the model, in this order:
 *
 * 1. Stop loss / take profit: a holding past either level is sold in full, whatever the model says.
 * 2. An asset outside `allowedAssets` is never bought (and a sell of an existing holding stays allowed).
 * 3. A confidence below `minConfidence` becomes hold.
 * 4. No buy while the drawdown is at or beyond `maxDrawdown`.
 * 5. A buy is cut so that the holding stays within `maxPosition`; a sell never exceeds the holding.
 *
 * Every rule that changed the proposal is reported as a veto.
 */
export function applyRisk(trade: ProposedTrade, risk: RiskParameters, state: PositionState): RiskOutcome {
  const vetoes: Veto[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

  if (state.position > 0 && state.entryPrice !== undefined) {
    const change = trade.price / state.entryPrice - 1;
    if (change <= -risk.stopLoss) {
      vetoes.push({
        rule: "stop-loss",
        message: `the price is ${pct(-change)} below your entry, past your ${pct(risk.stopLoss)} stop loss, so the whole holding is sold`,
      });
      return { action: "sell", size: state.position, vetoes };
    }
    if (change >= risk.takeProfit) {
      vetoes.push({
        rule: "take-profit",
        message: `the price is ${pct(change)} above your entry, past your ${pct(risk.takeProfit)} take profit, so the whole holding is sold`,
      });
      return { action: "sell", size: state.position, vetoes };
    }
  }

  let { action, size } = trade;
  if (action === "buy" && !risk.allowedAssets.includes(trade.asset)) {
    vetoes.push({ rule: "asset-not-allowed", message: `${trade.asset} is not in your allowed assets` });
    action = "hold";
  }
  if (action !== "hold" && trade.confidence < risk.minConfidence) {
    vetoes.push({
      rule: "low-confidence",
      message: `the confidence ${pct(trade.confidence)} is below your minimum of ${pct(risk.minConfidence)}`,
    });
    action = "hold";
  }
  if (action === "buy" && state.drawdown >= risk.maxDrawdown) {
    vetoes.push({
      rule: "max-drawdown",
      message: `your portfolio is ${pct(state.drawdown)} below its peak, at or past your ${pct(risk.maxDrawdown)} limit`,
    });
    action = "hold";
  }
  if (action === "buy") {
    const room = Math.max(0, risk.maxPosition - state.position);
    // A holding already at (or above) the maximum leaves no room, whatever the size asked for.
    if (size > room || room === 0) {
      vetoes.push({
        rule: "max-position",
        message:
          room === 0
            ? `you already hold the maximum ${pct(risk.maxPosition)} of ${trade.asset}`
            : `the buy is cut to ${pct(room)} to keep ${trade.asset} within your ${pct(risk.maxPosition)} maximum`,
      });
      size = room;
      if (room === 0) action = "hold";
    }
  }
  if (action === "sell") {
    if (state.position === 0) {
      vetoes.push({ rule: "no-position", message: `you hold no ${trade.asset} to sell (no short selling)` });
      action = "hold";
    } else {
      size = Math.min(size, state.position);
    }
  }
  // A trade of size zero is no trade.
  if (action !== "hold" && size <= 0) action = "hold";
  return { action, size: action === "hold" ? 0 : size, vetoes };
}
