/**
 * The compliance and privacy pages' shapes and checks: roles from the session's access token, the KYC
 * submission and review forms, the audit log's query and the GDPR export and erasure
 * (offchain/src/api/routes/compliance.ts, privacy.ts, auth.ts). Checked before anything is sent.
 */
export const ROLES = ["user", "institutional", "educator", "compliance_officer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who may review KYC submissions (the API admits compliance officers only, not admins). */
export const REVIEW_ROLES: readonly Role[] = ["compliance_officer"];
/** Who may read and verify the audit log. */
export const AUDIT_ROLES: readonly Role[] = ["compliance_officer", "admin"];
/** Who may create and publish courses. */
export const AUTHOR_ROLES: readonly Role[] = ["educator", "admin"];

const isRole = (value: unknown): value is Role =>
  typeof value === "string" && (ROLES as readonly string[]).includes(value);

/**
 * The role in an access token (a JWT whose payload carries `role`): the role the API checks, which
 * changes only when the session is refreshed or signed in again. Not verified here — the API does
 * that; this only decides what to offer. undefined for anything that is not such a token.
 */
export function roleOfAccessToken(token: string): Role | undefined {
  const payload = token.split(".")[1];
  if (!payload || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const json = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="))) as unknown;
    const role = typeof json === "object" && json !== null ? (json as { role?: unknown }).role : undefined;
    return isRole(role) ? role : undefined;
  } catch {
    return undefined;
  }
}

export const allows = (role: Role | undefined, roles: readonly Role[]): boolean =>
  role !== undefined && roles.includes(role);

// ---------------------------------------------------------------------------------------------------
// KYC
// ---------------------------------------------------------------------------------------------------

export type KycState = "not_submitted" | "pending" | "verified" | "rejected";

export interface KycView {
  status: KycState;
  reference: string | null;
  updated_at: string | null;
  reviewed_at: string | null;
  reason: string | null;
}

export interface KycQueueItem {
  user_id: string;
  region: string;
  reference: string;
  submitted_at: string;
}

export interface KycQueuePage {
  items: KycQueueItem[];
  next_cursor: string | null;
}

export type ReferenceCheck =
  { ok: true; reference: string } | { ok: false; key: "referenceMissing" | "referenceTooLong" | "referenceInvalid" };

/** The KYC provider's case reference as the API takes it: 1–128 of letters, digits and `. _ : -`. */
export function checkKycReference(input: string): ReferenceCheck {
  const reference = input.trim();
  if (reference.length === 0) return { ok: false, key: "referenceMissing" };
  if (reference.length > 128) return { ok: false, key: "referenceTooLong" };
  if (!/^[A-Za-z0-9._:-]+$/.test(reference)) return { ok: false, key: "referenceInvalid" };
  return { ok: true, reference };
}

export type ReviewDecision = "verified" | "rejected";

export type ReviewCheck =
  | { ok: true; body: { status: ReviewDecision; reason?: string } }
  | { ok: false; key: "decisionMissing" | "reasonMissing" | "reasonTooLong" };

/** A review: verified (a reason optional) or rejected (a reason the user can act on, required). */
export function checkReview(decision: ReviewDecision | undefined, reasonInput: string): ReviewCheck {
  if (decision === undefined) return { ok: false, key: "decisionMissing" };
  const reason = reasonInput.trim();
  if (reason.length > 2000) return { ok: false, key: "reasonTooLong" };
  if (decision === "rejected" && reason.length === 0) return { ok: false, key: "reasonMissing" };
  return { ok: true, body: { status: decision, ...(reason ? { reason } : {}) } };
}

// ---------------------------------------------------------------------------------------------------
// Audit log
// ---------------------------------------------------------------------------------------------------

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  next_after_seq: number | null;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  head_hash: string | null;
  problem: { seq: number; message: string } | null;
}

export type AuditFilterCheck =
  { ok: true; filter: { actor?: string; action?: string } } | { ok: false; key: "actorInvalid" | "actionInvalid" };

/** The audit log's filters as the API takes them: an actor pseudonym (`u_` + 32 hex) or `system`, an action like `kyc.review`. */
export function checkAuditFilter(actorInput: string, actionInput: string): AuditFilterCheck {
  const actor = actorInput.trim();
  const action = actionInput.trim();
  if (actor && !/^(u_[0-9a-f]{32}|system)$/.test(actor)) return { ok: false, key: "actorInvalid" };
  if (action && (action.length > 64 || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(action))) {
    return { ok: false, key: "actionInvalid" };
  }
  return { ok: true, filter: { ...(actor ? { actor } : {}), ...(action ? { action } : {}) } };
}

/** GET /compliance/audit for the page after `afterSeq`. */
export function auditPath(afterSeq: number, limit: number, filter: { actor?: string; action?: string }): string {
  const query = new URLSearchParams({ after_seq: String(afterSeq), limit: String(limit) });
  if (filter.actor) query.set("actor", filter.actor);
  if (filter.action) query.set("action", filter.action);
  return `/compliance/audit?${query.toString()}`;
}

/** A long hash or pseudonym shortened for a table cell: the start and the end. */
export function shortHash(value: string, head = 10, tail = 6): string {
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`;
}

// ---------------------------------------------------------------------------------------------------
// GDPR
// ---------------------------------------------------------------------------------------------------

/** The file name the API's Content-Disposition gives the export: peper-export-<day of export>.json. */
export function exportFileName(exportedAt: unknown): string {
  const day = typeof exportedAt === "string" && /^\d{4}-\d{2}-\d{2}/.test(exportedAt) ? exportedAt.slice(0, 10) : "";
  return day ? `peper-export-${day}.json` : "peper-export.json";
}

/** What an account without a password types to confirm its erasure (the API compares it exactly). */
export const eraseConfirmation = (email: string): string => `ERASE ${email}`;

export type EraseCheck =
  { ok: true; body: { confirm: string; password?: string } } | { ok: false; key: "confirmMismatch" };

/**
 * The erasure request: the typed confirmation must be exactly `ERASE <e-mail>`, case and all, apart
 * from spaces around it (checked here, so a typo sends nothing); the password is sent when given (accounts with one must re-enter it).
 */
export function checkErase(email: string, typed: string, password: string): EraseCheck {
  const expected = eraseConfirmation(email);
  if (email.length === 0 || typed.trim() !== expected) return { ok: false, key: "confirmMismatch" };
  return { ok: true, body: { confirm: expected, ...(password ? { password } : {}) } };
}
