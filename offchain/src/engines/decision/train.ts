import { EngineInputError } from "../errors.ts";
import { ACTIONS, softmax } from "./model.ts";

/** A labelled training set: rows of raw features and a class per row (0 sell, 1 hold, 2 buy). */
export interface Dataset {
  readonly x: readonly Float64Array[];
  readonly y: readonly number[];
}

export interface FittedLinearModel {
  readonly mean: number[];
  readonly std: number[];
  /** weights[i][k] for feature i, class k. */
  readonly weights: number[][];
  readonly bias: number[];
  readonly iterations: number;
}

const K = ACTIONS.length;

/** Mean and standard deviation per feature (a constant feature gets std 1, so it standardises to 0). */
export function featureScaling(x: readonly Float64Array[]): { mean: number[]; std: number[] } {
  if (x.length === 0) throw new EngineInputError("x", "empty", "no training rows.");
  const f = x[0]!.length;
  const mean = new Array<number>(f).fill(0);
  const std = new Array<number>(f).fill(0);
  for (const row of x) for (let i = 0; i < f; i++) mean[i]! += row[i]!;
  for (let i = 0; i < f; i++) mean[i] = mean[i]! / x.length;
  for (const row of x) for (let i = 0; i < f; i++) std[i]! += (row[i]! - mean[i]!) ** 2;
  for (let i = 0; i < f; i++) {
    const s = Math.sqrt(std[i]! / x.length);
    std[i] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/**
 * Fits a multinomial logistic regression with an L2 penalty λ·‖θ‖²/2 on standardised features by
 * Newton's method (the (F+1)·K-parameter Hessian is small): deterministic, and converged to the
 * unique optimum rather than stopped early.
 */
export function fitSoftmaxRegression(data: Dataset, lambda = 1e-2, maxIterations = 50): FittedLinearModel {
  const { x, y } = data;
  if (x.length !== y.length) {
    throw new EngineInputError("y", "length-mismatch", `has ${y.length} labels for ${x.length} rows.`);
  }
  const { mean, std } = featureScaling(x);
  const f = mean.length;
  const d = f + 1; // features + bias
  const p = d * K;
  const z = x.map((row) => {
    const out = new Float64Array(d);
    for (let i = 0; i < f; i++) out[i] = (row[i]! - mean[i]!) / std[i]!;
    out[f] = 1;
    return out;
  });
  const n = z.length;
  const theta = new Float64Array(p); // theta[k·d + j]
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    for (let s = 0; s < n; s++) {
      const zs = z[s]!;
      const logits = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        let v = 0;
        for (let j = 0; j < d; j++) v += theta[k * d + j]! * zs[j]!;
        logits[k] = v;
      }
      const prob = softmax(logits);
      for (let k = 0; k < K; k++) {
        const r = prob[k]! - (y[s] === k ? 1 : 0);
        for (let j = 0; j < d; j++) grad[k * d + j]! += (r * zs[j]!) / n;
        for (let l = 0; l < K; l++) {
          const w = (prob[k]! * ((k === l ? 1 : 0) - prob[l]!)) / n;
          if (w === 0) continue;
          for (let j = 0; j < d; j++) {
            const row = (k * d + j) * p + l * d;
            const wz = w * zs[j]!;
            for (let m = 0; m < d; m++) hess[row + m]! += wz * zs[m]!;
          }
        }
      }
    }
    for (let q = 0; q < p; q++) {
      grad[q]! += lambda * theta[q]!;
      hess[q * p + q]! += lambda;
    }
    const step = solveSpd(hess, grad, p);
    let size = 0;
    for (let q = 0; q < p; q++) {
      theta[q]! -= step[q]!;
      size = Math.max(size, Math.abs(step[q]!));
    }
    if (size < 1e-10) {
      iterations++;
      break;
    }
  }
  const weights = Array.from({ length: f }, (_, i) => Array.from({ length: K }, (_, k) => theta[k * d + i]!));
  const bias = Array.from({ length: K }, (_, k) => theta[k * d + f]!);
  return { mean, std, weights, bias, iterations };
}

/** Solves A·x = b for symmetric positive definite A (Cholesky). */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j]!;
    }
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** Logits (before temperature) of a fitted model for one row. */
export function rawLogits(model: FittedLinearModel, row: ArrayLike<number>): Float64Array {
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let v = model.bias[k]!;
    for (let i = 0; i < model.mean.length; i++) {
      v += ((row[i]! - model.mean[i]!) / model.std[i]!) * model.weights[i]![k]!;
    }
    out[k] = v;
  }
  return out;
}

/** Mean negative log-likelihood of labels under softmax(logits / T). */
export function negativeLogLikelihood(
  logits: readonly Float64Array[],
  y: readonly number[],
  temperature: number,
): number {
  let total = 0;
  for (let s = 0; s < logits.length; s++) {
    const scaled = logits[s]!.map((v) => v / temperature);
    total -= Math.log(Math.max(softmax(scaled)[y[s]!]!, 1e-300));
  }
  return total / logits.length;
}

/**
 * Temperature scaling (Guo et al., 2017): the T that minimises the NLL on a held-out calibration
 * period, by golden-section search on log T ∈ [log 0.05, log 20] (the NLL is unimodal in T).
 */
export function fitTemperature(logits: readonly Float64Array[], y: readonly number[]): number {
  let a = Math.log(0.05);
  let b = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = negativeLogLikelihood(logits, y, Math.exp(c));
  let fd = negativeLogLikelihood(logits, y, Math.exp(d));
  for (let i = 0; i < 80; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = negativeLogLikelihood(logits, y, Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = negativeLogLikelihood(logits, y, Math.exp(d));
    }
  }
  return Math.exp((a + b) / 2);
}

/** Multiclass Brier score: mean over rows of Σₖ (pₖ − 1[y = k])². 0 is perfect; 2/3 is uniform guessing for 3 classes. */
export function brierScore(probabilities: readonly ArrayLike<number>[], y: readonly number[]): number {
  let total = 0;
  for (let s = 0; s < probabilities.length; s++) {
    const p = probabilities[s]!;
    for (let k = 0; k < p.length; k++) total += (p[k]! - (y[s] === k ? 1 : 0)) ** 2;
  }
  return total / probabilities.length;
}

/** Expected calibration error of the top-class confidence over `bins` equal-width bins. */
export function expectedCalibrationError(
  probabilities: readonly ArrayLike<number>[],
  y: readonly number[],
  bins = 10,
): number {
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  for (let s = 0; s < probabilities.length; s++) {
    const p = probabilities[s]!;
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    const bin = Math.min(bins - 1, Math.floor(p[best]! * bins));
    count[bin]!++;
    conf[bin]! += p[best]!;
    if (y[s] === best) hits[bin]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += (count[b]! / probabilities.length) * Math.abs(hits[b]! / count[b]! - conf[b]! / count[b]!);
  }
  return ece;
}
