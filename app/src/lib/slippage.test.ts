import { describe, expect, it } from "vitest";

import { deadlineAfter, maximumIn, minimumOut, parseDeadlineMinutes, parseSlippage } from "./slippage.ts";

describe("slippage", () => {
  it("parses per cent into basis points, refusing nonsense and more than 50 %", () => {
    expect(parseSlippage("0.5")).toEqual({ ok: true, bps: 50 });
    expect(parseSlippage("1,25")).toEqual({ ok: true, bps: 125 });
    expect(parseSlippage("0")).toEqual({ ok: true, bps: 0 });
    expect(parseSlippage("abc")).toEqual({ ok: false, reason: "invalid" });
    expect(parseSlippage("0.123")).toEqual({ ok: false, reason: "invalid" });
    expect(parseSlippage("51")).toEqual({ ok: false, reason: "too-high" });
  });
  it("bounds the output down and the input up", () => {
    expect(minimumOut(10_000n, 50)).toBe(9_950n);
    expect(minimumOut(999n, 50)).toBe(994n); // 994.005 rounded down
    expect(maximumIn(10_000n, 50)).toBe(10_050n);
    expect(maximumIn(999n, 50)).toBe(1_004n); // 1003.995 rounded up
  });
  it("puts the deadline in chain time", () => {
    expect(deadlineAfter(1_000n, 20)).toBe(2_200n);
    expect(parseDeadlineMinutes("20")).toEqual({ ok: true, minutes: 20 });
    expect(parseDeadlineMinutes("0")).toEqual({ ok: false });
    expect(parseDeadlineMinutes("1.5")).toEqual({ ok: false });
  });
});
