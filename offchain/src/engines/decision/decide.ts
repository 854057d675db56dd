import { createHash } from "node:crypto";
import { z } from "zod";

import { EngineInputError } from "../errors.ts";
import { DECISION_WINDOW, FEATURE_LABELS, WARMUP, latestFeatures } from "./features.ts";
import { detectJumps } from "./jumps.ts";
import {
  ACTIONS,
  attributions,
  predictProbabilities,
  type Action,
  type Attribution,
  type LinearSoftmaxModel,
} from "./model.ts";
import { PositionStateSchema, RiskParametersSchema, applyRisk, type Veto } from "./risk.ts";

/** What a decision is asked for: the asset, its price history and the user's risk settings. */
export const DecisionInputSchema = z
  .object({
    asset: z.string().min(1).max(32),
    /** Daily closes, oldest first (at least WARMUP + 1). */
    closes: z
      .array(z.number().positive().finite())
      .min(WARMUP + 1)
      .max(20_000),
    volumes: z.array(z.number().nonnegative().finite()).max(20_000).optional(),
    risk: RiskParametersSchema,
    state: PositionStateSchema.default({ position: 0, drawdown: 0 }),
  })
  .strict();
export type DecisionInput = z.input<typeof DecisionInputSchema>;

/** Everything but the series, parsed by zod (the series are checked by `checkSeries`). */
const ScalarsSchema = DecisionInputSchema.omit({ closes: true, volumes: true }).extend({
  closes: z.undefined(),
  volumes: z.undefined(),
});

/** The schema's rules for a price or volume series, without per-element allocation. */
function checkSeries(field: string, values: unknown, min: number, positive: boolean): asserts values is number[] {
  if (!Array.isArray(values)) throw new EngineInputError(field, "out-of-range", "must be an array of numbers.");
  if (values.length < min) {
    throw new EngineInputError(field, "empty", `needs at least ${min} values, got ${values.length}.`);
  }
  if (values.length > 20_000) throw new EngineInputError(field, "too-large", "at most 20 000 values.");
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new EngineInputError(`${field}.${i}`, "not-finite", `must be a finite number, got ${String(v)}.`);
    }
    if (positive ? v <= 0 : v < 0) {
      throw new EngineInputError(
        `${field}.${i}`,
        "out-of-range",
        `must be ${positive ? "positive" : "zero or more"}, got ${v}.`,
      );
    }
  }
}

export interface Decision {
  /** What to do, after the risk manager. Prices are in the closes' unit. */
  readonly decision: {
    readonly action: Action;
    /** Fraction of the portfolio to buy or sell (0 for hold). */
    readonly size: number;
    /** Price at which to sell at a loss (buys only). */
    readonly stop_loss: number | null;
    /** Price at which to take profit (buys only). */
    readonly take_profit: number | null;
  };
  /** Calibrated probability of the model's chosen action, in [0, 1]. */
  readonly confidence_score: number;
  /** One or two sentences naming the features that drove the decision and their direction. */
  readonly reasoning: string;
  readonly model_version: string;
  /** sha256 of the JSON of the model version and the parsed input (last DECISION_WINDOW closes). */
  readonly inputs_hash: `0x${string}`;
  /** The model's own action before the risk rules. */
  readonly model_action: Action;
  readonly probabilities: Readonly<Record<Action, number>>;
  readonly vetoes: readonly Veto[];
  readonly attributions: readonly Attribution[];
}

/** A validated decision input with its features computed (the first half of `decide`). */
export interface PreparedDecision {
  readonly input: z.output<typeof DecisionInputSchema>;
  /** The features of the last day, in FEATURE_NAMES order: what the model is run on. The input keeps
   * only the last DECISION_WINDOW closes, the data the decision depends on. */
  readonly features: Float64Array;
}

/**
 * Validates the input and computes the last day's features, including the spiking detector's jump
 * events on the closes (see `detectJumps`).
 *
 * @throws EngineInputError when the input fails its schema (the field is named).
 */
export function prepareDecision(rawInput: DecisionInput): PreparedDecision {
  // The price series are checked by hand (the same rules as the schema, the same field names):
  // zod's per-element parsing of 1 000 closes allocates enough to dominate the decision's p99.
  checkSeries("closes", rawInput.closes, WARMUP + 1, true);
  if (rawInput.volumes !== undefined) checkSeries("volumes", rawInput.volumes, 0, false);
  const parsed = ScalarsSchema.safeParse({ ...rawInput, closes: undefined, volumes: undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join(".") || "input";
    throw new EngineInputError(field, "out-of-range", issue.message);
  }
  const parsedInput = {
    ...parsed.data,
    closes: rawInput.closes,
    ...(rawInput.volumes === undefined ? {} : { volumes: rawInput.volumes }),
  };
  if (parsedInput.volumes !== undefined && parsedInput.volumes.length !== parsedInput.closes.length) {
    throw new EngineInputError(
      "volumes",
      "length-mismatch",
      `has ${parsedInput.volumes.length} values for ${parsedInput.closes.length} closes.`,
    );
  }
  // Only the last DECISION_WINDOW days influence a decision; keep just those, so that the jump
  // detector, the features and the inputs hash all see exactly the same data.
  const start = Math.max(0, parsedInput.closes.length - DECISION_WINDOW);
  const closes = parsedInput.closes.slice(start);
  const volumes = parsedInput.volumes?.slice(start);
  const input = { ...parsedInput, closes, ...(volumes ? { volumes } : {}) };
  const features = latestFeatures({ closes, ...(volumes ? { volumes } : {}), jumps: detectJumps(closes) });
  return { input, features };
}

/**
 * The model's own view of one asset, before any user's risk rules: what the oracle's DecisionFeed
 * publishes (each user's risk parameters are applied by `decide`).
 */
export interface ModelSignal {
  readonly action: Action;
  readonly probabilities: Readonly<Record<Action, number>>;
  /** Calibrated probability of `action`. */
  readonly confidence: number;
  /** |p_buy − p_sell|: how one-sided the model is; the suggested trade size as a fraction. */
  readonly edge: number;
  /** The reasoning sentence without risk-manager remarks. */
  readonly reasoning: string;
  readonly attributions: readonly Attribution[];
  readonly model_version: string;
  readonly inputs_hash: `0x${string}`;
}

/**
 * The model's signal for a prepared input: the most probable action (a tie goes to hold), its
 * calibrated confidence and the attributions behind it. `probabilities` are the ONNX runtime's
 * output for `prepared.features`; without them the model card's float64 arithmetic is used.
 */
export function modelSignal(
  prepared: PreparedDecision,
  model: LinearSoftmaxModel,
  probabilities?: ArrayLike<number>,
): ModelSignal {
  const { input, features: x } = prepared;
  const p = probabilities ? Float64Array.from(probabilities) : predictProbabilities(model, x);
  if (p.length !== ACTIONS.length || p.some((v) => !(v >= 0 && v <= 1))) {
    throw new EngineInputError("probabilities", "out-of-range", "must be three probabilities (sell, hold, buy).");
  }
  const byAction = { sell: p[0]!, hold: p[1]!, buy: p[2]! };
  let action: Action = "hold";
  for (const candidate of ACTIONS) if (byAction[candidate] > byAction[action]) action = candidate;
  const confidence = byAction[action];
  const attribution = attributions(model, x, action);
  return {
    action,
    probabilities: { sell: round(p[0]!, 6), hold: round(p[1]!, 6), buy: round(p[2]!, 6) },
    confidence,
    edge: Math.abs(byAction.buy - byAction.sell),
    reasoning: explain(input.asset, action, action, confidence, attribution, []),
    attributions: attribution.slice(0, 5),
    model_version: model.version,
    // node:crypto's SHA-256: the same digest as viem's sha256 of the UTF-8 bytes, ~6x faster on a
    // decision's ~2 kB input (11.3 -> 1.8 us); the engine runs only in Node (the API, the oracle nodes)
    inputs_hash: `0x${createHash("sha256")
      .update(JSON.stringify({ model: model.version, input }), "utf8")
      .digest("hex")}`,
  };
}

/**
 * Decides buy, sell or hold for one asset: features of the last day → the model's calibrated class
 * probabilities → the risk manager → a reasoning sentence from the exact attributions.
 *
 * Pure and deterministic. Without `probabilities` they are computed from the model card in float64;
 * the services pass the ONNX runtime's output for the same features (see models/decisionModel.ts).
 *
 * Sizing before the risk rules: a buy takes maxPosition × (p_buy − p_sell), a sell gives up the
 * holding × (p_sell − p_buy): the more one-sided the model, the larger the trade.
 *
 * @throws EngineInputError when the input fails its schema (the field is named) or the model does
 *   not match the features.
 */
export function decide(
  rawInput: DecisionInput | PreparedDecision,
  model: LinearSoftmaxModel,
  probabilities?: ArrayLike<number>,
): Decision {
  const prepared = "features" in rawInput ? rawInput : prepareDecision(rawInput);
  const { input } = prepared;
  const signal = modelSignal(prepared, model, probabilities);
  const modelAction = signal.action;
  const confidence = signal.confidence;
  const price = input.closes[input.closes.length - 1]!;
  const proposedSize =
    modelAction === "buy"
      ? input.risk.maxPosition * signal.edge
      : modelAction === "sell"
        ? input.state.position * signal.edge
        : 0;
  const outcome = applyRisk(
    { asset: input.asset, action: modelAction, size: proposedSize, confidence, price },
    input.risk,
    input.state,
  );
  const isBuy = outcome.action === "buy";
  return {
    decision: {
      action: outcome.action,
      size: round(outcome.size, 6),
      stop_loss: isBuy ? round(price * (1 - input.risk.stopLoss), 8) : null,
      take_profit: isBuy ? round(price * (1 + input.risk.takeProfit), 8) : null,
    },
    confidence_score: round(confidence, 6),
    reasoning:
      outcome.vetoes.length === 0
        ? signal.reasoning
        : explain(input.asset, modelAction, outcome.action, confidence, signal.attributions, outcome.vetoes),
    model_version: model.version,
    inputs_hash: signal.inputs_hash,
    model_action: modelAction,
    probabilities: signal.probabilities,
    vetoes: outcome.vetoes,
    attributions: signal.attributions,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Describes a feature's value in words and units. */
function describeValue(a: Attribution): string {
  const level =
    a.z >= 1.5
      ? "very high"
      : a.z >= 0.5
        ? "high"
        : a.z <= -1.5
          ? "very low"
          : a.z <= -0.5
            ? "low"
            : "near its usual level";
  const sign = (x: number) => (x >= 0 ? "+" : "−") + Math.abs(x * 100).toFixed(1) + "%";
  let shown: string;
  switch (a.feature) {
    case "return_1d":
    case "return_5d":
    case "return_20d":
    case "return_60d":
      shown = sign(Math.expm1(a.value));
      break;
    case "volatility_20d":
      shown = `${(a.value * Math.sqrt(252) * 100).toFixed(1)}% a year`;
      break;
    case "rsi_14":
      shown = (a.value * 100).toFixed(0);
      break;
    case "spike_balance_5d":
      shown = a.value === 0 ? "none" : `${a.value > 0 ? "+" : "−"}${Math.abs(a.value)} net`;
      break;
    default:
      shown = a.value.toFixed(3);
  }
  return `${FEATURE_LABELS[a.feature]} is ${level} (${shown})`;
}

/**
 * The reasoning sentence: the action and its confidence, the three features with the largest
 * attributions and whether each pushed towards or against it, then any risk-manager override.
 */
export function explain(
  asset: string,
  modelAction: Action,
  finalAction: Action,
  confidence: number,
  attribution: readonly Attribution[],
  vetoes: readonly Veto[],
): string {
  const verb = { buy: "Buy", sell: "Sell", hold: "Hold" }[modelAction];
  const top = attribution.slice(0, 3).map((a) => {
    const direction = a.contribution >= 0 ? `pushing towards ${modelAction}` : `pushing against ${modelAction}`;
    return `${describeValue(a)}, ${direction}`;
  });
  let text = `${verb} ${asset} at ${(confidence * 100).toFixed(0)}% confidence: ${joinList(top)}.`;
  if (vetoes.length > 0) {
    const changed =
      finalAction === modelAction ? `adjusted the ${modelAction}` : `changed ${modelAction} to ${finalAction}`;
    text += ` The risk manager ${changed}: ${joinList(vetoes.map((v) => v.message))}.`;
  }
  return text;
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join("; ")}; and ${items[items.length - 1]}`;
}
