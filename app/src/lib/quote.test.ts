import fc from "fast-check";
import type { Address } from "viem";
import { describe, expect, it } from "vitest";

import { getAmountOut as ammGetAmountOut } from "./amm.ts";
import {
  bestQuote,
  candidatePaths,
  getAmountIn,
  getAmountOut,
  PAIR_FEE_BPS,
  quoteExactIn,
  quoteExactOut,
  slippageLimit,
} from "./quote.ts";
import type { RoutePool } from "./route.ts";

const A = "0x00000000000000000000000000000000000000a1" as Address;
const B = "0x00000000000000000000000000000000000000b2" as Address;
const C = "0x00000000000000000000000000000000000000c3" as Address;
const D = "0x00000000000000000000000000000000000000d4" as Address;
const W = 10n ** 18n;

const pair = (a: Address, b: Address, ra: bigint, rb: bigint): RoutePool =>
  BigInt(a) < BigInt(b)
    ? { token0: { address: a }, token1: { address: b }, reserve0: ra, reserve1: rb }
    : { token0: { address: b }, token1: { address: a }, reserve0: rb, reserve1: ra };

const reserve = fc.bigInt({ min: 1000n, max: 10n ** 30n });

describe("getAmountOut / getAmountIn (Uniswap V2 with the pair's fee)", () => {
  it("matches the 0.3 % formula PeperLibrary uses", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), reserve, reserve, (x, rIn, rOut) => {
        expect(getAmountOut(x, rIn, rOut)).toBe(ammGetAmountOut(x, rIn, rOut));
      }),
    );
    expect(PAIR_FEE_BPS).toBe(30);
    // a known value: 1 in, reserves 100/100 → ⌊997·100 / (100·1000 + 997)⌋ = 0; 10 in → 9
    expect(getAmountOut(10n * W, 100n * W, 100n * W)).toBe(
      (10n * W * 997n * 100n * W) / (100n * W * 1000n + 10n * W * 997n),
    );
  });

  it("exact output then exact input gives at least the output asked for, and the input is the least (±1 wei)", () => {
    fc.assert(
      fc.property(reserve, reserve, fc.double({ min: 1e-9, max: 0.99, noNaN: true }), (rIn, rOut, share) => {
        const out = BigInt(Math.floor(Number(rOut) * share)) || 1n;
        fc.pre(out < rOut);
        const needed = getAmountIn(out, rIn, rOut)!;
        expect(getAmountOut(needed, rIn, rOut)).toBeGreaterThanOrEqual(out);
        if (needed >= 2n) expect(getAmountOut(needed - 2n, rIn, rOut)).toBeLessThan(out);
      }),
    );
  });

  it("holds for any fee: the round trip still covers the output", () => {
    fc.assert(
      fc.property(reserve, reserve, fc.integer({ min: 0, max: 1000 }), (rIn, rOut, fee) => {
        const out = rOut / 3n || 1n;
        fc.pre(out < rOut);
        const needed = getAmountIn(out, rIn, rOut, fee)!;
        expect(getAmountOut(needed, rIn, rOut, fee)).toBeGreaterThanOrEqual(out);
      }),
    );
  });

  it("refuses an output the pool cannot pay", () => {
    expect(getAmountIn(100n, 1000n, 100n)).toBeUndefined();
    expect(getAmountIn(101n, 1000n, 100n)).toBeUndefined();
    expect(getAmountIn(0n, 1000n, 100n)).toBeUndefined();
    expect(getAmountIn(1n, 0n, 100n)).toBeUndefined();
  });
});

describe("quotes along a path", () => {
  const pools = [pair(A, B, 1000n * W, 2000n * W), pair(B, C, 500n * W, 500n * W), pair(A, C, 10n * W, 5n * W)];

  it("chains the exact-output amounts backwards and round-trips through the exact-input quote", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 400n * W }), (out) => {
        const q = quoteExactOut(pools, [A, B, C], out);
        if (!q) return; // more than the pools can pay
        expect(q.amountOut).toBe(out);
        const back = quoteExactIn(pools, [A, B, C], q.amountIn)!;
        expect(back.amountOut).toBeGreaterThanOrEqual(out);
      }),
    );
  });

  it("picks the path with the least input for an exact output, and the most output for an exact input", () => {
    const out = 4n * W;
    const best = bestQuote(pools, A, C, "exact-out", out)!;
    for (const path of candidatePaths(pools, A, C)) {
      const q = quoteExactOut(pools, path, out);
      if (q) expect(best.amountIn).toBeLessThanOrEqual(q.amountIn);
    }
    expect(best.path).toEqual([A, B, C]);
    const bestIn = bestQuote(pools, A, C, "exact-in", W)!;
    expect(bestIn.amountOut).toBeGreaterThanOrEqual(quoteExactIn(pools, [A, C], W)!.amountOut);
  });

  it("says there is no route when a pool cannot pay or a pair is missing", () => {
    expect(bestQuote(pools, A, D, "exact-out", W)).toBeUndefined();
    expect(bestQuote([pair(A, B, W, W)], A, B, "exact-out", W)).toBeUndefined();
    expect(bestQuote(pools, A, A, "exact-in", W)).toBeUndefined();
  });

  it("reports the LP fee in the input token (0.3 % per pool) and a price impact that grows with size", () => {
    const one = quoteExactIn(pools, [A, B], 1000n * W)!;
    expect(one.lpFee).toBe(3n * W);
    const two = quoteExactIn(pools, [A, B, C], 1000n * W)!;
    expect(two.lpFee).toBe(1000n * W - (1000n * W * 9970n * 9970n) / 10n ** 8n);
    const small = quoteExactOut(pools, [A, B], W)!;
    const large = quoteExactOut(pools, [A, B], 1000n * W)!;
    expect(large.impactBps).toBeGreaterThan(small.impactBps);
    expect(small.impactBps).toBeGreaterThanOrEqual(29); // the fee alone is 0.3 %
  });

  it("gives the router a minimum received for an exact input and a maximum sold for an exact output", () => {
    const exactIn = quoteExactIn(pools, [A, B], W)!;
    expect(slippageLimit(exactIn, 50)).toBe((exactIn.amountOut * 9950n) / 10000n);
    const exactOut = quoteExactOut(pools, [A, B], W)!;
    expect(slippageLimit(exactOut, 50)).toBe((exactOut.amountIn * 10050n + 9999n) / 10000n);
    expect(slippageLimit(exactOut, 50)).toBeGreaterThanOrEqual(exactOut.amountIn);
  });
});
