import { describe, expect, it } from "vitest";

import { aprFromUsd, formatApr, sameTokenApr } from "./apr.ts";

describe("apr", () => {
  it("annualises a reward stream over the deposits", () => {
    expect(aprFromUsd(1, 31_536_000)).toBe(1);
    expect(aprFromUsd(1, 0)).toBeUndefined();
    // 500,000 PEPER over 30 days to 1,000,000 PEPER staked: about 608 % a year
    const rate = (500_000n * 10n ** 18n) / (30n * 86_400n);
    expect(sameTokenApr(rate, 1_000_000n * 10n ** 18n, true)).toBeCloseTo(6.083, 2);
    expect(sameTokenApr(rate, 0n, true)).toBeUndefined();
    expect(sameTokenApr(rate, 1n, false)).toBe(0);
    expect(formatApr(0.1234)).toBe("12.34 %");
    expect(formatApr(undefined)).toBe("—");
  });
});
