import { EngineInputError } from "../errors.ts";
import { uniform32 } from "../random.ts";
import type { LabelledEvent } from "./evaluate.ts";
import type { Regime } from "./series.ts";

/** Settings of the SYNTHETIC generator (all have defaults). */
export interface SyntheticOptions {
  /** Closes to generate (≥ 100). */
  readonly length: number;
  /** Long-run daily volatility of the calm and the turbulent regime. */
  readonly calmSigma: number;
  readonly turbulentSigma: number;
  /** Ranges [min, max] of a regime's duration, in rows. The first (calm) spell lasts at least `firstCalm`. */
  readonly calmDays: readonly [number, number];
  readonly turbulentDays: readonly [number, number];
  readonly firstCalm: number;
  /** Probability per row of an injected jump, and its size range in units of the regime's σ. */
  readonly jumpProbability: number;
  readonly jumpSigmas: readonly [number, number];
  /** Rows at the start without jumps (detectors warm up), and the minimum gap between two jumps. */
  readonly jumpFreeStart: number;
  readonly minJumpGap: number;
  /** GARCH(1,1) coefficients of the volatility clustering inside a regime (α + β < 1). */
  readonly garchAlpha: number;
  readonly garchBeta: number;
}

/** Defaults: calm 0.8 %/day, turbulent 2 %/day, a jump every ~80 rows of 5–9 σ; 2 000 rows. */
export const DEFAULT_SYNTHETIC_OPTIONS: SyntheticOptions = {
  length: 2000,
  calmSigma: 0.008,
  turbulentSigma: 0.02,
  calmDays: [150, 400],
  turbulentDays: [40, 120],
  firstCalm: 250,
  jumpProbability: 1 / 80,
  jumpSigmas: [5, 9],
  jumpFreeStart: 30,
  minJumpGap: 5,
  garchAlpha: 0.05,
  garchBeta: 0.9,
};

/** A labelled jump: the row whose return carries it, and its sign. */
export interface SyntheticJump extends LabelledEvent {
  readonly kind: "jump";
  readonly sign: 1 | -1;
  /** The injected log return. */
  readonly size: number;
}

/** A labelled regime switch: the first row of the new regime. */
export interface SyntheticSwitch extends LabelledEvent {
  readonly kind: "regime-change";
  readonly regime: Regime;
}

/** A SYNTHETIC labelled series (not market data). */
export interface SyntheticLabelledSeries {
  readonly seed: number;
  /** Closes, starting at 100; row i's return is ln(closes[i] / closes[i − 1]). */
  readonly closes: number[];
  /** `returns[i − 1]` is row i's return (the convention of `logReturns`). */
  readonly returns: number[];
  /** The regime of each row (row 0: calm). */
  readonly regimes: Regime[];
  /** Every injected jump and regime switch, in row order; indices are rows of `closes`. */
  readonly labels: (SyntheticJump | SyntheticSwitch)[];
}

function checkOptions(o: SyntheticOptions): void {
  const bad = (field: string, message: string) => new EngineInputError(`options.${field}`, "out-of-range", message);
  if (!(Number.isInteger(o.length) && o.length >= 100 && o.length <= 10_000_000)) {
    throw bad("length", `must be an integer from 100 to 10 000 000, got ${o.length}.`);
  }
  for (const key of ["calmSigma", "turbulentSigma"] as const) {
    if (!(Number.isFinite(o[key]) && o[key] > 0)) throw bad(key, `must be a positive number, got ${o[key]}.`);
  }
  for (const key of ["calmDays", "turbulentDays", "jumpSigmas"] as const) {
    const [low, high] = o[key];
    if (!(Number.isFinite(low) && Number.isFinite(high) && low > 0 && high >= low)) {
      throw bad(key, `must be a range [min, max] with 0 < min ≤ max, got [${low}, ${high}].`);
    }
  }
  for (const key of ["firstCalm", "jumpFreeStart", "minJumpGap"] as const) {
    if (!(Number.isInteger(o[key]) && o[key] >= 0)) throw bad(key, `must be an integer ≥ 0, got ${o[key]}.`);
  }
  if (!(o.jumpProbability >= 0 && o.jumpProbability <= 1)) {
    throw bad("jumpProbability", `must be in [0, 1], got ${o.jumpProbability}.`);
  }
  if (!(o.garchAlpha >= 0 && o.garchBeta >= 0 && o.garchAlpha + o.garchBeta < 1)) {
    throw bad(
      "garchAlpha",
      `garchAlpha and garchBeta must be ≥ 0 with a sum below 1, got ${o.garchAlpha}, ${o.garchBeta}.`,
    );
  }
}

/**
 * A SYNTHETIC labelled price series, deterministic per seed (mulberry32, see engines/random.ts), for scoring detectors
 * against known truth. Model: a two-regime random walk in log price. The regime alternates calm /
 * turbulent with uniformly drawn durations; inside a regime, returns are Gaussian with GARCH(1,1)
 * variance h ← σ²(1 − α − β) + α·ε² + β·h (long-run σ of the regime; h restarts at σ² on a switch),
 * so volatility clusters without changing regime. Jumps are injected with probability
 * `jumpProbability` per row, replacing that row's return by ±U(jumpSigmas)·σ of the regime, never in
 * the first `jumpFreeStart` rows nor within `minJumpGap` rows of the previous jump. Jumps do not feed
 * the GARCH recursion (they are not volatility). Labels: every jump at its row, every switch at the
 * first row of the new regime.
 *
 * @throws EngineInputError naming `seed` (not an integer) or `options.<name>`.
 */
export function syntheticLabelledSeries(
  seed: number,
  options: Partial<SyntheticOptions> = {},
): SyntheticLabelledSeries {
  if (!Number.isInteger(seed)) throw new EngineInputError("seed", "out-of-range", `must be an integer, got ${seed}.`);
  const o: SyntheticOptions = { ...DEFAULT_SYNTHETIC_OPTIONS, ...options };
  checkOptions(o);
  const rand = uniform32(seed);
  const uniform = ([low, high]: readonly [number, number]) => low + (high - low) * rand();
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const sigmaOf = (regime: Regime) => (regime === "calm" ? o.calmSigma : o.turbulentSigma);

  const closes = new Array<number>(o.length);
  const returns = new Array<number>(o.length - 1);
  const regimes = new Array<Regime>(o.length);
  const labels: (SyntheticJump | SyntheticSwitch)[] = [];
  closes[0] = 100;
  regimes[0] = "calm";
  let regime: Regime = "calm";
  let remaining = Math.max(o.firstCalm, Math.round(uniform(o.calmDays)));
  let h = o.calmSigma ** 2;
  let lastJump = Number.NEGATIVE_INFINITY;

  for (let i = 1; i < o.length; i++) {
    if (--remaining < 0) {
      regime = regime === "calm" ? "turbulent" : "calm";
      remaining = Math.round(uniform(regime === "calm" ? o.calmDays : o.turbulentDays)) - 1;
      h = sigmaOf(regime) ** 2;
      labels.push({ index: i, kind: "regime-change", regime });
    }
    const sigma = sigmaOf(regime);
    const epsilon = Math.sqrt(h) * normal();
    h = sigma * sigma * (1 - o.garchAlpha - o.garchBeta) + o.garchAlpha * epsilon * epsilon + o.garchBeta * h;
    let r = epsilon;
    if (i >= o.jumpFreeStart && i - lastJump >= o.minJumpGap && rand() < o.jumpProbability) {
      const sign = rand() < 0.5 ? -1 : 1;
      r = sign * uniform(o.jumpSigmas) * sigma;
      lastJump = i;
      labels.push({ index: i, kind: "jump", sign, size: r });
    }
    returns[i - 1] = r;
    regimes[i] = regime;
    closes[i] = closes[i - 1]! * Math.exp(r);
  }
  return { seed, closes, returns, regimes, labels };
}
