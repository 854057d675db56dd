/** Annual percentage rates of the reward programmes, from per-second emissions. Pure. */

export const SECONDS_PER_YEAR = 31_536_000;

/**
 * APR of a reward stream worth `rewardUsdPerSecond`, paid to deposits worth `depositsUsd`, as a
 * fraction (0.25 = 25 %); undefined without deposits (any deposit would earn the whole stream).
 */
export function aprFromUsd(rewardUsdPerSecond: number, depositsUsd: number): number | undefined {
  if (!(depositsUsd > 0) || !(rewardUsdPerSecond >= 0)) return undefined;
  return (rewardUsdPerSecond * SECONDS_PER_YEAR) / depositsUsd;
}

/** APR of a pool that stakes and pays the same token (the staking pool): rate × year ÷ staked. */
export function sameTokenApr(rewardRate: bigint, totalStaked: bigint, active: boolean): number | undefined {
  if (!active) return 0;
  if (totalStaked === 0n) return undefined;
  return Number((rewardRate * BigInt(SECONDS_PER_YEAR) * 1_000_000n) / totalStaked) / 1_000_000;
}

/** An APR for display: "12.34 %", or "—" when undefined. */
export const formatApr = (apr: number | undefined, locale = "en"): string =>
  apr === undefined ? "—" : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(apr * 100)} %`;
