import { randomUUID } from "node:crypto";

import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";

import { appendAudit, type Queryable } from "../../compliance/auditStore.ts";
import type { Database } from "../../db/index.ts";
import {
  globalUsers,
  kycStatus,
  mfaFactors,
  passkeys,
  refreshTokens,
  regionalProfiles,
  ROLES,
  KYC_STATUSES,
  type GlobalUser,
} from "../../db/schema.ts";
import { ApiError, type ApiContext } from "../context.ts";
import { ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS, issueAccessToken, newRefreshToken } from "./tokens.ts";

/**
 * Jurisdictions under comprehensive sanctions: signing in from one is allowed (to read, export or
 * erase one's data) but `compliance_status.trading_allowed` is false there and trading routes refuse.
 */
export const RESTRICTED_REGIONS: readonly string[] = ["CU", "IR", "KP", "SY"];

export const UserProfileSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  region: z.string().length(2),
  created_at: z.string(),
  mfa: z.object({ totp: z.boolean(), passkeys: z.number().int().nonnegative() }),
});

export const RegionalSettingsSchema = z.object({
  region: z.string().length(2),
  language: z.string(),
  currency: z.string().length(3),
  timezone: z.string(),
  compliance_jurisdiction: z.string(),
});

export const ComplianceStatusSchema = z.object({
  kyc: z.enum([...KYC_STATUSES, "not_submitted"]),
  /** The region the caller signed in from (as stated at sign-in), or the home region. */
  login_region: z.string().length(2),
  trading_allowed: z.boolean(),
  restrictions: z.array(z.string()),
});

/** What every successful sign-in answers (password, passkey, wallet), as in the product description. */
export const LoginResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  refresh_token: z.string(),
  refresh_expires_in: z.number().int(),
  user_profile: UserProfileSchema,
  regional_settings: RegionalSettingsSchema,
  compliance_status: ComplianceStatusSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** The profile, regional settings and compliance status of a user, as the sign-in answers show them. */
export async function describeUser(
  db: Queryable,
  user: GlobalUser,
  loginRegion?: string,
): Promise<Pick<LoginResponse, "user_profile" | "regional_settings" | "compliance_status">> {
  const [profile] = await db.select().from(regionalProfiles).where(eq(regionalProfiles.userId, user.id));
  const [kyc] = await db.select().from(kycStatus).where(eq(kycStatus.userId, user.id));
  const [totp] = await db
    .select({ id: mfaFactors.id })
    .from(mfaFactors)
    .where(and(eq(mfaFactors.userId, user.id), sql`${mfaFactors.confirmedAt} IS NOT NULL`));
  const [keys] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id));
  const region = loginRegion ?? user.region;
  const kycState = kyc?.status ?? "not_submitted";
  const restrictions: string[] = [];
  if (RESTRICTED_REGIONS.includes(region)) restrictions.push(`Trading is not offered in ${region}.`);
  if (kycState !== "verified") restrictions.push("Trading needs a verified identity (KYC).");
  return {
    user_profile: {
      id: user.id,
      email: user.email,
      role: user.role,
      region: user.region,
      created_at: user.createdAt.toISOString(),
      mfa: { totp: totp !== undefined, passkeys: Number(keys?.n ?? 0) },
    },
    regional_settings: {
      region: profile?.region ?? user.region,
      language: profile?.language ?? "en",
      currency: profile?.currency ?? "USD",
      timezone: profile?.timezone ?? "UTC",
      compliance_jurisdiction: profile?.complianceJurisdiction ?? "unassigned",
    },
    compliance_status: {
      kyc: kycState,
      login_region: region,
      trading_allowed: restrictions.length === 0,
      restrictions,
    },
  };
}

/**
 * Starts a login session for `user`: a new refresh-token family, its first token (stored hashed) and a
 * short-lived access token, plus the audit entry `auth.login` (with the method). Call inside a transaction.
 */
export async function startSession(
  tx: Queryable,
  ctx: ApiContext,
  user: GlobalUser,
  method: "password" | "passkey" | "siwe",
  loginRegion?: string,
): Promise<LoginResponse> {
  const now = ctx.now();
  const familyId = randomUUID();
  const { token, hash } = newRefreshToken();
  await tx.insert(refreshTokens).values({
    // The first token's id is the family's: a rotation finds the session's sign-in time by primary key
    // (`rotateRefreshTokens`) instead of scanning every token the session has had.
    id: familyId,
    userId: user.id,
    familyId,
    tokenHash: hash,
    expiresAt: new Date(now + REFRESH_TOKEN_SECONDS * 1000),
  });
  await appendAudit(
    tx,
    { actor: ctx.pseudonym(user.id), action: "auth.login", target: familyId, details: { method } },
    now,
  );
  const accessToken = await issueAccessToken(
    { sub: user.id, role: user.role, sid: familyId, authTime: Math.floor(now / 1000) },
    ctx.jwtKey,
    now,
  );
  return {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_SECONDS,
    refresh_token: token,
    refresh_expires_in: REFRESH_TOKEN_SECONDS,
    ...(await describeUser(tx, user, loginRegion)),
  };
}

/**
 * Refuses trading to a user who may not trade: KYC not verified, or a home region under comprehensive
 * sanctions (403 "trading-not-allowed", naming what to do). Used by every route that builds or relays
 * a trade.
 */
export async function assertTradingAllowed(db: Queryable, userId: string): Promise<void> {
  const [row] = await db
    .select({ region: globalUsers.region, kyc: kycStatus.status })
    .from(globalUsers)
    .leftJoin(kycStatus, eq(kycStatus.userId, globalUsers.id))
    .where(eq(globalUsers.id, userId));
  if (!row) throw new ApiError(401, "unauthenticated", "This account no longer exists.");
  if (RESTRICTED_REGIONS.includes(row.region)) {
    throw new ApiError(403, "trading-not-allowed", `Trading is not offered in ${row.region}.`);
  }
  if (row.kyc !== "verified") {
    throw new ApiError(
      403,
      "trading-not-allowed",
      row.kyc === "pending"
        ? "Trading opens once your identity check (KYC) is verified; it is under review."
        : "Trading needs a verified identity: submit your KYC case (POST /api/v5/compliance/kyc/submit).",
    );
  }
}

/** The user with this id, or a 401 when the account no longer exists (erased since the token was issued). */
export async function currentUser(db: Queryable, userId: string): Promise<GlobalUser> {
  const [user] = await db.select().from(globalUsers).where(eq(globalUsers.id, userId));
  if (!user) throw new ApiError(401, "unauthenticated", "This account no longer exists.");
  return user;
}

/**
 * The caller's account row, locked for the rest of the transaction (`FOR UPDATE`), so concurrent
 * changes to the account's sign-in methods are serialised; 401 when the account no longer exists.
 */
export async function lockAccount(tx: Queryable & Pick<Database, "select">, userId: string): Promise<GlobalUser> {
  const [user] = await tx.select().from(globalUsers).where(eq(globalUsers.id, userId)).for("update");
  if (!user) throw new ApiError(401, "unauthenticated", "This account no longer exists.");
  return user;
}

/** Revokes every live token of a family (logout, reuse detection). Returns how many were live. */
export async function revokeFamily(tx: Queryable, familyId: string, now: number): Promise<number> {
  const revoked = await tx
    .update(refreshTokens)
    .set({ revokedAt: new Date(now) })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return revoked.length;
}
