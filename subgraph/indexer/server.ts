/**
 * HTTP front of the indexer, on loopback only, with graph-node's path shape:
 *
 * - `POST /subgraphs/name/<name>` with `{ query, variables, operationName }` → the GraphQL result
 *   (HTTP 200, errors in `errors`, as graph-node); malformed requests get 400;
 * - `GET /subgraphs/name/<name>` → a short JSON note (no GraphiQL);
 * - `GET /health` → `{ network, chainId, latestBlock, indexedBlock, entities, state, ... }`;
 * - CORS is open (`*`) so a local dApp on another port can query it, like graph-node.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

import type { Logger } from "./log.ts";
import type { IndexerService } from "./service.ts";

const MAX_BODY = 1 << 20;

export interface ServerOptions {
  readonly service: IndexerService;
  /** The subgraph name in `/subgraphs/name/<name>`. */
  readonly name: string;
  readonly logger: Logger;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "access-control-allow-origin": "*",
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Parses and checks a GraphQL request body; returns an error message when it is not one. */
function parseRequest(
  text: string,
): { query: string; variables: Record<string, unknown> | null; operationName: string | null } | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "the body is not JSON";
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the body must be a JSON object";
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== "string" || query.trim() === "") return "`query` must be a non-empty string";
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) {
    return "`variables` must be an object";
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string")
    return "`operationName` must be a string";
  return {
    query,
    variables: (variables as Record<string, unknown> | null | undefined) ?? null,
    operationName: (operationName as string | null | undefined) ?? null,
  };
}

export function createHttpServer(options: ServerOptions): Server {
  const { service, name, logger } = options;
  const path = `/subgraphs/name/${name}`;
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "86400",
      });
      res.end();
      return;
    }
    if (url.pathname === "/health") {
      if (req.method !== "GET") return send(res, 405, { error: "use GET" });
      return send(res, 200, service.health());
    }
    if (url.pathname !== path && url.pathname !== `${path}/`) {
      return send(res, 404, { error: `not found; queries go to POST ${path}` });
    }
    if (req.method === "GET") {
      return send(res, 200, {
        subgraph: name,
        usage: `POST ${path} with {"query": "...", "variables": {...}}`,
        health: "/health",
      });
    }
    if (req.method !== "POST") return send(res, 405, { error: "use POST" });
    readBody(req)
      .then(async (text) => {
        const request = parseRequest(text);
        if (typeof request === "string") return send(res, 400, { errors: [{ message: request }] });
        const result = await service.api.execute(request);
        send(res, 200, result);
      })
      .catch((e: unknown) => {
        logger.error("query failed", { error: (e as Error).message });
        if (!res.headersSent) send(res, 400, { errors: [{ message: (e as Error).message }] });
      });
  });
}
