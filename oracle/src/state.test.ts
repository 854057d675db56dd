import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import { createStateStore, EquivocationError } from "./state.ts";

const A = "0xaaaa" as const;
const B = "0xbbbb" as const;
const fresh = () => mkdtempSync(join(tmpdir(), "peper-oracle-state-"));

describe("oracle state", () => {
  it("never signs two different reports for the same round, even after a restart", () => {
    const dir = fresh();
    const store = createStateStore(dir);
    store.recordSigned("price", 5n, A);
    store.recordSigned("price", 5n, A); // the same report again is fine
    assert.throws(() => store.recordSigned("price", 5n, B), EquivocationError);
    const restarted = createStateStore(dir);
    assert.throws(() => restarted.recordSigned("price", 5n, B), /a different report was already signed/);
    assert.throws(() => restarted.recordSigned("price", 4n, B), /round 5 was already signed/);
    restarted.recordSigned("price", 6n, B);
    restarted.recordSigned("portfolio", 1n, A); // feeds are independent
  });

  it("claims each round's submission once, across restarts", () => {
    const dir = fresh();
    const store = createStateStore(dir);
    assert.equal(store.claimSubmission("price", 3n), true);
    assert.equal(store.claimSubmission("price", 3n), false);
    assert.equal(createStateStore(dir).claimSubmission("price", 3n), false);
    assert.equal(createStateStore(dir).claimSubmission("price", 2n), false);
    assert.equal(createStateStore(dir).claimSubmission("price", 4n), true);
  });

  it("writes the state atomically and leaves no temporary file", () => {
    const dir = fresh();
    const store = createStateStore(dir);
    store.recordSigned("price", 1n, A);
    assert.deepEqual(readdirSync(dir), ["state.json"]);
    const onDisk = JSON.parse(readFileSync(join(dir, "state.json"), "utf8"));
    assert.equal(onDisk.feeds.price.signedHash, A);
    assert.deepEqual(store.snapshot(), onDisk);
  });
});
