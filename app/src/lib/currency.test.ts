import { describe, expect, it } from "vitest";

import { formatCurrency, fromUsd } from "./currency.ts";

describe("currency", () => {
  it("converts USD with the pools' rates, and says nothing without one", () => {
    expect(fromUsd(300, "USD", {})).toBe(300);
    expect(fromUsd(300, "ETH", { ETH: 3000 })).toBe(0.1);
    expect(fromUsd(1, "PEPER", { PEPER: 0.1 })).toBe(10);
    expect(fromUsd(1, "ETH", {})).toBeUndefined();
  });
  it("formats in the chosen currency and locale", () => {
    expect(formatCurrency(1234.5, "USD", "en")).toBe("$1,234.50");
    expect(formatCurrency(0.123456, "ETH", "en")).toBe("0.123456 ETH");
    expect(formatCurrency(12345.6, "PEPER", "de")).toBe("12.346 PEPER");
  });
});
