/**
 * What an operator reports about its own work, per feed: the report it last signed (as leader or
 * follower) and the one it last submitted, each with that report's own round and, for a submission,
 * whether the hub accepted it. The chain's latest round is kept apart, so a status line never pairs
 * the chain's round with this node's own, older report (which made three honest operators look as if
 * they disagreed). Pure: node.ts records, /health serves, the stack prints.
 */

/** A report this node signed. */
export interface SignedActivity {
  round: string;
  summary: string;
  as: "leader" | "follower";
}

/** A report this node submitted, and how the hub answered. */
export interface SubmittedActivity {
  round: string;
  summary: string;
  accepted: boolean;
  tx: string;
}

/** The `/health` fields that describe the node's own reports. */
export interface OperatorActivity {
  /** The hub's latest accepted round per feed, as last read (whoever submitted it). */
  chainRound: Record<string, string>;
  lastSigned: Record<string, SignedActivity>;
  lastSubmitted: Record<string, SubmittedActivity>;
}

export const emptyActivity = (): OperatorActivity => ({ chainRound: {}, lastSigned: {}, lastSubmitted: {} });

/**
 * One status line: per feed, the report this node last signed with its own round, and — when it also
 * submitted that round — whether the hub accepted it. Undefined before the node signed anything.
 */
export function formatActivity(activity: OperatorActivity): string | undefined {
  const feeds = [...new Set([...Object.keys(activity.lastSigned), ...Object.keys(activity.lastSubmitted)])].sort();
  const parts = feeds.map((feed) => {
    const signed = activity.lastSigned[feed];
    const submitted = activity.lastSubmitted[feed];
    if (!signed || (submitted && BigInt(submitted.round) >= BigInt(signed.round))) {
      const s = submitted!;
      return `${feed} round ${s.round}: ${s.summary} (submitted, ${s.accepted ? "accepted" : "reverted"})`;
    }
    return `${feed} round ${signed.round}: ${signed.summary} (signed as ${signed.as})`;
  });
  return parts.length === 0 ? undefined : `last signed: ${parts.join("; ")}`;
}
