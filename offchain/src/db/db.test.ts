/**
 * The database layer against embedded PGlite always, and against a PostgreSQL server as well when
 * PEPER_TEST_DATABASE_URL is set. That database must be a throw-away one: these tests drop and
 * recreate its `public` and `drizzle` schemas.
 *
 *   PEPER_TEST_DATABASE_URL=postgres://user:pw@localhost:5432/peper_test node --test src/db/*.test.ts
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";

import { PGlite } from "@electric-sql/pglite";
import { eq, sql } from "drizzle-orm";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";

import { DatabaseError, openDatabase, redactDatabaseUrl, schema } from "./index.ts";
import type { Database, PeperDatabase, Schema } from "./index.ts";

const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));
const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
  entries: { tag: string }[];
};

const tmp = mkdtempSync(join(tmpdir(), "peper-db-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The rows of a raw query, whichever driver ran it (both return `{ rows }`). */
async function rows<Row>(db: Database, query: ReturnType<typeof sql>): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}

/** How many migrations the database has recorded as applied. */
async function appliedMigrations(db: Database): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
  return row!.n;
}

/** The tables and constraints of the public schema, to compare before and after re-migrating. */
async function schemaFingerprint(db: Database): Promise<string> {
  const found = await rows<{ t: string; c: string }>(
    db,
    sql`SELECT table_name AS t, constraint_name AS c FROM information_schema.table_constraints
        WHERE table_schema = 'public' ORDER BY 1, 2`,
  );
  return found.map((r) => `${r.t}.${r.c}`).join("\n");
}

/** The PostgreSQL error code (SQLSTATE) and constraint behind a failed query (Drizzle wraps it). */
function pgError(error: unknown): { code?: string; constraint?: string } {
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      return { code, constraint: typeof constraint === "string" ? constraint : undefined };
    }
  }
  return {};
}

/** Asserts the promise rejects with this SQLSTATE (one of these) and constraint, when given. */
async function rejectsWith(promise: Promise<unknown>, code: string | string[], constraint?: string): Promise<void> {
  const codes = [code].flat();
  await assert.rejects(promise, (error: unknown) => {
    const found = pgError(error);
    assert.ok(
      found.code !== undefined && codes.includes(found.code),
      `expected SQLSTATE ${codes.join(" or ")}, got ${String(found.code)}: ${String(error)}`,
    );
    if (constraint) assert.equal(found.constraint, constraint);
    return true;
  });
}

let emails = 0;
/** A valid new user row with a unique e-mail. */
const newUser = (extra: Partial<typeof schema.globalUsers.$inferInsert> = {}) => ({
  email: `user${++emails}-${Date.now()}@example.com`,
  passwordHash: "$scrypt$test",
  region: "DE",
  ...extra,
});

async function insertUser(db: Database, extra: Partial<typeof schema.globalUsers.$inferInsert> = {}) {
  const [user] = await db.insert(schema.globalUsers).values(newUser(extra)).returning();
  return user!;
}

/** A backend the whole suite runs against. */
interface Backend {
  name: string;
  /** A skip message, or false to run. */
  skip: string | false;
  /** Makes the database empty (no tables, no migrations applied). */
  reset(): Promise<void>;
  /** Opens the backend's database (fresh after `reset`). */
  open(): Promise<PeperDatabase>;
  /** Opens a database whose data must survive close and reopen. */
  openPersistent(): Promise<PeperDatabase>;
  /** Runs raw SQL on the persistent database without `openDatabase` (so without migrating). */
  exec(statements: string): Promise<void>;
}

const postgresUrl = process.env.PEPER_TEST_DATABASE_URL?.trim();
const pgliteDir = join(tmp, "pglite");

const backends: Backend[] = [
  {
    name: "PGlite",
    skip: false,
    reset: async () => rmSync(pgliteDir, { recursive: true, force: true }),
    open: () => openDatabase({ dataDir: "memory://" }),
    openPersistent: () => openDatabase({ dataDir: pgliteDir }),
    async exec(statements) {
      const client = await PGlite.create(pgliteDir);
      try {
        await client.exec(statements);
      } finally {
        await client.close();
      }
    },
  },
  {
    name: "PostgreSQL (PEPER_TEST_DATABASE_URL)",
    skip: postgresUrl
      ? false
      : "PEPER_TEST_DATABASE_URL is not set: set it to a throw-away PostgreSQL database to run these tests against a server",
    reset: () =>
      postgresExec(
        "DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
      ),
    open: () => openDatabase({ databaseUrl: postgresUrl }),
    openPersistent: () => openDatabase({ databaseUrl: postgresUrl }),
    exec: (statements) => postgresExec(statements),
  },
];

async function postgresExec(statements: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(statements);
  } finally {
    await client.end();
  }
}

for (const backend of backends) {
  describe(`database on ${backend.name}`, { skip: backend.skip }, () => {
    let database: PeperDatabase;
    let db: Database;

    before(async () => {
      await backend.reset();
      database = await backend.open();
      db = database.db;
    });
    after(() => database?.close());

    it("applies every migration to a fresh database, and re-applying changes nothing", async () => {
      assert.equal(database.kind, backend.name === "PGlite" ? "pglite" : "postgres");
      assert.equal(await appliedMigrations(db), journal.entries.length);
      const tables = await rows<{ t: string }>(
        db,
        sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      assert.deepEqual(
        tables.map((r) => r.t),
        [
          "ai_decisions",
          "audit_log",
          "auth_challenges",
          "certificates_issued",
          "course_enrolments",
          "educational_courses",
          "global_users",
          "kyc_status",
          "login_attempts",
          "market_orders",
          "metaverse_avatars",
          "metaverse_room_members",
          "metaverse_rooms",
          "metaverse_sessions",
          "mfa_factors",
          "passkeys",
          "portfolios",
          "refresh_tokens",
          "regional_profiles",
          "trading_accounts",
          "web3_wallets",
          "white_label_tenants",
        ],
      );

      const before = await schemaFingerprint(db);
      if (database.kind === "pglite") {
        // Same instance, migrator run again, as openDatabase would on the next start.
        await migratePglite(db as PgliteDatabase<Schema>, { migrationsFolder: MIGRATIONS_FOLDER });
      } else {
        // Two more instances starting together (the advisory lock serialises their migration runs).
        const again = await Promise.all([backend.open(), backend.open()]);
        await Promise.all(again.map((d) => d.close()));
      }
      assert.equal(await appliedMigrations(db), journal.entries.length);
      assert.equal(await schemaFingerprint(db), before);
    });

    it("round-trips the column types the API relies on", async () => {
      const user = await insertUser(db, { role: "institutional" });
      assert.match(user.id, /^[0-9a-f-]{36}$/);
      assert.equal(user.role, "institutional");
      assert.ok(user.createdAt instanceof Date);

      const publicKey = new Uint8Array([0xa5, 0x01, 0x02, 0x03, 0x26, 0x00, 0xff]);
      const [passkey] = await db
        .insert(schema.passkeys)
        .values({ userId: user.id, credentialId: `cred-${user.id}`, publicKey, counter: 7, transports: ["usb", "nfc"] })
        .returning();
      assert.deepEqual(new Uint8Array(passkey!.publicKey), publicKey);
      assert.equal(passkey!.counter, 7);
      assert.deepEqual(passkey!.transports, ["usb", "nfc"]);

      const [decision] = await db
        .insert(schema.aiDecisions)
        .values({
          userId: user.id,
          asset: "ETH",
          action: "buy",
          size: "0.123456789012345678",
          stopLoss: "2500.5",
          confidenceScore: 0.8125,
          reasoning: "Momentum and funding agree.",
          modelVersion: "decision-v3",
          inputsHash: "ab".repeat(32),
          risk: { var95: 0.031 },
        })
        .returning();
      assert.equal(decision!.size, "0.123456789012345678");
      assert.equal(Number(decision!.stopLoss), 2500.5);
      assert.equal(decision!.takeProfit, null);
      assert.equal(decision!.confidenceScore, 0.8125);
      assert.deepEqual(decision!.risk, { var95: 0.031 });

      const at = new Date("2026-01-02T03:04:05.678Z");
      const [entry] = await db
        .insert(schema.auditLog)
        .values({ seq: 1, at, actor: "system", action: "test", prevHash: "0".repeat(64), hash: "1".repeat(64) })
        .returning();
      assert.equal(entry!.at.toISOString(), at.toISOString(), "audit times read back exactly as hashed");

      const [updated] = await db
        .update(schema.globalUsers)
        .set({ region: "FR" })
        .where(eq(schema.globalUsers.id, user.id))
        .returning();
      assert.ok(updated!.updatedAt >= user.updatedAt, "updated_at moves on update");
    });

    describe("constraints reject bad rows, and nothing is written", () => {
      /** Runs a failing insert and checks the table's row count did not change. */
      async function rejected(
        table: Parameters<Database["$count"]>[0],
        insert: () => Promise<unknown>,
        code: string,
        constraint?: string,
      ): Promise<void> {
        const count = await db.$count(table);
        await rejectsWith(insert(), code, constraint);
        assert.equal(await db.$count(table), count, "the table is unchanged");
      }

      it("duplicate e-mail", async () => {
        const user = await insertUser(db);
        await rejected(
          schema.globalUsers,
          () => db.insert(schema.globalUsers).values(newUser({ email: user.email })),
          "23505",
          "global_users_email_unique",
        );
      });

      it("e-mail not lower-cased", async () => {
        await rejected(
          schema.globalUsers,
          () => db.insert(schema.globalUsers).values(newUser({ email: "Ada@Example.com" })),
          "23514",
          "global_users_email_lower",
        );
      });

      it("region that is not two capital letters ('usa', 'us')", async () => {
        // char(2) refuses three letters before the CHECK is even evaluated (22001 string_data_right_truncation).
        await rejected(
          schema.globalUsers,
          () => db.insert(schema.globalUsers).values(newUser({ region: "usa" })),
          "22001",
        );
        await rejected(
          schema.globalUsers,
          () => db.insert(schema.globalUsers).values(newUser({ region: "us" })),
          "23514",
          "global_users_region_iso",
        );
      });

      it("unknown role", async () => {
        await rejected(
          schema.globalUsers,
          // A value from outside the API's types, as a bad cast or hand-written SQL could send.
          () => db.insert(schema.globalUsers).values(newUser({ role: "superuser" as "admin" })),
          "23514",
          "global_users_role_valid",
        );
      });

      it("bad regional profile (language, currency)", async () => {
        const user = await insertUser(db);
        const profile = {
          userId: user.id,
          region: "BR",
          language: "pt-BR",
          currency: "BRL",
          timezone: "America/Sao_Paulo",
          complianceJurisdiction: "BR-CVM",
        };
        await rejected(
          schema.regionalProfiles,
          () => db.insert(schema.regionalProfiles).values({ ...profile, language: "portuguese (brazil)" }),
          "23514",
          "regional_profiles_language_bcp47",
        );
        await rejected(
          schema.regionalProfiles,
          () => db.insert(schema.regionalProfiles).values({ ...profile, currency: "brl" }),
          "23514",
          "regional_profiles_currency_iso",
        );
        await db.insert(schema.regionalProfiles).values(profile);
        await rejected(schema.regionalProfiles, () => db.insert(schema.regionalProfiles).values(profile), "23505");
      });

      it("AI decision with an unknown action or a confidence above 1", async () => {
        const user = await insertUser(db);
        const decision = {
          userId: user.id,
          asset: "BTC",
          action: "hold" as const,
          size: "0",
          confidenceScore: 0.5,
          reasoning: "r",
          modelVersion: "m",
          inputsHash: "h",
        };
        await rejected(
          schema.aiDecisions,
          () => db.insert(schema.aiDecisions).values({ ...decision, action: "short" as "sell" }),
          "23514",
          "ai_decisions_action_valid",
        );
        await rejected(
          schema.aiDecisions,
          () => db.insert(schema.aiDecisions).values({ ...decision, confidenceScore: 1.5 }),
          "23514",
          "ai_decisions_confidence_range",
        );
        await rejected(
          schema.aiDecisions,
          () => db.insert(schema.aiDecisions).values({ ...decision, size: "-1" }),
          "23514",
          "ai_decisions_size_nonnegative",
        );
      });

      it("wallet address that is not lower-case 0x + 40 hex digits, or linked twice on a chain", async () => {
        const user = await insertUser(db);
        const address = "0x" + "ab".repeat(20);
        for (const bad of ["0xABCDEF0123456789abcdef0123456789abcdef01", "0x1234", "ab".repeat(21)]) {
          await rejected(
            schema.web3Wallets,
            () => db.insert(schema.web3Wallets).values({ userId: user.id, address: bad, chainId: 1 }),
            "23514",
            "web3_wallets_address_hex",
          );
        }
        await db.insert(schema.web3Wallets).values({ userId: user.id, address, chainId: 1 });
        await db.insert(schema.web3Wallets).values({ userId: user.id, address, chainId: 137 });
        await rejected(
          schema.web3Wallets,
          () => db.insert(schema.web3Wallets).values({ userId: user.id, address, chainId: 1 }),
          "23505",
          "web3_wallets_address_chain_unique",
        );
      });

      it("duplicate enrolment, a certificate with an unknown status or a malformed recipient, a bad chain id", async () => {
        const user = await insertUser(db);
        const [course] = await db
          .insert(schema.educationalCourses)
          .values({ slug: `course-${user.id}`, title: "DeFi 101" })
          .returning();
        const [enrolment] = await db
          .insert(schema.courseEnrolments)
          .values({ userId: user.id, courseId: course!.id })
          .returning();
        const recipient = "0x" + user.id.replaceAll("-", "").padEnd(40, "a");
        await rejected(
          schema.courseEnrolments,
          () => db.insert(schema.courseEnrolments).values({ userId: user.id, courseId: course!.id }),
          "23505",
          "course_enrolments_user_course_unique",
        );
        await rejected(
          schema.certificatesIssued,
          () =>
            db
              .insert(schema.certificatesIssued)
              .values({ enrolmentId: enrolment!.id, chainId: 1, recipient, status: "lost" as "failed" }),
          "23514",
          "certificates_issued_status_valid",
        );
        await rejected(
          schema.certificatesIssued,
          () =>
            db.insert(schema.certificatesIssued).values({
              enrolmentId: enrolment!.id,
              chainId: 1,
              recipient: recipient.toUpperCase().replace("0X", "0x"),
            }),
          "23514",
          "certificates_issued_recipient_hex",
        );
        await rejected(
          schema.educationalCourses,
          () =>
            db
              .insert(schema.educationalCourses)
              .values({ slug: `chain-${user.id}`, title: "Chain zero", certificateChainId: 0 }),
          "23514",
          "educational_courses_certificate_chain_id_positive",
        );
      });

      it("a row pointing at a user who does not exist", async () => {
        await rejected(
          schema.aiDecisions,
          () =>
            db.insert(schema.aiDecisions).values({
              userId: "00000000-0000-4000-8000-000000000000",
              asset: "ETH",
              action: "buy",
              size: "1",
              confidenceScore: 0.5,
              reasoning: "r",
              modelVersion: "m",
              inputsHash: "h",
            }),
          "23503",
        );
      });

      it("a failure inside a transaction rolls back its earlier statements", async () => {
        const users = await db.$count(schema.globalUsers);
        const email = newUser().email;
        await rejectsWith(
          db.transaction(async (tx) => {
            await tx.insert(schema.globalUsers).values(newUser({ email }));
            await tx.insert(schema.globalUsers).values(newUser({ email })); // duplicate
          }),
          "23505",
        );
        assert.equal(await db.$count(schema.globalUsers), users);
      });
    });

    it("deleting a user deletes what is theirs and detaches what is not", async () => {
      const user = await insertUser(db);
      const educator = await insertUser(db, { role: "educator" });
      const officer = await insertUser(db, { role: "compliance_officer" });
      const userId = user.id;

      await db.insert(schema.regionalProfiles).values({
        userId,
        region: "DE",
        language: "de-DE",
        currency: "EUR",
        timezone: "Europe/Berlin",
        complianceJurisdiction: "EU-MiCA",
      });
      await db
        .insert(schema.kycStatus)
        .values({ userId, status: "verified", reference: "case-1", reviewedBy: officer.id });
      await db.insert(schema.kycStatus).values({ userId: educator.id, status: "pending", reference: "case-2" });
      const [first] = await db
        .insert(schema.refreshTokens)
        .values({ userId, familyId: userId, tokenHash: "a".repeat(64), expiresAt: new Date(Date.now() + 60_000) })
        .returning();
      const [second] = await db
        .insert(schema.refreshTokens)
        .values({ userId, familyId: userId, tokenHash: "b".repeat(64), expiresAt: new Date(Date.now() + 60_000) })
        .returning();
      await db
        .update(schema.refreshTokens)
        .set({ revokedAt: new Date(), replacedBy: second!.id })
        .where(eq(schema.refreshTokens.id, first!.id));
      await db.insert(schema.mfaFactors).values({ userId, secretEncrypted: "v1:ciphertext" });
      await db
        .insert(schema.passkeys)
        .values({ userId, credentialId: `cred-${userId}`, publicKey: new Uint8Array([1]) });
      await db.insert(schema.aiDecisions).values({
        userId,
        asset: "ETH",
        action: "sell",
        size: "2",
        confidenceScore: 0.6,
        reasoning: "r",
        modelVersion: "m",
        inputsHash: "h",
      });
      const [wallet] = await db
        .insert(schema.web3Wallets)
        .values({ userId, address: "0x" + userId.replaceAll("-", "").padEnd(40, "0"), chainId: 1 })
        .returning();
      const [portfolio] = await db.insert(schema.portfolios).values({ clientId: userId, name: "Main" }).returning();
      await db
        .insert(schema.tradingAccounts)
        .values({ clientId: userId, portfolioId: portfolio!.id, walletId: wallet!.id, name: "Desk A" });
      await db.insert(schema.metaverseAvatars).values({ userId, displayName: "Ada" });
      await db.insert(schema.metaverseSessions).values({ userId, room: "trading-floor" });
      const [course] = await db
        .insert(schema.educationalCourses)
        .values({ slug: `cascade-${userId}`, title: "Cascades", educatorId: educator.id })
        .returning();
      const [enrolment] = await db.insert(schema.courseEnrolments).values({ userId, courseId: course!.id }).returning();
      await db.insert(schema.certificatesIssued).values({
        enrolmentId: enrolment!.id,
        chainId: 1,
        recipient: "0x" + userId.replaceAll("-", "").padEnd(40, "0"),
      });

      // A course with enrolments cannot be deleted (ON DELETE RESTRICT: PostgreSQL 17, as in PGlite,
      // reports 23001 restrict_violation; earlier servers 23503 foreign_key_violation).
      await rejectsWith(db.delete(schema.educationalCourses).where(eq(schema.educationalCourses.id, course!.id)), [
        "23001",
        "23503",
      ]);

      await db.delete(schema.globalUsers).where(eq(schema.globalUsers.id, userId));

      const owned = [
        [schema.regionalProfiles, schema.regionalProfiles.userId],
        [schema.kycStatus, schema.kycStatus.userId],
        [schema.refreshTokens, schema.refreshTokens.userId],
        [schema.mfaFactors, schema.mfaFactors.userId],
        [schema.passkeys, schema.passkeys.userId],
        [schema.aiDecisions, schema.aiDecisions.userId],
        [schema.web3Wallets, schema.web3Wallets.userId],
        [schema.portfolios, schema.portfolios.clientId],
        [schema.tradingAccounts, schema.tradingAccounts.clientId],
        [schema.metaverseAvatars, schema.metaverseAvatars.userId],
        [schema.metaverseSessions, schema.metaverseSessions.userId],
        [schema.courseEnrolments, schema.courseEnrolments.userId],
      ] as const;
      for (const [table, column] of owned) {
        assert.equal(await db.$count(table, eq(column, userId)), 0, `rows of the deleted user remain in a table`);
      }
      assert.equal(
        await db.$count(schema.certificatesIssued, eq(schema.certificatesIssued.enrolmentId, enrolment!.id)),
        0,
      );

      // Other users' rows that merely mention the deleted user stay.
      assert.equal(await db.$count(schema.educationalCourses, eq(schema.educationalCourses.id, course!.id)), 1);
      assert.equal(await db.$count(schema.kycStatus, eq(schema.kycStatus.userId, educator.id)), 1);

      // Deleting the educator keeps the course, without an author; deleting the officer keeps KYC decisions.
      await db.delete(schema.globalUsers).where(eq(schema.globalUsers.id, educator.id));
      const [orphan] = await db
        .select()
        .from(schema.educationalCourses)
        .where(eq(schema.educationalCourses.id, course!.id));
      assert.equal(orphan!.educatorId, null);
      const other = await insertUser(db);
      await db
        .insert(schema.kycStatus)
        .values({ userId: other.id, status: "rejected", reference: "case-3", reviewedBy: officer.id, reason: "x" });
      await db.delete(schema.globalUsers).where(eq(schema.globalUsers.id, officer.id));
      const [kyc] = await db.select().from(schema.kycStatus).where(eq(schema.kycStatus.userId, other.id));
      assert.equal(kyc!.status, "rejected");
      assert.equal(kyc!.reviewedBy, null);
    });

    it(
      "reports wrong credentials as unreachable, without the password",
      { skip: postgresUrl && backend.name !== "PGlite" ? false : "PGlite has no credentials to get wrong" },
      async (t) => {
        const url = new URL(postgresUrl!);
        url.password = "wrong-hunter2";
        let opened: PeperDatabase | undefined;
        try {
          opened = await openDatabase({ databaseUrl: url.toString() });
        } catch (error) {
          assert.ok(error instanceof DatabaseError);
          assert.equal(error.problem, "unreachable");
          assert.equal(error.retryable, false, "wrong credentials do not fix themselves");
          assert.match(error.message, /DATABASE_URL/);
          assert.doesNotMatch(`${error.message}\n${error.stack}\n${String(error.cause)}`, /wrong-hunter2/);
          return;
        }
        await opened.close();
        t.skip("this server does not check passwords (trust authentication)");
      },
    );

    it("rolls a failed migration back and says so", async () => {
      await backend.reset();
      // A table in the way: the first migration's CREATE TABLE "global_users" fails.
      await backend.exec('CREATE TABLE "global_users" (x int)');
      await assert.rejects(backend.openPersistent(), (error: unknown) => {
        assert.ok(error instanceof DatabaseError);
        assert.equal(error.problem, "migration-failed");
        assert.match(String(error.cause), /global_users/);
        return true;
      });
      // Nothing of the migration is left: no other table, no migration recorded.
      await backend.exec(`DO $$ BEGIN
        IF to_regclass('public.ai_decisions') IS NOT NULL THEN RAISE EXCEPTION 'ai_decisions exists'; END IF;
        IF (SELECT count(*) FROM drizzle.__drizzle_migrations) <> 0 THEN RAISE EXCEPTION 'a migration is recorded'; END IF;
      END $$`);
    });

    it("keeps data across close and reopen", async () => {
      await backend.reset();
      let opened = await backend.openPersistent();
      const user = await insertUser(opened.db, { region: "JP" });
      const migrations = await appliedMigrations(opened.db);
      await opened.close();
      await opened.close(); // closing twice is harmless

      opened = await backend.openPersistent();
      try {
        const [found] = await opened.db.select().from(schema.globalUsers).where(eq(schema.globalUsers.id, user.id));
        assert.equal(found?.email, user.email);
        assert.equal(found?.region, "JP");
        assert.equal(await appliedMigrations(opened.db), migrations, "reopening applies nothing again");
      } finally {
        await opened.close();
      }
    });
  });
}

describe("DATABASE_URL handling", () => {
  it("redacts passwords from connection strings", () => {
    assert.equal(
      redactDatabaseUrl("postgres://peper:s3cret@db.example:5432/peper"),
      "postgres://peper:***@db.example:5432/peper",
    );
    assert.equal(
      redactDatabaseUrl("postgresql://db.example/peper?password=s3cret&sslmode=require"),
      "postgresql://db.example/peper?password=***&sslmode=require",
    );
    assert.equal(redactDatabaseUrl("postgres://peper@localhost/peper"), "postgres://peper@localhost/peper");
    assert.equal(
      redactDatabaseUrl("host=localhost password='s3 cret' dbname=peper"),
      "host=localhost password=*** dbname=peper",
    );
  });

  it("fails with a typed, password-free error when the server cannot be reached", async () => {
    // Port 1 on the loopback interface: nothing listens there, so the connection is refused at once.
    const databaseUrl = "postgres://peper:hunter2-s3cret@127.0.0.1:1/peper";
    await assert.rejects(openDatabase({ databaseUrl }), (error: unknown) => {
      assert.ok(error instanceof DatabaseError);
      assert.equal(error.problem, "unreachable");
      assert.equal(error.retryable, true);
      assert.match(error.message, /DATABASE_URL/);
      assert.equal(error.url, "postgres://peper:***@127.0.0.1:1/peper");
      const everything = `${error.message}\n${error.stack}\n${String(error.cause)}\n${JSON.stringify(error)}`;
      assert.doesNotMatch(everything, /hunter2/);
      return true;
    });
  });

  it("treats an empty DATABASE_URL as unset (embedded PGlite)", async () => {
    const database = await openDatabase({ databaseUrl: "  ", dataDir: "memory://" });
    try {
      assert.equal(database.kind, "pglite");
    } finally {
      await database.close();
    }
  });
});
