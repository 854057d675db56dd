// Shared by the mapping tests: the repository's paths, an in-process Hardhat chain served as a
// JSON-RPC endpoint on 127.0.0.1 for the embedded indexer's RpcLogSource (the same path as the
// indexer's CLI against a node), the manifest of a deployment and its indexer, and the check that
// subgraph/build is current.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { createLogger, type LogRecord } from "../indexer/log.ts";
import { createIndexerService, type IndexerService } from "../indexer/service.ts";
import { RpcLogSource } from "../indexer/source.ts";

export const SUBGRAPH = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(SUBGRAPH, "..");
export const BUILD = join(SUBGRAPH, "build");
export const HARDHAT_CONFIG = join(ROOT, "hardhat.config.ts");
export const PARAMETERS = join(ROOT, "contracts/ignition/parameters/local.json");
/** Hardhat's public development mnemonic: the in-process chains' accounts (local chains only). */
export const MNEMONIC = "test test test test test test test test test test test junk";

export interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Serves an EIP-1193 provider as a JSON-RPC endpoint (single and batch requests) on 127.0.0.1. */
export async function serveJsonRpc(provider: Eip1193): Promise<{ server: Server; url: string }> {
  const answer = async (message: unknown): Promise<Record<string, unknown>> => {
    if (!isRecord(message) || typeof message["method"] !== "string") {
      return { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request" } };
    }
    const params = Array.isArray(message["params"]) ? (message["params"] as unknown[]) : [];
    try {
      const result = await provider.request({ method: message["method"], params });
      return { jsonrpc: "2.0", id: message["id"] ?? null, result: result ?? null };
    } catch (err) {
      const code = isRecord(err) && typeof err["code"] === "number" ? err["code"] : -32000;
      const text = err instanceof Error ? err.message : String(err);
      return { jsonrpc: "2.0", id: message["id"] ?? null, error: { code, message: text } };
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          res.writeHead(400).end();
          return;
        }
        const out = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(out));
      })();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  const address = server.address();
  assert.ok(isRecord(address) && typeof address["port"] === "number");
  return { server, url: `http://127.0.0.1:${address["port"]}` };
}

/** Fails unless `npm run build` produced subgraph/build and it is newer than the sources. */
export function assertBuilt(): void {
  const manifest = join(BUILD, "subgraph.yaml");
  if (!existsSync(manifest)) throw new Error("the subgraph is not built: run `npm run build` in subgraph/");
  const newest = (path: string): number =>
    statSync(path).isDirectory()
      ? Math.max(0, ...readdirSync(path).map((e) => newest(join(path, e))))
      : statSync(path).mtimeMs;
  const sources = Math.max(newest(join(SUBGRAPH, "src")), newest(join(SUBGRAPH, "schema.graphql")));
  if (sources > statSync(manifest).mtimeMs) {
    throw new Error("subgraph/build is older than src/ or schema.graphql: run `npm run build` in subgraph/");
  }
}

/**
 * Renders the manifest of a deployment as `npm start` renders it: `futures` (Ignition future id →
 * address) as chain `chainId`'s deployed_addresses.json under `deployments`, then scripts/render.ts
 * (for `network`, else its default) writes `out`.
 */
export function renderManifest(options: {
  futures: Record<string, string>;
  chainId: number;
  deployments: string;
  out: string;
  network?: string;
}): void {
  const dir = join(options.deployments, `chain-${options.chainId}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "deployed_addresses.json"), JSON.stringify(options.futures, null, 2));
  const render = spawnSync(
    process.execPath,
    [
      join(SUBGRAPH, "scripts/render.ts"),
      ...(options.network ? ["--network", options.network] : []),
      "--deployments",
      options.deployments,
      "--out",
      options.out,
    ],
    { encoding: "utf8" },
  );
  assert.equal(render.status, 0, `render failed: ${render.stderr}`);
}

/** The embedded indexer of a rendered manifest and the built WASM, reading the chain at `rpcUrl`; its log records go to `logs`. */
export function openIndexer(manifestPath: string, dbPath: string, rpcUrl: string, logs: LogRecord[]): IndexerService {
  return createIndexerService({
    manifestPath,
    buildDir: BUILD,
    dbPath,
    source: new RpcLogSource(rpcUrl),
    logger: createLogger({ level: "debug", sink: (r) => logs.push(r) }),
  });
}
