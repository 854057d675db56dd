/**
 * Constant-product math of Peper's Uniswap-V2-compatible pairs (0.3 % fee), as PeperLibrary does it
 * on chain, for quotes, price impact and liquidity shares in the browser. Pure; bigint only.
 */

/** The most output for an input after the 0.3 % fee (PeperLibrary.getAmountOut). */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) return 0n;
  const withFee = amountIn * 997n;
  return (withFee * reserveOut) / (reserveIn * 1000n + withFee);
}

/** Amount of B worth `amountA` at the reserves, without fee (PeperLibrary.quote). */
export function quote(amountA: bigint, reserveA: bigint, reserveB: bigint): bigint {
  if (amountA <= 0n || reserveA <= 0n) return 0n;
  return (amountA * reserveB) / reserveA;
}

/**
 * Price impact of a trade in basis points: how much worse its execution price (out / in) is than the
 * pool's mid price (reserveOut / reserveIn) before the trade. Includes the 0.3 % fee, as the
 * Uniswap interface shows it.
 */
export function priceImpactBps(amountIn: bigint, amountOut: bigint, reserveIn: bigint, reserveOut: bigint): number {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) return 0;
  // 1 − (out/in) / (rOut/rIn) = 1 − out·rIn / (in·rOut)
  const ratio = (amountOut * reserveIn * 1_000_000n) / (amountIn * reserveOut);
  return Math.max(0, Number(1_000_000n - ratio) / 100);
}

/** Severity of a price impact for the UI: above 3 % warn, above 15 % the trade needs a confirmation. */
export const impactSeverity = (bps: number): "low" | "warn" | "high" =>
  bps > 1500 ? "high" : bps > 300 ? "warn" : "low";

/** The token amounts that `liquidity` LP tokens redeem for, given the pair's reserves and supply. */
export function removalAmounts(
  liquidity: bigint,
  totalSupply: bigint,
  reserve0: bigint,
  reserve1: bigint,
): { amount0: bigint; amount1: bigint } {
  if (totalSupply === 0n) return { amount0: 0n, amount1: 0n };
  return { amount0: (liquidity * reserve0) / totalSupply, amount1: (liquidity * reserve1) / totalSupply };
}

/** The pair's reserves ordered as (tokenA, tokenB): pairs store them sorted by address. */
export function orientReserves(
  tokenA: string,
  tokenB: string,
  reserve0: bigint,
  reserve1: bigint,
): { reserveA: bigint; reserveB: bigint } {
  return BigInt(tokenA) < BigInt(tokenB)
    ? { reserveA: reserve0, reserveB: reserve1 }
    : { reserveA: reserve1, reserveB: reserve0 };
}
