import { describe, expect, it } from "vitest";

import { checkDecision } from "./decision.ts";

const base = {
  market: "DAX",
  maxPosition: "50",
  stopLoss: "10",
  takeProfit: "25",
  maxDrawdown: "20",
  minConfidence: "40",
};

describe("the decision request", () => {
  it("turns percentages into the API's fractions", () => {
    expect(checkDecision(base)).toEqual({
      ok: true,
      body: {
        asset: "DAX",
        history: { market: "DAX" },
        risk: {
          maxPosition: 0.5,
          stopLoss: 0.1,
          takeProfit: 0.25,
          maxDrawdown: 0.2,
          minConfidence: 0.4,
          allowedAssets: ["DAX"],
        },
      },
    });
  });
  it("names the first field out of range", () => {
    expect(checkDecision({ ...base, maxPosition: "150" })).toEqual({ ok: false, key: "maxPosition" });
    expect(checkDecision({ ...base, stopLoss: "100" })).toEqual({ ok: false, key: "stopLoss" });
    expect(checkDecision({ ...base, maxDrawdown: "x" })).toEqual({ ok: false, key: "maxDrawdown" });
  });
});
