import { EngineInputError } from "../errors.ts";
import type { LabelledEvent } from "./evaluate.ts";

/** A seeded 32-bit generator (mulberry32): the same seed gives the same stream everywhere. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticSeries {
  /** SYNTHETIC closes (not market data). */
  readonly closes: number[];
  readonly labels: LabelledEvent[];
  /** Daily volatility of the calm and turbulent regimes used. */
  readonly sigma: { readonly calm: number; readonly turbulent: number };
}

/**
 * A SYNTHETIC labelled price series for evaluating detectors: a two-regime random walk (calm σ =
 * 0.8%/day, turbulent σ = 2%/day; regimes last 150–400 and 40–120 days) with jumps injected about
 * once every 80 days, each 5–9 × the current regime's σ with a random sign. Labels: every injected
 * jump (index of the jump's close) and every regime switch. Deterministic per seed.
 */
export function syntheticLabelledSeries(seed: number, days = 2000): SyntheticSeries {
  if (!Number.isInteger(days) || days < 100 || days > 1_000_000) {
    throw new EngineInputError("days", "out-of-range", `must be an integer from 100 to 1 000 000, got ${days}.`);
  }
  const rand = mulberry32(seed);
  const normal = () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const sigma = { calm: 0.008, turbulent: 0.02 };
  const closes = [100];
  const labels: LabelledEvent[] = [];
  let turbulent = false;
  let remaining = 150 + Math.floor(rand() * 250);
  for (let i = 1; i < days; i++) {
    if (remaining-- <= 0) {
      turbulent = !turbulent;
      remaining = turbulent ? 40 + Math.floor(rand() * 80) : 150 + Math.floor(rand() * 250);
      labels.push({ index: i, kind: "regime-change" });
    }
    const s = turbulent ? sigma.turbulent : sigma.calm;
    let r = s * normal();
    if (rand() < 1 / 80) {
      r = (rand() < 0.5 ? -1 : 1) * s * (5 + 4 * rand());
      labels.push({ index: i, kind: "jump" });
    }
    closes.push(closes[i - 1]! * Math.exp(r));
  }
  return { closes, labels, sigma };
}
