import { createHash } from "node:crypto";

/**
 * The tamper-evident audit log: every state-changing call appends an entry whose `hash` covers its
 * content and the previous entry's hash, so editing, deleting or reordering any entry breaks every
 * hash after it. `verifyAuditChain` (run by `npm run audit:verify` over the database) finds the first
 * broken link.
 */
export interface AuditContent {
  /** Position in the log, from 1, without gaps. */
  readonly seq: number;
  /** ISO 8601 time. */
  readonly at: string;
  /** Who acted: a user id, "system", or a pseudonymous hash after GDPR erasure. */
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends AuditContent {
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** sha256(prevHash ‖ canonical JSON of the content), hex. */
export function auditHash(prevHash: string, content: AuditContent): string {
  return createHash("sha256").update(prevHash).update(canonicalJson(content)).digest("hex");
}

/** The entry that follows `previous` (or starts the log). */
export function nextAuditEntry(
  previous: Pick<AuditEntry, "seq" | "hash"> | undefined,
  content: Omit<AuditContent, "seq">,
): AuditEntry {
  const full: AuditContent = { ...content, seq: (previous?.seq ?? 0) + 1 };
  const prevHash = previous?.hash ?? GENESIS_HASH;
  return { ...full, prevHash, hash: auditHash(prevHash, full) };
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; seq: number; problem: string };

/**
 * Checks a log entry by entry, in order, holding only the last hash: `push` each entry and stop at the
 * first problem it returns; `result()` is the verdict so far.
 */
export function auditChainVerifier(): {
  push(entry: AuditEntry): AuditVerification | undefined;
  result(): AuditVerification;
} {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let failure: AuditVerification | undefined;
  return {
    push(e) {
      if (failure) return failure;
      if (e.seq !== expectedSeq) {
        failure = { ok: false, seq: expectedSeq, problem: `entry ${expectedSeq} is missing (found ${e.seq} next)` };
      } else if (e.prevHash !== prevHash) {
        failure = { ok: false, seq: e.seq, problem: "its link to the previous entry is broken" };
      } else {
        const content: AuditContent = {
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          action: e.action,
          target: e.target,
          details: e.details,
        };
        if (auditHash(prevHash, content) !== e.hash) {
          failure = { ok: false, seq: e.seq, problem: "its content was changed" };
        } else {
          prevHash = e.hash;
          expectedSeq++;
        }
      }
      return failure;
    },
    result: () => failure ?? { ok: true, entries: expectedSeq - 1 },
  };
}

/** Walks the log in order and reports the first entry that was edited, removed or reordered. */
export function verifyAuditChain(entries: Iterable<AuditEntry>): AuditVerification {
  const verifier = auditChainVerifier();
  for (const e of entries) if (verifier.push(e)) break;
  return verifier.result();
}
