import type { IpfsStore } from "./store.ts";

/**
 * Adds documents through a Peper IPFS gateway's `POST /upload` (offchain/bin/peper-ipfs.ts), for a
 * process that must not open the gateway's embedded store itself (one writer per store directory).
 * The gateway computes the CID; callers that know the CID they expect should compare.
 */
export function gatewayUploader(gatewayUrl: string, contentType = "application/json"): Pick<IpfsStore, "add"> {
  const endpoint = new URL("/upload", gatewayUrl).toString();
  return {
    async add(bytes: Uint8Array): Promise<string> {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": contentType },
        body: bytes,
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json().catch(() => ({}))) as { cid?: unknown; error?: unknown };
      if (!res.ok || typeof body.cid !== "string") {
        throw new Error(
          `The IPFS gateway refused the upload (${res.status}): ${String(body.error ?? "no CID in the answer")}.`,
        );
      }
      return body.cid;
    },
  };
}
