import { isSubgraphRequest, readBodyLimited, subgraphUrlFor } from "../../../server/subgraphProxy.ts";

export const dynamic = "force-dynamic";

// The browser queries the subgraph through the app: the local indexer's moved ports and a deployed
// subgraph's URL (with its API key) stay on the server, and the indexer needs no CORS. Only
// GraphQL reads are forwarded; the URL is read per request (SUBGRAPH_URL[_<chainId>], PEPER_SUBGRAPH_URLS).
export async function POST(request: Request, context: { params: Promise<{ chainId: string }> }): Promise<Response> {
  const { chainId } = await context.params;
  const id = /^\d{1,12}$/.test(chainId) ? Number(chainId) : NaN;
  const url = Number.isSafeInteger(id) ? subgraphUrlFor(id) : undefined;
  if (!url) return Response.json({ error: `no subgraph is configured for chain ${chainId}` }, { status: 404 });
  const text = await readBodyLimited(request);
  if (text === undefined) return Response.json({ error: "the query is too large" }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: "the body is not JSON" }, { status: 400 });
  }
  if (!isSubgraphRequest(body)) return Response.json({ error: "not a GraphQL query" }, { status: 400 });
  try {
    const upstream = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    return new Response(upstream.body, {
      status: upstream.status,
      headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
    });
  } catch {
    return Response.json({ error: `the subgraph of chain ${chainId} does not answer` }, { status: 502 });
  }
}
