export const dynamic = "force-dynamic";

/**
 * Where the browser opens a metaverse room's WebSocket. The app passes /api/v5 on over HTTP, but a
 * Next.js route cannot pass on a WebSocket upgrade, so the room's socket goes to the API itself:
 * PEPER_API_WS_URL, else the ws:// form of the API's URL the /api/v5 proxy uses (read per request).
 */
export function GET(): Response {
  const api = process.env.PEPER_API_URL ?? `http://127.0.0.1:${process.env.PEPER_API_PORT ?? "8787"}`;
  const origin = process.env.PEPER_API_WS_URL ?? api.replace(/^http/, "ws");
  return Response.json({ origin: origin.replace(/\/$/, "") });
}
