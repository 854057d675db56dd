import type { Address } from "viem";

/**
 * Who leads a round: round-robin over the hub's operator order, moving to the next operator every
 * `leaderTimeoutSeconds` into the round (failover when a leader is dead or slow). Pure.
 */

/** The round a timestamp falls in: rounds are fixed windows of `intervalSeconds`. */
export const roundAt = (timestamp: bigint, intervalSeconds: number): bigint => timestamp / BigInt(intervalSeconds);

/** Which failover attempt is current `timestamp` seconds into the round. */
export const attemptAt = (timestamp: bigint, intervalSeconds: number, leaderTimeoutSeconds: number): number =>
  Number((timestamp % BigInt(intervalSeconds)) / BigInt(leaderTimeoutSeconds));

/** The operator leading `round` at failover `attempt`. */
export function leaderFor(operators: readonly Address[], round: bigint, attempt: number): Address {
  if (operators.length === 0) throw new RangeError("no operators");
  return operators[Number((round + BigInt(attempt)) % BigInt(operators.length))]!;
}

/** Whether `operator` may lead `round` at any attempt up to `attempt` (followers accept those). */
export function mayLead(operators: readonly Address[], operator: Address, round: bigint, attempt: number): boolean {
  for (let a = 0; a <= Math.min(attempt, operators.length - 1); a++) {
    if (leaderFor(operators, round, a).toLowerCase() === operator.toLowerCase()) return true;
  }
  return false;
}
