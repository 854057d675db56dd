// The Kubo-backed store through the real kubo-rpc-client, against a stand-in for Kubo's RPC API on
// loopback (no Kubo binary installs here): it checks the import options the client sends, and that
// a node returning the wrong bytes is caught by the CID check.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";

import { createKuboStore, IpfsError, unixfsCid } from "./store.ts";

/** The file part of a multipart/form-data body. */
function filePart(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(.+)$/.exec(contentType)![1]!;
  const start = body.indexOf("\r\n\r\n", body.indexOf(`--${boundary}`)) + 4;
  const end = body.indexOf(`\r\n--${boundary}`, start);
  return body.subarray(start, end);
}

describe("Kubo store (IPFS_API_URL)", () => {
  const blocks = new Map<string, Buffer>();
  const seen: URLSearchParams[] = [];
  let lie = false;
  let server: Server;
  let url = "";

  before(async () => {
    server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (c: Buffer) => parts.push(c));
      req.on("end", () => {
        void (async () => {
          const u = new URL(req.url!, "http://127.0.0.1");
          seen.push(u.searchParams);
          if (u.pathname === "/api/v0/add") {
            const bytes = filePart(Buffer.concat(parts), req.headers["content-type"]!);
            const cid = await unixfsCid(bytes);
            blocks.set(cid, bytes);
            res.writeHead(200, { "content-type": "application/json" });
            return res.end(JSON.stringify({ Name: cid, Hash: cid, Size: String(bytes.length) }) + "\n");
          }
          if (u.pathname === "/api/v0/cat") {
            const bytes = blocks.get(u.searchParams.get("arg")!);
            if (!bytes) {
              res.writeHead(500, { "content-type": "application/json" });
              return res.end(
                JSON.stringify({ Message: "block was not found locally (offline)", Code: 0, Type: "error" }),
              );
            }
            res.writeHead(200, { "content-type": "text/plain" });
            return res.end(lie ? Buffer.from("something else entirely") : bytes);
          }
          res.writeHead(404);
          res.end();
        })();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("adds with CIDv1, raw leaves and 1 MiB chunks, and reads back verified", async () => {
    const store = await createKuboStore(url);
    const bytes = new TextEncoder().encode("an NFT image, say");
    const cid = await store.add(bytes);
    assert.equal(cid, await unixfsCid(bytes));
    const add = seen.find((p) => p.has("cid-version"))!;
    assert.equal(add.get("cid-version"), "1");
    assert.equal(add.get("raw-leaves"), "true");
    assert.equal(add.get("chunker"), "size-1048576");
    assert.deepEqual(await store.cat(cid), bytes);
  });

  it("rejects content that does not hash to the CID, and reports a missing one", async () => {
    const store = await createKuboStore(url);
    const cid = await store.add(new TextEncoder().encode("honest bytes"));
    lie = true;
    await assert.rejects(store.cat(cid), (e: unknown) => e instanceof IpfsError && e.problem === "corrupt");
    lie = false;
    await assert.rejects(
      store.cat(await unixfsCid(new TextEncoder().encode("never added"))),
      (e: unknown) => e instanceof IpfsError && e.problem === "unavailable" && /IPFS_API_URL/.test(e.details ?? ""),
    );
  });

  it("names the problem when no node answers", async () => {
    const store = await createKuboStore("http://127.0.0.1:9");
    await assert.rejects(store.add(new Uint8Array([1])), (e: unknown) => e instanceof IpfsError && e.retryable);
  });
});
