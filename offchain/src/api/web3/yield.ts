/**
 * Yield projections for a position in a reward stream, from the rates the contracts hold.
 *
 * A stream pays `R` reward base units per second (a fraction `rate_num / rate_den`, exact) to
 * everything staked in it, pro rata. A new position of `A` next to `S` already staked earns
 *
 *     r = R · A / (S + A)                                per second,
 *     reward(t) = r · min(t, seconds_left)               over t seconds (nothing after the stream ends),
 *     APR = r · 31 536 000 / V                           V = the position's value in reward base units,
 *
 * at the current rate and supply (others joining or leaving change it; nothing compounds). V is
 * known when the reward token is the staked token (V = A) or, for an LP position, when the pair holds
 * the reward token (V = A · 2 · reserve_reward / lp_supply, both sides valued at the pool's own price);
 * otherwise the APR is null and the reason says why.
 */
import { ratio } from "./amounts.ts";

export const SECONDS_PER_DAY = 86_400n;
export const SECONDS_PER_YEAR = 365n * SECONDS_PER_DAY;

/** A non-negative rational. */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

export interface RewardStream {
  /** The stream's whole rate, reward base units per second. */
  readonly rate: Fraction;
  /** What is already staked in it (staked-token base units). */
  readonly staked: bigint;
  /** The new position (staked-token base units). */
  readonly amount: bigint;
  /** Seconds until the stream stops paying; null when no end is known. */
  readonly secondsLeft: bigint | null;
  /** The position's value in reward base units, or null with the reason. */
  readonly value: Fraction | { readonly unknown: string };
}

export interface Projection {
  /** The position's share of the stream, 0..1. */
  readonly share: number;
  /** Reward base units per second for the position (floored). */
  readonly perSecond: bigint;
  readonly daily: bigint;
  readonly thirtyDays: bigint;
  /** A fraction per year (0.12 = 12 %), or null (see `aprBasis`). */
  readonly apr: number | null;
  readonly aprBasis: string;
}

/** Reward base units the position earns over `seconds` (floored; capped at the stream's end). */
export function rewardOver(stream: RewardStream, seconds: bigint): bigint {
  const t = stream.secondsLeft === null || seconds < stream.secondsLeft ? seconds : stream.secondsLeft;
  const t0 = t < 0n ? 0n : t;
  const pool = stream.staked + stream.amount;
  if (pool === 0n) return 0n;
  return (stream.rate.num * stream.amount * t0) / (stream.rate.den * pool);
}

/** The projection for a new position (formula in the module comment). */
export function projectYield(stream: RewardStream): Projection {
  const pool = stream.staked + stream.amount;
  const share = pool === 0n ? 0 : ratio(stream.amount, pool);
  const perSecond = pool === 0n ? 0n : (stream.rate.num * stream.amount) / (stream.rate.den * pool);
  let apr: number | null = null;
  let aprBasis: string;
  if ("unknown" in stream.value) {
    aprBasis = stream.value.unknown;
  } else if (stream.value.num === 0n || pool === 0n) {
    aprBasis = "The position has no value in reward tokens at the pool's price, so no APR can be given.";
  } else {
    // APR = (R·A/(S+A)) · YEAR / V, V = value.num / value.den
    apr = ratio(
      stream.rate.num * stream.amount * SECONDS_PER_YEAR * stream.value.den,
      stream.rate.den * pool * stream.value.num,
    );
    aprBasis =
      "Reward per year at the current rate and total staked, divided by the position's value in reward tokens; simple (not compounded), before gas.";
  }
  return {
    share,
    perSecond,
    daily: rewardOver(stream, SECONDS_PER_DAY),
    thirtyDays: rewardOver(stream, 30n * SECONDS_PER_DAY),
    apr,
    aprBasis,
  };
}

/** The formula, as given in the answers. */
export const YIELD_FORMULA =
  "reward_per_second = pool_reward_per_second × amount / (total_staked + amount); daily = reward_per_second × min(86400 s, seconds_left); thirty_days = reward_per_second × min(2592000 s, seconds_left); apr = reward_per_second × 31536000 / value_of_amount_in_reward_token";
