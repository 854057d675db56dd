/**
 * The DAO page's figures, pure: a proposal's deadline countdown in chain time, its quorum bar, and
 * the delegate leaderboard (from the subgraph's Delegate entities, or folded from the token's
 * DelegateVotesChanged events over bounded block ranges when the chain has no subgraph).
 */
import type { ProposalState, Tally } from "./proposals.ts";

// ---------------------------------------------------------------------------------------------------
// Chain time and the deadline countdown
// ---------------------------------------------------------------------------------------------------

/**
 * The chain's "now" in seconds: its latest block time, moved on by the wall-clock time since that
 * block was read. A local chain that tests moved forward runs days ahead of this device's clock, so
 * deadlines (Governor timestamps) are counted against this, never against Date.now() alone.
 */
export function chainNowSeconds(chainSeconds: bigint | number, readAtMs: number, wallMs: number): number {
  return Number(chainSeconds) + Math.max(0, Math.floor((wallMs - readAtMs) / 1000));
}

export type Countdown =
  { kind: "starts" | "ends"; days: number; hours: number; minutes: number; seconds: number } | { kind: "ended" };

/** What a proposal's deadline says at chain time `now`: voting starts in / ends in …, or ended. */
export function proposalCountdown(
  p: { state: ProposalState; voteStart: bigint; voteEnd: bigint },
  now: number,
): Countdown {
  if (p.state === "Pending") return countdownTo("starts", Number(p.voteStart) - now);
  if (p.state === "Active" && Number(p.voteEnd) > now) return countdownTo("ends", Number(p.voteEnd) - now);
  return { kind: "ended" };
}

function countdownTo(kind: "starts" | "ends", remaining: number): Countdown {
  const s = Math.max(0, Math.floor(remaining));
  return {
    kind,
    days: Math.floor(s / 86_400),
    hours: Math.floor((s % 86_400) / 3600),
    minutes: Math.floor((s % 3600) / 60),
    seconds: s % 60,
  };
}

// ---------------------------------------------------------------------------------------------------
// Quorum bar
// ---------------------------------------------------------------------------------------------------

export interface QuorumBar {
  /** (for + abstain) / quorum in percent, not capped (GovernorCountingSimple counts for and abstain). */
  percent: number;
  reached: boolean;
  /** Segment widths as fractions (0–1) of the bar, whose scale is the larger of quorum and all votes. */
  segments: { for: number; abstain: number; against: number };
  /** Where the quorum line sits on the bar (0–1). */
  quorumAt: number;
}

/** The quorum bar of a proposal: its votes against the quorum at its snapshot (Governor.quorum(voteStart)). */
export function quorumBar(tally: Tally, quorum: bigint): QuorumBar {
  const counted = tally.for + tally.abstain;
  const total = counted + tally.against;
  const scale = total > quorum ? total : quorum;
  const frac = (x: bigint) => (scale === 0n ? 0 : Number((x * 1_000_000n) / scale) / 1_000_000);
  return {
    percent: quorum === 0n ? 100 : Number((counted * 10_000n) / quorum) / 100,
    reached: counted >= quorum,
    segments: { for: frac(tally.for), abstain: frac(tally.abstain), against: frac(tally.against) },
    quorumAt: scale === 0n ? 1 : frac(quorum),
  };
}

// ---------------------------------------------------------------------------------------------------
// Delegate leaderboard
// ---------------------------------------------------------------------------------------------------

export interface DelegateEntry {
  address: string;
  /** Current voting power, raw (18 decimals). */
  votes: bigint;
  /** Holders delegating to it, when the source knows (the subgraph does). */
  delegators?: number;
}

export interface RankedDelegate extends DelegateEntry {
  rank: number;
  /** Share of the PEPER supply, in basis points. */
  shareBps: number;
}

/**
 * The top `limit` delegates by voting power (ties by address, so the order is stable), each with its
 * rank and share of `supply`. Delegates with no votes are left out; an address listed twice counts once
 * (the first, as sources list newest first).
 */
export function rankDelegates(entries: readonly DelegateEntry[], supply: bigint, limit = 10): RankedDelegate[] {
  const seen = new Set<string>();
  const unique = entries.filter((e) => {
    const key = e.address.toLowerCase();
    if (e.votes <= 0n || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) =>
    a.votes === b.votes ? a.address.toLowerCase().localeCompare(b.address.toLowerCase()) : a.votes > b.votes ? -1 : 1,
  );
  return unique.slice(0, Math.max(0, limit)).map((e, i) => ({
    ...e,
    rank: i + 1,
    shareBps: supply > 0n ? Number((e.votes * 10_000n) / supply) : 0,
  }));
}

export interface VotesChange {
  delegate: string;
  newVotes: bigint;
  blockNumber: bigint;
  logIndex: number;
}

/** Each delegate's latest voting power from DelegateVotesChanged events, in any order. */
export function latestVotes(changes: readonly VotesChange[]): DelegateEntry[] {
  const latest = new Map<string, VotesChange>();
  for (const c of changes) {
    const key = c.delegate.toLowerCase();
    const prev = latest.get(key);
    if (
      !prev ||
      c.blockNumber > prev.blockNumber ||
      (c.blockNumber === prev.blockNumber && c.logIndex > prev.logIndex)
    ) {
      latest.set(key, c);
    }
  }
  return [...latest.values()].map((c) => ({ address: c.delegate, votes: c.newVotes }));
}

/**
 * Block ranges to read logs over, newest first: `span` blocks each, back from `latest` and no further
 * than `maxBlocks` (so a long chain costs a bounded number of eth_getLogs calls).
 */
export function blockRanges(latest: bigint, span: bigint, maxBlocks: bigint): { fromBlock: bigint; toBlock: bigint }[] {
  if (span <= 0n || latest < 0n) return [];
  const floor = latest - maxBlocks + 1n > 0n ? latest - maxBlocks + 1n : 0n;
  const ranges: { fromBlock: bigint; toBlock: bigint }[] = [];
  for (let to = latest; to >= floor; to -= span) {
    const from = to - span + 1n > floor ? to - span + 1n : floor;
    ranges.push({ fromBlock: from, toBlock: to });
    if (from === floor) break;
  }
  return ranges;
}

/** "0x7099…79C8". */
export const shortAddress = (address: string): string =>
  address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
