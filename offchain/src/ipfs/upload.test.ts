import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

import { createEmbeddedStore } from "./store.ts";
import { checkUpload, upload, UploadError, type UploadProblem } from "./upload.ts";

const dir = mkdtempSync(join(tmpdir(), "peper-upload-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const text = (s: string) => new TextEncoder().encode(s);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#f80"/></svg>';

describe("uploads", () => {
  it("stores a checked image and returns its ipfs:// URI", async () => {
    const store = await createEmbeddedStore(dir);
    const result = await upload(store, text(SVG), "image/svg+xml");
    assert.equal(result.uri, `ipfs://${result.cid}`);
    assert.deepEqual(await store.cat(result.cid), text(SVG));
    await store.close();
  });

  it("refuses what it must, with a reason the user can act on", () => {
    const cases: [Uint8Array, string, UploadProblem][] = [
      [new Uint8Array(), "image/png", "empty"],
      [PNG, "application/pdf", "unsupported-type"],
      [new Uint8Array(10 * 1024 * 1024 + 1).fill(0x89), "image/png", "too-large"],
      [text(SVG), "image/png", "type-mismatch"],
      [PNG, "image/jpeg", "type-mismatch"],
      [text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "image/svg+xml", "unsafe-svg"],
      [text('<svg xmlns="http://www.w3.org/2000/svg" onload="steal()"></svg>'), "image/svg+xml", "unsafe-svg"],
      [
        text('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/x.png"/></svg>'),
        "image/svg+xml",
        "unsafe-svg",
      ],
      [text('<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x()"/></svg>'), "image/svg+xml", "unsafe-svg"],
      [text('{"name": "x",'), "application/json", "bad-json"],
    ];
    for (const [bytes, type, problem] of cases) {
      assert.throws(
        () => checkUpload(bytes, type),
        (e: unknown) => e instanceof UploadError && e.problem === problem && e.message.length > 10,
        `${type} → ${problem}`,
      );
    }
    assert.equal(checkUpload(PNG, "image/png; charset=binary"), "image/png");
  });
});
