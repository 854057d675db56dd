import { and, asc, eq, gt, or, type SQL } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { appendAudit, verifyStoredAuditLog } from "../../compliance/auditStore.ts";
import { screenAddress } from "../../compliance/sanctions.ts";
import { auditLog, globalUsers, kycStatus, KYC_STATUSES } from "../../db/schema.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import { currentUser } from "../auth/session.ts";
import { ApiError, notFound, type ApiContext } from "../context.ts";

/**
 * KYC bookkeeping: no `kyc_status` row means the user never submitted ("not_submitted"); `pending`
 * carries the external provider's case `reference` and `submitted_at` (documents stay with the
 * provider); `verified` / `rejected` add the reviewer, `reviewed_at` and the reason (required for a
 * rejection). `updated_at` is the time of the last submission or review.
 */
const KycState = z.enum([...KYC_STATUSES, "not_submitted"]);

/** The provider's reference: an opaque case id, never documents or personal data. */
const Reference = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, "must be the KYC provider's case reference (letters, digits, . _ : -)");

const KycView = z.object({
  status: KycState,
  /** The provider reference of the submission awaiting review; null otherwise. */
  reference: z.string().nullable(),
  /** When the status last changed (submission or review). */
  updated_at: z.string().nullable(),
  reviewed_at: z.string().nullable(),
  /** The reviewer's reason (given for every rejection). */
  reason: z.string().nullable(),
});

const QueueItem = z.object({
  user_id: z.uuid(),
  region: z.string().length(2),
  reference: z.string(),
  submitted_at: z.string(),
});

/** `<ms since epoch>.<user id>`: where the previous page of the queue ended. */
const QueueCursor = z.string().regex(/^\d{1,15}\.[0-9a-f-]{36}$/, "must be the next_cursor of the previous page");

function parseCursor(cursor: string): { at: Date; userId: string } {
  const dot = cursor.indexOf(".");
  return { at: new Date(Number(cursor.slice(0, dot))), userId: cursor.slice(dot + 1) };
}

const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an EVM address (0x and 40 hex digits)");

const AuditEntryView = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
  prev_hash: z.string(),
  hash: z.string(),
});

const AuditVerifyView = z.object({
  ok: z.boolean(),
  /** Entries checked and intact (before the first broken one when not ok). */
  entries: z.number().int(),
  /** The hash of the last intact entry: record it elsewhere to detect truncation later. */
  head_hash: z.string().nullable(),
  problem: z.object({ seq: z.number().int(), message: z.string() }).nullable(),
});

function kycView(row: typeof kycStatus.$inferSelect | undefined): z.infer<typeof KycView> {
  if (!row) {
    return { status: "not_submitted", reference: null, updated_at: null, reviewed_at: null, reason: null };
  }
  const pending = row.status === "pending";
  return {
    status: row.status,
    reference: pending ? row.reference : null,
    updated_at: row.updatedAt.toISOString(),
    reviewed_at: row.reviewedAt?.toISOString() ?? null,
    reason: pending ? null : row.reason,
  };
}

/**
 * `/api/v5/compliance`: KYC submission and review, sanctions screening of wallet addresses, and read
 * access to the hash-chained audit log and its verification. Audit entries name users only by
 * pseudonym (`ctx.pseudonym`), never by id, e-mail or provider reference.
 */
export const complianceRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const officer = requireAuth(ctx, ["compliance_officer"]);
    const oversight = requireAuth(ctx, ["compliance_officer", "admin"]);

    app.post(
      "/kyc/submit",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Submit (or resubmit) your identity check for review",
          description:
            "Send the case reference your KYC provider gave you; the documents stay with the provider. Your status becomes `pending` until a compliance officer reviews it. Resubmitting replaces an earlier submission or decision.",
          security: BEARER,
          body: z.object({ reference: Reference }).strict(),
          response: { 200: KycView },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const now = new Date(ctx.now());
        const row = await db.transaction(async (tx) => {
          await currentUser(tx, sub);
          const values = {
            status: "pending" as const,
            reference: request.body.reference,
            submittedAt: now,
            reason: null,
            reviewedBy: null,
            reviewedAt: null,
            updatedAt: now,
          };
          const [stored] = await tx
            .insert(kycStatus)
            .values({ userId: sub, ...values })
            .onConflictDoUpdate({ target: kycStatus.userId, set: values })
            .returning();
          await appendAudit(
            tx,
            { actor: ctx.pseudonym(sub), action: "kyc.submit", target: ctx.pseudonym(sub) },
            now.getTime(),
          );
          return stored!;
        });
        return kycView(row);
      },
    );

    app.get(
      "/kyc",
      {
        onRequest: requireAuth(ctx),
        schema: { summary: "Your KYC status", security: BEARER, response: { 200: KycView } },
      },
      async (request) => {
        const { sub } = caller(request);
        const [row] = await db.select().from(kycStatus).where(eq(kycStatus.userId, sub));
        return kycView(row);
      },
    );

    app.get(
      "/kyc/queue",
      {
        onRequest: officer,
        schema: {
          summary: "Submissions awaiting review, oldest first (compliance officers)",
          description: "Pass `next_cursor` of a page as `after` to get the next one; it is null on the last page.",
          security: BEARER,
          querystring: z
            .object({ after: QueueCursor.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
            .strict(),
          response: { 200: z.object({ items: z.array(QueueItem), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const after = request.query.after === undefined ? undefined : parseCursor(request.query.after);
        const rows = await db
          .select({
            userId: kycStatus.userId,
            reference: kycStatus.reference,
            submittedAt: kycStatus.submittedAt,
            region: globalUsers.region,
          })
          .from(kycStatus)
          .innerJoin(globalUsers, eq(globalUsers.id, kycStatus.userId))
          .where(
            and(
              eq(kycStatus.status, "pending"),
              after
                ? or(
                    gt(kycStatus.submittedAt, after.at),
                    and(eq(kycStatus.submittedAt, after.at), gt(kycStatus.userId, after.userId)),
                  )
                : undefined,
            ),
          )
          .orderBy(asc(kycStatus.submittedAt), asc(kycStatus.userId))
          .limit(limit + 1);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return {
          items: page.map((r) => ({
            user_id: r.userId,
            region: r.region,
            reference: r.reference,
            submitted_at: r.submittedAt.toISOString(),
          })),
          next_cursor: rows.length > limit && last ? `${last.submittedAt.getTime()}.${last.userId}` : null,
        };
      },
    );

    app.post(
      "/kyc/:user_id/review",
      {
        onRequest: officer,
        schema: {
          summary: "Decide a KYC submission: verified or rejected (compliance officers)",
          description:
            "A rejection needs a reason the user can act on. You cannot review your own submission. A decided case can be decided again (a verification revoked, a rejection overturned); a user who never submitted cannot be reviewed.",
          security: BEARER,
          params: z.object({ user_id: z.uuid() }).strict(),
          body: z
            .object({
              status: z.enum(["verified", "rejected"]),
              reason: z.string().trim().min(1).max(2000).optional(),
            })
            .strict(),
          response: { 200: KycView.extend({ user_id: z.uuid() }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { user_id: userId } = request.params;
        const { status, reason } = request.body;
        if (userId === sub) {
          throw new ApiError(403, "self-review", "You cannot review your own KYC; another officer has to.", {
            field: "user_id",
          });
        }
        if (status === "rejected" && !reason) {
          throw new ApiError(400, "invalid-input", "reason: a rejection needs a reason the user can act on.", {
            field: "reason",
          });
        }
        const now = new Date(ctx.now());
        const row = await db.transaction(async (tx) => {
          const [current] = await tx.select().from(kycStatus).where(eq(kycStatus.userId, userId)).for("update");
          if (!current) {
            const [user] = await tx.select({ id: globalUsers.id }).from(globalUsers).where(eq(globalUsers.id, userId));
            if (!user) throw notFound("The user");
            throw new ApiError(409, "kyc-not-submitted", "This user has not submitted anything to review yet.", {
              field: "user_id",
            });
          }
          const [updated] = await tx
            .update(kycStatus)
            .set({ status, reason: reason ?? null, reviewedBy: sub, reviewedAt: now, updatedAt: now })
            .where(eq(kycStatus.userId, userId))
            .returning();
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "kyc.review",
              target: ctx.pseudonym(userId),
              // The free-text reason may name the person: only whether one was given is logged.
              details: { status, previous: current.status, reason_given: reason !== undefined },
            },
            now.getTime(),
          );
          return updated!;
        });
        return { user_id: userId, ...kycView(row) };
      },
    );

    app.post(
      "/screen",
      {
        onRequest: oversight,
        schema: {
          summary: "Screen wallet addresses against the sanctions lists",
          description:
            "Answers, for each address (any case), whether it is listed and the list entry. The screening is logged with its counts only, not the addresses.",
          security: BEARER,
          body: z.object({ addresses: z.array(Address).min(1).max(1000) }).strict(),
          response: {
            200: z.object({
              results: z.array(
                z.object({
                  address: z.string(),
                  listed: z.boolean(),
                  entry: z.object({ list: z.string(), reason: z.string() }).nullable(),
                }),
              ),
              listed: z.number().int(),
            }),
          },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const results = request.body.addresses.map((a) => {
          const entry = screenAddress(ctx.sanctions, a);
          return {
            address: a.toLowerCase(),
            listed: entry !== undefined,
            entry: entry ? { list: entry.list, reason: entry.reason } : null,
          };
        });
        const listed = results.filter((r) => r.listed).length;
        await db.transaction((tx) =>
          appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "sanctions.screen",
              details: { addresses: results.length, listed },
            },
            ctx.now(),
          ),
        );
        return { results, listed };
      },
    );

    app.get(
      "/audit",
      {
        onRequest: oversight,
        schema: {
          summary: "Read the audit log in order, filtered by actor pseudonym or action",
          description:
            "Entries with `seq` greater than `after_seq`, oldest first; pass `next_after_seq` for the next page (null on the last). Actors are pseudonyms (`u_…`) or `system`. Each read is itself logged (`audit.read`).",
          security: BEARER,
          querystring: z
            .object({
              after_seq: z.coerce.number().int().min(0).default(0),
              limit: z.coerce.number().int().min(1).max(500).default(100),
              actor: z
                .string()
                .regex(/^(u_[0-9a-f]{32}|system)$/, "must be a pseudonym like u_ and 32 hex digits, or system")
                .optional(),
              action: z
                .string()
                .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/, "must be an action like kyc.review")
                .max(64)
                .optional(),
            })
            .strict(),
          response: {
            200: z.object({ entries: z.array(AuditEntryView), next_after_seq: z.number().int().nullable() }),
          },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { after_seq: afterSeq, limit, actor, action } = request.query;
        const filters: SQL[] = [gt(auditLog.seq, afterSeq)];
        if (actor) filters.push(eq(auditLog.actor, actor));
        if (action) filters.push(eq(auditLog.action, action));
        const rows = await db
          .select()
          .from(auditLog)
          .where(and(...filters))
          .orderBy(asc(auditLog.seq))
          .limit(limit + 1);
        const page = rows.slice(0, limit);
        await db.transaction((tx) =>
          appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "audit.read",
              details: {
                after_seq: afterSeq,
                returned: page.length,
                ...(actor ? { actor } : {}),
                ...(action ? { action } : {}),
              },
            },
            ctx.now(),
          ),
        );
        return {
          entries: page.map((r) => ({
            seq: r.seq,
            at: r.at.toISOString(),
            actor: r.actor,
            action: r.action,
            target: r.target,
            details: r.details,
            prev_hash: r.prevHash,
            hash: r.hash,
          })),
          next_after_seq: rows.length > limit ? page[page.length - 1]!.seq : null,
        };
      },
    );

    app.get(
      "/audit/verify",
      {
        onRequest: oversight,
        schema: {
          summary: "Verify the audit log's hash chain from the first entry to the last",
          description:
            "Reports the first entry that was edited, removed or reordered. Deleting the newest entries cannot be seen from the chain alone: compare `entries` and `head_hash` with values recorded earlier. The check is logged (`audit.verify`) after it ran.",
          security: BEARER,
          response: { 200: AuditVerifyView },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const result = await verifyStoredAuditLog(db);
        const view: z.infer<typeof AuditVerifyView> = result.ok
          ? { ok: true, entries: result.entries, head_hash: result.headHash ?? null, problem: null }
          : {
              ok: false,
              entries: result.seq - 1,
              head_hash: result.headHash ?? null,
              problem: { seq: result.seq, message: result.problem },
            };
        await db.transaction((tx) =>
          appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "audit.verify",
              details: {
                ok: view.ok,
                entries: view.entries,
                ...(view.problem ? { broken_seq: view.problem.seq } : {}),
              },
            },
            ctx.now(),
          ),
        );
        return view;
      },
    );
  };
