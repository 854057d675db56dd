import { describe, expect, it } from "vitest";

import { checkAmount } from "./validate.ts";

describe("checkAmount", () => {
  it("maps every refusal to a catalogue key, and checks the balance", () => {
    expect(checkAmount("", 6)).toEqual({ ok: false, key: "amountEmpty" });
    expect(checkAmount("abc", 6)).toEqual({ ok: false, key: "amountInvalid" });
    expect(checkAmount("-2", 6)).toEqual({ ok: false, key: "amountNegative" });
    expect(checkAmount("0", 6)).toEqual({ ok: false, key: "amountZero" });
    expect(checkAmount("0.0000001", 6)).toEqual({ ok: false, key: "amountTooPrecise" });
    expect(checkAmount("2", 6, 1_000_000n)).toEqual({ ok: false, key: "insufficientBalance" });
    expect(checkAmount("1", 6, 1_000_000n)).toEqual({ ok: true, value: 1_000_000n });
    expect(checkAmount("5", 6)).toEqual({ ok: true, value: 5_000_000n });
  });
});
