import { and, eq, isNull, sql } from "drizzle-orm";

import type { Queryable } from "../../compliance/auditStore.ts";
import type { Database } from "../../db/index.ts";
import { loginAttempts } from "../../db/schema.ts";
import { ApiError } from "../errors.ts";

/**
 * Password guessing, throttled per (account, source) rather than per account, so that nobody can lock
 * an owner out by failing on purpose from somewhere else:
 *
 * - **Per source.** After `perSource` failed sign-ins for an account from one IP within the window,
 *   that IP waits before its next try for that account: `delayMs`, doubling with each further
 *   failure, at most the window (429 `sign-in-throttled` with Retry-After, the same answer for right
 *   and wrong passwords). A success from that IP starts its count again.
 * - **Per IP.** `perIp` failures from one IP within the window, whatever the accounts, refuse that IP
 *   until the oldest leaves the window (429 `ip-throttled`).
 * - **Distributed guessing.** When an account collects `perAccount` failures within the window from
 *   all sources together, a password alone no longer signs in from a source that has not signed in
 *   to it successfully in the last 30 days: such a sign-in needs the account's TOTP code too, and is
 *   otherwise answered 429 `account-throttled` whether or not the password was right (passkeys are
 *   not affected). Known sources sign in as usual.
 * - **Only failures count**, after the password (and code) check — never a correct sign-in — and
 *   concurrent guesses stay bounded: each attempt reserves a slot (a `login_attempts` row with
 *   `success` NULL) and a source's failures plus its attempts in flight never exceed `perSource`;
 *   attempts beyond that wait (at most `maxWaitMs`) until one in flight ends. A success frees its
 *   slot, so a burst of correct sign-ins all get through, a few at a time. A reservation left in
 *   flight by a crashed process counts as a failure once it is a minute old.
 *
 * Reservations for one account (and for one IP) are serialised with PostgreSQL advisory locks, so the
 * bounds hold across API processes.
 */
export interface SignInLimits {
  /** Failures per account from one IP within the window before that IP waits (default 5). */
  readonly perSource: number;
  /** Failures from one IP within the window, any accounts, before it is refused (default 50). */
  readonly perIp: number;
  /** Failures per account within the window, all IPs, above which unknown sources need a second factor (default 100). */
  readonly perAccount: number;
  /** The window failures are counted in (default 15 minutes). */
  readonly windowMs: number;
  /** The first wait once a source reaches `perSource` (default 1 minute); doubled per further failure. */
  readonly delayMs: number;
  /** How long an attempt may wait for a slot before it is refused (default 10 s). */
  readonly maxWaitMs: number;
}

/** One reserved sign-in attempt. Settle it exactly once; later calls do nothing. */
export interface SignInAttempt {
  /**
   * True when the account is under distributed guessing and this source is not known to it: the
   * sign-in succeeds only with a valid second factor, and otherwise answers {@link accountThrottled}.
   */
  readonly secondFactorRequired: boolean;
  /** With {@link secondFactorRequired}: when to suggest trying again (ms). */
  readonly retryAfterMs: number;
  /** The credentials were right. */
  succeeded(): Promise<void>;
  /** The credentials were wrong (or the check could not finish). */
  failed(): Promise<void>;
  /** Neither: the attempt does not count (a sign-in that stopped to ask for the TOTP code). */
  abandon(): Promise<void>;
}

/** After this long in flight, a reservation counts as a failure (its process is presumed gone). */
const STALE_MS = 60_000;
/** A source that signed in successfully within this long is "known" to the account. */
const KNOWN_SOURCE_MS = 30 * 24 * 3600_000;
/** Advisory-lock namespaces (two-key form; arbitrary, fixed): "pe" + "ac" / "ip". */
const ACCOUNT_LOCK = 0x7065_6163;
const IP_LOCK = 0x7065_6970;
/** How often a waiting attempt looks again when nothing in this process wakes it. */
const POLL_MS = 50;

/** The 429 for a source or account that is throttled, with Retry-After in whole seconds. */
function throttled(code: string, message: string, retryAfterMs: number): ApiError {
  const seconds = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return new ApiError(429, code, message.replace("{s}", seconds), { headers: { "retry-after": seconds } });
}

/** The answer to a sign-in that needs a second factor under distributed guessing (see {@link SignInLimits}). */
export const accountThrottled = (retryAfterMs: number): ApiError =>
  throttled(
    "account-throttled",
    "This account is receiving many failed sign-ins; from a new place it needs your authenticator code (or a passkey). Try again in {s} s or from a device you used before.",
    retryAfterMs,
  );

type Decision =
  | {
      readonly kind: "reserved";
      readonly id: number;
      readonly secondFactorRequired: boolean;
      readonly retryAfterMs: number;
    }
  | { readonly kind: "refused"; readonly error: ApiError }
  | { readonly kind: "wait" };

/** The sign-in throttle of one API process (state in `login_attempts`, shared by all processes). */
export class SignInThrottle {
  private readonly db: Database;
  private readonly now: () => number;
  readonly limits: SignInLimits;
  /** Attempts waiting for a slot, by e-mail: woken when an attempt for that e-mail settles here. */
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(db: Database, now: () => number, limits: SignInLimits) {
    this.db = db;
    this.now = now;
    this.limits = limits;
  }

  /**
   * Reserves a slot for one sign-in as `email` (lower-cased) from `ip`, waiting while the source's
   * attempts in flight fill its allowance. Settle the returned attempt once the credentials are
   * checked.
   *
   * @throws {ApiError} 429 `sign-in-throttled`, `ip-throttled` (with Retry-After).
   */
  async reserve(email: string, ip: string): Promise<SignInAttempt> {
    const deadline = performance.now() + this.limits.maxWaitMs;
    for (;;) {
      const decision = await this.db.transaction((tx) => this.decide(tx, email, ip));
      if (decision.kind === "refused") throw decision.error;
      if (decision.kind === "reserved") return this.attempt(decision, email);
      if (performance.now() > deadline) {
        throw throttled(
          "sign-in-throttled",
          "Too many sign-ins for this account from your address at once; try again in {s} s.",
          1000,
        );
      }
      await this.nextSettle(email);
    }
  }

  private async decide(tx: Queryable, email: string, ip: string): Promise<Decision> {
    const { perSource, perIp, perAccount, windowMs, delayMs } = this.limits;
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${ACCOUNT_LOCK}::int, hashtext(${email}))`);
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${IP_LOCK}::int, hashtext(${ip}))`);
    const now = this.now();
    const since = new Date(now - windowMs).toISOString();
    const stale = new Date(now - STALE_MS).toISOString();
    // A failure: marked so, or left in flight by a process that is gone.
    const failed = sql`(${loginAttempts.success} = false OR (${loginAttempts.success} IS NULL AND ${loginAttempts.at} <= ${stale}::timestamptz))`;
    const inFlight = sql`(${loginAttempts.success} IS NULL AND ${loginAttempts.at} > ${stale}::timestamptz)`;

    const [byIp] = await tx
      .select({
        failures: sql<number>`count(*) FILTER (WHERE ${failed})::int`,
        inFlight: sql<number>`count(*) FILTER (WHERE ${inFlight})::int`,
        oldestFailure: sql<string | Date | null>`min(${loginAttempts.at}) FILTER (WHERE ${failed})`,
      })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.ip, ip), sql`${loginAttempts.at} > ${since}::timestamptz`));
    const ipFailures = byIp?.failures ?? 0;
    if (ipFailures >= perIp) {
      return {
        kind: "refused",
        error: throttled(
          "ip-throttled",
          "Too many failed sign-ins from your address; try again in {s} s.",
          time(byIp?.oldestFailure) + windowMs - now,
        ),
      };
    }

    // This source's count starts again after its last success for the account.
    const [reset] = await tx
      .select({ at: sql<string | Date | null>`max(${loginAttempts.at})` })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.email, email),
          eq(loginAttempts.ip, ip),
          eq(loginAttempts.success, true),
          sql`${loginAttempts.at} > ${since}::timestamptz`,
        ),
      );
    const sourceSince = reset?.at ? new Date(reset.at).toISOString() : since;
    const fromHere = sql`(${loginAttempts.ip} = ${ip} AND ${loginAttempts.at} > ${sourceSince}::timestamptz)`;
    const [byAccount] = await tx
      .select({
        sourceFailures: sql<number>`count(*) FILTER (WHERE ${fromHere} AND ${failed})::int`,
        sourceLastFailure: sql<string | Date | null>`max(${loginAttempts.at}) FILTER (WHERE ${fromHere} AND ${failed})`,
        sourceInFlight: sql<number>`count(*) FILTER (WHERE ${loginAttempts.ip} = ${ip} AND ${inFlight})::int`,
        accountFailures: sql<number>`count(*) FILTER (WHERE ${failed})::int`,
        accountOldestFailure: sql<string | Date | null>`min(${loginAttempts.at}) FILTER (WHERE ${failed})`,
      })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), sql`${loginAttempts.at} > ${since}::timestamptz`));
    const sourceFailures = byAccount?.sourceFailures ?? 0;
    const sourceInFlight = byAccount?.sourceInFlight ?? 0;

    if (sourceFailures >= perSource) {
      // Past the allowance: one try at a time, each after a wait that doubles with every failure.
      const wait = Math.min(windowMs, delayMs * 2 ** (sourceFailures - perSource));
      const readyAt = time(byAccount?.sourceLastFailure) + wait;
      if (now < readyAt) {
        return {
          kind: "refused",
          error: throttled(
            "sign-in-throttled",
            "Too many failed sign-ins for this account from your address; try again in {s} s.",
            readyAt - now,
          ),
        };
      }
      if (sourceInFlight > 0) return { kind: "wait" };
    } else if (sourceFailures + sourceInFlight >= perSource) {
      return { kind: "wait" };
    }
    if (ipFailures + (byIp?.inFlight ?? 0) >= perIp) return { kind: "wait" };

    let secondFactorRequired = false;
    if ((byAccount?.accountFailures ?? 0) >= perAccount) {
      const [known] = await tx
        .select({ id: loginAttempts.id })
        .from(loginAttempts)
        .where(
          and(
            eq(loginAttempts.email, email),
            eq(loginAttempts.ip, ip),
            eq(loginAttempts.success, true),
            sql`${loginAttempts.at} > ${new Date(now - KNOWN_SOURCE_MS).toISOString()}::timestamptz`,
          ),
        )
        .limit(1);
      secondFactorRequired = known === undefined;
    }
    const [row] = await tx
      .insert(loginAttempts)
      .values({ email, ip, at: new Date(now), success: null })
      .returning({ id: loginAttempts.id });
    // When the distributed-guessing state may lift: once its oldest failure leaves the window.
    const retryAfterMs = Math.max(1000, time(byAccount?.accountOldestFailure) + windowMs - now);
    return { kind: "reserved", id: row!.id, secondFactorRequired, retryAfterMs };
  }

  private attempt(
    { id, secondFactorRequired, retryAfterMs }: Decision & { kind: "reserved" },
    email: string,
  ): SignInAttempt {
    let settled = false;
    const settle = async (work: () => Promise<unknown>) => {
      if (settled) return;
      settled = true;
      try {
        await work();
      } finally {
        this.wake(email);
      }
    };
    const open = and(eq(loginAttempts.id, id), isNull(loginAttempts.success));
    return {
      secondFactorRequired,
      retryAfterMs,
      succeeded: () => settle(() => this.db.update(loginAttempts).set({ success: true }).where(open)),
      failed: () => settle(() => this.db.update(loginAttempts).set({ success: false }).where(open)),
      abandon: () => settle(() => this.db.delete(loginAttempts).where(open)),
    };
  }

  /** Resolves when an attempt for `email` settles in this process, or after {@link POLL_MS}. */
  private nextSettle(email: string): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiting.get(email);
      if (!set) this.waiting.set(email, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiting.get(email) === set) this.waiting.delete(email);
        resolve();
      };
      const timer = setTimeout(done, POLL_MS);
      set.add(done);
    });
  }

  private wake(email: string): void {
    for (const done of [...(this.waiting.get(email) ?? [])]) done();
  }
}

/** A timestamp read back from the database (a Date on node-postgres, a string on some drivers), in ms. */
function time(value: string | Date | null | undefined): number {
  return value ? new Date(value).getTime() : 0;
}

/**
 * Checks a password re-entered by a signed-in user (erasure, a password change) through the throttle,
 * as a sign-in from `ip` would be, so a stolen access token cannot be used to guess the password.
 *
 * @throws {ApiError} 429 when the source is throttled.
 */
export async function verifyReentered(
  throttle: SignInThrottle,
  email: string,
  ip: string,
  check: () => Promise<boolean>,
): Promise<boolean> {
  const attempt = await throttle.reserve(email, ip);
  try {
    const ok = await check();
    await (ok ? attempt.succeeded() : attempt.failed());
    return ok;
  } finally {
    await attempt.failed();
  }
}
