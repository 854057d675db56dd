import { asc, desc, sql } from "drizzle-orm";

import type { Database } from "../db/index.ts";
import { auditLog } from "../db/schema.ts";
import { auditChainVerifier, nextAuditEntry, type AuditEntry, type AuditVerification } from "./audit.ts";

/** A database or an open transaction (both have the same query API). */
export type Queryable = Pick<Database, "select" | "insert" | "update" | "delete" | "execute">;

/** What a caller says about a state change; `seq`, the time and the hashes are filled in. */
export interface AuditRecord {
  /** Who acted: a user's pseudonym (`ApiContext.pseudonym`), or "system". Never an e-mail or a name. */
  readonly actor: string;
  /** What was done, as `<area>.<verb>` ("user.register", "kyc.review"). */
  readonly action: string;
  /** What it was done to (an id); "" when nothing in particular. */
  readonly target?: string;
  /** Non-personal details (ids, statuses, amounts); never secrets or personal data. */
  readonly details?: Record<string, unknown>;
}

/**
 * The advisory-lock key that serialises appends (arbitrary, fixed: "peper-audit"). Appends from
 * several transactions or API processes queue on it, so the chain never forks; the lock is released
 * when the caller's transaction ends.
 */
export const AUDIT_LOCK_KEY = 0x7065706572_6175n;

/**
 * Appends an entry to the audit log. Call it inside the transaction that makes the change, so the
 * change and its entry commit together or not at all.
 */
export async function appendAudit(tx: Queryable, record: AuditRecord, now = Date.now()): Promise<AuditEntry> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY.toString()}::bigint)`);
  const [last] = await tx.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const previous = last ? toEntry(last) : undefined;
  // Millisecond precision: what is hashed is exactly what reads back.
  const at = new Date(Math.floor(now));
  const entry = nextAuditEntry(previous, {
    at: at.toISOString(),
    actor: record.actor,
    action: record.action,
    target: record.target ?? "",
    details: record.details ?? {},
  });
  await tx.insert(auditLog).values({
    seq: entry.seq,
    at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    details: { ...entry.details },
    prevHash: entry.prevHash,
    hash: entry.hash,
  });
  return entry;
}

function toEntry(row: typeof auditLog.$inferSelect): AuditEntry {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** The whole log in order, page by page (bounded memory per page). */
export async function* readAuditLog(db: Queryable, pageSize = 1000): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.seq} > ${after}`)
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of rows) yield toEntry(row);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/**
 * Verifies the stored chain (see `verifyAuditChain`). Reads page by page and keeps only the last
 * hash, so memory stays flat whatever the size of the log. Deleting the newest entries cannot be
 * seen from the chain alone: compare `entries` with a count kept elsewhere (`npm run audit:verify`
 * prints the head hash to record).
 */
export async function verifyStoredAuditLog(
  db: Queryable,
  onProgress?: (checked: number) => void,
): Promise<AuditVerification & { headHash: string | undefined }> {
  const verifier = auditChainVerifier();
  let headHash: string | undefined;
  let checked = 0;
  for await (const entry of readAuditLog(db)) {
    if (verifier.push(entry)) break;
    headHash = entry.hash;
    if (++checked % 10_000 === 0) onProgress?.(checked);
  }
  return { ...verifier.result(), headHash };
}
