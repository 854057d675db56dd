import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { emptyActivity, formatActivity, type OperatorActivity } from "./activity.ts";

describe("operator activity line", () => {
  it("says nothing before the node signed anything, whatever the chain's round", () => {
    assert.equal(formatActivity({ ...emptyActivity(), chainRound: { price: "752" } }), undefined);
  });

  it("prints the node's own report with its own round, never the chain's newer round", () => {
    const a: OperatorActivity = {
      chainRound: { decisions: "752" }, // another operator submitted 752
      lastSigned: { decisions: { round: "751", summary: "WETH sell 61%", as: "follower" } },
      lastSubmitted: {},
    };
    assert.equal(formatActivity(a), "last signed: decisions round 751: WETH sell 61% (signed as follower)");
  });

  it("says whether the hub accepted what the node submitted, when that is its latest report", () => {
    const a: OperatorActivity = {
      chainRound: { price: "752" },
      lastSigned: {
        price: { round: "752", summary: "0.1", as: "leader" },
        decisions: { round: "753", summary: "PEPER buy 55%", as: "follower" },
      },
      lastSubmitted: {
        price: { round: "752", summary: "0.1", accepted: true, tx: "0x1" },
        decisions: { round: "750", summary: "PEPER sell 52%", accepted: false, tx: "0x2" },
      },
    };
    assert.equal(
      formatActivity(a),
      "last signed: decisions round 753: PEPER buy 55% (signed as follower); price round 752: 0.1 (submitted, accepted)",
    );
    const reverted: OperatorActivity = {
      ...a,
      lastSigned: {},
      lastSubmitted: { price: { ...a.lastSubmitted.price!, accepted: false } },
    };
    assert.equal(formatActivity(reverted), "last signed: price round 752: 0.1 (submitted, reverted)");
  });
});
