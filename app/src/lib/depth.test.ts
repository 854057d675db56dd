import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { getAmountOut, priceImpactBps } from "./amm.ts";
import { maxInputWithin, poolDepth, withinImpact } from "./depth.ts";

const reserve = fc.bigInt({ min: 1_000n, max: 10n ** 30n });
const band = fc.integer({ min: 31, max: 9_000 });

describe("pool depth within a price impact", () => {
  it("is the largest input within the band: the next unit is outside it (property)", () => {
    fc.assert(
      fc.property(reserve, reserve, band, (rIn, rOut, bps) => {
        const amount = maxInputWithin(rIn, rOut, bps);
        expect(amount >= 0n).toBe(true);
        expect(withinImpact(amount, rIn, bps)).toBe(true);
        expect(withinImpact(amount + 1n, rIn, bps)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with the swap form's price impact (fee included) on sizeable trades (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 12n, max: 10n ** 30n }), reserve, band, (rIn, rOut, bps) => {
        const amount = maxInputWithin(rIn, rOut, bps);
        fc.pre(amount > 10n ** 6n && rOut > 10n ** 9n);
        const impact = priceImpactBps(amount, getAmountOut(amount, rIn, rOut), rIn, rOut);
        // out is floored on chain, so the measured impact can only be a hair worse.
        expect(impact).toBeLessThanOrEqual(bps + 0.02);
        expect(impact).toBeGreaterThan(bps - 0.5);
      }),
      { numRuns: 300 },
    );
  });

  it("grows with the band and with the reserves (property)", () => {
    fc.assert(
      fc.property(reserve, reserve, fc.bigInt({ min: 2n, max: 1_000n }), (r0, r1, k) => {
        const [one, two, five] = poolDepth(r0, r1);
        expect(one!.sell0 <= two!.sell0 && two!.sell0 <= five!.sell0).toBe(true);
        expect(one!.sell1 <= two!.sell1 && two!.sell1 <= five!.sell1).toBe(true);
        const [bigger] = poolDepth(r0 * k, r1 * k, [200]);
        expect(bigger!.sell0 >= two!.sell0).toBe(true);
      }),
    );
  });

  it("matches the closed form on a round pool, and is empty under the fee or without reserves", () => {
    // 1 % of impact on a 1,000,000-unit side: in = rIn·(997/0.99 − 1000)/997 ≈ 7,081.
    const r = 1_000_000n * 10n ** 6n;
    const amount = maxInputWithin(r, r, 100);
    expect(Number(amount) / 1e6).toBeCloseTo((1_000_000 * (997 / 0.99 - 1000)) / 997, 0);
    expect(maxInputWithin(r, r, 30)).toBe(0n);
    expect(maxInputWithin(0n, r, 100)).toBe(0n);
    expect(poolDepth(0n, 0n)).toEqual([
      { bps: 100, sell0: 0n, out1: 0n, sell1: 0n, out0: 0n },
      { bps: 200, sell0: 0n, out1: 0n, sell1: 0n, out0: 0n },
      { bps: 500, sell0: 0n, out1: 0n, sell1: 0n, out0: 0n },
    ]);
  });
});
