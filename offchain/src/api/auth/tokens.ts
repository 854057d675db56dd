import { createHash, createHmac, randomBytes } from "node:crypto";

import { jwtVerify, errors as joseErrors } from "jose";

/**
 * Access tokens: short-lived JWTs (HS256, 15 minutes) carrying the user id, role and session family.
 * Refresh tokens: 32 random bytes, base64url, shown to the client once and stored only as their
 * SHA-256; each use rotates them (see the refresh-token table), and a reused one revokes its family.
 */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 3600;

export type { Role } from "../../db/schema.ts";
import type { Role } from "../../db/schema.ts";

export interface AccessClaims {
  /** The user's id. */
  sub: string;
  role: Role;
  /** The refresh-token family (the login session) this access token belongs to. */
  sid: string;
  /**
   * When the user last proved who they are (unix seconds; OpenID's `auth_time`): the sign-in that
   * started the session, carried unchanged through refreshes. Default: the token's issue time.
   */
  authTime?: number;
}

export class TokenError extends Error {
  override name = "TokenError";
  readonly reason: "expired" | "invalid";
  constructor(reason: "expired" | "invalid", message: string) {
    super(message);
    this.reason = reason;
  }
}

const ISSUER = "peper-api";
const AUDIENCE = "peper";

/** The signing key from a secret of at least 32 bytes (PEPER_JWT_SECRET). */
export function signingKey(secret: string): Uint8Array {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < 32) throw new Error("PEPER_JWT_SECRET must be at least 32 bytes.");
  return bytes;
}

/** The protected header of every access token, base64url. */
const JWT_HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/**
 * Signs an access token: a compact JWS (RFC 7515), HS256 over `header.payload` with node:crypto's
 * HMAC — the same bytes jose's `SignJWT` produces for these claims (a test compares them), without its
 * WebCrypto key import and promise chain per token (a third of a refresh's CPU). Verification stays
 * with jose (`verifyAccessToken`).
 */
export async function issueAccessToken(claims: AccessClaims, key: Uint8Array, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  // In the order SignJWT writes them.
  const payload = {
    role: claims.role,
    sid: claims.sid,
    auth_time: claims.authTime ?? iat,
    sub: claims.sub,
    iss: ISSUER,
    aud: AUDIENCE,
    iat,
    exp: iat + ACCESS_TOKEN_SECONDS,
  };
  const signingInput = `${JWT_HEADER}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${signingInput}.${createHmac("sha256", key).update(signingInput).digest("base64url")}`;
}

/** Verified claims, with the token's expiry (unix seconds). */
export interface VerifiedAccessClaims extends AccessClaims {
  exp: number;
  authTime: number;
}

export async function verifyAccessToken(
  token: string,
  key: Uint8Array,
  now = Date.now(),
): Promise<VerifiedAccessClaims> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: new Date(now),
    });
    if (typeof payload.sub !== "string" || typeof payload.role !== "string" || typeof payload.sid !== "string") {
      throw new TokenError("invalid", "The access token is missing claims.");
    }
    const authTime = typeof payload["auth_time"] === "number" ? payload["auth_time"] : (payload.iat ?? 0);
    return { sub: payload.sub, role: payload.role as Role, sid: payload.sid, exp: payload.exp ?? 0, authTime };
  } catch (error) {
    if (error instanceof TokenError) throw error;
    if (error instanceof joseErrors.JWTExpired)
      throw new TokenError("expired", "The access token has expired; refresh it.");
    throw new TokenError("invalid", "The access token is not valid.");
  }
}

/** A new refresh token and the hash to store. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

export const hashRefreshToken = (token: string): string => createHash("sha256").update(token).digest("hex");
