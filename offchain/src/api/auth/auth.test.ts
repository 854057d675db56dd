import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { SignJWT } from "jose";

import { hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { RegionSchema } from "./region.ts";
import {
  issueAccessToken,
  newRefreshToken,
  hashRefreshToken,
  signingKey,
  TokenError,
  verifyAccessToken,
} from "./tokens.ts";
import { newTotpSecret, totpCode, totpUri, verifyTotp } from "./totp.ts";

describe("auth primitives", () => {
  it("hashes passwords with a salt and verifies only the right one", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    assert.notEqual(a, b, "salted");
    assert.match(a, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await verifyPassword("correct horse battery staple", a), true);
    assert.equal(await verifyPassword("correct horse battery stapl", a), false);
    assert.equal(await verifyPassword("x", "not-a-hash"), false);
    assert.equal(needsRehash(a), false);
    assert.equal(needsRehash("scrypt$16384$8$1$a$b"), true);
  });

  it("signs access tokens exactly as jose's SignJWT does (HS256 compact JWS)", async () => {
    const key = signingKey("0123456789abcdef0123456789abcdef");
    const now = 1_700_000_000_000;
    const claims = {
      sub: "9f1c2d3e-0000-4000-8000-000000000001",
      role: "admin" as const,
      sid: "s-1",
      authTime: 1_699_999_000,
    };
    const ours = await issueAccessToken(claims, key, now);
    const iat = Math.floor(now / 1000);
    const jose = await new SignJWT({ role: claims.role, sid: claims.sid, auth_time: claims.authTime })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuer("peper-api")
      .setAudience("peper")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 15 * 60)
      .sign(key);
    assert.equal(ours, jose);
    const verified = await verifyAccessToken(ours, key, now);
    assert.deepEqual(verified, {
      sub: claims.sub,
      role: "admin",
      sid: "s-1",
      exp: iat + 900,
      authTime: claims.authTime,
    });
    // Another key's signature is refused.
    await assert.rejects(verifyAccessToken(ours, signingKey("another-key-another-key-another-key"), now), TokenError);
  });

  it("issues access tokens that expire and cannot be forged", async () => {
    const key = signingKey("0123456789abcdef0123456789abcdef");
    const now = Date.UTC(2026, 10, 25, 12);
    const token = await issueAccessToken({ sub: "u1", role: "user", sid: "f1" }, key, now);
    assert.deepEqual(await verifyAccessToken(token, key, now + 60_000), {
      sub: "u1",
      role: "user",
      sid: "f1",
      exp: now / 1000 + 15 * 60,
      authTime: now / 1000,
    });
    await assert.rejects(
      verifyAccessToken(token, key, now + 16 * 60_000),
      (e: unknown) => e instanceof TokenError && e.reason === "expired",
    );
    const other = signingKey("another secret that is long enough!!");
    await assert.rejects(
      verifyAccessToken(token, other, now),
      (e: unknown) => e instanceof TokenError && e.reason === "invalid",
    );
    const [h, , s] = token.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: "u1", role: "admin", sid: "f1" })).toString("base64url")}.${s}`;
    await assert.rejects(verifyAccessToken(forged, key, now), TokenError);
    assert.throws(() => signingKey("short"), /32 bytes/);
  });

  it("stores refresh tokens only as hashes", () => {
    const { token, hash } = newRefreshToken();
    assert.equal(hash, hashRefreshToken(token));
    assert.ok(!hash.includes(token));
    assert.equal(token.length, 43);
  });

  it("accepts the TOTP code of now and one step around it, nothing else", () => {
    const secret = newTotpSecret();
    const at = Date.UTC(2026, 10, 25, 12, 0, 15);
    assert.equal(verifyTotp(secret, totpCode(secret, at), at), true);
    assert.equal(verifyTotp(secret, totpCode(secret, at - 30_000), at), true);
    assert.equal(verifyTotp(secret, totpCode(secret, at - 90_000), at), false);
    assert.equal(verifyTotp(secret, "12345", at), false);
    assert.match(totpUri(secret, "alice@example.com"), /^otpauth:\/\/totp\/Peper:alice%40example\.com\?/);
  });

  it("RFC 6238 test vector (SHA-1, T = 59 s → 287082)", () => {
    // RFC 6238 appendix B: secret "12345678901234567890" (ASCII), 8 digits 94287082 → 6 digits 287082.
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert.equal(totpCode(secret, 59_000), "287082");
  });

  it("accepts only real ISO 3166-1 alpha-2 regions", () => {
    assert.equal(RegionSchema.safeParse("DE").success, true);
    assert.equal(RegionSchema.safeParse("XX").success, false);
    assert.equal(RegionSchema.safeParse("de").success, false);
    assert.equal(RegionSchema.safeParse("USA").success, false);
  });
});
