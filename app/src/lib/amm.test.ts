import { describe, expect, it } from "vitest";

import { getAmountOut, impactSeverity, orientReserves, priceImpactBps, quote, removalAmounts } from "./amm.ts";

describe("AMM math (PeperLibrary's formulas)", () => {
  it("quotes the output after the 0.3 % fee", () => {
    // Uniswap V2's worked example: 1 in against 100/100 reserves gives 0.987... (floor)
    expect(getAmountOut(1_000_000n, 100_000_000n, 100_000_000n)).toBe(987_158n);
    expect(getAmountOut(0n, 1n, 1n)).toBe(0n);
    expect(quote(2n, 4n, 10n)).toBe(5n);
  });
  it("measures price impact against the mid price, fee included", () => {
    const rIn = 1_000_000n * 10n ** 6n;
    const rOut = 10_000_000n * 10n ** 18n;
    const small = 100n * 10n ** 6n;
    const out = getAmountOut(small, rIn, rOut);
    const impact = priceImpactBps(small, out, rIn, rOut);
    expect(impact).toBeGreaterThan(30); // the 0.3 % fee
    expect(impact).toBeLessThan(32);
    const big = 500_000n * 10n ** 6n; // half the pool
    expect(priceImpactBps(big, getAmountOut(big, rIn, rOut), rIn, rOut)).toBeGreaterThan(3_300);
    expect(impactSeverity(50)).toBe("low");
    expect(impactSeverity(500)).toBe("warn");
    expect(impactSeverity(2_000)).toBe("high");
  });
  it("splits a liquidity share and orders reserves by token address", () => {
    expect(removalAmounts(25n, 100n, 400n, 800n)).toEqual({ amount0: 100n, amount1: 200n });
    expect(removalAmounts(1n, 0n, 1n, 1n)).toEqual({ amount0: 0n, amount1: 0n });
    const low = "0x0000000000000000000000000000000000000001";
    const high = "0x0000000000000000000000000000000000000002";
    expect(orientReserves(low, high, 1n, 2n)).toEqual({ reserveA: 1n, reserveB: 2n });
    expect(orientReserves(high, low, 1n, 2n)).toEqual({ reserveA: 2n, reserveB: 1n });
  });
});
