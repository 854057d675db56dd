// /api/v5 under load, on loopback only. Three kinds of process: this one coordinates; the API runs in
// a child (with PEPER_API_WORKERS=n, n worker processes behind one port, node:cluster); autocannon
// runs in another child, so the load generator never shares the server's event loop. Every request
// is signed in and writes to the database as in production: a stored decision and a refresh-token
// rotation are answered only after their row and their audit-log entry have committed.
//
// One connection (latency of one request at a time) and 32 (throughput, with queueing), 5 s per run.
// Backends: the embedded PGlite (on a temporary data directory, as the API's default); with
// PEPER_BENCH_DATABASE_URL a PostgreSQL server, with 1 and 2 API processes (the 2-process rows share
// Redis too: a throw-away redis-server on a free loopback port, when one is installed). The
// one-process PostgreSQL rows run twice for the durable routes: rate limits counted in the process's
// memory (no REDIS_URL), and in Redis (REDIS_URL set, as with several processes) — the difference is
// what the shared limiter costs, clearest on GET /health (Fastify, the security headers and the
// limiter only; PostgreSQL rows). With one process the API reports, when it stops, how many requests
// each Redis round trip of the limiter counted and how large the group commit's batches were.
//
// With one process the table also gives the API process's own CPU per request at 32 connections
// (user + system time of the server process over the run, divided by the answers; what the machine's
// other load does to it is small next to what it does to latency and requests/s).
//
// PEPER_BENCH_API_CPU_PROF=<dir>: the API processes write V8 CPU profiles there (node --cpu-prof).
// PEPER_BENCH_API_ONLY=postgres: only the PostgreSQL rows.
// autocannon's percentiles have 1 ms resolution; the
// mean comes from the one-connection rate.
//
//   PEPER_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- api
import { type ChildProcess, fork, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { freePort } from "../../offchain/src/testing/chain.ts";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import autocannon from "autocannon";

import { table } from "./lib/timing.ts";

const SELF = fileURLToPath(import.meta.url);
const DURATION_S = 5;
const LOADED_CONNECTIONS = 32;
const SECRETS = {
  jwtSecret: "bench-jwt-secret-bench-jwt-secret-0123",
  dataKey: "bench-data-key-bench-data-key-012345",
};

/** What the coordinator asks the load generator to run. */
interface LoadJob {
  readonly url: string;
  readonly connections: number;
  /** A fixed request, a GET without a body, or refresh-token rotation over `tokens`. */
  readonly request: { path: string; body: unknown; token: string } | { get: string } | { refresh: string[] };
}

/** What the load generator answers. */
interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Answers received (2xx and others). */
  readonly answers: number;
  /** Refresh tokens still live after the run (the next run continues with them). */
  readonly tokens: string[];
}

const mode = process.argv[2];
if (mode === "--serve") await serve();
else if (mode === "--load") loadGenerator();
else await coordinate();

/** The API child: PEPER_API_WORKERS processes on PEPER_API_PORT, bench limits, the chosen database. */
async function serve(): Promise<void> {
  const { runApiProcesses } = await import("../../offchain/src/api/cluster.ts");
  const { buildApi } = await import("../../offchain/src/api/app.ts");
  const { openDatabase } = await import("../../offchain/src/db/index.ts");
  const { createDecisionEngine } = await import("../../offchain/src/models/decisionModel.ts");
  const port = Number(process.env.PEPER_API_PORT);
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  // With one process, the coordinator asks for this process's CPU time around each run.
  process.on("message", (message: unknown) => {
    if ((message as { cpu?: unknown } | null)?.cpu === true) process.send?.({ cpuUsage: process.cpuUsage() });
  });
  await runApiProcesses({
    workers: Number(process.env.PEPER_API_WORKERS ?? 1),
    start: async () => {
      // PGlite as the API runs it by default: on a data directory (a fresh temporary one), not in memory.
      const dataDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), "peper-bench-api-"));
      const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: dataDir! });
      const app = await buildApi(
        {
          decisionEngine: await createDecisionEngine(),
          database,
          secrets: SECRETS,
          ...(redisUrl ? { realtime: { redisUrl } } : {}),
        },
        // Loopback load from one address would trip the production rate limits at once.
        { limits: { authPerMinute: 1e9, perMinute: 1e9, signInFailuresPerSource: 1e6, signInFailuresPerIp: 1e6 } },
      );
      await app.listen({ port, host: "127.0.0.1" });
      return {
        stop: async () => {
          if (Number(process.env.PEPER_API_WORKERS ?? 1) === 1) {
            // What the limiter and the group commit did (older trees lack the limiter's counters).
            const limits = (app as { peperRateLimits?: { kind: string; stats: object } }).peperRateLimits;
            process.send?.({ stats: { rateLimits: limits ?? null, groupCommit: app.peper.auditCommits.stats } });
          }
          await app.close();
          await database.close();
          if (dataDir) rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  });
  // The primary (or the only process) tells the coordinator.
  const cluster = (await import("node:cluster")).default;
  if (cluster.isPrimary) process.send?.({ ready: true });
}

/** The load-generator child: runs each job it is sent and answers its result. */
function loadGenerator(): void {
  process.on("message", (job: LoadJob) => {
    void runLoad(job).then((result) => process.send?.(result));
  });
}

async function runLoad(job: LoadJob): Promise<LoadResult> {
  const common = { url: job.url, connections: job.connections, duration: DURATION_S };
  if ("refresh" in job.request) {
    // Every request takes a live refresh token and the answer puts its successor back (a token works
    // once), so every request is a real rotation. (autocannon resets a connection's context after
    // each request sequence, so the tokens cannot live there.)
    const pool = [...job.request.refresh];
    const result = await autocannon({
      ...common,
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
    return summary(result, pool);
  }
  if ("get" in job.request) {
    return summary(await autocannon({ ...common, url: `${job.url}${job.request.get}` }), []);
  }
  const { path, body, token } = job.request;
  const result = await autocannon({
    ...common,
    url: `${job.url}${path}`,
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return summary(result, []);
}

function summary(result: autocannon.Result, tokens: string[]): LoadResult {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    answers: result["2xx"] + result.non2xx,
    tokens,
  };
}

/** Waits for a child's first message matching `accept` (or its exit, which is an error). */
function nextMessage<T>(child: ChildProcess, accept: (m: unknown) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!accept(message)) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`a benchmark child exited (code ${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A throw-away redis-server on a free loopback port, if one is installed. */
async function startRedis(): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  if (spawnSync("redis-server", ["--version"]).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (code ${code})`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

interface Setup {
  readonly label: string;
  /** Rate limits counted in Redis (REDIS_URL) with one process. */
  readonly limitsInRedis?: boolean;
  readonly databaseUrl?: string;
  readonly workers: number;
  readonly redisUrl?: string;
  /** Only the durable routes (the curve rows). */
  readonly durableOnly: boolean;
}

/** What a one-process API reports when it stops. */
interface ServerStats {
  readonly rateLimits: {
    readonly kind: string;
    readonly stats: { increments: number; commands: number; roundTrips: number; local: number };
  } | null;
  readonly groupCommit: { batches: number; requests: number; largestBatch: number };
}

async function coordinate(): Promise<void> {
  const { TEST_PASSWORD } = await import("../../offchain/src/api/testing.ts");
  const { loadEuStockMarkets } = await import("../../offchain/src/market/euStocks.ts");
  const loadBefore = loadavg();
  const databaseUrl = process.env.PEPER_BENCH_DATABASE_URL;
  const redis = databaseUrl ? await startRedis() : undefined;
  const setups: Setup[] =
    process.env.PEPER_BENCH_API_ONLY === "postgres"
      ? []
      : [{ label: "PGlite (data dir), 1 process", workers: 1, durableOnly: false }];
  if (databaseUrl) {
    setups.push({ label: "PostgreSQL, 1 process", databaseUrl, workers: 1, durableOnly: false });
    if (redis) {
      setups.push({
        label: "PostgreSQL, 1 process, limits in Redis",
        databaseUrl,
        workers: 1,
        redisUrl: redis.url,
        durableOnly: true,
      });
    }
    if (redis)
      setups.push({
        label: "PostgreSQL, 2 processes",
        databaseUrl,
        workers: 2,
        redisUrl: redis.url,
        durableOnly: true,
      });
    else console.log("(no redis-server installed: the 2-process rows are skipped)");
  }
  const profileDir = process.env.PEPER_BENCH_API_CPU_PROF;
  const loader = fork(SELF, ["--load"], { stdio: "inherit" });
  const load = async (job: LoadJob) => {
    const answer = nextMessage<LoadResult>(loader, (m) => typeof m === "object" && m !== null && "rps" in m);
    loader.send(job);
    return answer;
  };

  const closes = loadEuStockMarkets().closes.DAX.slice(0, 1000);
  const risk = { maxPosition: 0.2, stopLoss: 0.05, takeProfit: 0.1, maxDrawdown: 0.2, allowedAssets: ["DAX"] };
  const rows: (string | number)[][] = [];
  try {
    for (const setup of setups) {
      const port = await freePort();
      const server = fork(SELF, ["--serve"], {
        stdio: "inherit",
        ...(profileDir ? { execArgv: [...process.execArgv, "--cpu-prof", `--cpu-prof-dir=${profileDir}`] } : {}),
        env: {
          ...process.env,
          PEPER_API_PORT: String(port),
          PEPER_API_WORKERS: String(setup.workers),
          ...(setup.databaseUrl ? { DATABASE_URL: setup.databaseUrl } : {}),
          ...(setup.redisUrl ? { REDIS_URL: setup.redisUrl } : {}),
        },
      });
      try {
        await nextMessage(server, (m) => (m as { ready?: unknown } | null)?.ready === true);
        const base = `http://127.0.0.1:${port}`;
        const post = async (path: string, body: unknown) => {
          const res = await fetch(`${base}${path}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
          });
          if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
          return (await res.json()) as { access_token: string; refresh_token: string };
        };
        const email = `bench-${randomBytes(6).toString("hex")}@example.com`;
        await post("/api/v5/auth/register", { email, password: TEST_PASSWORD, region: "DE" });
        // One sign-in (its own refresh-token family) per connection of the refresh runs, one at a time.
        const sessions: { access_token: string; refresh_token: string }[] = [];
        for (let i = 0; i < LOADED_CONNECTIONS + 4; i++) {
          sessions.push(await post("/api/v5/auth/global-login", { email, password: TEST_PASSWORD, region: "DE" }));
        }
        const token = sessions[0]!.access_token;
        let tokens = sessions.map((s) => s.refresh_token);
        const cases: [string, LoadJob["request"] | "refresh"][] = [
          ["POST /auth/refresh (rotation)", "refresh"],
          [
            "POST /ai/agi-decision (shipped series)",
            { path: "/api/v5/ai/agi-decision", token, body: { asset: "DAX", history: { market: "DAX" }, risk } },
          ],
          [
            "POST /ai/agi-decision (1 000 closes sent)",
            { path: "/api/v5/ai/agi-decision", token, body: { asset: "DAX", closes, risk } },
          ],
        ];
        // Fastify, the security headers and the rate limiter only: what the limiter costs shows here.
        if (setup.databaseUrl) cases.push(["GET /health (headers and rate limit only)", { get: "/api/v5/health" }]);
        if (!setup.durableOnly) {
          cases.push(
            [
              "POST /quantum/portfolio-optimization (exact, 4 indices, 250 days)",
              {
                path: "/api/v5/quantum/portfolio-optimization",
                token,
                body: { markets: ["DAX", "SMI", "CAC", "FTSE"], riskTolerance: 0.5 },
              },
            ],
            [
              "POST /quantum/portfolio-optimization (QAOA 4 qubits, K = 2)",
              {
                path: "/api/v5/quantum/portfolio-optimization",
                token,
                body: { markets: ["DAX", "SMI", "CAC", "FTSE"], method: "qaoa", cardinality: 2 },
              },
            ],
          );
        }
        const cpuTime = async (): Promise<number | undefined> => {
          if (setup.workers !== 1) return undefined;
          const answer = nextMessage<{ cpuUsage: NodeJS.CpuUsage }>(
            server,
            (m) => typeof m === "object" && m !== null && "cpuUsage" in m,
          );
          server.send({ cpu: true });
          const { cpuUsage } = await answer;
          return cpuUsage.user + cpuUsage.system;
        };
        for (const [name, request] of cases) {
          const run = async (connections: number) => {
            const result = await load({
              url: base,
              connections,
              request: request === "refresh" ? { refresh: tokens } : request,
            });
            if (request === "refresh") tokens = result.tokens;
            return result;
          };
          const single = await run(1);
          const cpuBefore = await cpuTime();
          const loaded = await run(LOADED_CONNECTIONS);
          const cpuAfter = await cpuTime();
          const cpuPerRequest =
            cpuBefore === undefined || cpuAfter === undefined
              ? "—"
              : Math.round((cpuAfter - cpuBefore) / loaded.answers);
          rows.push([
            setup.label,
            name,
            Number((1000 / single.rps).toFixed(3)),
            single.p50,
            single.p99,
            Math.round(loaded.rps),
            loaded.p99,
            cpuPerRequest,
            single.non2xx + loaded.non2xx + single.errors + loaded.errors,
          ]);
        }
      } finally {
        const stats = nextMessage<{ stats: ServerStats }>(
          server,
          (m) => typeof m === "object" && m !== null && "stats" in m,
        )
          .then((m) => m.stats)
          .catch(() => undefined);
        await stopChild(server);
        const reported = setup.workers === 1 ? await stats : undefined;
        if (reported) {
          const { rateLimits, groupCommit } = reported;
          const limiter = rateLimits
            ? rateLimits.kind === "redis"
              ? `rate limits in Redis: ${rateLimits.stats.increments} requests in ${rateLimits.stats.roundTrips} round trips (${(rateLimits.stats.increments / Math.max(1, rateLimits.stats.roundTrips)).toFixed(1)} per round trip), ${rateLimits.stats.local} counted in memory`
              : "rate limits in memory"
            : "rate limits: no counters in this tree";
          console.log(
            `${setup.label}: ${limiter}; group commit: ${groupCommit.requests} requests in ${groupCommit.batches} batches (${(groupCommit.requests / Math.max(1, groupCommit.batches)).toFixed(1)} per batch, largest ${groupCommit.largestBatch})`,
          );
        }
      }
    }
  } finally {
    await stopChild(loader);
    await redis?.stop();
  }
  const loadAfter = loadavg();
  table(
    `/api/v5 on loopback (autocannon in its own process, ${DURATION_S} s per run; latency in ms; ${availableParallelism()} cores, load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after)`,
    [
      "backend",
      "endpoint",
      "mean ms, 1 conn",
      "p50 ms, 1 conn",
      "p99 ms, 1 conn",
      `requests/s, ${LOADED_CONNECTIONS} conns`,
      `p99 ms, ${LOADED_CONNECTIONS} conns`,
      `API CPU µs/request, ${LOADED_CONNECTIONS} conns`,
      "non-2xx / errors",
    ],
    rows,
  );
}
