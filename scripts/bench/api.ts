// /api/v5 under load, on loopback only: the API in this process on a free 127.0.0.1 port, autocannon
// sending a bounded number of requests (5 s per run), signed in, writing to the database as in production: one connection (latency of one request at a
// time) and ten (throughput, with queueing). The product description asks ≤ 5 ms for critical
// operations. Note that the load generator shares the process and the 2 cores with the server, and
// that autocannon's percentiles have 1 ms resolution (the mean comes from the one-connection rate).
import autocannon from "autocannon";

import { buildApi } from "../../offchain/src/api/app.ts";
import { TEST_PASSWORD } from "../../offchain/src/api/testing.ts";
import { openDatabase } from "../../offchain/src/db/index.ts";
import { loadEuStockMarkets } from "../../offchain/src/market/euStocks.ts";
import { createDecisionEngine } from "../../offchain/src/models/decisionModel.ts";
import { table } from "./lib/timing.ts";

// The database: in-memory PGlite by default; PEPER_BENCH_DATABASE_URL for a PostgreSQL server.
const databaseUrl = process.env.PEPER_BENCH_DATABASE_URL;
const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: "memory://" });
const app = await buildApi(
  {
    decisionEngine: await createDecisionEngine(),
    database,
    secrets: { jwtSecret: "bench-jwt-secret-bench-jwt-secret-0123", dataKey: "bench-data-key-bench-data-key-012345" },
  },
  // Loopback load from one address would trip the production rate limits at once.
  { limits: { authPerMinute: 1e9, perMinute: 1e9 } },
);
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
const port = typeof address === "object" && address ? address.port : 0;
const base = `http://127.0.0.1:${port}`;

const post = async (path: string, body: unknown, token?: string) => {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { access_token: string; refresh_token: string };
};
const email = `bench-${Date.now()}@example.com`;
await post("/api/v5/auth/register", { email, password: TEST_PASSWORD, region: "DE" });
/** One sign-in (its own refresh-token family) per connection of the refresh benchmark. */
const sessions = await Promise.all(
  Array.from({ length: 12 }, () => post("/api/v5/auth/global-login", { email, password: TEST_PASSWORD, region: "DE" })),
);
const token = sessions[0]!.access_token;

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
    url: `${base}${path}`,
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    connections,
    duration: 5,
  });

/**
 * Token refresh under load: a pool of live refresh tokens (one sign-in each); every request takes one
 * and the answer puts its successor back (rotation: a token works once), so every request is a real
 * rotation — lookup, claim, new token, audit entry, new JWT. (autocannon resets a connection's
 * context after each request sequence, so the tokens cannot live there.)
 */
const pool = sessions.map((s) => s.refresh_token);
const runRefresh = (connections: number) =>
  autocannon({
    url: base,
    connections,
    duration: 5,
    requests: [
      {
        method: "POST",
        path: "/api/v5/auth/refresh",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => {
          const token = pool.shift();
          if (!token) throw new Error("the refresh-token pool ran dry");
          return { ...request, body: JSON.stringify({ refresh_token: token }) };
        },
        onResponse: (status, body) => {
          if (status === 200) pool.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
        },
      },
    ],
  });

const rows: (string | number)[][] = [];
const record = (name: string, single: autocannon.Result, loaded: autocannon.Result) =>
  rows.push([
    name,
    Number((1000 / single.requests.average).toFixed(3)),
    single.latency.p50,
    single.latency.p99,
    Math.round(loaded.requests.average),
    loaded.latency.p99,
    single.non2xx + loaded.non2xx,
  ]);
{
  const single = await runRefresh(1);
  const loaded = await runRefresh(10);
  record("POST /auth/refresh (rotation)", single, loaded);
}
for (const [name, path, body] of cases) {
  const single = await run(path, body, 1);
  const loaded = await run(path, body, 10);
  record(name, single, loaded);
}
await app.close();
await database.close();
table(
  `/api/v5 on loopback, ${database.kind} (autocannon, 5 s per run; latency in ms)`,
  [
    "endpoint",
    "mean ms, 1 conn",
    "p50 ms, 1 conn",
    "p99 ms, 1 conn",
    "requests/s, 10 conns",
    "p99 ms, 10 conns",
    "non-2xx",
  ],
  rows,
);
