import { createHash, createHmac } from "node:crypto";

/**
 * The audit log's pseudonym of a user id: an HMAC keyed by a key derived from the data key, so it is
 * stable (one user, one pseudonym, across processes and restarts) and not reversible without the key.
 * Every writer of the audit log — the API and the shell tools — names users only this way.
 */
export function pseudonymizer(dataKey: string): (userId: string) => string {
  const key = createHash("sha256").update("peper/pseudonym/v1").update(dataKey).digest();
  return (userId) => `u_${createHmac("sha256", key).update(userId).digest("hex").slice(0, 32)}`;
}
