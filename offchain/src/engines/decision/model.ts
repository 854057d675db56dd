import { EngineInputError, assertFinite } from "../errors.ts";
import { FEATURE_NAMES, type FeatureName } from "./features.ts";

/** The model's classes, in the order of its outputs. */
export const ACTIONS = ["sell", "hold", "buy"] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * A calibrated multinomial logistic regression on standardised features:
 *
 *     zᵢ = (xᵢ − meanᵢ)/stdᵢ,   logitsₖ = (Σᵢ zᵢ·Wᵢₖ + bₖ)/T,   p = softmax(logits)
 *
 * T is the temperature fitted on a calibration period after training (temperature scaling). The ONNX
 * file computes exactly this graph; these numbers are its initialisers, written by `npm run train`
 * into the model card so that attributions can be computed without decoding the ONNX file.
 */
export interface LinearSoftmaxModel {
  readonly version: string;
  readonly features: readonly FeatureName[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** weights[i][k]: feature i, class k (ACTIONS order). */
  readonly weights: readonly (readonly number[])[];
  readonly bias: readonly number[];
  readonly temperature: number;
}

/** Checks that a model matches this code's features and classes. */
export function assertModelShape(model: LinearSoftmaxModel): void {
  const f = FEATURE_NAMES.length;
  if (model.features.length !== f || model.features.some((name, i) => name !== FEATURE_NAMES[i])) {
    throw new EngineInputError(
      "model.features",
      "length-mismatch",
      `the model was trained on features [${model.features.join(", ")}], but this engine computes [${FEATURE_NAMES.join(", ")}]; retrain with \`npm run train\`.`,
    );
  }
  if (model.mean.length !== f || model.std.length !== f || model.weights.length !== f) {
    throw new EngineInputError("model", "length-mismatch", `mean, std and weights need ${f} rows.`);
  }
  for (const row of model.weights) {
    if (row.length !== ACTIONS.length) {
      throw new EngineInputError("model.weights", "length-mismatch", `each row needs ${ACTIONS.length} classes.`);
    }
  }
  if (!(model.temperature > 0)) {
    throw new EngineInputError("model.temperature", "out-of-range", "must be positive.");
  }
}

/** Standardised features z. */
export function standardise(model: LinearSoftmaxModel, x: ArrayLike<number>): Float64Array {
  if (x.length !== model.features.length) {
    throw new EngineInputError(
      "features",
      "length-mismatch",
      `the model takes ${model.features.length} features, got ${x.length}.`,
    );
  }
  assertFinite("features", x);
  const z = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) z[i] = (x[i]! - model.mean[i]!) / model.std[i]!;
  return z;
}

/** Class probabilities, in float64 (the ONNX runtime computes the same in float32). */
export function predictProbabilities(model: LinearSoftmaxModel, x: ArrayLike<number>): Float64Array {
  const z = standardise(model, x);
  const logits = new Float64Array(ACTIONS.length);
  for (let k = 0; k < ACTIONS.length; k++) {
    let s = model.bias[k]!;
    for (let i = 0; i < z.length; i++) s += z[i]! * model.weights[i]![k]!;
    logits[k] = s / model.temperature;
  }
  return softmax(logits);
}

/** Numerically stable softmax. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k]!);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    out[k] = Math.exp(logits[k]! - max);
    sum += out[k]!;
  }
  for (let k = 0; k < logits.length; k++) out[k] = out[k]! / sum;
  return out;
}

export interface Attribution {
  readonly feature: FeatureName;
  /** The raw feature value. */
  readonly value: number;
  /** Standard deviations from the training mean. */
  readonly z: number;
  /**
   * How much this feature moved the chosen class's log-odds against the average class:
   * zᵢ·(Wᵢₖ − mean over classes of Wᵢ)/T. Positive: it pushed towards the chosen action. The
   * contributions plus the bias term add up exactly to the chosen logit minus the mean logit.
   */
  readonly contribution: number;
}

/** Exact per-feature attributions of a linear model for one class, largest |contribution| first. */
export function attributions(model: LinearSoftmaxModel, x: ArrayLike<number>, action: Action): Attribution[] {
  const k = ACTIONS.indexOf(action);
  const z = standardise(model, x);
  const out: Attribution[] = [];
  for (let i = 0; i < z.length; i++) {
    const row = model.weights[i]!;
    let mean = 0;
    for (const w of row) mean += w;
    mean /= row.length;
    out.push({
      feature: model.features[i]!,
      value: x[i]!,
      z: z[i]!,
      contribution: (z[i]! * (row[k]! - mean)) / model.temperature,
    });
  }
  return out.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature));
}
