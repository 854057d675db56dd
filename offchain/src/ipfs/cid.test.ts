import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { cidOfBytes, encodeJsonDocument, verifyCid } from "./cid.ts";

describe("content identifiers", () => {
  it("match the published CID of a known block", async () => {
    // The empty raw block's CIDv1 (sha2-256) as IPFS computes it.
    assert.equal(await cidOfBytes(new Uint8Array()), "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  });

  it("verify the bytes and reject anything else", async () => {
    const { bytes, cid } = await encodeJsonDocument({ a: 1, b: "two" });
    assert.ok(await verifyCid(cid, bytes));
    const tampered = Uint8Array.from(bytes);
    tampered[0] = tampered[0]! ^ 1;
    assert.equal(await verifyCid(cid, tampered), false);
    assert.equal(await verifyCid("not-a-cid", bytes), false);
  });
});
