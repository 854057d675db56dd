import { Secret, TOTP } from "otpauth";

/**
 * TOTP second factor (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps — what authenticator apps expect),
 * accepting one step of clock drift either way.
 */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label: string) {
  return new TOTP({
    issuer: "Peper",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// URI for an authenticator app's QR code. */
export const totpUri = (secret: string, account: string): string => totp(secret, account).toString();

/** The code for a time (for tests and the enrolment check). */
export const totpCode = (secret: string, at = Date.now()): string => totp(secret, "").generate({ timestamp: at });

/** True when `code` is valid now, or one 30-second step before or after. */
export function verifyTotp(secret: string, code: string, at = Date.now()): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totp(secret, "").validate({ token: code, timestamp: at, window: 1 }) !== null;
}
