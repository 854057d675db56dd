import { asc, eq, getTableColumns, getTableName, inArray, or, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { appendAudit, type Queryable } from "../../compliance/auditStore.ts";
import {
  aiDecisions,
  auditLog,
  authChallenges,
  certificatesIssued,
  courseEnrolments,
  educationalCourses,
  globalUsers,
  kycStatus,
  loginAttempts,
  metaverseAvatars,
  metaverseRoomMembers,
  metaverseRooms,
  metaverseSessions,
  mfaFactors,
  passkeys,
  portfolios,
  refreshTokens,
  regionalProfiles,
  tradingAccounts,
  web3Wallets,
} from "../../db/schema.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import { verifyPassword } from "../auth/password.ts";
import { verifyReentered } from "../auth/throttle.ts";
import { currentUser } from "../auth/session.ts";
import { ApiError, type ApiContext } from "../context.ts";

/** The version of the export document's shape. */
export const EXPORT_FORMAT = "peper-export/1";

/**
 * What the export leaves out, by table and column, and why. Everything else stored about the caller
 * is included. Passkey public keys and the ML-KEM public keys of metaverse rooms ARE included: they
 * are public by design (they only verify or encrypt), and they are the user's data.
 */
export const EXPORT_EXCLUSIONS: readonly { table: string; column: string; why: string }[] = [
  { table: "global_users", column: "password_hash", why: "a secret: the password's hash" },
  { table: "mfa_factors", column: "secret_encrypted", why: "a secret: the TOTP seed (re-enrol to get a new one)" },
  { table: "refresh_tokens", column: "token_hash", why: "a secret: the hash of a session token" },
  { table: "auth_challenges", column: "challenge", why: "a one-time sign-in challenge, useless once spent" },
  { table: "kyc_status", column: "reviewed_by", why: "the id of another person (the reviewing officer)" },
];

/** One table of the export: which rows are the caller's, and the columns left out. */
interface ExportedTable {
  readonly table: PgTable;
  readonly rows: (user: { id: string; email: string }, db: Queryable) => SQL | undefined;
}

const EXPORTED_TABLES: readonly ExportedTable[] = [
  { table: globalUsers, rows: (u) => eq(globalUsers.id, u.id) },
  { table: regionalProfiles, rows: (u) => eq(regionalProfiles.userId, u.id) },
  { table: kycStatus, rows: (u) => eq(kycStatus.userId, u.id) },
  { table: refreshTokens, rows: (u) => eq(refreshTokens.userId, u.id) },
  { table: mfaFactors, rows: (u) => eq(mfaFactors.userId, u.id) },
  { table: passkeys, rows: (u) => eq(passkeys.userId, u.id) },
  { table: authChallenges, rows: (u) => eq(authChallenges.userId, u.id) },
  { table: loginAttempts, rows: (u) => eq(loginAttempts.email, u.email) },
  { table: aiDecisions, rows: (u) => eq(aiDecisions.userId, u.id) },
  { table: web3Wallets, rows: (u) => eq(web3Wallets.userId, u.id) },
  { table: portfolios, rows: (u) => eq(portfolios.clientId, u.id) },
  { table: tradingAccounts, rows: (u) => eq(tradingAccounts.clientId, u.id) },
  { table: educationalCourses, rows: (u) => eq(educationalCourses.educatorId, u.id) },
  { table: courseEnrolments, rows: (u) => eq(courseEnrolments.userId, u.id) },
  {
    table: certificatesIssued,
    rows: (u, db) =>
      inArray(
        certificatesIssued.enrolmentId,
        db.select({ id: courseEnrolments.id }).from(courseEnrolments).where(eq(courseEnrolments.userId, u.id)),
      ),
  },
  { table: metaverseAvatars, rows: (u) => eq(metaverseAvatars.userId, u.id) },
  { table: metaverseRooms, rows: (u) => eq(metaverseRooms.hostId, u.id) },
  { table: metaverseRoomMembers, rows: (u) => eq(metaverseRoomMembers.userId, u.id) },
  { table: metaverseSessions, rows: (u) => eq(metaverseSessions.userId, u.id) },
];

/** A stored value as JSON: times as ISO 8601, bytes as base64url, big integers as decimal strings. */
function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64url");
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** A row keyed by its SQL column names, without the excluded columns. */
function exportRow(table: PgTable, row: Record<string, unknown>): Record<string, unknown> {
  const name = getTableName(table);
  const omitted = new Set(EXPORT_EXCLUSIONS.filter((e) => e.table === name).map((e) => e.column));
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (!omitted.has(column.name)) out[column.name] = jsonValue(row[key]);
  }
  return out;
}

const ExportAuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

const ExportDocument = z.object({
  format: z.literal(EXPORT_FORMAT),
  exported_at: z.string(),
  user_id: z.uuid(),
  /** The name the audit log knows the caller by. */
  pseudonym: z.string(),
  /** Every table holding rows about the caller, by SQL table name; rows keyed by column name. */
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  /** KYC reviews the caller made as an officer: outcome and time, without the reviewed person. */
  kyc_reviews_made: z.array(z.object({ status: z.string(), reviewed_at: z.string().nullable() })),
  /** Audit entries the caller made or that concern them. */
  audit_log: z.array(ExportAuditEntry),
  /** Columns left out, and why. */
  excluded: z.array(z.object({ table: z.string(), column: z.string(), why: z.string() })),
});

/** The export document of a user (see `GET /api/v5/privacy/export`). */
export async function exportUserData(
  ctx: ApiContext,
  db: Queryable,
  user: { id: string; email: string },
): Promise<z.infer<typeof ExportDocument>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const spec of EXPORTED_TABLES) {
    const rows = (await db.select().from(spec.table).where(spec.rows(user, db))) as Record<string, unknown>[];
    tables[getTableName(spec.table)] = rows.map((r) => exportRow(spec.table, r));
  }
  const reviews = await db
    .select({ status: kycStatus.status, reviewedAt: kycStatus.reviewedAt })
    .from(kycStatus)
    .where(eq(kycStatus.reviewedBy, user.id))
    .orderBy(asc(kycStatus.reviewedAt));
  const pseudonym = ctx.pseudonym(user.id);
  const audit = await db
    .select()
    .from(auditLog)
    // Entries written before targets were pseudonymised may name the user id itself.
    .where(or(eq(auditLog.actor, pseudonym), eq(auditLog.target, pseudonym), eq(auditLog.target, user.id)))
    .orderBy(asc(auditLog.seq));
  return {
    format: EXPORT_FORMAT,
    exported_at: new Date(ctx.now()).toISOString(),
    user_id: user.id,
    pseudonym,
    tables,
    kyc_reviews_made: reviews.map((r) => ({ status: r.status, reviewed_at: r.reviewedAt?.toISOString() ?? null })),
    audit_log: audit.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      target: e.target,
      details: e.details,
      hash: e.hash,
    })),
    excluded: [...EXPORT_EXCLUSIONS],
  };
}

/**
 * `/api/v5/privacy`: the GDPR rights of access (Art. 15, 20: everything stored about the caller as
 * one JSON document) and erasure (Art. 17: the account and every row hanging off it).
 */
export const privacyRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;

    app.get(
      "/export",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Download everything stored about you, as one JSON document",
          description:
            "Every table with rows about you (keyed by column name), the KYC reviews you made, and the audit entries you made or that concern you (found by your pseudonym). Secrets are left out and listed under `excluded`; passkey public keys are included (they are not secret).",
          security: BEARER,
          response: { 200: ExportDocument },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        const document = await db.transaction(async (tx) => {
          const user = await currentUser(tx, sub);
          const doc = await exportUserData(ctx, tx, user);
          await appendAudit(
            tx,
            { actor: ctx.pseudonym(sub), action: "privacy.export", target: ctx.pseudonym(sub) },
            ctx.now(),
          );
          return doc;
        });
        const day = document.exported_at.slice(0, 10);
        return reply.header("content-disposition", `attachment; filename="peper-export-${day}.json"`).send(document);
      },
    );

    app.post(
      "/erase",
      {
        onRequest: requireAuth(ctx),
        config: { rateLimit: { max: ctx.limits.authPerMinute, timeWindow: 60_000 } },
        schema: {
          summary: "Erase your account and everything stored about you",
          description:
            'Irreversible. Re-enter your password; an account without a password (wallet or passkey only) confirms with `confirm: "ERASE <your e-mail>"`. Every row about you is deleted, including sign-in attempts under your e-mail; the audit log keeps its entries, which only name your pseudonym, and records the erasure.',
          security: BEARER,
          body: z
            .object({
              password: z.string().min(1).max(256).optional(),
              confirm: z.string().max(300).optional(),
            })
            .strict(),
          response: { 200: z.object({ erased: z.literal(true), pseudonym: z.string(), erased_at: z.string() }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { password, confirm } = request.body;
        const user = await currentUser(db, sub);
        let method: "password" | "confirmation";
        if (user.passwordHash !== null) {
          if (password === undefined) {
            throw new ApiError(400, "invalid-input", "password: re-enter your password to confirm the erasure.", {
              field: "password",
            });
          }
          const stored = user.passwordHash;
          // Throttled like a sign-in: a stolen access token must not become a password oracle.
          if (!(await verifyReentered(ctx.signIns, user.email, request.ip, () => verifyPassword(password, stored)))) {
            throw new ApiError(403, "wrong-password", "The password is wrong; nothing was erased.", {
              field: "password",
            });
          }
          method = "password";
        } else {
          if (confirm !== `ERASE ${user.email}`) {
            throw new ApiError(
              400,
              "invalid-input",
              'confirm: type "ERASE " followed by your account\'s e-mail, exactly, to confirm the erasure.',
              { field: "confirm" },
            );
          }
          method = "confirmation";
        }
        const pseudonym = ctx.pseudonym(sub);
        const now = ctx.now();
        await db.transaction(async (tx) => {
          const [gone] = await tx.delete(globalUsers).where(eq(globalUsers.id, sub)).returning({ id: globalUsers.id });
          if (!gone) throw new ApiError(401, "unauthenticated", "This account no longer exists.");
          // Not linked by a foreign key (attempts on unknown e-mails count too), so deleted by hand.
          await tx.delete(loginAttempts).where(eq(loginAttempts.email, user.email));
          await appendAudit(
            tx,
            { actor: pseudonym, action: "user.erase", target: pseudonym, details: { method } },
            now,
          );
        });
        // Every access token of the account stops working now.
        ctx.sessions.forgetUser(sub);
        return { erased: true as const, pseudonym, erased_at: new Date(now).toISOString() };
      },
    );
  };
