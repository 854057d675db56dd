import { describe, expect, it } from "vitest";

import {
  allows,
  AUDIT_ROLES,
  auditPath,
  checkAuditFilter,
  checkErase,
  checkKycReference,
  checkReview,
  exportFileName,
  REVIEW_ROLES,
  roleOfAccessToken,
  shortHash,
} from "./compliance.ts";

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const token = (payload: unknown) => `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(payload)}.signature`;

describe("roles", () => {
  it("reads the role the API checks from the access token", () => {
    expect(roleOfAccessToken(token({ sub: "ü-1", role: "compliance_officer", sid: "s" }))).toBe("compliance_officer");
    expect(roleOfAccessToken(token({ role: "admin" }))).toBe("admin");
  });

  it("ignores tokens without a known role", () => {
    expect(roleOfAccessToken(token({ role: "root" }))).toBeUndefined();
    expect(roleOfAccessToken(token(null))).toBeUndefined();
    expect(roleOfAccessToken("not-a-token")).toBeUndefined();
    expect(roleOfAccessToken("a.!!!.c")).toBeUndefined();
  });

  it("admits admins to the audit log but only officers to the KYC queue", () => {
    expect(allows("admin", AUDIT_ROLES)).toBe(true);
    expect(allows("admin", REVIEW_ROLES)).toBe(false);
    expect(allows("compliance_officer", REVIEW_ROLES)).toBe(true);
    expect(allows(undefined, AUDIT_ROLES)).toBe(false);
  });
});

describe("KYC", () => {
  it("takes the provider's case reference", () => {
    expect(checkKycReference("  case:2026-00042_a.b ")).toEqual({ ok: true, reference: "case:2026-00042_a.b" });
  });

  it("refuses an empty, long or malformed reference", () => {
    expect(checkKycReference(" ")).toEqual({ ok: false, key: "referenceMissing" });
    expect(checkKycReference("a".repeat(129))).toEqual({ ok: false, key: "referenceTooLong" });
    expect(checkKycReference("John Smith")).toEqual({ ok: false, key: "referenceInvalid" });
    expect(checkKycReference("ref/1")).toEqual({ ok: false, key: "referenceInvalid" });
  });

  it("needs a decision, and a reason to reject", () => {
    expect(checkReview(undefined, "")).toEqual({ ok: false, key: "decisionMissing" });
    expect(checkReview("rejected", "  ")).toEqual({ ok: false, key: "reasonMissing" });
    expect(checkReview("rejected", "x".repeat(2001))).toEqual({ ok: false, key: "reasonTooLong" });
    expect(checkReview("rejected", " Blurred ID ")).toEqual({
      ok: true,
      body: { status: "rejected", reason: "Blurred ID" },
    });
    expect(checkReview("verified", "")).toEqual({ ok: true, body: { status: "verified" } });
  });
});

describe("audit log", () => {
  it("checks the filters as the API does", () => {
    expect(checkAuditFilter("", "")).toEqual({ ok: true, filter: {} });
    expect(checkAuditFilter(`u_${"a".repeat(32)}`, "kyc.review")).toEqual({
      ok: true,
      filter: { actor: `u_${"a".repeat(32)}`, action: "kyc.review" },
    });
    expect(checkAuditFilter("system", "")).toEqual({ ok: true, filter: { actor: "system" } });
    expect(checkAuditFilter("alice@example.org", "")).toEqual({ ok: false, key: "actorInvalid" });
    expect(checkAuditFilter("", "KYC Review")).toEqual({ ok: false, key: "actionInvalid" });
  });

  it("pages by sequence number", () => {
    expect(auditPath(0, 25, {})).toBe("/compliance/audit?after_seq=0&limit=25");
    expect(auditPath(50, 25, { action: "kyc.submit" })).toBe(
      "/compliance/audit?after_seq=50&limit=25&action=kyc.submit",
    );
  });

  it("shortens long hashes only", () => {
    expect(shortHash("ab12")).toBe("ab12");
    expect(shortHash("0123456789abcdef0123456789")).toBe("0123456789…456789");
  });
});

describe("GDPR", () => {
  it("names the export file after its day, as the API does", () => {
    expect(exportFileName("2026-12-02T10:11:12.000Z")).toBe("peper-export-2026-12-02.json");
    expect(exportFileName(undefined)).toBe("peper-export.json");
  });

  it("erases only with the exact confirmation", () => {
    expect(checkErase("bob@peper.test", "ERASE bob@peper.test", "")).toEqual({
      ok: true,
      body: { confirm: "ERASE bob@peper.test" },
    });
    expect(checkErase("bob@peper.test", " ERASE bob@peper.test ", "pw")).toEqual({
      ok: true,
      body: { confirm: "ERASE bob@peper.test", password: "pw" },
    });
    expect(checkErase("bob@peper.test", "erase bob@peper.test", "")).toEqual({ ok: false, key: "confirmMismatch" });
    expect(checkErase("bob@peper.test", "ERASE", "")).toEqual({ ok: false, key: "confirmMismatch" });
    expect(checkErase("", "ERASE ", "")).toEqual({ ok: false, key: "confirmMismatch" });
  });
});
