import { createHash } from "node:crypto";

import type { PeperDatabase } from "../db/index.ts";
import { AuditGroupCommit } from "../compliance/auditGroupCommit.ts";
import { pseudonymizer } from "../compliance/pseudonym.ts";
import type { SanctionsEntry } from "../compliance/sanctions.ts";
import type { DecisionEngine } from "../models/decisionModel.ts";
import type { AccessCheck, RealtimeOptions, RoomServerContext } from "../realtime/options.ts";
import { SessionRegistry } from "./auth/sessions.ts";
import { SignInThrottle } from "./auth/throttle.ts";
import type { ChainAccess } from "./chain.ts";

/**
 * The secrets the API holds. Both at least 32 bytes; `npm start` generates them once into
 * `.peper/api-secrets.json`, production passes PEPER_JWT_SECRET and PEPER_DATA_KEY.
 */
export interface ApiSecrets {
  /** Signs access tokens (HS256). */
  readonly jwtSecret: string;
  /** Encrypts secrets at rest (TOTP seeds) and keys the audit log's pseudonyms. */
  readonly dataKey: string;
}

/** What the API needs from the outside, passed in (I/O at the edges; tests pass their own). */
export interface ApiDependencies {
  readonly decisionEngine: DecisionEngine;
  readonly database: PeperDatabase;
  readonly secrets: ApiSecrets;
  /**
   * The chains the API reads and relays to (DeFi operations, certificates, institutional positions).
   * Without it, those routes answer 503 "chain-unavailable" (certificates are queued, never lost).
   */
  readonly chain?: ChainAccess;
  /** Sanctioned addresses (see `compliance/sanctions.ts`); default: the shipped test list. */
  readonly sanctions?: ReadonlyMap<string, SanctionsEntry>;
  /** The relying party for passkeys: the dApp's origin and host name. */
  readonly webauthn?: { readonly rpId: string; readonly rpName: string; readonly origins: readonly string[] };
  /** Realtime rooms: `redisUrl` shares them between API processes (REDIS_URL); limits for tests and benchmarks. */
  readonly realtime?: RealtimeOptions;
  /**
   * The e-mail that becomes admin when it registers while no admin exists (PEPER_BOOTSTRAP_ADMIN_EMAIL),
   * so a fresh installation can be administered without shell access to the database.
   */
  readonly bootstrapAdminEmail?: string;
  /** The clock (ms since the epoch); tests move it. */
  readonly now?: () => number;
}

/** Limits that differ between production, tests and benchmarks. */
export interface ApiLimits {
  /** Requests per minute per client IP on the sign-in routes (default 30). */
  readonly authPerMinute: number;
  /** Requests per minute per client IP on every other route (default 1200). */
  readonly perMinute: number;
  /**
   * Failed sign-ins for one account from one IP within `signInWindowMs` before that IP waits for that
   * account (default 5); see `auth/throttle.ts`.
   */
  readonly signInFailuresPerSource: number;
  /** Failed sign-ins from one IP within `signInWindowMs`, any accounts, before that IP is refused (default 50). */
  readonly signInFailuresPerIp: number;
  /**
   * Failed sign-ins for one account within `signInWindowMs`, from all IPs, above which a sign-in from
   * an IP the account has not used needs its TOTP code (default 100).
   */
  readonly signInFailuresPerAccount: number;
  /** The window sign-in failures are counted in (default 15 minutes). */
  readonly signInWindowMs: number;
  /** The first wait of a source that reached its allowance; doubled per further failure (default 1 minute). */
  readonly signInDelayMs: number;
  /**
   * How long this process trusts a looked-up session and account state (default 5 s): the bound on
   * how late a logout, erasure or role change made by another process reaches this one's guards.
   */
  readonly sessionCacheMs: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  authPerMinute: 30,
  perMinute: 1200,
  signInFailuresPerSource: 5,
  signInFailuresPerIp: 50,
  signInFailuresPerAccount: 100,
  signInWindowMs: 15 * 60_000,
  signInDelayMs: 60_000,
  sessionCacheMs: 5_000,
};

/** Everything a route module receives: the dependencies, resolved defaults and shared helpers. */
export interface ApiContext extends ApiDependencies, RoomServerContext {
  readonly now: () => number;
  readonly sanctions: ReadonlyMap<string, SanctionsEntry>;
  readonly limits: ApiLimits;
  /** The access-token signing key. */
  readonly jwtKey: Uint8Array;
  /** The 32-byte key for encryption at rest, derived from `secrets.dataKey`. */
  readonly encryptionKey: Buffer;
  /** The audit log's pseudonym of a user id (HMAC keyed by the data key): stable, not reversible. */
  pseudonym(userId: string): string;
  /**
   * Whether access tokens' sign-ins are still live (per request, cached); the paths that end a
   * sign-in call its `forgetUser`/`forgetSession` after their transaction commits.
   */
  readonly sessions: SessionRegistry;
  /** Throttles password guessing per (account, source); every password check goes through it. */
  readonly signIns: SignInThrottle;
  /**
   * The audit log's group commit (one per process): the hot audited writes (a stored decision, a
   * refresh-token rotation) go through it, many requests per transaction; see `compliance/auditGroupCommit.ts`.
   */
  readonly auditCommits: AuditGroupCommit;
}

export function createContext(
  deps: ApiDependencies,
  limits: Partial<ApiLimits>,
  sanctions: ReadonlyMap<string, SanctionsEntry>,
): ApiContext {
  const jwt = new TextEncoder().encode(deps.secrets.jwtSecret);
  if (jwt.length < 32) throw new Error("The JWT secret (PEPER_JWT_SECRET) must be at least 32 bytes.");
  if (Buffer.byteLength(deps.secrets.dataKey) < 32) {
    throw new Error("The data key (PEPER_DATA_KEY) must be at least 32 bytes.");
  }
  const encryptionKey = createHash("sha256").update("peper/encryption/v1").update(deps.secrets.dataKey).digest();
  const now = deps.now ?? Date.now;
  const resolvedLimits: ApiLimits = { ...DEFAULT_LIMITS, ...limits };
  const sessions = new SessionRegistry(deps.database.db, now, jwt, {
    ttlMs: resolvedLimits.sessionCacheMs,
    maxEntries: 100_000,
  });
  return {
    ...deps,
    now,
    auditCommits: new AuditGroupCommit(deps.database, { now }),
    sanctions: deps.sanctions ?? sanctions,
    limits: resolvedLimits,
    jwtKey: jwt,
    encryptionKey,
    pseudonym: remembered(pseudonymizer(deps.secrets.dataKey), 10_000),
    sessions,
    signIns: new SignInThrottle(deps.database.db, now, {
      perSource: resolvedLimits.signInFailuresPerSource,
      perIp: resolvedLimits.signInFailuresPerIp,
      perAccount: resolvedLimits.signInFailuresPerAccount,
      windowMs: resolvedLimits.signInWindowMs,
      delayMs: resolvedLimits.signInDelayMs,
      maxWaitMs: 10_000,
    }),
    async checkAccessToken(token): Promise<AccessCheck> {
      const auth = await sessions.authenticate(token);
      if (auth.ok) return { ok: true, userId: auth.claims.sub, expiresAt: auth.claims.exp * 1000 };
      return auth.code === "token-expired"
        ? { ok: false, problem: "expired", reason: "access token expired: refresh it and reconnect" }
        : { ok: false, problem: "invalid", reason: "access token not valid: sign in again" };
    },
  };
}

/**
 * `f` with its last `max` answers kept (the pseudonym is an HMAC per audited request; the same users
 * call again and again). Only for pure functions.
 */
function remembered(f: (key: string) => string, max: number): (key: string) => string {
  const known = new Map<string, string>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = f(key);
      if (known.size >= max) known.delete(known.keys().next().value!);
      known.set(key, value);
    }
    return value;
  };
}

export { ApiError, notFound } from "./errors.ts";
