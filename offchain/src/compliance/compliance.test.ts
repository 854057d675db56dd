import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { nextAuditEntry, verifyAuditChain, type AuditEntry } from "./audit.ts";
import {
  loadSanctionsList,
  parseSanctionsList,
  SanctionsFileError,
  screenAddress,
  SHIPPED_TEST_LIST,
} from "./sanctions.ts";

function log(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      nextAuditEntry(out[i - 1], {
        at: new Date(Date.UTC(2026, 10, 25, 12, i)).toISOString(),
        actor: `user-${i % 3}`,
        action: "kyc.review",
        target: `user-${i}`,
        details: { status: i % 2 ? "verified" : "rejected", note: { b: 2, a: 1 } },
      }),
    );
  }
  return out;
}

describe("audit log", () => {
  it("verifies an untouched chain", () => {
    assert.deepEqual(verifyAuditChain(log(10)), { ok: true, entries: 10 });
  });

  it("finds an edited, a deleted and a reordered entry", () => {
    const edited = log(10);
    edited[4] = { ...edited[4]!, details: { status: "verified" } };
    assert.deepEqual(verifyAuditChain(edited), { ok: false, seq: 5, problem: "its content was changed" });
    const deleted = log(10);
    deleted.splice(6, 1);
    assert.equal((verifyAuditChain(deleted) as { seq: number }).seq, 7);
    const swapped = log(10);
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    assert.equal(verifyAuditChain(swapped).ok, false);
    // Rewriting one entry's hash to match its new content still breaks the next link.
    const rehashed = log(5);
    const { at, action, target, details } = rehashed[2]!;
    const forged = nextAuditEntry(rehashed[1], { at, action, target, details, actor: "someone else" });
    rehashed[2] = forged;
    assert.deepEqual(verifyAuditChain(rehashed), {
      ok: false,
      seq: 4,
      problem: "its link to the previous entry is broken",
    });
  });
});

describe("sanctions screening", () => {
  it("loads the shipped test list and screens any-case addresses", () => {
    const list = loadSanctionsList(SHIPPED_TEST_LIST);
    assert.equal(list.size, 3);
    assert.equal(screenAddress(list, "0x000000000000000000000000000000000000BAD1")?.list, "TEST-LIST");
    assert.equal(
      screenAddress(list, "0x000000000000000000000000000000000000bad2")?.reason,
      "Test entry, with a comma in the reason",
    );
    assert.equal(screenAddress(list, "0x000000000000000000000000000000000000beef"), undefined);
  });

  it("names the line of a bad entry", () => {
    assert.throws(
      () => parseSanctionsList("address,list,reason\n0x123,X,y\n"),
      (e: unknown) => e instanceof SanctionsFileError && /line 2/.test(e.message),
    );
    assert.throws(() => parseSanctionsList("addr,list\n"), /header/);
  });
});
