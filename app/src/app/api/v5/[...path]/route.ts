// /api/v5 is the off-chain API's (offchain/src/api), not the app's: every request is passed on to it
// unchanged at http://127.0.0.1:${PEPER_API_PORT:-8787} (read at request time, so the stack can move it).
export const dynamic = "force-dynamic";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"]);

async function forward(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const base = process.env.PEPER_API_URL ?? `http://127.0.0.1:${process.env.PEPER_API_PORT ?? "8787"}`;
  const target = new URL(incoming.pathname + incoming.search, base);
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!HOP_BY_HOP.has(key.toLowerCase())) headers.set(key, value);
  });
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  try {
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      redirect: "manual",
      ...(hasBody ? { body: await request.arrayBuffer() } : {}),
    });
    const out = new Headers();
    upstream.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key.toLowerCase()) && key.toLowerCase() !== "content-encoding") out.set(key, value);
    });
    return new Response(upstream.body, { status: upstream.status, headers: out });
  } catch {
    return Response.json({ error: "The Peper API is not running (start it with `npm start`)." }, { status: 502 });
  }
}

export const GET = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
export const OPTIONS = forward;
