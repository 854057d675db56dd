import { randomBytes } from "node:crypto";

import { and, eq, gt, isNull, lt } from "drizzle-orm";

import type { Queryable } from "../../compliance/auditStore.ts";
import { authChallenges, type AuthChallenge, type ChallengePurpose } from "../../db/schema.ts";

/** Used and expired challenges are deleted this long after they expire (kept a little for debugging). */
const PURGE_AFTER_MS = 60 * 60_000;

/** A new random challenge: 32 bytes as base64url (WebAuthn) or 16 bytes as hex (SIWE nonces are alphanumeric). */
export function newChallenge(encoding: "base64url" | "hex"): string {
  return encoding === "base64url" ? randomBytes(32).toString("base64url") : randomBytes(16).toString("hex");
}

/**
 * Stores a one-time challenge for `purpose`, valid for `ttlMs` from `now`, optionally bound to a user,
 * and purges challenges that expired more than an hour ago (an indexed range delete, so each call
 * only removes what expired since the previous one). Not audited: issuing a challenge changes no
 * account, and the sign-in routes that issue them are public.
 */
export async function issueChallenge(
  db: Queryable,
  challenge: { purpose: ChallengePurpose; value: string; userId?: string | null; ttlMs: number },
  now: number,
): Promise<Date> {
  const expiresAt = new Date(now + challenge.ttlMs);
  await db.delete(authChallenges).where(lt(authChallenges.expiresAt, new Date(now - PURGE_AFTER_MS)));
  await db.insert(authChallenges).values({
    purpose: challenge.purpose,
    challenge: challenge.value,
    userId: challenge.userId ?? null,
    expiresAt,
  });
  return expiresAt;
}

/**
 * Consumes a challenge atomically: one `UPDATE … SET used_at WHERE used_at IS NULL AND expires_at > now
 * RETURNING`, so of two concurrent requests presenting the same challenge only one gets the row.
 * With `userId`, only a challenge issued to that user matches, so presenting another user's challenge
 * does not burn it. Returns the row, or undefined when
 * the challenge is unknown, already used, expired, for another purpose or for another user.
 */
export async function consumeChallenge(
  db: Queryable,
  challenge: { purpose: ChallengePurpose; value: string; userId?: string },
  now: number,
): Promise<AuthChallenge | undefined> {
  const at = new Date(now);
  const [row] = await db
    .update(authChallenges)
    .set({ usedAt: at })
    .where(
      and(
        eq(authChallenges.challenge, challenge.value),
        eq(authChallenges.purpose, challenge.purpose),
        isNull(authChallenges.usedAt),
        gt(authChallenges.expiresAt, at),
        challenge.userId === undefined ? undefined : eq(authChallenges.userId, challenge.userId),
      ),
    )
    .returning();
  return row;
}
