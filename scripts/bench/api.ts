// /api/v5 under load, on loopback only: the API in this process on a free 127.0.0.1 port, autocannon
// sending a bounded number of requests, 5 s per endpoint: one connection (latency of one request at a
// time) and ten (throughput, with queueing). The product description asks ≤ 5 ms for critical
// operations. Note that the load generator shares the process and the 2 cores with the server, and
// that autocannon's percentiles have 1 ms resolution (the mean comes from the one-connection rate).
import autocannon from "autocannon";

import { buildApi } from "../../offchain/src/api/app.ts";
import { loadEuStockMarkets } from "../../offchain/src/market/euStocks.ts";
import { createDecisionEngine } from "../../offchain/src/models/decisionModel.ts";
import { table } from "./lib/timing.ts";

const app = await buildApi({ decisionEngine: await createDecisionEngine() });
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
const port = typeof address === "object" && address ? address.port : 0;

const closes = loadEuStockMarkets().closes.DAX.slice(0, 1000);
const risk = { maxPosition: 0.2, stopLoss: 0.05, takeProfit: 0.1, maxDrawdown: 0.2, allowedAssets: ["DAX"] };
const cases: [string, string, unknown][] = [
  ["POST /ai/agi-decision (1 000 closes sent)", "/api/v5/ai/agi-decision", { asset: "DAX", closes, risk }],
  [
    "POST /ai/agi-decision (shipped series)",
    "/api/v5/ai/agi-decision",
    { asset: "DAX", history: { market: "DAX" }, risk },
  ],
  [
    "POST /quantum/portfolio-optimization (exact, 4 indices, 250 days)",
    "/api/v5/quantum/portfolio-optimization",
    { markets: ["DAX", "SMI", "CAC", "FTSE"], riskTolerance: 0.5 },
  ],
  [
    "POST /quantum/portfolio-optimization (QAOA 4 qubits, K = 2)",
    "/api/v5/quantum/portfolio-optimization",
    { markets: ["DAX", "SMI", "CAC", "FTSE"], method: "qaoa", cardinality: 2 },
  ],
];
const run = (path: string, body: unknown, connections: number) =>
  autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    connections,
    duration: 5,
  });
const rows: (string | number)[][] = [];
for (const [name, path, body] of cases) {
  const single = await run(path, body, 1);
  const loaded = await run(path, body, 10);
  rows.push([
    name,
    // One connection sends the next request when the previous answers: 1000 / (requests/s) is the
    // mean time per request, load generator included.
    Number((1000 / single.requests.average).toFixed(3)),
    single.latency.p99,
    Math.round(loaded.requests.average),
    loaded.latency.p99,
    single.non2xx + loaded.non2xx,
  ]);
}
await app.close();
table(
  "/api/v5 on loopback (autocannon, 5 s per run; latency in ms)",
  ["endpoint", "mean ms, 1 conn", "p99 ms, 1 conn", "requests/s, 10 conns", "p99 ms, 10 conns", "non-2xx"],
  rows,
);
