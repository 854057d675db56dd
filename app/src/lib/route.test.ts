import type { Address } from "viem";
import { describe, expect, it } from "vitest";

import { getAmountOut, priceImpactBps } from "./amm.ts";
import { bestRoute, NATIVE, quotePath, swapKind, type RoutePool } from "./route.ts";

const A = "0x00000000000000000000000000000000000000a1" as Address;
const B = "0x00000000000000000000000000000000000000b2" as Address;
const C = "0x00000000000000000000000000000000000000c3" as Address;
const D = "0x00000000000000000000000000000000000000d4" as Address;
const E = "0x00000000000000000000000000000000000000e5" as Address;
const W = 10n ** 18n;

/** A pair with `ra` of a and `rb` of b (stored sorted by address, as pairs do). */
const pair = (a: Address, b: Address, ra: bigint, rb: bigint): RoutePool =>
  BigInt(a) < BigInt(b)
    ? { token0: { address: a }, token1: { address: b }, reserve0: ra, reserve1: rb }
    : { token0: { address: b }, token1: { address: a }, reserve0: rb, reserve1: ra };

describe("quotePath", () => {
  it("chains getAmountOut along the path, in either pair orientation", () => {
    const pools = [pair(A, B, 1000n * W, 2000n * W), pair(C, B, 500n * W, 4000n * W)];
    const r = quotePath(pools, [A, B, C], 10n * W)!;
    const mid = getAmountOut(10n * W, 1000n * W, 2000n * W);
    expect(r.amounts).toEqual([10n * W, mid, getAmountOut(mid, 4000n * W, 500n * W)]);
    expect(r.out).toBe(r.amounts[2]);
  });

  it("has the single-pair impact of priceImpactBps, and more impact for more size", () => {
    const pools = [pair(A, B, 1000n * W, 2000n * W)];
    const small = quotePath(pools, [A, B], 1n * W)!;
    expect(small.impactBps).toBe(priceImpactBps(1n * W, small.out, 1000n * W, 2000n * W));
    expect(quotePath(pools, [A, B], 100n * W)!.impactBps).toBeGreaterThan(small.impactBps);
    // two pairs each cost the 0.3 % fee: at least ~0.6 % for a tiny trade
    const two = quotePath([...pools, pair(B, C, 1000n * W, 1000n * W)], [A, B, C], W / 1000n)!;
    expect(two.impactBps).toBeGreaterThanOrEqual(59);
  });

  it("is undefined for a missing or empty pair, or nothing out", () => {
    expect(quotePath([pair(A, B, W, W)], [A, C], W)).toBeUndefined();
    expect(quotePath([pair(A, B, 0n, W)], [A, B], W)).toBeUndefined();
    expect(quotePath([pair(A, B, W, W)], [A, B], 0n)).toBeUndefined();
    expect(quotePath([pair(A, B, W * W, 1n)], [A, B], 1n)).toBeUndefined();
  });
});

describe("bestRoute", () => {
  it("takes the direct pair when it pays most, and a detour when that pays more", () => {
    const direct = pair(A, C, 1000n * W, 1000n * W);
    const viaB = [pair(A, B, 1000n * W, 1000n * W), pair(B, C, 1000n * W, 1000n * W)];
    expect(bestRoute([direct, ...viaB], A, C, W)!.path).toEqual([A, C]);
    // C is cheap in the B pool: going through B gives more C
    const rich = [pair(A, B, 1000n * W, 1000n * W), pair(B, C, 1000n * W, 3000n * W)];
    const r = bestRoute([direct, ...rich], A, C, W)!;
    expect(r.path).toEqual([A, B, C]);
    expect(r.out).toBe(quotePath([direct, ...rich], [A, B, C], W)!.out);
    expect(r.out).toBeGreaterThan(quotePath([direct], [A, C], W)!.out);
  });

  it("finds a route with no direct pair, up to three pairs, never more", () => {
    const chain = [pair(A, B, 10n * W, 10n * W), pair(B, C, 10n * W, 10n * W), pair(C, D, 10n * W, 10n * W)];
    expect(bestRoute(chain, A, D, W)!.path).toEqual([A, B, C, D]);
    expect(bestRoute([...chain, pair(D, E, 10n * W, 10n * W)], A, E, W)).toBeUndefined();
    expect(bestRoute(chain, A, A, W)).toBeUndefined();
    expect(bestRoute([], A, B, W)).toBeUndefined();
  });

  it("is the best of every path (checked against brute force on random pools)", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    const toks = [A, B, C, D];
    for (let round = 0; round < 50; round++) {
      const pools: RoutePool[] = [];
      for (let i = 0; i < toks.length; i++)
        for (let j = i + 1; j < toks.length; j++)
          if (rnd() < 0.7)
            pools.push(
              pair(
                toks[i]!,
                toks[j]!,
                BigInt(1 + Math.floor(rnd() * 1e6)) * W,
                BigInt(1 + Math.floor(rnd() * 1e6)) * W,
              ),
            );
      const amount = BigInt(1 + Math.floor(rnd() * 1e4)) * W;
      const all = [
        [A, D],
        [A, B, D],
        [A, C, D],
        [A, B, C, D],
        [A, C, B, D],
      ].map((p) => quotePath(pools, p as Address[], amount)?.out ?? 0n);
      const max = all.reduce((m, x) => (x > m ? x : m), 0n);
      expect(bestRoute(pools, A, D, amount)?.out ?? 0n).toBe(max);
    }
  });
});

describe("swapKind", () => {
  const weth = C;
  it("wraps and unwraps ETH ↔ WETH, sends ETH in or out through the router otherwise", () => {
    expect(swapKind(NATIVE, weth, weth)).toBe("wrap");
    expect(swapKind(weth, NATIVE, weth)).toBe("unwrap");
    expect(swapKind(NATIVE, A, weth)).toBe("eth-in");
    expect(swapKind(A, NATIVE, weth)).toBe("eth-out");
    expect(swapKind(A, B, weth)).toBe("swap");
  });
});
