import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { FastifyInstance, InjectOptions } from "fastify";

import { loadEuStockMarkets } from "../market/euStocks.ts";
import { testApi, type TestApi } from "./testing.ts";

const risk = { maxPosition: 0.2, stopLoss: 0.05, takeProfit: 0.1, maxDrawdown: 0.2, allowedAssets: ["DAX"] };

describe("/api/v5", () => {
  let api: TestApi;
  let token: string;
  /** The server, with every injected request signed in as one user. */
  let app: Pick<FastifyInstance, "inject">;
  before(async () => {
    api = await testApi();
    token = (await api.user()).accessToken;
    app = {
      inject: ((options: InjectOptions) =>
        api.app.inject({
          ...options,
          headers: { authorization: `Bearer ${token}`, ...options.headers },
        })) as FastifyInstance["inject"],
    };
  });
  after(() => api.close());

  it("serves an OpenAPI 3 document generated from the route schemas", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v5/docs/json" });
    assert.equal(res.statusCode, 200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths["/api/v5/ai/agi-decision"]);
    assert.ok(doc.paths["/api/v5/quantum/portfolio-optimization"]);
  });

  it("POST /ai/agi-decision decides from sent closes or a shipped market, as the engine does", async () => {
    const closes = loadEuStockMarkets().closes.DAX.slice(0, 900);
    const sent = await app.inject({
      method: "POST",
      url: "/api/v5/ai/agi-decision",
      payload: { asset: "DAX", closes, risk },
    });
    assert.equal(sent.statusCode, 200, sent.body);
    const named = await app.inject({
      method: "POST",
      url: "/api/v5/ai/agi-decision",
      payload: { asset: "DAX", history: { market: "DAX", day: 899 }, risk },
    });
    assert.equal(named.statusCode, 200, named.body);
    const a = sent.json() as { inputs_hash: string; reasoning: string; confidence_score: number };
    const b = named.json() as { inputs_hash: string };
    assert.equal(a.inputs_hash, b.inputs_hash, "the same closes either way");
    assert.match(a.reasoning, /DAX at \d+% confidence/);
    assert.ok(a.confidence_score > 0 && a.confidence_score <= 1);
  });

  it("POST /quantum/portfolio-optimization runs exact and QAOA, reporting the measured speedup", async () => {
    const exact = await app.inject({
      method: "POST",
      url: "/api/v5/quantum/portfolio-optimization",
      payload: { markets: ["DAX", "SMI", "CAC", "FTSE"], riskTolerance: 0.4 },
    });
    assert.equal(exact.statusCode, 200, exact.body);
    const e = exact.json() as { optimal_weights: Record<string, number>; quantum_speedup: number | null };
    assert.ok(Math.abs(Object.values(e.optimal_weights).reduce((x, y) => x + y, 0) - 1) < 1e-9);
    assert.equal(e.quantum_speedup, null);
    const qaoa = await app.inject({
      method: "POST",
      url: "/api/v5/quantum/portfolio-optimization",
      payload: { markets: ["DAX", "SMI", "CAC", "FTSE"], method: "qaoa", cardinality: 2 },
    });
    assert.equal(qaoa.statusCode, 200, qaoa.body);
    const q = qaoa.json() as { quantum: { qubits: number; selected: string[] }; quantum_speedup: number };
    assert.equal(q.quantum.qubits, 4);
    assert.equal(q.quantum.selected.length, 2);
    assert.ok(q.quantum_speedup > 0);
  });

  it("stores each decision for its user only", async () => {
    const other = await api.user();
    const mine = (await app.inject({ method: "GET", url: "/api/v5/ai/decisions" })).json() as {
      decisions: { decision_id: string; asset: string }[];
    };
    assert.ok(mine.decisions.length >= 2, "the decisions above were stored");
    assert.ok(mine.decisions.every((d) => d.asset === "DAX"));
    const theirs = await api.call("GET", "/api/v5/ai/decisions", { token: other.accessToken });
    assert.equal(theirs.statusCode, 200);
    assert.deepEqual((theirs.json() as { decisions: unknown[] }).decisions, [], "another user sees none of them");
  });

  it("answers bad input with 4xx and a JSON body naming the field", async () => {
    const cases: [object, string][] = [
      [{ asset: "DAX", history: { market: "NIKKEI" }, risk }, "history.market"],
      [{ asset: "DAX", history: { market: "DAX" }, risk: { ...risk, maxPosition: 5 } }, "risk.maxPosition"],
      [{ asset: "DAX", history: { market: "DAX" }, risk, extra: 1 }, "extra"],
      [{ asset: "DAX", closes: [1, 2, "x"], risk }, "closes.2"],
    ];
    for (const [payload, field] of cases) {
      const res = await app.inject({ method: "POST", url: "/api/v5/ai/agi-decision", payload });
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json() as { error: string; code: string; field: string };
      assert.equal(body.code, "invalid-input");
      assert.equal(body.field, field);
      assert.ok(body.error.startsWith(`${field}: `), body.error);
    }
    const notJson = await app.inject({
      method: "POST",
      url: "/api/v5/quantum/portfolio-optimization",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    assert.equal(notJson.statusCode, 400);
    const engine = await app.inject({
      method: "POST",
      url: "/api/v5/quantum/portfolio-optimization",
      payload: { markets: ["DAX", "SMI"], maxWeight: 0.3 },
    });
    assert.equal(engine.statusCode, 422, engine.body);
    assert.equal((engine.json() as { field: string }).field, "maxWeight");
    const tooBig = await app.inject({
      method: "POST",
      url: "/api/v5/ai/agi-decision",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ pad: "x".repeat(1_100_000) }),
    });
    assert.equal(tooBig.statusCode, 413);
  });
});
