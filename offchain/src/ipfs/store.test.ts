import assert from "node:assert/strict";
import { readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

import { cidOfBytes } from "./cid.ts";
import { createEmbeddedStore, IpfsError, unixfsCid } from "./store.ts";

const dir = mkdtempSync(join(tmpdir(), "peper-ipfs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("embedded IPFS store (Helia UnixFS on disk)", () => {
  it("gives a single-block file the raw CID of its bytes (what `ipfs add --cid-version 1 --raw-leaves` gives)", async () => {
    const store = await createEmbeddedStore(join(dir, "a"));
    const bytes = new TextEncoder().encode("hello world");
    const cid = await store.add(bytes);
    assert.equal(cid, await cidOfBytes(bytes));
    assert.equal(cid, "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    assert.deepEqual(await store.cat(cid), bytes);
    await store.close();
  });

  it("stores multi-chunk files, survives a restart and verifies every read", async () => {
    const path = join(dir, "b");
    const big = new Uint8Array(2_500_000).map((_, i) => (i * 2654435761) >>> 24);
    let store = await createEmbeddedStore(path);
    const cid = await store.add(big);
    assert.equal(cid, await unixfsCid(big), "the CID is computed from the bytes");
    await store.close();
    store = await createEmbeddedStore(path); // a new process would see the same blocks
    assert.deepEqual(await store.cat(cid), big);
    await assert.rejects(
      store.cat(cid, { maxBytes: 1000 }),
      (e: unknown) => e instanceof IpfsError && e.problem === "too-large",
    );
    await store.close();
  });

  it("refuses a block that was changed on disk, unknown CIDs and non-CIDs", async () => {
    const path = join(dir, "c");
    const store = await createEmbeddedStore(path);
    const cid = await store.add(new TextEncoder().encode("an image, say"));
    // Corrupt the stored block (the only file written under the store's folder).
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(path);
    for (const f of files) writeFileSync(f, "tampered");
    await assert.rejects(store.cat(cid), (e: unknown) => e instanceof IpfsError && e.problem === "corrupt");
    await assert.rejects(
      store.cat(await cidOfBytes(new TextEncoder().encode("never added"))),
      (e: unknown) => e instanceof IpfsError && e.problem === "not-found",
    );
    await assert.rejects(store.cat("not-a-cid"), (e: unknown) => e instanceof IpfsError && e.problem === "bad-cid");
    await store.close();
  });
});
