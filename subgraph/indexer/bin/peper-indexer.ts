#!/usr/bin/env node
// peper-indexer: the embedded subgraph indexer. Runs the subgraph's built WASM mappings against a
// JSON-RPC node and serves its GraphQL API with graph-node's query conventions on
// http://127.0.0.1:<port>/subgraphs/name/<name>. Flags override the PEPER_INDEXER_* variables.
// SIGTERM/SIGINT finish the current batch, commit it and exit 0.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { createLogger, isLevel } from "../log.ts";
import { createHttpServer } from "../server.ts";
import { createIndexerService } from "../service.ts";
import { RpcLogSource } from "../source.ts";

const USAGE = `usage: peper-indexer [options]

  --rpc-url <url>        JSON-RPC endpoint (env PEPER_INDEXER_RPC_URL, default http://127.0.0.1:8545)
  --manifest <path>      rendered subgraph.yaml (env PEPER_INDEXER_MANIFEST, default subgraph/subgraph.yaml)
  --build-dir <path>     graph build output (env PEPER_INDEXER_BUILD_DIR, default <manifest dir>/build)
  --db <path>            SQLite file (env PEPER_INDEXER_DB, default $PEPER_STATE_DIR/indexer/<name>.sqlite)
  --port <n>             HTTP port on 127.0.0.1 (env PEPER_INDEXER_PORT, default 8000; 0 picks one)
  --name <name>          subgraph name in /subgraphs/name/<name> (env PEPER_INDEXER_NAME, default peper)
  --poll-ms <n>          delay between polls for new blocks (env PEPER_INDEXER_POLL_MS, default 1000)
  --confirmations <n>    stay n blocks behind the head (env PEPER_INDEXER_CONFIRMATIONS, default 0)
  --range <n>            blocks per getLogs request and per commit (env PEPER_INDEXER_RANGE, default 2000)
  --log-level <level>    debug | info | warn | error (env PEPER_LOG_LEVEL, default info)
  -h, --help             this text
`;

class UsageError extends Error {}

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function config() {
  const { values } = parseArgs({
    options: {
      "rpc-url": { type: "string" },
      manifest: { type: "string" },
      "build-dir": { type: "string" },
      db: { type: "string" },
      port: { type: "string" },
      name: { type: "string" },
      "poll-ms": { type: "string" },
      confirmations: { type: "string" },
      range: { type: "string" },
      "log-level": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const subgraphDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  const rpcUrl = values["rpc-url"] ?? env["PEPER_INDEXER_RPC_URL"] ?? "http://127.0.0.1:8545";
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new UsageError(`--rpc-url is not a URL: '${rpcUrl}'`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`--rpc-url must be http(s), got '${rpcUrl}'`);
  const name = values.name ?? env["PEPER_INDEXER_NAME"] ?? "peper";
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(name))
    throw new UsageError(`--name may use letters, digits, '-', '_' and '/', got '${name}'`);
  const manifest = resolve(values.manifest ?? env["PEPER_INDEXER_MANIFEST"] ?? join(subgraphDir, "subgraph.yaml"));
  const level = values["log-level"] ?? env["PEPER_LOG_LEVEL"] ?? "info";
  if (!isLevel(level)) throw new UsageError(`--log-level must be debug, info, warn or error, got '${level}'`);
  return {
    rpcUrl,
    manifest,
    buildDir: resolve(values["build-dir"] ?? env["PEPER_INDEXER_BUILD_DIR"] ?? join(dirname(manifest), "build")),
    db: resolve(
      values.db ??
        env["PEPER_INDEXER_DB"] ??
        join(env["PEPER_STATE_DIR"] ?? ".peper", "indexer", `${name.replaceAll("/", "_")}.sqlite`),
    ),
    port: integer("port", values.port ?? env["PEPER_INDEXER_PORT"] ?? "8000", 0, 65535),
    name,
    pollMs: integer("poll-ms", values["poll-ms"] ?? env["PEPER_INDEXER_POLL_MS"] ?? "1000", 10, 3_600_000),
    confirmations: integer(
      "confirmations",
      values.confirmations ?? env["PEPER_INDEXER_CONFIRMATIONS"] ?? "0",
      0,
      10_000,
    ),
    range: integer("range", values.range ?? env["PEPER_INDEXER_RANGE"] ?? "2000", 1, 100_000),
    level,
  };
}

async function main(): Promise<void> {
  let cfg: ReturnType<typeof config>;
  try {
    cfg = config();
  } catch (e) {
    process.stderr.write(`peper-indexer: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const logger = createLogger({ level: cfg.level, fields: { service: "indexer" } });
  let service: ReturnType<typeof createIndexerService>;
  try {
    service = createIndexerService({
      manifestPath: cfg.manifest,
      buildDir: cfg.buildDir,
      dbPath: cfg.db,
      source: new RpcLogSource(cfg.rpcUrl),
      logger,
      pollMs: cfg.pollMs,
      confirmations: cfg.confirmations,
      rangeSize: cfg.range,
    });
  } catch (e) {
    process.stderr.write(`peper-indexer: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const server = createHttpServer({ service, name: cfg.name, logger });
  server.on("error", (e) => {
    logger.error("http server error", { error: e.message });
    process.exit(1);
  });
  server.listen(cfg.port, "127.0.0.1", () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : cfg.port;
    logger.info("listening", {
      url: `http://127.0.0.1:${port}/subgraphs/name/${cfg.name}`,
      health: `http://127.0.0.1:${port}/health`,
      db: cfg.db,
      rpc: cfg.rpcUrl,
    });
  });
  service.indexer.start();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping after the current batch", { signal });
    void service.close().then(() => {
      server.close(() => {
        logger.info("stopped", { indexedBlock: service.health().indexedBlock });
        process.exit(0);
      });
      server.closeAllConnections();
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

await main();
