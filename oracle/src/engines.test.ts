import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";
import { decodeAbiParameters } from "viem";

import { verifyCid } from "../../offchain/src/ipfs/cid.ts";
import { createDecisionEngine } from "../../offchain/src/models/decisionModel.ts";
import { TEST_MARKETS as markets } from "../test/chain.ts";
import { modelVersionNumber, observeDecision, observePortfolio, replayDay, toWeightsBps } from "./engines.ts";
import { DECISION_PAYLOAD, PORTFOLIO_PAYLOAD } from "./payloads.ts";

describe("oracle engine observations", () => {
  it("replays one data day per round, cycling", () => {
    assert.equal(replayDay(0n, 1860, 260), 260);
    assert.equal(replayDay(1n, 1860, 260), 261);
    assert.equal(replayDay(1600n, 1860, 260), 260);
  });

  it("rounds weights to basis points that sum to exactly 10 000 (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 24 }), (raw) => {
        const total = raw.reduce((a, b) => a + b, 0);
        fc.pre(total > 1e-9);
        const weights = raw.map((w) => w / total);
        const bps = toWeightsBps(weights);
        assert.equal(
          bps.reduce((a, b) => a + b, 0),
          10_000,
        );
        bps.forEach((b, i) => assert.ok(Math.abs(b - weights[i]! * 10_000) < 1 + 1e-9));
      }),
    );
  });

  it("a decision report decodes to the feed's fields, with a CID of its reasoning document", async () => {
    const engine = await createDecisionEngine();
    const o = await observeDecision(engine, markets, 7n);
    const [asset, action, sizeBps, confidenceBps, cid, model] = decodeAbiParameters(DECISION_PAYLOAD, o.payload);
    assert.equal(asset.toLowerCase(), markets[1]!.asset); // round 7 → market 7 mod 2
    assert.ok(action <= 2 && sizeBps <= 10_000 && confidenceBps > 0 && confidenceBps <= 10_000);
    assert.equal(model, modelVersionNumber(engine.version));
    const document = o.documents.get(cid);
    assert.ok(document && (await verifyCid(cid, document)));
    const parsed = JSON.parse(new TextDecoder().decode(document)) as { reasoning: string; history: { day: number } };
    assert.equal(parsed.history.day, replayDay(7n, 1860, 260));
    assert.match(parsed.reasoning, /^(Buy|Sell|Hold) WETH at \d+% confidence/);
    // Every operator computes the same bytes for the same round.
    const again = await observeDecision(engine, markets, 7n);
    assert.equal(again.payload, o.payload);
    assert.equal(again.inputsHash, o.inputsHash);
  });

  it("a portfolio report carries weights summing to 10 000 and is reproducible", () => {
    const settings = { riskTolerance: 0.5, lookbackDays: 250, maxWeight: 1 };
    const o = observePortfolio(markets, settings, 42n);
    const [assets, weights, metrics] = decodeAbiParameters(PORTFOLIO_PAYLOAD, o.payload);
    assert.deepEqual(
      assets.map((a) => a.toLowerCase()),
      markets.map((m) => m.asset),
    );
    assert.equal(
      weights.reduce((a, b) => a + b, 0),
      10_000,
    );
    assert.ok(metrics[1] > 0, "volatility");
    assert.equal(metrics[4], 1, "exact algorithm");
    assert.equal(observePortfolio(markets, settings, 42n).payload, o.payload);
    assert.notEqual(observePortfolio(markets, settings, 43n).inputsHash, o.inputsHash);
  });
});
