import { chainById } from "@protocol/chains.ts";

import { isAllowedRpcBody } from "../../../server/rpcProxy.ts";
import { configuredChains, rpcUrlFor } from "../../../server/runtimeConfig.ts";

export const dynamic = "force-dynamic";

// The browser reads chains through the app: the RPC URLs (the stack's moved ports, API keys of
// public providers) stay on the server, and the local nodes need no CORS.
export async function POST(request: Request, context: { params: Promise<{ chainId: string }> }): Promise<Response> {
  const { chainId } = await context.params;
  const chain = chainById(Number(chainId));
  const url = chain && configuredChains().includes(chain) ? rpcUrlFor(chain) : undefined;
  if (!url) return Response.json({ error: `chain ${chainId} is not configured` }, { status: 404 });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "the body is not JSON" }, { status: 400 });
  }
  if (!isAllowedRpcBody(body)) return Response.json({ error: "method not allowed through the proxy" }, { status: 403 });
  try {
    const upstream = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return new Response(upstream.body, {
      status: upstream.status,
      headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
    });
  } catch {
    return Response.json({ error: `the node of chain ${chainId} does not answer` }, { status: 502 });
  }
}
