/**
 * Token amounts between the units people write ("1.5" USDC) and the units contracts count (1500000),
 * exactly: no floating point, and never a silent rounding of digits the token cannot hold.
 */
import { formatUnits } from "viem";

import { ApiError } from "../context.ts";

/** A decimal number in token units: digits, optionally a point and more digits ("1", "0.25"). */
export const HUMAN_AMOUNT = /^(0|[1-9]\d*)(\.\d+)?$/;

const MAX_UINT256 = 2n ** 256n - 1n;

/** An amount in both units: `human` in token units ("1.5"), `base` in the token's smallest unit ("1500000"). */
export interface TokenAmount {
  readonly human: string;
  readonly base: string;
}

/**
 * Parses a human amount into the token's base units. 422 when it has more decimals than the token
 * (`too-many-decimals`), is zero (`zero-amount`) or does not fit a uint256 (`amount-too-large`); the
 * error names `field`.
 */
export function parseTokenAmount(text: string, decimals: number, symbol: string, field: string): bigint {
  if (!HUMAN_AMOUNT.test(text)) {
    throw new ApiError(422, "invalid-amount", `${field} must be a decimal number like "1.5", not "${text}".`, {
      field,
    });
  }
  const [whole, fraction = ""] = text.split(".");
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > decimals) {
    throw new ApiError(
      422,
      "too-many-decimals",
      `${field} has ${significant.length} decimals but ${symbol} has only ${decimals}; round it to ${decimals} decimals.`,
      { field },
    );
  }
  const base = BigInt(whole! + significant.padEnd(decimals, "0"));
  if (base === 0n) {
    throw new ApiError(422, "zero-amount", `${field} must be greater than zero.`, { field });
  }
  if (base > MAX_UINT256) {
    throw new ApiError(422, "amount-too-large", `${field} is larger than any ${symbol} amount can be.`, { field });
  }
  return base;
}

/** An amount in both units. */
export function tokenAmount(base: bigint, decimals: number): TokenAmount {
  return { human: formatUnits(base, decimals), base: base.toString() };
}

/** `num / den` as a JavaScript number (18 significant decimals kept before the conversion). */
export function ratio(num: bigint, den: bigint): number {
  if (den === 0n) throw new RangeError("division by zero");
  const scale = 10n ** 18n;
  const scaled = (num * scale) / den;
  const whole = scaled / scale;
  return Number(whole) + Number(scaled % scale) / 1e18;
}

/** `num / den` as a decimal string with at most `digits` decimals (truncated, trailing zeros dropped). */
export function ratioString(num: bigint, den: bigint, digits = 18): string {
  if (den === 0n) throw new RangeError("division by zero");
  return formatUnits((num * 10n ** BigInt(digits)) / den, digits);
}
