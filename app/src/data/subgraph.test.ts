import { describe, expect, it } from "vitest";
import * as v from "valibot";

import { querySubgraph, readAnalyticsOverview, readPoolHours, SubgraphError } from "./subgraph.ts";

const X = v.object({ x: v.pipe(v.number(), v.safeInteger()) });

/** A Protocol entity as graph-node answers it (BigInt and BigDecimal as strings, Int as numbers). */
const PROTOCOL = {
  proposalCount: 2,
  voteCount: 5,
  delegateCount: 4,
  holderCount: 9,
  pairCount: 3,
  swapCount: "12",
  peperTotalSupply: "1000000000000000000000000000",
  peperPriceUSD: "0.05",
  totalVolumeUSD: "1234.5",
  totalVolumePeper: "24690",
  totalFeesUSD: "3.7035",
  totalFeesPeper: "74.07",
  totalLiquidityUSD: "50000",
  totalLiquidityPeper: "1000000",
};

const answer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("the subgraph client", () => {
  it("returns data and sends the query to /subgraph/<chainId>", async () => {
    let seen = "";
    const data = await querySubgraph(
      31337,
      "{ x }",
      X,
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
    expect(await kind(querySubgraph(1, "{ x }", X, {}, { fetch: answer(200, { errors: [{ message: "bad" }] }) }))).toBe(
      "query",
    );
    expect(await kind(querySubgraph(1, "{ x }", X, {}, { fetch: answer(502, { error: "down" }) }))).toBe("unavailable");
    expect(await kind(querySubgraph(1, "{ x }", X, {}, { fetch: answer(404, { error: "none" }) }))).toBe(
      "not-configured",
    );
    expect(await kind(querySubgraph(1, "{ x }", X, {}, { fetch: answer(500, {}) }))).toBe("http");
    expect(
      await kind(
        querySubgraph(
          1,
          "{ x }",
          X,
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
          protocol: PROTOCOL,
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

  it("refuses an answer of another shape with a SubgraphError that says where, before the page reads it", async () => {
    const refused = (data: unknown) =>
      querySubgraph(1, "{ x }", X, {}, { fetch: answer(200, { data }) }).then(
        () => undefined,
        (e: unknown) => e,
      );
    const wrongType = await refused({ x: "1" });
    expect(wrongType).toBeInstanceOf(SubgraphError);
    expect((wrongType as SubgraphError).kind).toBe("shape");
    expect((wrongType as SubgraphError).detail).toBe("x: expected number");
    expect((await refused({}))?.toString()).toMatch(/\(x: missing\)$/);
    // a subgraph of another version: the overview names the field that does not fit
    const overview = await readAnalyticsOverview(31337, undefined, {
      fetch: answer(200, {
        data: {
          _meta: { block: { number: "42" }, deployment: "Qm", hasIndexingErrors: false },
          protocol: { ...PROTOCOL, totalLiquidityUSD: 50000 },
          peperDayDatas: [],
          pairs: [{ id: "0x01", token0: { id: "0x02" }, token1: { id: "0x03" }, reserveUSD: "1", reservePeper: "x" }],
          proposals: [],
          weth: null,
        },
      }),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(overview).toBeInstanceOf(SubgraphError);
    expect((overview as SubgraphError).detail).toBe(
      "protocol.totalLiquidityUSD: expected string; pairs.0.reservePeper: expected a decimal as a string",
    );
  });

  it("reads BigDecimal in graph-node's exponent form and block numbers as numbers or strings", async () => {
    const rows = await readPoolHours(1, ["0xAB"], {
      fetch: answer(200, {
        data: { pairHourDatas: [{ pair: { id: "0xab" }, hourStartUnix: 3600, token1Price: "1.5e-7" }] },
      }),
    });
    expect(rows).toEqual([{ pair: { id: "0xab" }, hourStartUnix: 3600, token1Price: "1.5e-7" }]);
    const overview = await readAnalyticsOverview(1, undefined, {
      fetch: answer(200, {
        data: {
          _meta: { block: { number: "42", timestamp: null }, deployment: "Qm", hasIndexingErrors: false },
          protocol: null,
          peperDayDatas: [],
          pairs: [],
          proposals: [],
          weth: null,
        },
      }),
    });
    expect(overview.meta.block).toEqual({ number: 42, timestamp: null, hash: null });
  });
});
