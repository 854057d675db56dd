import { forwardToGateway, isCid } from "../../../server/ipfsProxy.ts";

export const dynamic = "force-dynamic";

/**
 * GET /oracle-documents/<cid>: a document an oracle report refers to (a decision's reasoning). The
 * oracle nodes keep and serve them, verified against their CID (`GET /v1/documents/<cid>` on
 * PEPER_ORACLE_<n>_PORT, default 7401–7403, read per request); the first node that has it answers,
 * else the IPFS gateway is asked.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ cid: string }> }): Promise<Response> {
  const { cid } = await params;
  if (!isCid(cid)) return Response.json({ error: "not a CID", problem: "bad-cid" }, { status: 400 });
  for (const n of [1, 2, 3]) {
    const port = process.env[`PEPER_ORACLE_${n}_PORT`] ?? String(7400 + n);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v1/documents/${cid}`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) {
        return new Response(res.body, {
          status: 200,
          headers: { "content-type": "application/json", "cache-control": "public, max-age=31536000, immutable" },
        });
      }
    } catch {
      // that node is down: try the next
    }
  }
  return forwardToGateway(`/ipfs/${cid}`, { method: "GET" });
}
