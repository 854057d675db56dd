// Server side only: which subgraph serves a chain, and what the proxy forwards to it.

/** Largest GraphQL request body the proxy forwards (queries are small; this keeps abuse cheap). */
export const MAX_SUBGRAPH_BODY_BYTES = 16 * 1024;

type Env = Record<string, string | undefined>;

/** PEPER_SUBGRAPH_URLS ("31337=http://…,31338=http://…", written by `npm start`) as chain id → URL. */
export function parseSubgraphUrls(value: string | undefined): Map<number, string> {
  const out = new Map<number, string>();
  for (const entry of (value ?? "").split(",")) {
    const at = entry.indexOf("=");
    if (at <= 0) continue;
    const chainId = Number(entry.slice(0, at).trim());
    const url = entry.slice(at + 1).trim();
    if (Number.isSafeInteger(chainId) && chainId > 0 && /^https?:\/\//.test(url)) out.set(chainId, url);
  }
  return out;
}

/**
 * The GraphQL endpoint of a chain's subgraph, read per request: `SUBGRAPH_URL_<chainId>` (a deployed
 * subgraph per chain), else `SUBGRAPH_URL` (one deployed subgraph, for every chain the app offers),
 * else the local indexer's entry in PEPER_SUBGRAPH_URLS. undefined when the chain has none.
 */
export function subgraphUrlFor(chainId: number, env: Env = process.env): string | undefined {
  const perChain = env[`SUBGRAPH_URL_${chainId}`];
  if (perChain) return perChain;
  if (env.SUBGRAPH_URL) return env.SUBGRAPH_URL;
  return parseSubgraphUrls(env.PEPER_SUBGRAPH_URLS).get(chainId);
}

export interface SubgraphRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** A GraphQL read as the dApp sends it: a query string, optional variables and operation name; no mutations. */
export function isSubgraphRequest(body: unknown): body is SubgraphRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const { query, variables, operationName, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return false;
  if (typeof query !== "string" || query.trim() === "") return false;
  if (/^\s*(mutation|subscription)\b/.test(query)) return false;
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables)))
    return false;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return false;
  return true;
}

/** The request body as text, or undefined once it grows past `limit` bytes (read no further). */
export async function readBodyLimited(request: Request, limit = MAX_SUBGRAPH_BODY_BYTES): Promise<string | undefined> {
  if (Number(request.headers.get("content-length") ?? "0") > limit) return undefined;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
