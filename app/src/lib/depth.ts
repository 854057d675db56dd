/**
 * Market depth of a constant-product pair (Peper's Uniswap-V2 pairs, 0.3 % fee): how much can be
 * traded before the price impact — as `priceImpactBps` in amm.ts measures it, fee included — passes
 * a band (±1 %, ±2 %, ±5 %). Pure; bigint only.
 *
 * With the fee, out = 997·in·rOut / (1000·rIn + 997·in), so the execution price against the mid price
 * is out·rIn / (in·rOut) = 997·rIn / (1000·rIn + 997·in) and the impact 1 − that. The impact stays
 * within p (basis points) while 997·rIn·10⁴ ≥ (10⁴ − p)·(1000·rIn + 997·in), which gives the largest
 * input in closed form (floored). Below the fee (p < 30) nothing can be traded.
 */
import { getAmountOut } from "./amm.ts";

/** The bands the floor and its table show, in basis points. */
export const DEPTH_BANDS_BPS = [100, 200, 500] as const;

const BPS = 10_000n;

/** Whether selling `amountIn` against (reserveIn, reserveOut) stays within `bandBps` of price impact. */
export function withinImpact(amountIn: bigint, reserveIn: bigint, bandBps: number): boolean {
  const p = BigInt(bandBps);
  return 997n * reserveIn * BPS >= (BPS - p) * (1000n * reserveIn + 997n * amountIn);
}

/** The largest input whose price impact (fee included) is at most `bandBps`; 0 when none is. */
export function maxInputWithin(reserveIn: bigint, reserveOut: bigint, bandBps: number): bigint {
  if (reserveIn <= 0n || reserveOut <= 0n || !(bandBps > 0) || bandBps >= 10_000) return 0n;
  const p = BigInt(Math.floor(bandBps));
  // 997·in·(10⁴ − p) ≤ 997·rIn·10⁴ − 1000·rIn·(10⁴ − p)
  const numerator = 997n * reserveIn * BPS - 1000n * reserveIn * (BPS - p);
  if (numerator <= 0n) return 0n;
  return numerator / (997n * (BPS - p));
}

export interface DepthBand {
  bps: number;
  /** Token0 a seller can put in (the price of token0 falling by up to the band), and what it buys. */
  sell0: bigint;
  out1: bigint;
  /** Token1 a seller can put in (the price of token0 rising by up to the band), and what it buys. */
  sell1: bigint;
  out0: bigint;
}

/** Both sides of the book at each band, from the pair's reserves. */
export function poolDepth(reserve0: bigint, reserve1: bigint, bands: readonly number[] = DEPTH_BANDS_BPS): DepthBand[] {
  return bands.map((bps) => {
    const sell0 = maxInputWithin(reserve0, reserve1, bps);
    const sell1 = maxInputWithin(reserve1, reserve0, bps);
    return {
      bps,
      sell0,
      out1: getAmountOut(sell0, reserve0, reserve1),
      sell1,
      out0: getAmountOut(sell1, reserve1, reserve0),
    };
  });
}
