import { describe, expect, it } from "vitest";

import { querySubgraph, readAnalyticsOverview, SubgraphError } from "./subgraph.ts";

const answer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("the subgraph client", () => {
  it("returns data and sends the query to /subgraph/<chainId>", async () => {
    let seen = "";
    const data = await querySubgraph<{ x: number }>(
      31337,
      "{ x }",
      {},
      {
        fetch: async (url, init) => {
          seen = `${url} ${String(init.body)}`;
          return answer(200, { data: { x: 1 } })();
        },
      },
    );
    expect(data).toEqual({ x: 1 });
    expect(seen).toBe('/subgraph/31337 {"query":"{ x }","variables":{}}');
  });
  it("types failures: GraphQL errors, an indexer that is down, no subgraph, network failure", async () => {
    const kind = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: unknown) => (e instanceof SubgraphError ? e.kind : "untyped"),
      );
    expect(await kind(querySubgraph(1, "{ x }", {}, { fetch: answer(200, { errors: [{ message: "bad" }] }) }))).toBe(
      "query",
    );
    expect(await kind(querySubgraph(1, "{ x }", {}, { fetch: answer(502, { error: "down" }) }))).toBe("unavailable");
    expect(await kind(querySubgraph(1, "{ x }", {}, { fetch: answer(404, { error: "none" }) }))).toBe("not-configured");
    expect(await kind(querySubgraph(1, "{ x }", {}, { fetch: answer(500, {}) }))).toBe("http");
    expect(
      await kind(
        querySubgraph(
          1,
          "{ x }",
          {},
          {
            fetch: () => Promise.reject(new TypeError("fetch failed")),
          },
        ),
      ),
    ).toBe("unavailable");
  });
  it("surfaces _meta (block, indexing errors) and prices ETH from WETH.derivedPeper", async () => {
    const overview = await readAnalyticsOverview(31337, "0xAB", {
      fetch: answer(200, {
        data: {
          _meta: {
            block: { number: 42, timestamp: 1700000000, hash: "0x01" },
            deployment: "Qm",
            hasIndexingErrors: true,
          },
          protocol: { peperPriceUSD: "0.05" },
          peperDayDatas: [],
          pairs: [],
          proposals: [],
          weth: { derivedPeper: "60000" },
        },
      }),
    });
    expect(overview.meta).toEqual({
      block: { number: 42, timestamp: 1700000000, hash: "0x01" },
      deployment: "Qm",
      hasIndexingErrors: true,
    });
    expect(overview.ethUsd).toBeCloseTo(3000);
  });
});
