/**
 * The durable routes through the audit log's group commit, end to end: many concurrent decisions and
 * refreshes are each stored with exactly one audit entry and the chain verifies; one refresh token
 * presented twice at once (same batch) is rotated once and the other presentation is reuse, which
 * ends the session; a rotation answers the session's role and sign-in time. On embedded PGlite and —
 * with PEPER_TEST_DATABASE_URL — on a PostgreSQL server.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { eq, inArray } from "drizzle-orm";
import { decodeJwt } from "jose";

import { verifyStoredAuditLog } from "../compliance/auditStore.ts";
import { aiDecisions, auditLog, refreshTokens } from "../db/schema.ts";
import { newRefreshToken } from "./auth/tokens.ts";
import { testApi, type TestApi, type TestUser } from "./testing.ts";

const backends: [string, string | undefined][] = [["PGlite", undefined]];
if (process.env.PEPER_TEST_DATABASE_URL) backends.push(["PostgreSQL", process.env.PEPER_TEST_DATABASE_URL]);

const risk = { maxPosition: 0.2, stopLoss: 0.05, takeProfit: 0.1, maxDrawdown: 0.2, allowedAssets: ["DAX"] };

for (const [backend, databaseUrl] of backends)
  describe(`durable routes through the group commit on ${backend}`, () => {
    let api: TestApi;
    let user: TestUser;

    before(async () => {
      api = await testApi(databaseUrl ? { databaseUrl } : {});
      user = await api.user();
    });
    after(async () => {
      await api.close();
    });

    it("stores 40 concurrent decisions, each with one audit entry, in batches; the chain verifies", async () => {
      const before = api.ctx.auditCommits.stats.largestBatch;
      const answers = await Promise.all(
        Array.from({ length: 40 }, () =>
          api.call("POST", "/api/v5/ai/agi-decision", {
            token: user.accessToken,
            body: { asset: "DAX", history: { market: "DAX" }, risk },
          }),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        answers.map(() => 200),
      );
      const ids = answers.map((a) => (a.json() as { decision_id: string }).decision_id);
      const rows = await api.database.db.select().from(aiDecisions).where(inArray(aiDecisions.id, ids));
      assert.equal(rows.length, 40);
      for (const row of rows) assert.equal(row.userId, user.id);
      const entries = await api.database.db.select().from(auditLog).where(inArray(auditLog.target, ids));
      assert.equal(entries.length, 40);
      assert.ok(entries.every((e) => e.action === "ai.decision"));
      assert.ok(Math.max(before, api.ctx.auditCommits.stats.largestBatch) > 1, "requests shared a batch");
      assert.equal((await verifyStoredAuditLog(api.database.db)).ok, true);
      // The stored decision reads back as answered.
      const listed = await api.call("GET", "/api/v5/ai/decisions?limit=200", { token: user.accessToken });
      const listedIds = new Set(
        (listed.json() as { decisions: { decision_id: string }[] }).decisions.map((d) => d.decision_id),
      );
      for (const id of ids) assert.ok(listedIds.has(id));
    });

    it("rotates concurrent refresh tokens of separate sessions, one audit entry each", async () => {
      const sessions = await Promise.all(Array.from({ length: 12 }, () => api.signIn(user.id)));
      const answers = await Promise.all(
        sessions.map((s) => api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: s.refreshToken } })),
      );
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        answers.map(() => 200),
      );
      for (const [i, answer] of answers.entries()) {
        const body = answer.json() as { access_token: string; refresh_token: string };
        const claims = decodeJwt(body.access_token);
        assert.equal(claims.sub, user.id);
        assert.equal(claims["role"], "user");
        assert.equal(decodeJwt(sessions[i]!.accessToken)["sid"], claims["sid"], "same session");
        assert.equal(decodeJwt(sessions[i]!.accessToken)["auth_time"], claims["auth_time"], "same sign-in time");
        // The successor works once more.
        const again = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: body.refresh_token } });
        assert.equal(again.statusCode, 200);
      }
      const families = answers.map(
        (a) => decodeJwt((a.json() as { access_token: string }).access_token)["sid"] as string,
      );
      const entries = await api.database.db.select().from(auditLog).where(inArray(auditLog.target, families));
      assert.equal(entries.filter((e) => e.action === "auth.refresh").length, 24);
      assert.equal((await verifyStoredAuditLog(api.database.db)).ok, true);
    });

    it("finds the sign-in time by the family's first token (its id is the family's), or the oldest token", async () => {
      const { accessToken, refreshToken } = await api.signIn(user.id);
      const sid = decodeJwt(accessToken)["sid"] as string;
      const [first] = await api.database.db.select().from(refreshTokens).where(eq(refreshTokens.familyId, sid));
      assert.equal(first!.id, sid, "the first token's id is the family's");
      const rotated = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: refreshToken } });
      assert.equal(rotated.statusCode, 200);
      assert.equal(
        decodeJwt((rotated.json() as { access_token: string }).access_token)["auth_time"],
        decodeJwt(accessToken)["auth_time"],
      );

      // A family started before that (first token's id not the family's): its oldest token's time.
      const family = randomUUID();
      const old = newRefreshToken();
      const firstAt = new Date(Math.floor(api.ctx.now() / 1000) * 1000 - 3_600_000);
      const [oldest] = await api.database.db
        .insert(refreshTokens)
        .values({
          userId: user.id,
          familyId: family,
          tokenHash: newRefreshToken().hash,
          expiresAt: new Date(api.ctx.now() + 86_400_000),
          revokedAt: new Date(firstAt.getTime() + 1000),
          createdAt: firstAt,
        })
        .returning();
      assert.notEqual(oldest!.id, family);
      await api.database.db.insert(refreshTokens).values({
        userId: user.id,
        familyId: family,
        tokenHash: old.hash,
        expiresAt: new Date(api.ctx.now() + 86_400_000),
        createdAt: new Date(firstAt.getTime() + 1000),
      });
      const answer = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: old.token } });
      assert.equal(answer.statusCode, 200);
      const claims = decodeJwt((answer.json() as { access_token: string }).access_token);
      assert.equal(claims["sid"], family);
      assert.equal(claims["auth_time"], firstAt.getTime() / 1000);
    });

    it("rotates a token presented twice at once only once; the other is reuse and ends the session", async () => {
      const session = await api.signIn(user.id);
      const [a, b] = await Promise.all([
        api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: session.refreshToken } }),
        api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: session.refreshToken } }),
      ]);
      const codes = [a!.statusCode, b!.statusCode].sort();
      assert.deepEqual(codes, [200, 401]);
      const refused = a!.statusCode === 401 ? a! : b!;
      const rotated = a!.statusCode === 200 ? a! : b!;
      assert.equal((refused.json() as { code: string }).code, "refresh-reused");
      // The session ended: the successor of the one rotation is revoked with its family.
      const successor = (rotated.json() as { refresh_token: string }).refresh_token;
      const after = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: successor } });
      assert.equal(after.statusCode, 401);
      const sid = decodeJwt(session.accessToken)["sid"] as string;
      const entries = await api.database.db.select().from(auditLog).where(eq(auditLog.target, sid));
      assert.deepEqual(
        entries
          .map((e) => e.action)
          .filter((x) => x !== "auth.login")
          .sort(),
        ["auth.refresh", "auth.refresh-reuse", "auth.refresh-reuse"],
      );
    });

    it("answers an unknown and an expired token as before (401, nothing changed)", async () => {
      const unknown = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: "x".repeat(43) } });
      assert.equal(unknown.statusCode, 401);
      assert.equal((unknown.json() as { code: string }).code, "invalid-refresh-token");
      const session = await api.signIn(user.id);
      api.advance(31 * 24 * 3600_000);
      try {
        const expired = await api.call("POST", "/api/v5/auth/refresh", {
          body: { refresh_token: session.refreshToken },
        });
        assert.equal(expired.statusCode, 401);
        assert.equal((expired.json() as { code: string }).code, "refresh-expired");
      } finally {
        api.advance(-31 * 24 * 3600_000);
      }
    });
  });
