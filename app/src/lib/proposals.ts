/** Governor proposal states and vote arithmetic, as OpenZeppelin's Governor defines them. Pure. */

/** IGovernor.ProposalState, by its uint8 value. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

export type ProposalState = (typeof PROPOSAL_STATES)[number];

export const proposalStateName = (value: number): ProposalState => PROPOSAL_STATES[value] ?? "Pending";

/** GovernorCountingSimple: 0 against, 1 for, 2 abstain. */
export type VoteSupport = 0 | 1 | 2;

export interface Tally {
  against: bigint;
  for: bigint;
  abstain: bigint;
}

/**
 * Quorum progress in basis points (capped at 10,000): GovernorCountingSimple counts for + abstain
 * towards the quorum, not against.
 */
export function quorumProgressBps(tally: Tally, quorum: bigint): number {
  if (quorum === 0n) return 10_000;
  const counted = tally.for + tally.abstain;
  return Number(counted * 10_000n >= quorum * 10_000n ? 10_000n : (counted * 10_000n) / quorum);
}

/** Each side's share of all votes cast, in basis points. */
export function voteShares(tally: Tally): { for: number; against: number; abstain: number } {
  const total = tally.for + tally.against + tally.abstain;
  if (total === 0n) return { for: 0, against: 0, abstain: 0 };
  const share = (x: bigint) => Number((x * 10_000n) / total);
  return { for: share(tally.for), against: share(tally.against), abstain: share(tally.abstain) };
}

/** The title of a proposal: the first markdown heading of its description, else its first line. */
export function proposalTitle(description: string): string {
  const lines = description.split("\n").map((l) => l.trim());
  const heading = lines.find((l) => /^#{1,6}\s+/.test(l));
  const title = (heading ?? lines.find((l) => l !== "") ?? "").replace(/^#{1,6}\s+/, "");
  return title.length > 120 ? `${title.slice(0, 117)}…` : title;
}

/** What the connected account can do with a proposal in its state. */
export function availableActions(state: ProposalState): ("vote" | "queue" | "execute")[] {
  if (state === "Active") return ["vote"];
  if (state === "Succeeded") return ["queue"];
  if (state === "Queued") return ["execute"];
  return [];
}
