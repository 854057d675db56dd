import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * What an operator must remember across restarts (DESIGN.md: a node that restarts never submits a
 * round twice and never signs two different reports for the same round). One small JSON file,
 * written atomically (temporary file + rename) before the signature or transaction leaves the node,
 * so a crash at any point leaves either the old or the new state, never a torn one.
 */
export interface FeedState {
  /** The highest round this operator signed, and the hash of the report it signed for it. */
  signedRound: string; // bigint as a decimal string
  signedHash: `0x${string}` | null;
  /**
   * What was signed for `signedRound` (the report and the block it was observed at, as JSON), so
   * that a new leader after a failover can finish that round with the same report.
   */
  signedRequest?: string;
  /** The highest round this operator submitted on chain. */
  submittedRound: string;
}

export interface StateFile {
  version: 1;
  feeds: Record<string, FeedState>;
}

/** Signing this report would contradict one already signed (equivocation): refused, not retryable. */
export class EquivocationError extends Error {
  override name = "EquivocationError";
  constructor(feed: string, round: bigint, reason: string) {
    super(`Refusing to sign ${feed} round ${round}: ${reason}`);
  }
}

export interface StateStore {
  /** Records the intent to sign `hash` for `round` of `feed`; throws EquivocationError if that contradicts the past. */
  recordSigned(feed: string, round: bigint, hash: `0x${string}`, request?: string): void;
  /** The request signed for `round` of `feed`, if this operator signed one. */
  signedRequestFor(feed: string, round: bigint): string | undefined;
  /** True when this operator has not submitted `round` of `feed` yet (and records that it now does). */
  claimSubmission(feed: string, round: bigint): boolean;
  /** The current state, for /health. */
  snapshot(): StateFile;
}

const empty = (): FeedState => ({ signedRound: "0", signedHash: null, submittedRound: "0" });

export function createStateStore(dir: string): StateStore {
  const file = join(dir, "state.json");
  mkdirSync(dir, { recursive: true });
  let state: StateFile = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as StateFile)
    : { version: 1, feeds: {} };

  const persist = (next: StateFile) => {
    const tmp = `${file}.${process.pid}.tmp`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify(next, null, 2));
    renameSync(tmp, file); // atomic on POSIX
    state = next;
  };

  const feedState = (feed: string): FeedState => state.feeds[feed] ?? empty();

  return {
    signedRequestFor(feed, round) {
      const f = feedState(feed);
      return BigInt(f.signedRound) === round ? f.signedRequest : undefined;
    },
    recordSigned(feed, round, hash, request) {
      const f = feedState(feed);
      const last = BigInt(f.signedRound);
      if (round < last) throw new EquivocationError(feed, round, `round ${last} was already signed`);
      if (round === last) {
        if (f.signedHash === hash) return; // the same report again: signing it twice is harmless
        throw new EquivocationError(feed, round, "a different report was already signed for this round");
      }
      const next: FeedState = { ...f, signedRound: round.toString(), signedHash: hash };
      if (request === undefined) delete next.signedRequest;
      else next.signedRequest = request;
      persist({ ...state, feeds: { ...state.feeds, [feed]: next } });
    },
    claimSubmission(feed, round) {
      const f = feedState(feed);
      if (round <= BigInt(f.submittedRound)) return false;
      persist({ ...state, feeds: { ...state.feeds, [feed]: { ...f, submittedRound: round.toString() } } });
      return true;
    },
    snapshot: () => structuredClone(state),
  };
}
