import { randomUUID, timingSafeEqual } from "node:crypto";

import { and, eq, isNull, sql } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { appendAudit } from "../../compliance/auditStore.ts";
import { globalUsers, mfaFactors, refreshTokens, regionalProfiles, type GlobalUser } from "../../db/schema.ts";
import { createAccount, EmailSchema } from "../auth/accounts.ts";
import { BEARER, caller, requireAuth, authRateLimit, requireFreshAuth } from "../auth/guard.ts";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "../auth/password.ts";
import { RegionSchema } from "../auth/region.ts";
import { open, seal } from "../auth/secretBox.ts";
import {
  currentUser,
  describeUser,
  lockAccount,
  LoginResponseSchema,
  RegionalSettingsSchema,
  revokeFamily,
  startSession,
  UserProfileSchema,
  ComplianceStatusSchema,
} from "../auth/session.ts";
import {
  ACCESS_TOKEN_SECONDS,
  REFRESH_TOKEN_SECONDS,
  hashRefreshToken,
  issueAccessToken,
  newRefreshToken,
} from "../auth/tokens.ts";
import { accountThrottled, verifyReentered } from "../auth/throttle.ts";
import { newTotpSecret, totpCode, totpUri } from "../auth/totp.ts";
import { ApiError, type ApiContext } from "../context.ts";
import { rotateRefreshTokens } from "../durable.ts";

const Email = EmailSchema;
/** NIST SP 800-63B: at least 12 characters here, any characters, no composition rules; 256 at most. */
const NewPassword = z.string().min(12, "must be at least 12 characters").max(256);
const Password = z.string().min(1).max(256);
const TotpCode = z.string().regex(/^\d{6}$/, "must be the 6-digit code from your authenticator app");
const Timezone = z
  .string()
  .max(64)
  .refine((tz) => Intl.supportedValuesOf("timeZone").includes(tz) || tz === "UTC", "is not an IANA time zone");

const RegisterBody = z
  .object({
    email: Email,
    password: NewPassword,
    region: RegionSchema,
    language: z
      .string()
      .max(35)
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "must be a BCP-47 language tag like en or de-DE")
      .default("en"),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like EUR")
      .default("USD"),
    timezone: Timezone.default("UTC"),
  })
  .strict();

const LoginBody = z
  .object({
    email: Email,
    password: Password,
    region: RegionSchema,
    totp_code: TotpCode.optional(),
  })
  .strict();

const RefreshBody = z.object({ refresh_token: z.string().min(20).max(200) }).strict();
const RefreshResponse = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  refresh_token: z.string(),
  refresh_expires_in: z.number().int(),
});

const MeResponse = z.object({
  user_profile: UserProfileSchema,
  regional_settings: RegionalSettingsSchema,
  compliance_status: ComplianceStatusSchema,
});

const PasswordChangeBody = z
  .object({
    current_password: Password,
    new_password: NewPassword,
  })
  .strict();

const SettingsBody = z
  .object({
    language: RegisterBody.shape.language.optional(),
    currency: RegisterBody.shape.currency.optional(),
    timezone: Timezone.optional(),
  })
  .strict();

/**
 * `/api/v5/auth`: register, global-login (password + TOTP), refresh (rotation with reuse detection),
 * logout, the caller's profile and settings, TOTP enrolment.
 */
export const authRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const authLimit = authRateLimit(ctx);
    const rotation = rotateRefreshTokens(ctx.pseudonym);

    app.post(
      "/register",
      {
        config: authLimit,
        schema: {
          summary: "Create an account (e-mail and password)",
          body: RegisterBody,
          response: { 201: MeResponse },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const passwordHash = await hashPassword(body.password);
        const user = await db.transaction((tx) =>
          createAccount(tx, ctx, { ...body, passwordHash, method: "password" }),
        );
        return reply.status(201).send(await describeUser(db, user));
      },
    );

    app.post(
      "/global-login",
      {
        config: authLimit,
        schema: {
          summary: "Sign in with e-mail and password (and the TOTP code when MFA is on)",
          description:
            "Answers 401 `mfa-required` (field `totp_code`) when the account has TOTP and no code was sent. Guessing is throttled per account and source address: after 5 failures within 15 minutes for an account from one address, that address waits (1 minute, doubling per further failure; 429 `sign-in-throttled` with Retry-After) while other addresses are unaffected; 50 failures from one address refuse it (429 `ip-throttled`); under guessing from many addresses (100 failures), an address the account has not signed in from needs the TOTP code (429 `account-throttled`).",
          body: LoginBody,
          response: { 200: LoginResponseSchema },
        },
      },
      async (request) => {
        const { email, password, region, totp_code } = request.body;
        // Throttled per (account, source), see auth/throttle.ts: this waits while the source has as
        // many sign-ins in flight as tries left, and refuses (429) a source past its allowance. Only
        // a failed check counts; a correct sign-in never does.
        const attempt = await ctx.signIns.reserve(email, request.ip);
        try {
          const [user] = await db.select().from(globalUsers).where(eq(globalUsers.email, email));
          // One key derivation with the same parameters whether or not the e-mail is known.
          const passwordOk =
            user?.passwordHash != null
              ? await verifyPassword(password, user.passwordHash)
              : await verifyAgainstDummy(password);
          // Under distributed guessing, a source the account does not know gets in only with the
          // second factor, and every other outcome answers the same 429.
          const guarded = attempt.secondFactorRequired;
          if (!user || !passwordOk) {
            await attempt.failed();
            if (guarded) throw accountThrottled(attempt.retryAfterMs);
            throw new ApiError(401, "invalid-credentials", "The e-mail or the password is wrong.");
          }
          const [factor] = await db
            .select()
            .from(mfaFactors)
            .where(and(eq(mfaFactors.userId, user.id), sql`${mfaFactors.confirmedAt} IS NOT NULL`));
          if (guarded && (!factor || !totp_code)) {
            await attempt.abandon(); // the password was right: not a failure, but not enough here
            throw accountThrottled(attempt.retryAfterMs);
          }
          if (factor) {
            if (!totp_code) {
              // Neither a failure nor a success (a success would reset the count of TOTP guesses).
              await attempt.abandon();
              throw new ApiError(401, "mfa-required", "Enter the 6-digit code from your authenticator app.", {
                field: "totp_code",
              });
            }
            const step = await acceptTotp(ctx, factor, user.id, totp_code, ctx.now());
            if (step === undefined) {
              await attempt.failed();
              if (guarded) throw accountThrottled(attempt.retryAfterMs);
              throw new ApiError(401, "invalid-totp", "The authenticator code is wrong or was already used.", {
                field: "totp_code",
              });
            }
          }
          await attempt.succeeded();
          return await db.transaction(async (tx) => {
            if (needsRehash(user.passwordHash!)) {
              await tx
                .update(globalUsers)
                .set({ passwordHash: await hashPassword(password) })
                .where(eq(globalUsers.id, user.id));
            }
            return startSession(tx, ctx, user, "password", region);
          });
        } finally {
          // Settles once: an attempt that ended in an unexpected error counts as a failure.
          await attempt.failed();
        }
      },
    );

    app.post(
      "/refresh",
      {
        config: authLimit,
        schema: {
          summary: "Trade a refresh token for a new access token and a new refresh token",
          description:
            "Each refresh token works once. Presenting a used one again is treated as theft: the whole session (every token descended from the same sign-in) is revoked and 401 `refresh-reused` is answered.",
          body: RefreshBody,
          response: { 200: RefreshResponse },
        },
      },
      async (request) => {
        const presented = request.body.refresh_token;
        // The common case in one statement of the next group commit: a live token is claimed, its
        // successor stored and the rotation audited together. Anything else (unknown, expired, reused)
        // changed nothing there and takes the careful path, which names the problem.
        const { token: next, hash: nextHash } = newRefreshToken();
        const rotated = await ctx.auditCommits.submit(rotation, {
          tokenHash: hashRefreshToken(presented),
          nextId: randomUUID(),
          nextHash,
        });
        if (!rotated) return rotateRefreshToken(ctx, presented);
        const now = ctx.now();
        return {
          access_token: await issueAccessToken(
            { sub: rotated.userId, role: rotated.role, sid: rotated.familyId, authTime: rotated.authTime },
            ctx.jwtKey,
            now,
          ),
          token_type: "Bearer" as const,
          expires_in: ACCESS_TOKEN_SECONDS,
          refresh_token: next,
          refresh_expires_in: Math.min(REFRESH_TOKEN_SECONDS, Math.floor((rotated.expiresAt.getTime() - now) / 1000)),
        };
      },
    );

    app.post(
      "/logout",
      {
        schema: {
          summary: "End the session of a refresh token (every token of its sign-in)",
          description:
            "The session's refresh tokens and its access tokens stop working at once (401 `unauthenticated`).",
          body: RefreshBody,
          response: { 200: z.object({ revoked: z.number().int() }) },
        },
      },
      async (request) => {
        const hash = hashRefreshToken(request.body.refresh_token);
        const now = ctx.now();
        const { revoked, familyId } = await db.transaction(async (tx) => {
          const [token] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
          if (!token)
            throw new ApiError(401, "invalid-refresh-token", "This refresh token is not known.", {
              field: "refresh_token",
            });
          const revoked = await revokeFamily(tx, token.familyId, now);
          await appendAudit(
            tx,
            { actor: ctx.pseudonym(token.userId), action: "auth.logout", target: token.familyId },
            now,
          );
          return { revoked, familyId: token.familyId };
        });
        // The session's access tokens stop working now (in other API processes within the session cache's TTL).
        ctx.sessions.forgetSession(familyId);
        return { revoked };
      },
    );

    app.post(
      "/password",
      {
        onRequest: requireAuth(ctx),
        config: authLimit,
        schema: {
          summary: "Change the password: every session of the account ends, and a new one starts",
          description:
            "Re-enter the current password. Every sign-in of the account ends — its refresh tokens are revoked and its access tokens answer 401 at once — and the answer is a new session, as a sign-in answers. 403 `wrong-password` (field `current_password`); 409 `no-password` for an account that signs in only with a wallet or a passkey.",
          security: BEARER,
          body: PasswordChangeBody,
          response: { 200: LoginResponseSchema },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { current_password, new_password } = request.body;
        const user = await currentUser(db, sub);
        if (user.passwordHash === null) {
          throw new ApiError(
            409,
            "no-password",
            "This account signs in with a wallet or a passkey and has no password to change.",
          );
        }
        const stored = user.passwordHash;
        if (
          !(await verifyReentered(ctx.signIns, user.email, request.ip, () => verifyPassword(current_password, stored)))
        ) {
          throw new ApiError(403, "wrong-password", "The current password is wrong; nothing was changed.", {
            field: "current_password",
          });
        }
        const passwordHash = await hashPassword(new_password);
        const now = ctx.now();
        const response = await db.transaction(async (tx) => {
          const account = await lockAccount(tx, sub);
          if (account.passwordHash !== user.passwordHash) {
            throw new ApiError(409, "password-changed", "The password was changed meanwhile; sign in again.");
          }
          await tx.update(globalUsers).set({ passwordHash }).where(eq(globalUsers.id, sub));
          const ended = await tx
            .update(refreshTokens)
            .set({ revokedAt: new Date(now) })
            .where(and(eq(refreshTokens.userId, sub), isNull(refreshTokens.revokedAt)))
            .returning({ familyId: refreshTokens.familyId });
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "auth.password-change",
              target: ctx.pseudonym(sub),
              details: { sessions_ended: new Set(ended.map((t) => t.familyId)).size },
            },
            now,
          );
          return startSession(tx, ctx, { ...account, passwordHash }, "password");
        });
        // The account's other access tokens stop working now.
        ctx.sessions.forgetUser(sub);
        return response;
      },
    );

    app.get(
      "/me",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "The signed-in user's profile, settings and compliance status",
          security: BEARER,
          response: { 200: MeResponse },
        },
      },
      async (request) => describeUser(db, await currentUser(db, caller(request).sub)),
    );

    app.patch(
      "/me/settings",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Change language, currency or time zone",
          security: BEARER,
          body: SettingsBody,
          response: { 200: MeResponse },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const body = request.body;
        await db.transaction(async (tx) => {
          await tx
            .update(regionalProfiles)
            .set({
              ...(body.language ? { language: body.language } : {}),
              ...(body.currency ? { currency: body.currency } : {}),
              ...(body.timezone ? { timezone: body.timezone } : {}),
            })
            .where(eq(regionalProfiles.userId, sub));
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "user.settings",
              target: ctx.pseudonym(sub),
              details: { fields: Object.keys(body) },
            },
            ctx.now(),
          );
        });
        return describeUser(db, await currentUser(db, sub));
      },
    );

    app.post(
      "/mfa/totp",
      {
        onRequest: requireFreshAuth(ctx),
        schema: {
          summary: "Start TOTP enrolment: a new secret and its otpauth:// URI for an authenticator app",
          description:
            "Not enforced until confirmed with a first code (POST /auth/mfa/totp/confirm). Replaces an unconfirmed secret; answers 409 when TOTP is already on.",
          security: BEARER,
          response: { 201: z.object({ secret: z.string(), otpauth_uri: z.string() }) },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        const user = await currentUser(db, sub);
        const secret = newTotpSecret();
        const sealed = seal(ctx.encryptionKey, secret, user.id);
        await db.transaction(async (tx) => {
          const [existing] = await tx
            .select()
            .from(mfaFactors)
            .where(and(eq(mfaFactors.userId, sub), eq(mfaFactors.kind, "totp")));
          if (existing?.confirmedAt) throw new ApiError(409, "mfa-already-on", "TOTP is already on for this account.");
          if (existing)
            await tx
              .update(mfaFactors)
              .set({ secretEncrypted: sealed, lastUsedStep: null })
              .where(eq(mfaFactors.id, existing.id));
          else await tx.insert(mfaFactors).values({ userId: sub, kind: "totp", secretEncrypted: sealed });
          await appendAudit(
            tx,
            { actor: ctx.pseudonym(sub), action: "mfa.totp.start", target: ctx.pseudonym(sub) },
            ctx.now(),
          );
        });
        return reply.status(201).send({ secret, otpauth_uri: totpUri(secret, user.email) });
      },
    );

    app.post(
      "/mfa/totp/confirm",
      {
        onRequest: requireAuth(ctx),
        config: authLimit,
        schema: {
          summary: "Confirm TOTP enrolment with a first code; from then on sign-in asks for a code",
          security: BEARER,
          body: z.object({ code: TotpCode }).strict(),
          response: { 200: z.object({ totp: z.literal(true) }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const [factor] = await db
          .select()
          .from(mfaFactors)
          .where(and(eq(mfaFactors.userId, sub), eq(mfaFactors.kind, "totp")));
        if (!factor) throw new ApiError(409, "mfa-not-started", "Start TOTP enrolment first (POST /auth/mfa/totp).");
        const now = ctx.now();
        const step = await acceptTotp(ctx, factor, sub, request.body.code, now);
        if (step === undefined)
          throw new ApiError(401, "invalid-totp", "The code is wrong; check the device's clock.", { field: "code" });
        await db.transaction(async (tx) => {
          await tx
            .update(mfaFactors)
            .set({ confirmedAt: new Date(now) })
            .where(eq(mfaFactors.id, factor.id));
          await appendAudit(
            tx,
            { actor: ctx.pseudonym(sub), action: "mfa.totp.confirm", target: ctx.pseudonym(sub) },
            now,
          );
        });
        return { totp: true as const };
      },
    );
  };

/**
 * Checks a TOTP code against a factor and records its time step, so the same code cannot be used
 * twice (RFC 6238 §5.2). Returns the accepted step, or undefined.
 */
async function acceptTotp(
  ctx: ApiContext,
  factor: typeof mfaFactors.$inferSelect,
  userId: string,
  code: string,
  now: number,
): Promise<number | undefined> {
  let secret: string;
  try {
    secret = open(ctx.encryptionKey, factor.secretEncrypted, userId);
  } catch {
    throw new ApiError(
      500,
      "mfa-secret-unreadable",
      "The stored TOTP secret cannot be decrypted (was PEPER_DATA_KEY changed?).",
    );
  }
  // The time step whose code this is (now, or one step either side for clock drift).
  const current = Math.floor(now / 30_000);
  const exact = [current, current - 1, current + 1].find((s) => safeEqual(totpCode(secret, s * 30_000), code));
  if (exact === undefined) return undefined;
  const updated = await ctx.database.db
    .update(mfaFactors)
    .set({ lastUsedStep: exact })
    .where(and(eq(mfaFactors.id, factor.id), sql`coalesce(${mfaFactors.lastUsedStep}, -1) < ${exact}`))
    .returning({ id: mfaFactors.id });
  return updated.length === 1 ? exact : undefined;
}

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Rotates a refresh token: marks it used and issues its successor in the same family, atomically. A
 * token that was already used (or revoked) revokes the whole family: either the client or a thief
 * holds a copy, and the server cannot tell which.
 */
export async function rotateRefreshToken(ctx: ApiContext, presented: string) {
  const { db } = ctx.database;
  const hash = hashRefreshToken(presented);
  const now = ctx.now();
  const outcome = await db.transaction(async (tx) => {
    const [token] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
    if (!token)
      return {
        error: new ApiError(401, "invalid-refresh-token", "This refresh token is not known; sign in again.", {
          field: "refresh_token",
        }),
      };
    if (token.expiresAt.getTime() <= now) {
      return {
        error: new ApiError(401, "refresh-expired", "The session has expired; sign in again.", {
          field: "refresh_token",
        }),
      };
    }
    const { token: next, hash: nextHash } = newRefreshToken();
    // Claim the token: only one request can flip revoked_at from NULL.
    const claimed = await tx
      .update(refreshTokens)
      .set({ revokedAt: new Date(now) })
      .where(and(eq(refreshTokens.id, token.id), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    if (claimed.length === 0) {
      const revoked = await revokeFamily(tx, token.familyId, now);
      await appendAudit(
        tx,
        {
          actor: ctx.pseudonym(token.userId),
          action: "auth.refresh-reuse",
          target: token.familyId,
          details: { revoked },
        },
        now,
      );
      return {
        endedSession: token.familyId,
        error: new ApiError(
          401,
          "refresh-reused",
          "This refresh token was already used, so the session was ended for safety; sign in again.",
          {
            field: "refresh_token",
          },
        ),
      };
    }
    const [user] = await tx.select().from(globalUsers).where(eq(globalUsers.id, token.userId));
    if (!user) return { error: new ApiError(401, "unauthenticated", "This account no longer exists.") };
    const [successor] = await tx
      .insert(refreshTokens)
      .values({ userId: user.id, familyId: token.familyId, tokenHash: nextHash, expiresAt: token.expiresAt })
      .returning({ id: refreshTokens.id });
    await tx.update(refreshTokens).set({ replacedBy: successor!.id }).where(eq(refreshTokens.id, token.id));
    await appendAudit(tx, { actor: ctx.pseudonym(user.id), action: "auth.refresh", target: token.familyId }, now);
    // The session's sign-in time: when its first token was issued (carried into every access token).
    const [first] = await tx
      .select({ at: sql<Date | string>`min(${refreshTokens.createdAt})` })
      .from(refreshTokens)
      .where(eq(refreshTokens.familyId, token.familyId));
    const authTime = Math.floor(new Date(first?.at ?? token.createdAt).getTime() / 1000);
    return { user, next, familyId: token.familyId, expiresAt: token.expiresAt, authTime };
  });
  // The reuse revocation must commit even though the request fails, so errors are returned, not thrown.
  if ("error" in outcome) {
    if (outcome.endedSession !== undefined) ctx.sessions.forgetSession(outcome.endedSession);
    throw outcome.error;
  }
  const user: GlobalUser = outcome.user;
  return {
    access_token: await issueAccessToken(
      { sub: user.id, role: user.role, sid: outcome.familyId, authTime: outcome.authTime },
      ctx.jwtKey,
      now,
    ),
    token_type: "Bearer" as const,
    expires_in: ACCESS_TOKEN_SECONDS,
    refresh_token: outcome.next,
    refresh_expires_in: Math.min(REFRESH_TOKEN_SECONDS, Math.floor((outcome.expiresAt.getTime() - now) / 1000)),
  };
}
