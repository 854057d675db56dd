/** Slippage and deadline of a trade, in basis points and seconds. Pure. */

/** Default tolerance: 0.5 %. */
export const DEFAULT_SLIPPAGE_BPS = 50;
/** Most tolerance accepted: 50 %. */
export const MAX_SLIPPAGE_BPS = 5000;

export type ParseSlippageResult = { ok: true; bps: number } | { ok: false; reason: "invalid" | "too-high" };

/** "0.5" (per cent) → 50 bps. At most two decimals; 0 is allowed; above 50 % refused. */
export function parseSlippage(percent: string): ParseSlippageResult {
  const text = percent.trim().replace(",", ".");
  if (!/^\d+(\.\d{0,2})?$/.test(text)) return { ok: false, reason: "invalid" };
  const bps = Math.round(Number(text) * 100);
  if (bps > MAX_SLIPPAGE_BPS) return { ok: false, reason: "too-high" };
  return { ok: true, bps };
}

/** The least output accepted for a quoted output: amountOut × (1 − slippage), rounded down. */
export const minimumOut = (amountOut: bigint, slippageBps: number): bigint =>
  (amountOut * BigInt(10_000 - slippageBps)) / 10_000n;

/** The most input accepted for a quoted input: amountIn × (1 + slippage), rounded up. */
export const maximumIn = (amountIn: bigint, slippageBps: number): bigint =>
  (amountIn * BigInt(10_000 + slippageBps) + 9_999n) / 10_000n;

/** A deadline `minutes` after `nowSeconds` (chain time), as the router takes it. */
export const deadlineAfter = (nowSeconds: bigint, minutes: number): bigint =>
  nowSeconds + BigInt(Math.round(minutes * 60));

export type ParseDeadlineResult = { ok: true; minutes: number } | { ok: false };

/** Minutes between 1 and 4320 (three days), whole numbers. */
export function parseDeadlineMinutes(text: string): ParseDeadlineResult {
  if (!/^\d+$/.test(text.trim())) return { ok: false };
  const minutes = Number(text.trim());
  return minutes >= 1 && minutes <= 4320 ? { ok: true, minutes } : { ok: false };
}
