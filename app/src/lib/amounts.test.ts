import { describe, expect, it } from "vitest";

import { formatAmount, parseAmount, toInputString, toNumber } from "./amounts.ts";

describe("parseAmount", () => {
  it("reads decimals into base units with the token's decimals", () => {
    expect(parseAmount("1.5", 18)).toEqual({ ok: true, value: 1_500_000_000_000_000_000n });
    expect(parseAmount("100", 6)).toEqual({ ok: true, value: 100_000_000n });
    expect(parseAmount(" 0,25 ", 6)).toEqual({ ok: true, value: 250_000n });
    expect(parseAmount(".5", 6)).toEqual({ ok: true, value: 500_000n });
    expect(parseAmount("1 000", 6)).toEqual({ ok: true, value: 1_000_000_000n });
  });
  it("refuses what is not a positive amount the token can hold", () => {
    expect(parseAmount("", 18)).toEqual({ ok: false, reason: "empty" });
    expect(parseAmount("12abc", 18)).toEqual({ ok: false, reason: "invalid" });
    expect(parseAmount("1e18", 18)).toEqual({ ok: false, reason: "invalid" });
    expect(parseAmount(".", 18)).toEqual({ ok: false, reason: "invalid" });
    expect(parseAmount("-1", 18)).toEqual({ ok: false, reason: "negative" });
    expect(parseAmount("0.000", 18)).toEqual({ ok: false, reason: "zero" });
    expect(parseAmount("0.0000001", 6)).toEqual({ ok: false, reason: "too-many-decimals" });
  });
});

describe("formatAmount", () => {
  it("groups, cuts (never rounds up) and drops trailing zeros", () => {
    expect(formatAmount(1_234_567_890_000_000_000_000n, 18)).toBe("1,234.5678");
    expect(formatAmount(1_999_990n, 6, { maxFractionDigits: 2 })).toBe("1.99");
    expect(formatAmount(5_000_000n, 6)).toBe("5");
    expect(formatAmount(0n, 18)).toBe("0");
  });
  it("shows dust as below the smallest shown digit", () => {
    expect(formatAmount(1n, 18)).toBe("<0.0001");
  });
  it("uses the locale's separators", () => {
    expect(formatAmount(1_234_500_000n, 6, { locale: "de" })).toBe("1.234,5");
  });
});

describe("toInputString / toNumber", () => {
  it("round-trips base units through the input field", () => {
    expect(toInputString(1_500_000n, 6)).toBe("1.5");
    expect(parseAmount(toInputString(123_456_789_012_345_678_901n, 18), 18)).toEqual({
      ok: true,
      value: 123_456_789_012_345_678_901n,
    });
    expect(toNumber(2_500_000n, 6)).toBe(2.5);
  });
});
