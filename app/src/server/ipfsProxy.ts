// The local IPFS gateway (offchain/src/ipfs/gateway.ts) behind the app's origin: the browser only knows
// /ipfs/<cid> and /ipfs/upload, the server knows the gateway's port (PEPER_IPFS_PORT, default 8180, or
// PEPER_IPFS_GATEWAY_URL), read per request so the stack can move it.

export const ipfsGatewayUrl = (): string =>
  process.env.PEPER_IPFS_GATEWAY_URL ?? `http://127.0.0.1:${process.env.PEPER_IPFS_PORT ?? "8180"}`;

/** Response headers passed through from the gateway (its type sniffing and SVG CSP stay in force). */
export const PASSED_HEADERS = [
  "content-type",
  "content-length",
  "cache-control",
  "content-security-policy",
  "x-content-type-options",
  "etag",
] as const;

/** A CID as the gateway accepts it (base32 v1 or base58 v0): letters and digits only. */
export const isCid = (text: string): boolean => /^[A-Za-z0-9]{10,128}$/.test(text);

export async function forwardToGateway(path: string, init: RequestInit): Promise<Response> {
  try {
    const upstream = await fetch(new URL(path, ipfsGatewayUrl()), init);
    const headers = new Headers();
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    return new Response(upstream.body, { status: upstream.status, headers });
  } catch {
    return Response.json(
      { error: "The IPFS gateway is not running (start it with `npm start`).", problem: "unavailable" },
      { status: 502 },
    );
  }
}
