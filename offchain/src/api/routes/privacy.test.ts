import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { eq, sql } from "drizzle-orm";

import { verifyStoredAuditLog } from "../../compliance/auditStore.ts";
import {
  aiDecisions,
  authChallenges,
  certificatesIssued,
  courseEnrolments,
  educationalCourses,
  globalUsers,
  kycStatus,
  metaverseAvatars,
  metaverseRoomMembers,
  metaverseRooms,
  metaverseSessions,
  passkeys,
  web3Wallets,
} from "../../db/schema.ts";
import { TEST_PASSWORD, testApi, type TestApi, type TestUser } from "../testing.ts";

const BASE = "/api/v5/privacy";

interface ExportDoc {
  format: string;
  user_id: string;
  pseudonym: string;
  tables: Record<string, Record<string, unknown>[]>;
  kyc_reviews_made: { status: string; reviewed_at: string | null }[];
  audit_log: { actor: string; action: string; target: string }[];
  excluded: { table: string; column: string }[];
}

/** Rows of a raw query (both drivers answer `{ rows }`). */
async function rows<T>(api: TestApi, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await api.database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Every table of the public schema (so a table added later is searched too). */
const allTables = (api: TestApi) =>
  rows<{ table_name: string }>(
    api,
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  ).then((r) => r.map((t) => t.table_name));

/** Tables whose rows (as text, every column) contain `needle`, with the count. */
async function tablesContaining(api: TestApi, needle: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const table of await allTables(api)) {
    const [hit] = await rows<{ n: number }>(
      api,
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} AS r WHERE r::text ILIKE ${`%${needle}%`}`,
    );
    if (hit && hit.n > 0) found[table] = hit.n;
  }
  return found;
}

/** Gives a user a row in every table that can hold their data (directly, as the API would). */
async function populate(api: TestApi, user: TestUser, other: TestUser): Promise<{ wallet: string }> {
  const { db } = api.database;
  const mfa = await api.call("POST", "/api/v5/auth/mfa/totp", { token: user.accessToken });
  assert.equal(mfa.statusCode, 201, mfa.body);
  const kyc = await api.call("POST", "/api/v5/compliance/kyc/submit", {
    token: user.accessToken,
    body: { reference: "provider:case-1" },
  });
  assert.equal(kyc.statusCode, 200, kyc.body);
  const [wallet] = await db
    .insert(web3Wallets)
    .values({
      userId: user.id,
      address: `0x${randomBytes(20).toString("hex")}`,
      chainId: 31337,
      verifiedAt: new Date(),
    })
    .returning();
  const portfolio = await api.call("POST", "/api/v5/institutional/portfolios", {
    token: user.accessToken,
    body: { name: "Growth" },
  });
  assert.equal(portfolio.statusCode, 201, portfolio.body);
  const account = await api.call("POST", "/api/v5/institutional/accounts", {
    token: user.accessToken,
    body: { name: "Desk 1", portfolio_id: (portfolio.json() as { id: string }).id, wallet_id: wallet!.id },
  });
  assert.equal(account.statusCode, 201, account.body);
  await db.insert(aiDecisions).values({
    userId: user.id,
    asset: "DAX",
    action: "hold",
    size: "0",
    confidenceScore: 0.5,
    reasoning: "test",
    modelVersion: "test",
    inputsHash: "h",
  });
  await db.insert(passkeys).values({
    userId: user.id,
    credentialId: `cred-${user.id}`,
    publicKey: new Uint8Array([1, 2, 3, 4]),
    name: "Laptop",
  });
  await db.insert(authChallenges).values({
    purpose: "webauthn-register",
    challenge: `challenge-${user.id}`,
    userId: user.id,
    expiresAt: new Date(Date.now() + 60_000),
  });
  // A course the user wrote, and one by the other user that this user is enrolled in.
  await db
    .insert(educationalCourses)
    .values({ slug: `own-${user.id.slice(0, 8)}`, title: "Mine", educatorId: user.id });
  const [othersCourse] = await db
    .insert(educationalCourses)
    .values({ slug: `by-${other.id.slice(0, 8)}-for-${user.id.slice(0, 8)}`, title: "Theirs", educatorId: other.id })
    .returning();
  const [enrolment] = await db
    .insert(courseEnrolments)
    .values({ userId: user.id, courseId: othersCourse!.id })
    .returning();
  await db
    .insert(certificatesIssued)
    .values({ enrolmentId: enrolment!.id, chainId: 31337, recipient: "0x00000000000000000000000000000000000000aa" });
  await db.insert(metaverseAvatars).values({ userId: user.id, displayName: "Avatar" });
  const [room] = await db
    .insert(metaverseRooms)
    .values({ hostId: user.id, name: "trading-floor", expiresAt: new Date(Date.now() + 3_600_000) })
    .returning();
  await db.insert(metaverseRoomMembers).values({
    roomId: room!.id,
    userId: user.id,
    kemPublicKey: new Uint8Array([9, 9, 9]),
    keyEnvelope: { wrapped: "abc" },
  });
  await db.insert(metaverseSessions).values({ room: "trading-floor", userId: user.id });
  return { wallet: wallet!.address };
}

describe("/api/v5/privacy", () => {
  let api: TestApi;
  let alice: TestUser;
  let bob: TestUser;
  let officer: TestUser;
  let aliceWallet: string;

  before(async () => {
    api = await testApi();
    alice = await api.user("institutional");
    bob = await api.user("institutional");
    officer = await api.user("compliance_officer");
    aliceWallet = (await populate(api, alice, bob)).wallet;
    await populate(api, bob, alice);
    // The officer decides Bob's case: Bob's KYC row then references the officer.
    const review = await api.call("POST", `/api/v5/compliance/kyc/${bob.id}/review`, {
      token: officer.accessToken,
      body: { status: "verified" },
    });
    assert.equal(review.statusCode, 200, review.body);
  });
  after(() => api.close());

  const exportOf = async (user: TestUser): Promise<ExportDoc> => {
    const res = await api.call("GET", `${BASE}/export`, { token: user.accessToken });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(
      String(res.headers["content-disposition"]),
      /^attachment; filename="peper-export-\d{4}-\d\d-\d\d\.json"$/,
    );
    return res.json() as ExportDoc;
  };

  it("needs a signed-in caller (401 without a token)", async () => {
    assert.equal((await api.call("GET", `${BASE}/export`)).statusCode, 401);
    assert.equal((await api.call("POST", `${BASE}/erase`, { body: { password: "x" } })).statusCode, 401);
  });

  it("exports every table about the caller, without secrets and without anyone else's data", async () => {
    const doc = await exportOf(alice);
    assert.equal(doc.format, "peper-export/1");
    assert.equal(doc.user_id, alice.id);
    assert.equal(doc.pseudonym, api.ctx.pseudonym(alice.id));
    const t = doc.tables;
    assert.equal(t["global_users"]![0]!["email"], alice.email);
    assert.equal(t["global_users"]![0]!["password_hash"], undefined);
    assert.equal(t["regional_profiles"]!.length, 1);
    assert.equal(t["kyc_status"]![0]!["reference"], "provider:case-1");
    assert.ok(t["refresh_tokens"]!.length >= 1);
    assert.ok(t["refresh_tokens"]!.every((r) => !("token_hash" in r) && typeof r["family_id"] === "string"));
    assert.equal(t["mfa_factors"]!.length, 1);
    assert.ok(!("secret_encrypted" in t["mfa_factors"]![0]!));
    assert.equal(t["passkeys"]![0]!["public_key"], Buffer.from([1, 2, 3, 4]).toString("base64url"));
    assert.ok(!("challenge" in t["auth_challenges"]![0]!));
    assert.ok(t["login_attempts"]!.length >= 1, "sign-in attempts under the e-mail");
    assert.equal(t["ai_decisions"]!.length, 1);
    assert.equal(t["web3_wallets"]![0]!["address"], aliceWallet);
    assert.equal(t["portfolios"]![0]!["name"], "Growth");
    assert.equal(t["trading_accounts"]![0]!["name"], "Desk 1");
    // Courses she wrote: her own, and the one Bob is enrolled in.
    assert.deepEqual(t["educational_courses"]!.map((c) => c["title"]).sort(), ["Mine", "Theirs"]);
    assert.equal(t["course_enrolments"]!.length, 1);
    assert.equal(t["certificates_issued"]!.length, 1);
    assert.equal(t["metaverse_avatars"]!.length, 1);
    assert.equal(t["metaverse_rooms"]!.length, 1);
    assert.equal(t["metaverse_room_members"]![0]!["kem_public_key"], Buffer.from([9, 9, 9]).toString("base64url"));
    assert.equal(t["metaverse_sessions"]!.length, 1);
    // Audit entries found by pseudonym: registration, sign-in, KYC submission, portfolio creation…
    const actions = new Set(doc.audit_log.map((e) => e.action));
    for (const a of ["user.register", "auth.login", "kyc.submit", "institutional.portfolio.create"]) {
      assert.ok(actions.has(a), `the export has the ${a} entry`);
    }
    assert.ok(doc.excluded.some((e) => e.table === "global_users" && e.column === "password_hash"));

    // Nothing of Bob's (he owns rows in the same tables), nothing secret.
    const text = JSON.stringify(doc);
    assert.ok(!text.includes(bob.email) && !text.includes(bob.id), "no trace of another user");
    assert.ok(!text.includes(officer.id));
    const secrets = await rows<{ s: string }>(
      api,
      sql`SELECT password_hash AS s FROM global_users WHERE id = ${alice.id}
          UNION ALL SELECT token_hash FROM refresh_tokens WHERE user_id = ${alice.id}
          UNION ALL SELECT secret_encrypted FROM mfa_factors WHERE user_id = ${alice.id}
          UNION ALL SELECT challenge FROM auth_challenges WHERE user_id = ${alice.id}`,
    );
    assert.ok(secrets.length >= 4);
    for (const { s } of secrets) assert.ok(!text.includes(s), "a secret is in the export");
    const excluded = new Set(doc.excluded.map((e) => `${e.table}.${e.column}`));
    for (const [table, list] of Object.entries(t)) {
      for (const row of list) for (const column of Object.keys(row)) assert.ok(!excluded.has(`${table}.${column}`));
    }

    // The officer's export lists the review made, without the reviewed person.
    const officers = await exportOf(officer);
    assert.deepEqual(
      officers.kyc_reviews_made.map((r) => r.status),
      ["verified"],
    );
    assert.ok(!JSON.stringify(officers).includes(bob.id));
    // Bob's export leaves out who reviewed him.
    const bobs = await exportOf(bob);
    assert.equal(bobs.tables["kyc_status"]![0]!["status"], "verified");
    assert.ok(!("reviewed_by" in bobs.tables["kyc_status"]![0]!));
  });

  it("covers every table that references a user (fails when a new one is not exported)", async () => {
    const referencing = await rows<{ table_name: string }>(
      api,
      sql`SELECT DISTINCT cl.relname AS table_name FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid
          WHERE c.contype = 'f' AND c.confrelid = 'global_users'::regclass ORDER BY 1`,
    );
    const doc = await exportOf(alice);
    const missing = referencing.map((r) => r.table_name).filter((t) => !(t in doc.tables));
    assert.deepEqual(missing, [], "add these tables to EXPORTED_TABLES in routes/privacy.ts");
  });

  it("refuses an erasure without the right password, naming the field, and erases nothing", async () => {
    const cases: [unknown, number, string][] = [
      [{}, 400, "password"],
      [{ password: "not my password at all" }, 403, "password"],
      [{ password: TEST_PASSWORD, extra: true }, 400, "extra"],
      [{ password: "" }, 400, "password"],
    ];
    for (const [body, status, field] of cases) {
      const res = await api.call("POST", `${BASE}/erase`, { token: alice.accessToken, body });
      assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
      assert.equal((res.json() as { field?: string }).field, field);
    }
    const [still] = await api.database.db.select().from(globalUsers).where(eq(globalUsers.id, alice.id));
    assert.ok(still, "the account is still there");
  });

  it("erases the caller: no row anywhere holds the e-mail or the id, others keep theirs, the log still verifies", async () => {
    const before = await tablesContaining(api, alice.email);
    assert.ok(Object.keys(before).length >= 2, "the search finds the e-mail before erasure");
    assert.ok("audit_log" in (await tablesContaining(api, api.ctx.pseudonym(alice.id))));
    const bobBefore = await exportOf(bob);

    const res = await api.call("POST", `${BASE}/erase`, {
      token: alice.accessToken,
      body: { password: TEST_PASSWORD },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { erased: boolean; pseudonym: string };
    assert.deepEqual(body.erased, true);
    assert.equal(body.pseudonym, api.ctx.pseudonym(alice.id));

    assert.deepEqual(await tablesContaining(api, alice.email), {}, "the e-mail is gone from every table");
    const withId = await tablesContaining(api, alice.id);
    delete withId["audit_log"]; // checked on its own below
    assert.deepEqual(withId, {}, "the id is gone from every table but the audit log");

    // Bob keeps everything, including his enrolment in a course Alice wrote.
    const bobAfter = await exportOf(bob);
    for (const table of Object.keys(bobBefore.tables)) {
      if (table === "refresh_tokens" || table === "login_attempts") continue;
      assert.equal(bobAfter.tables[table]!.length, bobBefore.tables[table]!.length, table);
    }
    // Courses outlive their author (educator_id is SET NULL): the courses stay, without her.
    const courses = await rows<{ educator_id: string | null }>(
      api,
      sql`SELECT educator_id FROM educational_courses WHERE slug LIKE ${`%${alice.id.slice(0, 8)}%`} ORDER BY slug`,
    );
    assert.equal(courses.length, 3, "hers, hers for Bob, and Bob's for her");
    assert.equal(courses.filter((c) => c.educator_id === null).length, 2);

    // The log keeps its entries, records the erasure under the pseudonym, and still verifies.
    const erase = await rows<{ actor: string; target: string; details: unknown }>(
      api,
      sql`SELECT actor, target, details FROM audit_log WHERE action = 'user.erase'`,
    );
    assert.deepEqual(erase, [{ actor: body.pseudonym, target: body.pseudonym, details: { method: "password" } }]);
    const verdict = await verifyStoredAuditLog(api.database.db);
    assert.equal(verdict.ok, true, JSON.stringify(verdict));

    // Her still-valid access token no longer opens anything.
    const gone = await api.call("GET", `${BASE}/export`, { token: alice.accessToken });
    assert.equal(gone.statusCode, 401);
  });

  it("leaves no audit entry naming the erased user's id", async () => {
    const entries = await rows<{ seq: number; action: string }>(
      api,
      sql`SELECT seq, action FROM audit_log AS r WHERE r::text LIKE ${`%${alice.id}%`}`,
    );
    assert.deepEqual(entries, []);
  });

  it("sets the reviewer of other users' KYC to NULL when the officer is erased, keeping the decision", async () => {
    const res = await api.call("POST", `${BASE}/erase`, {
      token: officer.accessToken,
      body: { password: TEST_PASSWORD },
    });
    assert.equal(res.statusCode, 200, res.body);
    const [bobs] = await api.database.db.select().from(kycStatus).where(eq(kycStatus.userId, bob.id));
    assert.equal(bobs?.status, "verified");
    assert.equal(bobs?.reviewedBy, null);
    assert.deepEqual(await tablesContaining(api, officer.email), {});
    assert.equal((await verifyStoredAuditLog(api.database.db)).ok, true);
  });

  it("erases a password-less account with the typed confirmation", async () => {
    const email = `wallet-only-${randomUUID()}@example.com`;
    const [user] = await api.database.db
      .insert(globalUsers)
      .values({ email, passwordHash: null, region: "FR" })
      .returning();
    const token = (await api.signIn(user!.id)).accessToken;
    for (const body of [{}, { confirm: "ERASE" }, { confirm: `erase ${email}` }, { password: "anything" }]) {
      const res = await api.call("POST", `${BASE}/erase`, { token, body });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal((res.json() as { field: string }).field, "confirm");
    }
    const res = await api.call("POST", `${BASE}/erase`, { token, body: { confirm: `ERASE ${email}` } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(await tablesContaining(api, email), {});
    const [entry] = await rows<{ details: unknown }>(
      api,
      sql`SELECT details FROM audit_log WHERE action = 'user.erase' AND actor = ${api.ctx.pseudonym(user!.id)}`,
    );
    assert.deepEqual(entry?.details, { method: "confirmation" });
  });
});
