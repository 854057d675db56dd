import { eq, sql } from "drizzle-orm";

import type { Database } from "../../db/index.ts";
import { globalUsers, refreshTokens, type Role } from "../../db/schema.ts";
import { TokenError, verifyAccessToken, type VerifiedAccessClaims } from "./tokens.ts";

/**
 * Whether an access token's sign-in is still live, checked on every authenticated request (HTTP and
 * WebSocket): the account must exist, the token's session (its refresh-token family) must not have
 * ended — logout, reuse detection and a password change revoke it — and the account's role must still
 * be the one in the token.
 *
 * The check is one indexed lookup (`global_users` by primary key, `refresh_tokens` by family), cached
 * in this process for `ttlMs` per user and per session so a request normally pays a map lookup. The
 * paths that end sign-ins in this process (logout, erasure, a password or role change, refresh-token
 * reuse) drop the entries they affect once their transaction has committed, so here the change is
 * seen at once; another API process (or `npm run api:admin`) is seen within `ttlMs`.
 */
export type SessionVerdict = { readonly live: true } | { readonly live: false; readonly problem: SessionProblem };

/**
 * Why a sign-in is no longer live. "account-gone": erased (or never existed); "session-ended": signed
 * out, the password changed, or the session's refresh token was reused; "role-changed": refresh to
 * get a token with the new role.
 */
export type SessionProblem = "account-gone" | "session-ended" | "role-changed";

/** The outcome of authenticating a bearer token: its claims, or what to answer (always a 401). */
export type Authentication =
  | { readonly ok: true; readonly claims: VerifiedAccessClaims }
  | {
      readonly ok: false;
      /** "token-expired": refresh and retry; "unauthenticated": sign in again. */
      readonly code: "token-expired" | "unauthenticated";
      /** A message the client can act on. */
      readonly message: string;
    };

export interface SessionCacheOptions {
  /** How long a looked-up state is trusted (ms); the bound on how late another process's change is seen. */
  readonly ttlMs: number;
  /** At most this many users and as many sessions are cached (the oldest are dropped first). */
  readonly maxEntries: number;
}

interface UserState {
  /** null: the account does not exist. */
  readonly role: Role | null;
  readonly at: number;
}

interface SessionState {
  readonly userId: string;
  readonly live: boolean;
  readonly at: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The messages of the 401 answers, one per problem. */
export const SESSION_MESSAGES: Readonly<Record<SessionProblem, string>> = {
  "account-gone": "This account no longer exists; sign in with another account.",
  "session-ended": "This sign-in has ended (signed out, or the password was changed); sign in again.",
  "role-changed": "The account's role changed since this token was issued; get a new token from /api/v5/auth/refresh.",
};

/** The per-request check of {@link SessionVerdict}, with its cache. One per API process. */
export class SessionRegistry {
  private readonly db: Database;
  private readonly now: () => number;
  private readonly jwtKey: Uint8Array;
  private readonly options: SessionCacheOptions;
  private readonly users = new Map<string, UserState>();
  private readonly sessions = new Map<string, SessionState>();
  /** Lookups under way, shared by concurrent requests for the same user and session. */
  private readonly loading = new Map<string, Promise<{ user: UserState; session: SessionState }>>();
  /**
   * Access tokens whose signature and claims were verified, by the token's text: the same text was
   * signed by the same key, so only its expiry needs checking again (HMAC verification is the largest
   * fixed cost of an authenticated request). Bounded like the other caches.
   */
  private readonly verified = new Map<string, VerifiedAccessClaims>();
  /** Bumped by every invalidation: a lookup that started before one does not fill the cache. */
  private epoch = 0;
  /** Cache hits and database lookups since start (for tests and metrics). */
  readonly stats = { hits: 0, lookups: 0 };

  constructor(db: Database, now: () => number, jwtKey: Uint8Array, options: SessionCacheOptions) {
    this.db = db;
    this.now = now;
    this.jwtKey = jwtKey;
    this.options = options;
  }

  /**
   * Verifies a bearer token (signature, expiry) and checks that its sign-in is live. Never throws for
   * a bad token: the answer says which 401 to send.
   */
  async authenticate(token: string): Promise<Authentication> {
    let claims: VerifiedAccessClaims;
    try {
      claims = await this.verify(token);
    } catch (error) {
      if (error instanceof TokenError && error.reason === "expired") {
        return {
          ok: false,
          code: "token-expired",
          message: "The access token has expired; get a new one from /api/v5/auth/refresh.",
        };
      }
      return { ok: false, code: "unauthenticated", message: "The access token is not valid; sign in again." };
    }
    const verdict = await this.check(claims);
    if (verdict.live) return { ok: true, claims };
    return {
      ok: false,
      code: verdict.problem === "role-changed" ? "token-expired" : "unauthenticated",
      message: SESSION_MESSAGES[verdict.problem],
    };
  }

  /** The token's verified claims, from the cache while it has not expired (as `verifyAccessToken` decides). */
  private async verify(token: string): Promise<VerifiedAccessClaims> {
    const now = this.now();
    const known = this.verified.get(token);
    if (known && Math.floor(now / 1000) < known.exp) return known;
    if (known) this.verified.delete(token);
    const claims = await verifyAccessToken(token, this.jwtKey, now);
    remember(this.verified, token, claims, this.options.maxEntries);
    return claims;
  }

  /** Whether the sign-in behind these (verified) claims is live. */
  async check(claims: { readonly sub: string; readonly sid: string; readonly role: Role }): Promise<SessionVerdict> {
    // Our tokens always carry UUIDs; anything else cannot name an account or a session.
    if (!UUID.test(claims.sub)) return { live: false, problem: "account-gone" };
    if (!UUID.test(claims.sid)) return { live: false, problem: "session-ended" };
    const cutoff = performance.now() - this.options.ttlMs;
    let user = this.users.get(claims.sub);
    let session = this.sessions.get(claims.sid);
    if (user && user.at > cutoff && session && session.at > cutoff) {
      this.stats.hits++;
    } else {
      ({ user, session } = await this.load(claims.sub, claims.sid));
    }
    if (user.role === null) return { live: false, problem: "account-gone" };
    if (!session.live || session.userId !== claims.sub) return { live: false, problem: "session-ended" };
    if (user.role !== claims.role) return { live: false, problem: "role-changed" };
    return { live: true };
  }

  /**
   * Whether the account exists, read from the database (not the cache). A request that failed on a
   * missing user row (a foreign key) asks this to answer 401 rather than 500.
   */
  async accountExists(userId: string): Promise<boolean> {
    if (!UUID.test(userId)) return false;
    const [row] = await this.db.select({ id: globalUsers.id }).from(globalUsers).where(eq(globalUsers.id, userId));
    if (!row) this.forgetUser(userId);
    return row !== undefined;
  }

  /** Forget what is cached about a user and their sessions (erasure, a role or password change). */
  forgetUser(userId: string): void {
    this.epoch++;
    this.loading.clear();
    this.users.delete(userId);
    for (const [sid, state] of this.sessions) if (state.userId === userId) this.sessions.delete(sid);
  }

  /** Forget what is cached about one session (logout, refresh-token reuse). */
  forgetSession(sessionId: string): void {
    this.epoch++;
    this.loading.clear();
    this.sessions.delete(sessionId);
  }

  private load(userId: string, sessionId: string): Promise<{ user: UserState; session: SessionState }> {
    const key = `${userId}/${sessionId}`;
    let pending = this.loading.get(key);
    if (!pending) {
      const epoch = this.epoch;
      pending = this.lookup(userId, sessionId)
        .then((found) => {
          if (epoch === this.epoch) {
            remember(this.users, userId, found.user, this.options.maxEntries);
            remember(this.sessions, sessionId, found.session, this.options.maxEntries);
          }
          return found;
        })
        .finally(() => {
          if (this.loading.get(key) === pending) this.loading.delete(key);
        });
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async lookup(userId: string, sessionId: string): Promise<{ user: UserState; session: SessionState }> {
    this.stats.lookups++;
    const now = new Date(this.now()).toISOString();
    const [row] = await this.db
      .select({
        role: globalUsers.role,
        live: sql<boolean>`EXISTS (SELECT 1 FROM ${refreshTokens} WHERE ${refreshTokens.familyId} = ${sessionId} AND ${refreshTokens.userId} = ${userId} AND ${refreshTokens.revokedAt} IS NULL AND ${refreshTokens.expiresAt} > ${now}::timestamptz)`,
      })
      .from(globalUsers)
      .where(eq(globalUsers.id, userId));
    const at = performance.now();
    return {
      user: { role: row?.role ?? null, at },
      session: { userId, live: row?.live === true, at },
    };
  }
}

/** Sets `key` (as the newest entry), dropping the oldest entries beyond `max`. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}
