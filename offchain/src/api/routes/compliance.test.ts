import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { sql } from "drizzle-orm";

import { testApi, type TestApi, type TestUser } from "../testing.ts";

const BASE = "/api/v5/compliance";

interface Kyc {
  status: string;
  reference: string | null;
  reason: string | null;
  reviewed_at: string | null;
}
interface Queue {
  items: { user_id: string; reference: string; submitted_at: string; region: string }[];
  next_cursor: string | null;
}
interface AuditPage {
  entries: {
    seq: number;
    actor: string;
    action: string;
    target: string;
    details: Record<string, unknown>;
    hash: string;
  }[];
  next_after_seq: number | null;
}
interface ErrorBody {
  code: string;
  field?: string;
  error: string;
}

describe("/api/v5/compliance", () => {
  let api: TestApi;
  let alice: TestUser;
  let bob: TestUser;
  let officer: TestUser;
  let officer2: TestUser;
  let admin: TestUser;
  let institutional: TestUser;

  before(async () => {
    api = await testApi();
    alice = await api.user("user");
    bob = await api.user("user");
    officer = await api.user("compliance_officer");
    officer2 = await api.user("compliance_officer");
    admin = await api.user("admin");
    institutional = await api.user("institutional");
  });
  after(() => api.close());

  const get = async <T>(url: string, user: TestUser, status = 200): Promise<T> => {
    const res = await api.call("GET", url, { token: user.accessToken });
    assert.equal(res.statusCode, status, `GET ${url}: ${res.body}`);
    return res.json() as T;
  };
  const post = async <T>(url: string, user: TestUser, body: unknown, status = 200): Promise<T> => {
    const res = await api.call("POST", url, { token: user.accessToken, body });
    assert.equal(res.statusCode, status, `POST ${url}: ${res.body}`);
    return res.json() as T;
  };

  it("refuses callers without a token (401) and with the wrong role (403)", async () => {
    const routes: [string, string, unknown?][] = [
      ["POST", "/kyc/submit", { reference: "x" }],
      ["GET", "/kyc"],
      ["GET", "/kyc/queue"],
      ["POST", `/kyc/${alice.id}/review`, { status: "verified" }],
      ["POST", "/screen", { addresses: [] }],
      ["GET", "/audit"],
      ["GET", "/audit/verify"],
    ];
    for (const [method, url, body] of routes) {
      const res = await api.call(method, BASE + url, { body });
      assert.equal(res.statusCode, 401, `${method} ${url}`);
    }
    const forbidden: [TestUser, string, string, unknown?][] = [
      [alice, "GET", "/kyc/queue"],
      [admin, "GET", "/kyc/queue"],
      [alice, "POST", `/kyc/${bob.id}/review`, { status: "verified" }],
      [admin, "POST", `/kyc/${bob.id}/review`, { status: "verified" }],
      [institutional, "POST", "/screen", { addresses: ["0x000000000000000000000000000000000000bad1"] }],
      [alice, "GET", "/audit"],
      [institutional, "GET", "/audit/verify"],
    ];
    for (const [user, method, url, body] of forbidden) {
      const res = await api.call(method, BASE + url, { token: user.accessToken, body });
      assert.equal(res.statusCode, 403, `${user.role} ${method} ${url}: ${res.body}`);
      assert.equal((res.json() as ErrorBody).code, "forbidden");
    }
  });

  it("runs the KYC workflow: submit, queue, reject with a reason, resubmit, verify", async () => {
    // Registration stores a pending row without a submission: that reads as not submitted.
    assert.equal((await get<Kyc>(`${BASE}/kyc`, alice)).status, "not_submitted");
    const submitted = await post<Kyc>(`${BASE}/kyc/submit`, alice, { reference: "sumsub:applicant-0001" });
    assert.equal(submitted.status, "pending");
    assert.equal(submitted.reference, "sumsub:applicant-0001");
    api.advance(1000);
    await post(`${BASE}/kyc/submit`, bob, { reference: "sumsub:applicant-0002" });

    // The queue: submitted cases only, oldest first, a page at a time.
    const first = await get<Queue>(`${BASE}/kyc/queue?limit=1`, officer);
    assert.deepEqual(
      first.items.map((i) => [i.user_id, i.reference, i.region]),
      [[alice.id, "sumsub:applicant-0001", "DE"]],
    );
    assert.ok(first.next_cursor);
    const second = await get<Queue>(`${BASE}/kyc/queue?limit=1&after=${first.next_cursor}`, officer);
    assert.deepEqual(
      second.items.map((i) => i.user_id),
      [bob.id],
    );
    assert.equal(second.next_cursor, null);
    const all = await get<Queue>(`${BASE}/kyc/queue`, officer);
    assert.deepEqual(all.items.map((i) => i.user_id).sort(), [alice.id, bob.id].sort(), "nobody who never submitted");

    // A rejection needs a reason.
    const noReason = await api.call("POST", `${BASE}/kyc/${alice.id}/review`, {
      token: officer.accessToken,
      body: { status: "rejected" },
    });
    assert.equal(noReason.statusCode, 400);
    assert.equal((noReason.json() as ErrorBody).field, "reason");
    const rejected = await post<Kyc & { user_id: string }>(`${BASE}/kyc/${alice.id}/review`, officer, {
      status: "rejected",
      reason: "The document photo is blurred; upload a sharper one.",
    });
    assert.equal(rejected.status, "rejected");
    assert.equal(rejected.user_id, alice.id);
    const mine = await get<Kyc>(`${BASE}/kyc`, alice);
    assert.equal(mine.status, "rejected");
    assert.equal(mine.reason, "The document photo is blurred; upload a sharper one.");
    assert.ok(mine.reviewed_at);
    assert.deepEqual(
      (await get<Queue>(`${BASE}/kyc/queue`, officer)).items.map((i) => i.user_id),
      [bob.id],
      "a decided case leaves the queue",
    );

    // Resubmission puts the case back; another officer verifies it.
    api.advance(1000);
    await post(`${BASE}/kyc/submit`, alice, { reference: "sumsub:applicant-0001-b" });
    assert.ok((await get<Queue>(`${BASE}/kyc/queue`, officer)).items.some((i) => i.user_id === alice.id));
    const verified = await post<Kyc>(`${BASE}/kyc/${alice.id}/review`, officer2, { status: "verified" });
    assert.equal(verified.status, "verified");
    assert.equal((await get<Kyc>(`${BASE}/kyc`, alice)).status, "verified");
    // Bob's own status is untouched by all of this.
    const bobs = await get<Kyc>(`${BASE}/kyc`, bob);
    assert.equal(bobs.status, "pending");
    assert.equal(bobs.reference, "sumsub:applicant-0002");
    // The sign-in profile agrees.
    const me = await get<{ compliance_status: { kyc: string } }>("/api/v5/auth/me", alice);
    assert.equal(me.compliance_status.kyc, "verified");
  });

  it("refuses a self-review, a case never submitted and an unknown user", async () => {
    await post(`${BASE}/kyc/submit`, officer, { reference: "onfido:check-77" });
    const self = await api.call("POST", `${BASE}/kyc/${officer.id}/review`, {
      token: officer.accessToken,
      body: { status: "verified" },
    });
    assert.equal(self.statusCode, 403);
    assert.deepEqual(self.json(), {
      error: "You cannot review your own KYC; another officer has to.",
      code: "self-review",
      field: "user_id",
    });
    await post(`${BASE}/kyc/${officer.id}/review`, officer2, { status: "verified" });

    const never = await api.user("user");
    const notSubmitted = await api.call("POST", `${BASE}/kyc/${never.id}/review`, {
      token: officer.accessToken,
      body: { status: "verified" },
    });
    assert.equal(notSubmitted.statusCode, 409);
    assert.equal((notSubmitted.json() as ErrorBody).code, "kyc-not-submitted");
    const unknown = await api.call("POST", `${BASE}/kyc/00000000-0000-4000-8000-000000000000/review`, {
      token: officer.accessToken,
      body: { status: "verified" },
    });
    assert.equal(unknown.statusCode, 404);
  });

  it("names the field of bad input (400)", async () => {
    const cases: [TestUser, string, string, unknown, string][] = [
      [alice, "POST", "/kyc/submit", { reference: "has spaces and <html>" }, "reference"],
      [alice, "POST", "/kyc/submit", { reference: "" }, "reference"],
      [alice, "POST", "/kyc/submit", { reference: "ok", documents: [] }, "documents"],
      [officer, "POST", `/kyc/${alice.id}/review`, { status: "maybe" }, "status"],
      [officer, "POST", "/kyc/not-a-uuid/review", { status: "verified" }, "user_id"],
      [officer, "GET", "/kyc/queue?limit=0", undefined, "limit"],
      [officer, "GET", "/kyc/queue?after=yesterday", undefined, "after"],
      [officer, "POST", "/screen", { addresses: [] }, "addresses"],
      [
        officer,
        "POST",
        "/screen",
        { addresses: ["0x000000000000000000000000000000000000bad1", "0x12"] },
        "addresses.1",
      ],
      [admin, "GET", "/audit?actor=alice@example.com", undefined, "actor"],
      [admin, "GET", "/audit?action=DROP TABLE", undefined, "action"],
      [admin, "GET", "/audit?after_seq=-1", undefined, "after_seq"],
    ];
    for (const [user, method, url, body, field] of cases) {
      const res = await api.call(method, BASE + url, { token: user.accessToken, body });
      assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
      const error = res.json() as ErrorBody;
      assert.equal(error.field, field, `${method} ${url}: ${res.body}`);
      assert.ok(error.error.length > 10);
    }
  });

  it("screens addresses against the sanctions list, any case, with the list entry", async () => {
    for (const user of [officer, admin]) {
      const res = await post<{
        results: { address: string; listed: boolean; entry: { list: string; reason: string } | null }[];
        listed: number;
      }>(`${BASE}/screen`, user, {
        addresses: [
          "0x000000000000000000000000000000000000BAD1",
          "0x000000000000000000000000000000000000beef",
          "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
        ],
      });
      assert.equal(res.listed, 2);
      assert.deepEqual(res.results[0], {
        address: "0x000000000000000000000000000000000000bad1",
        listed: true,
        entry: { list: "TEST-LIST", reason: "Test entry: a blocked wallet" },
      });
      assert.deepEqual(res.results[1], {
        address: "0x000000000000000000000000000000000000beef",
        listed: false,
        entry: null,
      });
      assert.equal(res.results[2]!.entry?.list, "TEST-LIST");
    }
  });

  it("reads the audit log by action and by actor pseudonym, page by page, free of personal data", async () => {
    const reviews = await get<AuditPage>(`${BASE}/audit?action=kyc.review`, officer);
    assert.ok(reviews.entries.length >= 3);
    for (const e of reviews.entries) {
      assert.equal(e.action, "kyc.review");
      assert.match(e.actor, /^u_[0-9a-f]{32}$/);
      assert.match(e.target, /^u_[0-9a-f]{32}$/, "the reviewed user appears by pseudonym only");
    }
    const alicePseudonym = api.ctx.pseudonym(alice.id);
    assert.ok(reviews.entries.some((e) => e.target === alicePseudonym && e.details["status"] === "rejected"));

    const byAlice = await get<AuditPage>(`${BASE}/audit?actor=${alicePseudonym}`, admin);
    assert.ok(byAlice.entries.length >= 2);
    assert.ok(byAlice.entries.every((e) => e.actor === alicePseudonym));
    assert.ok(byAlice.entries.some((e) => e.action === "kyc.submit"));

    // Paging by seq: two pages of 2 are the first 4 entries, in order, without overlap.
    const p1 = await get<AuditPage>(`${BASE}/audit?limit=2`, admin);
    assert.equal(p1.entries.length, 2);
    assert.ok(p1.next_after_seq);
    const p2 = await get<AuditPage>(`${BASE}/audit?limit=2&after_seq=${p1.next_after_seq}`, admin);
    assert.deepEqual(
      [...p1.entries, ...p2.entries].map((e) => e.seq),
      [1, 2, 3, 4],
    );

    // No e-mail, no provider reference, no rejection reason anywhere in the log.
    const everything: string[] = [];
    for (let after = 0; ;) {
      const page = await get<AuditPage>(`${BASE}/audit?limit=500&after_seq=${after}`, admin);
      everything.push(...page.entries.map((e) => JSON.stringify(e)));
      if (page.next_after_seq === null) break;
      after = page.next_after_seq;
    }
    const text = everything.join("\n");
    for (const secret of [alice.email, bob.email, officer.email, "sumsub:applicant-0001", "blurred"]) {
      assert.ok(!text.includes(secret), `the audit log contains ${secret}`);
    }
    assert.ok(text.includes('"action":"audit.read"'), "reading the log is itself logged");
  });

  it("verifies the stored chain and reports the head hash", async () => {
    const res = await get<{ ok: boolean; entries: number; head_hash: string; problem: unknown }>(
      `${BASE}/audit/verify`,
      officer,
    );
    const rows = (
      (await api.database.db.execute(sql`SELECT seq, hash FROM audit_log ORDER BY seq`)) as unknown as {
        rows: { seq: number | string; hash: string }[];
      }
    ).rows;
    // The verification itself was appended after it ran: the head it reported is the one before.
    const before = rows[rows.length - 2]!;
    assert.equal(res.ok, true);
    assert.equal(res.problem, null);
    assert.equal(res.entries, Number(before.seq));
    assert.equal(res.head_hash, before.hash);
    assert.equal(rows[rows.length - 1]!.hash.length, 64);
  });
});

describe("/api/v5/compliance/audit/verify on a tampered log", () => {
  let api: TestApi;
  before(async () => {
    api = await testApi();
  });
  after(() => api.close());

  it("names the first broken entry", async () => {
    const admin = await api.user("admin");
    for (let i = 0; i < 3; i++) await api.user("user");
    await api.database.db.execute(sql`UPDATE audit_log SET details = '{"region":"FR"}'::jsonb WHERE seq = 3`);
    const res = await api.call("GET", `${BASE}/audit/verify`, { token: admin.accessToken });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { ok: boolean; entries: number; problem: { seq: number; message: string } };
    assert.equal(body.ok, false);
    assert.equal(body.entries, 2);
    assert.deepEqual(body.problem, { seq: 3, message: "its content was changed" });

    await api.database.db.execute(sql`DELETE FROM audit_log WHERE seq = 2`);
    const deleted = (await api.call("GET", `${BASE}/audit/verify`, { token: admin.accessToken })).json() as {
      ok: boolean;
      problem: { seq: number; message: string };
    };
    assert.deepEqual(deleted.problem, { seq: 2, message: "entry 2 is missing (found 3 next)" });
  });
});
