import { createServer, type IncomingMessage, type Server } from "node:http";

import { IpfsError, type IpfsStore } from "./store.ts";
import { sniffType, upload, UploadError, UPLOAD_LIMITS } from "./upload.ts";

/**
 * A small IPFS HTTP gateway for the local stack, on loopback:
 * - `GET /ipfs/<cid>`: the verified content, its type taken from the bytes; SVG gets a strict
 *   Content-Security-Policy so that even a crafted one cannot run script from this origin.
 * - `POST /upload` (body = the file, `Content-Type` = its type): the shared upload checks, then
 *   `{ cid, uri, type, size }`.
 * - `GET /health`.
 */
export function createGateway(store: IpfsStore): Server {
  const maxUpload = Math.max(...Object.values(UPLOAD_LIMITS));
  const readBody = (req: IncomingMessage): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      const parts: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxUpload) {
          reject(new UploadError("too-large", `Uploads are limited to ${maxUpload / 1024 / 1024} MB.`));
          req.destroy();
          return;
        }
        parts.push(chunk);
      });
      req.on("end", () => resolve(new Uint8Array(Buffer.concat(parts))));
      req.on("error", reject);
    });

  return createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "access-control-allow-origin": "*" });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      try {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        if (req.method === "OPTIONS") {
          res.writeHead(204, {
            "access-control-allow-origin": "*",
            "access-control-allow-methods": "GET, POST",
            "access-control-allow-headers": "content-type",
          });
          return res.end();
        }
        if (req.method === "GET" && url.pathname === "/health") return json(200, { ok: true, store: store.kind });
        const match = /^\/ipfs\/([A-Za-z0-9]+)$/.exec(url.pathname);
        if (req.method === "GET" && match) {
          const bytes = await store.cat(match[1]!);
          const type = sniffType(bytes) ?? "application/octet-stream";
          res.writeHead(200, {
            "content-type": type,
            "content-length": bytes.length,
            "cache-control": "public, max-age=31536000, immutable",
            "x-content-type-options": "nosniff",
            "access-control-allow-origin": "*",
            ...(type === "image/svg+xml"
              ? { "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" }
              : {}),
            etag: `"${match[1]}"`,
          });
          return res.end(bytes);
        }
        if (req.method === "POST" && url.pathname === "/upload") {
          const body = await readBody(req);
          return json(201, await upload(store, body, req.headers["content-type"] ?? ""));
        }
        return json(404, { error: "not found: GET /ipfs/<cid>, POST /upload, GET /health" });
      } catch (error) {
        if (error instanceof UploadError)
          return json(error.problem === "too-large" ? 413 : 400, { error: error.message, problem: error.problem });
        if (error instanceof IpfsError) {
          const status = { "bad-cid": 400, "not-found": 404, corrupt: 502, "too-large": 413, unavailable: 503 }[
            error.problem
          ];
          return json(status, { error: error.message, problem: error.problem });
        }
        return json(500, { error: "internal error" });
      }
    })();
  });
}
