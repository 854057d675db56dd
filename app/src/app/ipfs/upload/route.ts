import { forwardToGateway } from "../../../server/ipfsProxy.ts";

export const dynamic = "force-dynamic";

/** POST /ipfs/upload (body = the file, Content-Type = its type) → the gateway's `{ cid, uri, type, size }`. */
export async function POST(request: Request): Promise<Response> {
  return forwardToGateway("/upload", {
    method: "POST",
    headers: { "content-type": request.headers.get("content-type") ?? "" },
    body: await request.arrayBuffer(),
  });
}
