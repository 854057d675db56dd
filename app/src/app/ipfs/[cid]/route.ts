import { forwardToGateway, isCid } from "../../../server/ipfsProxy.ts";

export const dynamic = "force-dynamic";

/** GET /ipfs/<cid>: the verified content from the local gateway. */
export async function GET(_request: Request, { params }: { params: Promise<{ cid: string }> }): Promise<Response> {
  const { cid } = await params;
  if (!isCid(cid)) return Response.json({ error: "not a CID", problem: "bad-cid" }, { status: 400 });
  return forwardToGateway(`/ipfs/${cid}`, { method: "GET" });
}
