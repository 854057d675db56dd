import {
  AUDIT_INSERT_COLUMNS,
  auditInsertParams,
  auditUnnest,
  type AuditedOperation,
  type Outcome,
} from "../compliance/auditGroupCommit.ts";
import type { Role } from "../db/schema.ts";

/**
 * The API's hot audited writes as {@link AuditedOperation}s: each runs a whole batch of requests in
 * one prepared statement (arrays unnested server-side), inside the group commit's transaction, so a
 * request costs its share of one round trip instead of a transaction of its own (see
 * docs/decisions/0014-api-durable-operations.md).
 */

/** A decision to store (`ai_decisions`), ids and times made by the API. */
export interface DecisionRow {
  readonly id: string;
  readonly userId: string;
  /** The audit log's actor (the user's pseudonym). */
  readonly actor: string;
  readonly asset: string;
  readonly action: string;
  /** Decimal strings, as `numeric` stores them. */
  readonly size: string;
  readonly stopLoss: string | null;
  readonly takeProfit: string | null;
  readonly confidenceScore: number;
  readonly reasoning: string;
  readonly modelVersion: string;
  readonly inputsHash: string;
  readonly risk: Record<string, unknown>;
  readonly createdAt: Date;
}

/** Stores decisions, one `ai.decision` audit entry each. */
export const storeDecisions: AuditedOperation<DecisionRow, void> = {
  name: "ai.decision",
  auditOf: (r) => ({
    actor: r.actor,
    action: "ai.decision",
    target: r.id,
    details: { asset: r.asset, action: r.action },
  }),
  async run(sql, rows, _now, entries) {
    // The rows and their audit entries (chained by the group commit) in one statement.
    await sql.query(
      "peper_ai_decisions_insert",
      `WITH decisions AS (
         INSERT INTO ai_decisions (id, user_id, asset, action, size, stop_loss, take_profit, confidence_score, reasoning, model_version, inputs_hash, risk, created_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::timestamptz[])
       )
       INSERT INTO audit_log ${AUDIT_INSERT_COLUMNS} SELECT * FROM ${auditUnnest(14)}`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.userId),
        rows.map((r) => r.asset),
        rows.map((r) => r.action),
        rows.map((r) => r.size),
        rows.map((r) => r.stopLoss),
        rows.map((r) => r.takeProfit),
        rows.map((r) => r.confidenceScore),
        rows.map((r) => r.reasoning),
        rows.map((r) => r.modelVersion),
        rows.map((r) => r.inputsHash),
        rows.map((r) => JSON.stringify(r.risk)),
        rows.map((r) => r.createdAt.toISOString()),
        ...auditInsertParams(entries),
      ],
    );
    return rows.map((): Outcome<void> => ({ value: undefined }));
  },
};

/** One refresh token to rotate: the presented token's hash, and its successor's id and hash. */
export interface RotationInput {
  readonly tokenHash: string;
  readonly nextId: string;
  readonly nextHash: string;
}

/** A rotation that happened: the session and what the new access token needs. */
export interface Rotated {
  readonly userId: string;
  readonly role: Role;
  readonly familyId: string;
  readonly expiresAt: Date;
  /** The session's sign-in time: its first token's creation (seconds since the epoch). */
  readonly authTime: number;
}

/**
 * Rotates refresh tokens in one statement: claims every presented token that is live (not revoked,
 * not expired) by setting `revoked_at` and `replaced_by`, inserts each claimed token's successor in
 * the same family, and answers the account's role and the session's sign-in time. A token that is
 * not claimed — unknown, expired, already used (reuse), or presented twice in the batch (one claim
 * wins) — answers `undefined` and nothing of it changes; the caller takes the careful path, which
 * names the problem and revokes a reused token's family.
 *
 * The sign-in time is the family's first token's creation: that token's id is the family's
 * (`startSession`), a primary-key lookup; families started before that (or whose first token is gone)
 * take the oldest token of the family, a scan of every token the session has had (one per refresh).
 */
export function rotateRefreshTokens(
  pseudonym: (userId: string) => string,
): AuditedOperation<RotationInput, Rotated | undefined> {
  return {
    name: "auth.refresh",
    async run(sql, inputs, now) {
      const rows = await sql.query<{
        next_id: string;
        user_id: string;
        family_id: string;
        expires_at: Date | string;
        role: Role;
        first_at: Date | string;
      }>(
        "peper_refresh_rotate",
        `WITH input AS (
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[]) AS i(token_hash, next_id, next_hash)
         ), claimed AS (
           UPDATE refresh_tokens t SET revoked_at = $4::timestamptz, replaced_by = i.next_id
           FROM input i
           WHERE t.token_hash = i.token_hash AND t.revoked_at IS NULL AND t.expires_at > $4::timestamptz
           RETURNING t.user_id, t.family_id, t.expires_at, i.next_id, i.next_hash
         ), successors AS (
           INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
           SELECT next_id, user_id, family_id, next_hash, expires_at FROM claimed
           RETURNING id
         )
         SELECT c.next_id, c.user_id, c.family_id, c.expires_at, u.role,
                COALESCE((SELECT f.created_at FROM refresh_tokens f WHERE f.id = c.family_id),
                         (SELECT min(f.created_at) FROM refresh_tokens f WHERE f.family_id = c.family_id)) AS first_at
         FROM claimed c JOIN global_users u ON u.id = c.user_id`,
        [
          inputs.map((i) => i.tokenHash),
          inputs.map((i) => i.nextId),
          inputs.map((i) => i.nextHash),
          new Date(now).toISOString(),
        ],
      );
      const byNext = new Map(rows.map((r) => [r.next_id, r]));
      return inputs.map((input): Outcome<Rotated | undefined> => {
        const row = byNext.get(input.nextId);
        if (!row) return { value: undefined };
        const expiresAt = new Date(row.expires_at);
        const firstAt = row.first_at === null ? now : new Date(row.first_at).getTime();
        return {
          value: {
            userId: row.user_id,
            role: row.role,
            familyId: row.family_id,
            expiresAt,
            authTime: Math.floor(firstAt / 1000),
          },
          audit: { actor: pseudonym(row.user_id), action: "auth.refresh", target: row.family_id },
        };
      });
    },
  };
}
