/**
 * The audit log's group commit: concurrent requests (and ordinary single appends in between) leave a
 * valid chain with exactly one entry per stored row; a request that fails inside a batch fails alone;
 * a batch whose commit fails answers no request success and leaves none of its rows or entries; two
 * group commits on one database (two API processes) keep one chain. On embedded PGlite and — with
 * PEPER_TEST_DATABASE_URL — on a PostgreSQL server.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { inArray } from "drizzle-orm";

import { storeDecisions, type DecisionRow } from "../api/durable.ts";
import { openDatabase, type PeperDatabase } from "../db/index.ts";
import { aiDecisions, auditLog, globalUsers } from "../db/schema.ts";
import { AuditGroupCommit, GroupCommitError, type AuditedOperation } from "./auditGroupCommit.ts";
import { appendAudit, verifyStoredAuditLog } from "./auditStore.ts";

const backends: [string, string | undefined][] = [["PGlite", undefined]];
if (process.env.PEPER_TEST_DATABASE_URL) backends.push(["PostgreSQL", process.env.PEPER_TEST_DATABASE_URL]);

function decision(userId: string, overrides: Partial<DecisionRow> = {}): DecisionRow {
  return {
    id: randomUUID(),
    userId,
    actor: `u_${userId.replaceAll("-", "")}`,
    asset: "DAX",
    action: "buy",
    size: "0.2",
    stopLoss: "95",
    takeProfit: null,
    confidenceScore: 0.61,
    reasoning: "test",
    modelVersion: "test-model",
    inputsHash: "0".repeat(64),
    risk: {},
    createdAt: new Date(),
    ...overrides,
  };
}

/** Settles every promise; answers which resolved and which rejected (with their errors). */
async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return {
    ok: results.map((r) => r.status === "fulfilled"),
    errors: results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : [])),
  };
}

for (const [backend, databaseUrl] of backends)
  describe(`audit group commit on ${backend}`, () => {
    let database: PeperDatabase;
    let userId: string;

    before(async () => {
      database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: "memory://" });
      const [user] = await database.db
        .insert(globalUsers)
        .values({ email: `group-commit-${randomUUID()}@example.com`, region: "DE" })
        .returning({ id: globalUsers.id });
      userId = user!.id;
    });
    after(async () => {
      await database.close();
    });

    /** The stored decisions among `ids`, and the audit entries that target them. */
    async function stored(ids: string[]) {
      const rows = await database.db
        .select({ id: aiDecisions.id })
        .from(aiDecisions)
        .where(inArray(aiDecisions.id, ids));
      const entries = await database.db
        .select({ target: auditLog.target, action: auditLog.action })
        .from(auditLog)
        .where(inArray(auditLog.target, ids));
      return { rows: new Set(rows.map((r) => r.id)), entries: entries.map((e) => e.target) };
    }

    it("answers concurrent requests in batches, one entry per row, and the chain verifies", async () => {
      const commits = new AuditGroupCommit(database);
      const rows = Array.from({ length: 120 }, () => decision(userId));
      const submitted = rows.map((row) => commits.submit(storeDecisions, row));
      // Ordinary appends (another route's transaction) queue on the same lock in between.
      const singles = Array.from({ length: 5 }, (_, i) =>
        database.db.transaction((tx) => appendAudit(tx, { actor: "system", action: "test.single", target: `s${i}` })),
      );
      const { ok, errors } = await settle<unknown>([...submitted, ...singles]);
      assert.deepEqual(errors, []);
      assert.ok(ok.every(Boolean));
      assert.ok(commits.stats.largestBatch > 1, `batches formed (largest ${commits.stats.largestBatch})`);
      assert.ok(commits.stats.batches < rows.length);
      const ids = rows.map((r) => r.id);
      const { rows: found, entries } = await stored(ids);
      assert.equal(found.size, rows.length);
      assert.deepEqual([...entries].sort(), [...ids].sort(), "exactly one entry per stored decision");
      const verdict = await verifyStoredAuditLog(database.db);
      assert.equal(verdict.ok, true, JSON.stringify(verdict));
    });

    it("chains the entries of operations known up front and of those known after their write in one batch", async () => {
      const commits = new AuditGroupCommit(database);
      // An operation whose entries are known only after its statement (as a rotation's).
      const note: AuditedOperation<string, string> = {
        name: "test.note",
        async run(sql, inputs) {
          const rows = await sql.query<{ n: string }>("test_note", "SELECT unnest($1::text[]) AS n", [inputs]);
          return rows.map((r) => ({ value: r.n, audit: { actor: "system", action: "test.note", target: r.n } }));
        },
      };
      const rows = Array.from({ length: 20 }, () => decision(userId));
      const notes = Array.from({ length: 20 }, () => randomUUID());
      const submitted: Promise<unknown>[] = [];
      for (let i = 0; i < 20; i++) {
        submitted.push(commits.submit(storeDecisions, rows[i]!), commits.submit(note, notes[i]!));
      }
      const { errors } = await settle(submitted);
      assert.deepEqual(errors, []);
      assert.ok(commits.stats.largestBatch > 2, `mixed batches formed (largest ${commits.stats.largestBatch})`);
      const { entries } = await stored([...rows.map((r) => r.id), ...notes]);
      assert.equal(entries.length, 40);
      const verdict = await verifyStoredAuditLog(database.db);
      assert.equal(verdict.ok, true, JSON.stringify(verdict));
    });

    it("fails only the bad request of a batch; the others are stored and audited", async () => {
      const commits = new AuditGroupCommit(database);
      const good = Array.from({ length: 10 }, () => decision(userId));
      // Violates ai_decisions_action_valid: its batch fails before the commit and is retried request by request.
      const bad = decision(userId, { action: "moon" });
      const all = [...good.slice(0, 5), bad, ...good.slice(5)];
      const { ok, errors } = await settle(all.map((row) => commits.submit(storeDecisions, row)));
      assert.deepEqual(
        ok,
        all.map((row) => row !== bad),
      );
      assert.equal(errors.length, 1);
      const { rows: found, entries } = await stored(all.map((r) => r.id));
      assert.deepEqual([...found].sort(), good.map((r) => r.id).sort());
      assert.deepEqual(entries.sort(), good.map((r) => r.id).sort());
      assert.equal((await verifyStoredAuditLog(database.db)).ok, true);
    });

    it("never answers success for a request whose batch did not commit", async () => {
      let failNext = true;
      const commits = new AuditGroupCommit(database, {
        faults: {
          beforeCommit() {
            if (failNext) {
              failNext = false;
              throw new Error("injected: the server went away at commit");
            }
          },
        },
      });
      const rows = Array.from({ length: 30 }, () => decision(userId));
      const { ok, errors } = await settle(rows.map((row) => commits.submit(storeDecisions, row)));
      const answered = rows.filter((_, i) => ok[i]);
      const refused = rows.filter((_, i) => !ok[i]);
      assert.ok(refused.length >= 1, "the first batch failed");
      assert.ok(errors.every((e) => e instanceof GroupCommitError));
      const { rows: found, entries } = await stored(rows.map((r) => r.id));
      // Exactly the answered requests are stored and audited; nothing of the failed batch is.
      assert.deepEqual([...found].sort(), answered.map((r) => r.id).sort());
      assert.deepEqual(entries.sort(), answered.map((r) => r.id).sort());
      for (const row of refused) assert.equal(found.has(row.id), false);
      assert.equal((await verifyStoredAuditLog(database.db)).ok, true);
    });

    it("keeps one chain when two group commits (two API processes) append to one database", async () => {
      const second = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: "memory://" });
      // PGlite cannot be opened by two processes; there the second committer shares the database.
      const other = databaseUrl ? second : database;
      try {
        const a = new AuditGroupCommit(database);
        const b = new AuditGroupCommit(other);
        const rows = Array.from({ length: 80 }, () => decision(userId));
        const { errors } = await settle(rows.map((row, i) => (i % 2 ? a : b).submit(storeDecisions, row)));
        assert.deepEqual(errors, []);
        const { entries } = await stored(rows.map((r) => r.id));
        assert.equal(entries.length, rows.length);
        const verdict = await verifyStoredAuditLog(database.db);
        assert.equal(verdict.ok, true, JSON.stringify(verdict));
      } finally {
        await second.close();
      }
    });
  });
