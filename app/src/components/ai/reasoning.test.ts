import * as v from "valibot";
import { describe, expect, it } from "vitest";

import { REASONING } from "./DecisionFeedPanel.tsx";

describe("the reasoning document from IPFS", () => {
  const document = {
    kind: "peper.decision.reasoning/1",
    asset: "0x0000000000000000000000000000000000000001",
    symbol: "DAX",
    history: { source: "dataset", series: "EuStockMarkets", day: 40, time: 1991.6 },
    action: "buy",
    confidence: 0.61,
    probabilities: { buy: 0.61, hold: 0.3, sell: 0.09 },
    reasoning: "The 20-day trend is up and volatility is low.",
    attributions: [{ feature: "trend", weight: 0.4 }],
    model_version: "peper-decision-lr-1",
    inputs_hash: "0xab",
  };

  it("reads what the oracle writes (the fields the panel shows; the rest is left out)", () => {
    const parsed = v.safeParse(REASONING, document);
    expect(parsed.success).toBe(true);
    expect(parsed.output).toEqual({
      reasoning: document.reasoning,
      symbol: "DAX",
      history: { series: "EuStockMarkets", day: 40, time: 1991.6 },
      probabilities: document.probabilities,
      model_version: "peper-decision-lr-1",
    });
  });

  it("refuses a document whose fields the panel would render wrongly", () => {
    expect(v.safeParse(REASONING, { ...document, reasoning: { text: "an object" } }).success).toBe(false);
    expect(v.safeParse(REASONING, { ...document, probabilities: { buy: "high" } }).success).toBe(false);
    expect(v.safeParse(REASONING, "not a document").success).toBe(false);
    expect(v.safeParse(REASONING, undefined).success).toBe(false);
  });
});
