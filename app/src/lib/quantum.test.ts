import { describe, expect, it } from "vitest";

import { checkOptimiser, type OptimiserInput } from "./quantum.ts";

const base: OptimiserInput = {
  markets: ["DAX", "SMI", "CAC"],
  method: "exact",
  riskTolerance: "0.5",
  minWeight: "0",
  maxWeight: "1",
  cardinality: "2",
  lookbackDays: "250",
};

describe("the optimiser's request", () => {
  it("builds the API body", () => {
    expect(checkOptimiser(base)).toEqual({
      ok: true,
      body: {
        markets: ["DAX", "SMI", "CAC"],
        lookbackDays: 250,
        method: "exact",
        riskTolerance: 0.5,
        minWeight: 0,
        maxWeight: 1,
        frontierPoints: 20,
      },
    });
    const q = checkOptimiser({ ...base, method: "qaoa" });
    expect(q.ok && q.body.cardinality).toBe(2);
  });

  it("refuses what the API would refuse", () => {
    expect(checkOptimiser({ ...base, markets: [] })).toEqual({ ok: false, key: "noMarkets" });
    expect(checkOptimiser({ ...base, riskTolerance: "1.5" })).toEqual({ ok: false, key: "riskInvalid" });
    expect(checkOptimiser({ ...base, minWeight: "0.6", maxWeight: "0.5" })).toEqual({ ok: false, key: "weightOrder" });
    expect(checkOptimiser({ ...base, maxWeight: "0.2" })).toEqual({ ok: false, key: "weightsInfeasible" });
    expect(checkOptimiser({ ...base, method: "qaoa", cardinality: "4" })).toEqual({
      ok: false,
      key: "cardinalityInvalid",
    });
    expect(checkOptimiser({ ...base, lookbackDays: "5" })).toEqual({ ok: false, key: "lookbackInvalid" });
  });
});
