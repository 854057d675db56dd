/**
 * The governance messages a remote chain's GovernanceReceiver scheduled on its Timelock (/dao on a
 * chain without a Governor), read incrementally: the subgraph's GovernanceMessage entities through
 * the app's /subgraph proxy when the chain has a subgraph (newest first, in pages of
 * SUBGRAPH_PAGE back to the same horizon as the chain fallback, at most MAX_SUBGRAPH_PAGES pages),
 * otherwise the receiver's GovernanceMessageScheduled events over bounded block ranges — the first
 * read walks back from the latest block in windows of CHAIN_LOG_WINDOW until it covers the Timelock's
 * delay plus HISTORY_MARGIN of chain time (so every message still waiting, or ready but not run, is
 * listed), at most MAX_HISTORY_WINDOWS windows; then the blocks after the last one read plus the last
 * REORG_TAIL blocks already read again (a reorg there replaces their events). Either cap hit before the
 * horizon is said in the state (`truncated`), not dropped silently. What never changes (the receiver's
 * home chain and Timelock) is read once; the Timelock's delay can change (TimelockController's
 * updateDelay), so a read that needs it asks for it again. A message's "done" (executed on the
 * Timelock) is final, so the chain fallback asks the Timelock only about the messages not done yet.
 *
 * The first read also reads the block REORG_TAIL below the latest one (the block-time anchor, so
 * the block time is known at once). Every poll after it checks, with one getBlock, that the chain is
 * still the one read before: the hash of a block that was at least REORG_TAIL deep when it was
 * recorded, or of a head seen since that is REORG_TAIL deep now (see `sameChain`). A different
 * hash, or no such block, means the chain was replaced (a reset local chain, a reorg deeper than the
 * tail): the read starts over, block-time anchor and chain events included. (A chain shorter than
 * REORG_TAIL is checked by its block 0; a reset chain with the same block 0 is not seen as new, but
 * its tail then spans the whole chain and is reconciled by block hash.)
 */
import { BlockNotFoundError, type Address, type Hex, type PublicClient } from "viem";
import * as v from "valibot";

import { governanceReceiverAbi } from "@protocol/generated/abis/GovernanceReceiver.ts";
import { peperTimelockAbi } from "@protocol/generated/abis/PeperTimelock.ts";

import { boundedFromBlock } from "../lib/candlesSubgraph.ts";
import { checkAnswer, hash32, integerLike, querySubgraph, readsChainInstead, type Fetch } from "./subgraph.ts";

/** One message scheduled on the Timelock, as the page lists it. */
export interface ScheduledMessage {
  nonce: bigint;
  digest: Hex;
  /** When anyone may execute it on the Timelock (unix seconds). */
  readyAt: bigint;
  /** Executed on the Timelock. */
  done: boolean;
}

/** A GovernanceMessageScheduled event the chain fallback has seen. */
interface ScheduledEvent {
  nonce: bigint;
  digest: Hex;
  readyAt: bigint;
  operationId: Hex;
  /** Where the log is: its identity (block hash + log index) survives only if a reorg kept its block. */
  blockNumber: bigint;
  blockHash: Hex;
  logIndex: number;
}

/** A block as the reader saw it: the hash tells whether a later read still sees the same chain. */
interface BlockRef {
  number: bigint;
  hash: Hex;
}

interface BlockSeen extends BlockRef {
  timestamp: bigint;
}

export interface RemoteGovernanceState {
  /** The home chain's id (the receiver's homeChainId). */
  home: number;
  /** The chain's latest block's timestamp. */
  now: bigint;
  /** Newest first. */
  rows: ScheduledMessage[];
  source: "subgraph" | "chain";
  /** Seconds per block, measured between two blocks this reader saw (undefined until it has two). */
  blockTime: number | undefined;
  /**
   * The read stopped at its cap (MAX_SUBGRAPH_PAGES pages, or MAX_HISTORY_WINDOWS windows) before it
   * reached the horizon (the Timelock's delay plus HISTORY_MARGIN back): older messages, some maybe
   * still waiting, are not in `rows`.
   */
  truncated: boolean;
  /** What the next read starts from. */
  cursor: {
    timelock: Address;
    /**
     * The block-time estimate's anchor: the block REORG_TAIL below the latest one when the reader
     * first saw this chain (block 0 on a shorter chain), final by the tail's assumption.
     */
    anchor: BlockSeen;
    /** The newest block known to be final on this chain: the anchor, or a head found unchanged since. */
    checkpoint: BlockRef;
    /**
     * Latest blocks seen after the checkpoint, oldest first, at least HEAD_SPACING apart: each is
     * checked once it is REORG_TAIL deep (then it, or the checkpoint, proves the chain unchanged).
     */
    heads: BlockRef[];
    /**
     * The chain fallback's events so far (oldest first), read from `fromBlock` (where the first read's
     * walk back stopped; 0 when it reached the chain's start) up to `toBlock`.
     */
    chain?: { events: ScheduledEvent[]; done: boolean[]; fromBlock: bigint; toBlock: bigint; truncated: boolean };
  };
}

/** The most blocks one eth_getLogs of the chain fallback spans (and how far back its first read looks). */
export const CHAIN_LOG_WINDOW = 10_000n;

/**
 * How far back, beyond the Timelock's minimum delay, the chain fallback's first read looks: a message
 * scheduled earlier than delay + margin is ready since at least the margin, and was most likely run.
 */
export const HISTORY_MARGIN_SECONDS = 14n * 24n * 3600n;
/** The first read's walk back stops after this many windows whatever the chain time they covered. */
export const MAX_HISTORY_WINDOWS = 50;

/**
 * How many of the latest blocks already read the chain fallback reads again on every poll, and
 * reconciles by the log's identity (block hash + log index): a reorg of those blocks drops their
 * stale events and adds the new ones. 64 blocks are two Ethereum epochs (finality); the chains the
 * bridge serves reorg less deeply than that in practice.
 */
export const REORG_TAIL = 64n;
/** The cursor records a latest block as a head only this many blocks after the previous one. */
const HEAD_SPACING = REORG_TAIL / 4n;

/** Rows per subgraph query (graph-node's largest `first`). */
export const SUBGRAPH_PAGE = 1000;
/**
 * The subgraph read stops after this many pages (20,000 messages) even if it has not reached the
 * horizon yet, and says so (`truncated`); each poll reads them all again.
 */
export const MAX_SUBGRAPH_PAGES = 20;
/** graph-node's largest `skip` (only messages scheduled in one same second are paged with it). */
const MAX_SKIP = 5000;
/** The first page's `before`: later than any block's timestamp (uint64). */
const ANY_TIME = (1n << 64n) - 1n;

/** The page polls no faster than this, and no faster than the chain makes blocks. */
export const MIN_POLL_MS = 5_000;
/** Until the reader has seen two blocks: Ethereum's slot. */
export const UNKNOWN_BLOCK_TIME_MS = 12_000;

/** How long to wait before the next read: the chain's block time, at least MIN_POLL_MS. */
export const pollInterval = (data: Pick<RemoteGovernanceState, "blockTime"> | undefined): number =>
  Math.max(MIN_POLL_MS, data?.blockTime === undefined ? UNKNOWN_BLOCK_TIME_MS : Math.ceil(data.blockTime * 1000));

/**
 * One page of the receiver's messages, newest first: scheduled at `before` or earlier, after skipping
 * `skip` of them (the ones scheduled at `before` that the previous pages listed; ties are ordered by
 * id, the same on every page).
 */
export const REMOTE_GOVERNANCE_QUERY = /* GraphQL */ `
  query RemoteGovernance($receiver: Bytes!, $before: BigInt!, $skip: Int!) {
    governanceMessages(
      first: 1000
      skip: $skip
      orderBy: scheduledAt
      orderDirection: desc
      where: { endpoint: $receiver, direction: "Inbound", nonce_not: null, scheduledAt_lte: $before }
    ) {
      id
      nonce
      readyAt
      scheduledAt
      status
    }
  }
`;

/** One GovernanceMessage row as the subgraph answers it, checked. */
interface MessageRow {
  id: Hex;
  nonce: bigint;
  readyAt: bigint;
  scheduledAt: bigint;
  status: string;
}

/** The answer to REMOTE_GOVERNANCE_QUERY, checked (querySubgraph). */
const MESSAGES = v.object({
  governanceMessages: v.array(
    v.object({
      id: hash32,
      nonce: integerLike,
      readyAt: integerLike,
      scheduledAt: integerLike,
      status: v.string(),
    }),
  ),
});

const messageRows = (data: v.InferOutput<typeof MESSAGES>): MessageRow[] =>
  data.governanceMessages.map((row) => ({
    id: row.id.toLowerCase() as Hex,
    nonce: BigInt(row.nonce),
    readyAt: BigInt(row.readyAt),
    scheduledAt: BigInt(row.scheduledAt),
    status: row.status,
  }));

/** The subgraph's answer, validated: anything else is a SubgraphError, not a wrong list. */
export const parseMessages = (data: unknown): MessageRow[] => messageRows(checkAnswer(MESSAGES, data));

/**
 * Rows newest first: scheduled later first and, within one block (one timestamp), the higher nonce
 * first — the order of the chain's events, reversed. "Executed" is the subgraph's word for an
 * operation the Timelock ran (isOperationDone); "Cancelled" is not done, as on chain.
 */
export function subgraphRows(messages: readonly MessageRow[]): ScheduledMessage[] {
  return [...messages]
    .sort((a, b) =>
      a.scheduledAt !== b.scheduledAt ? (b.scheduledAt > a.scheduledAt ? 1 : -1) : b.nonce > a.nonce ? 1 : -1,
    )
    .map((m) => ({ nonce: m.nonce, digest: m.id, readyAt: m.readyAt, done: m.status === "Executed" }));
}

/**
 * Pages through the receiver's messages newest first (REMOTE_GOVERNANCE_QUERY) until a page is not
 * full, or its oldest message was scheduled before `horizon()` (asked only once a page is full), or
 * MAX_SUBGRAPH_PAGES pages were read without reaching it (then `truncated`).
 */
async function readSubgraphPages(
  query: (before: bigint, skip: number) => Promise<MessageRow[]>,
  horizon: () => Promise<bigint>,
): Promise<{ messages: MessageRow[]; truncated: boolean }> {
  const messages: MessageRow[] = [];
  const listed = new Set<Hex>();
  let before = ANY_TIME;
  let skip = 0;
  for (let pages = 1; ; pages++) {
    const page = await query(before, skip);
    // a message scheduled between two pages' queries (at `before`'s second) may come twice
    for (const m of page) {
      if (listed.has(m.id)) continue;
      listed.add(m.id);
      messages.push(m);
    }
    if (page.length < SUBGRAPH_PAGE) return { messages, truncated: false };
    const oldest = page.at(-1)!.scheduledAt;
    if (oldest < (await horizon())) return { messages, truncated: false };
    // the next page starts at the oldest message's time, skipping the ones of that time listed already
    const ties = page.filter((m) => m.scheduledAt === oldest).length;
    skip = oldest === before ? skip + ties : ties;
    before = oldest;
    if (pages >= MAX_SUBGRAPH_PAGES || skip > MAX_SKIP) return { messages, truncated: true };
  }
}

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
/** A log's identity: a reorg that replaced its block changes the block hash. */
const logKey = (e: Pick<ScheduledEvent, "blockHash" | "logIndex">): string => `${e.blockHash}:${e.logIndex}`;

/** Block `number`'s hash on the chain as it is now, or null when the chain has no such block. */
async function hashAt(client: PublicClient, latest: BlockRef, number: bigint): Promise<Hex | null> {
  if (number > latest.number) return null;
  if (number === latest.number) return latest.hash;
  try {
    return (await client.getBlock({ blockNumber: number })).hash;
  } catch (error) {
    if (error instanceof BlockNotFoundError) return null;
    throw error;
  }
}

/**
 * Whether the chain whose latest block is `latest` is still the one `cursor` was read from, with one
 * getBlock (two when a head was replaced): the newest head now REORG_TAIL deep, if any, is checked.
 * Unchanged, it is final and becomes the checkpoint. Changed, a reorg within the tail may have
 * replaced it after it was seen, so the checkpoint (final when recorded) decides. Without such a
 * head the checkpoint is checked. A head's hash is not trusted alone because it was seen as the
 * latest block, which a shallow reorg may replace; the checkpoint was REORG_TAIL deep. Returns the
 * checkpoint and the heads still to check, or undefined when the chain was replaced.
 */
async function sameChain(
  client: PublicClient,
  latest: BlockRef,
  cursor: Pick<RemoteGovernanceState["cursor"], "checkpoint" | "heads">,
): Promise<{ checkpoint: BlockRef; heads: BlockRef[] } | undefined> {
  const deep = cursor.heads.findLastIndex((h) => h.number + REORG_TAIL <= latest.number);
  // the heads up to the one checked now can no longer be chosen
  const heads = cursor.heads.slice(deep + 1);
  if (deep >= 0) {
    const head = cursor.heads[deep]!;
    if ((await hashAt(client, latest, head.number)) === head.hash) return { checkpoint: head, heads };
  }
  const { checkpoint } = cursor;
  return (await hashAt(client, latest, checkpoint.number)) === checkpoint.hash ? { checkpoint, heads } : undefined;
}

/**
 * Reads the receiver's scheduled messages, starting from `previous` (the last read's answer, or
 * undefined): see the module's comment.
 */
export async function readRemoteGovernance(
  client: PublicClient,
  chainId: number,
  receiver: Address,
  previous: RemoteGovernanceState | undefined,
  options: { fetch?: Fetch; base?: string; window?: bigint } = {},
): Promise<RemoteGovernanceState> {
  const window = options.window ?? CHAIN_LOG_WINDOW;
  const [immutables, block] = await Promise.all([
    previous
      ? { home: previous.home, timelock: previous.cursor.timelock }
      : Promise.all([
          client.readContract({ address: receiver, abi: governanceReceiverAbi, functionName: "homeChainId" }),
          client.readContract({ address: receiver, abi: governanceReceiverAbi, functionName: "timelock" }),
        ]).then(([home, timelock]) => ({ home: Number(home), timelock })),
    client.getBlock({ blockTag: "latest" }),
  ]);
  const latest: BlockSeen = { number: block.number, timestamp: block.timestamp, hash: block.hash };
  // the chain read before, checked by block hash (a reorg within the tail is the tail's to reconcile);
  // replaced (a reset local chain, a deeper reorg), the read starts over
  const kept = previous && (await sameChain(client, latest, previous.cursor));
  const reset = previous !== undefined && kept === undefined;
  let anchor: BlockSeen;
  if (previous && kept) anchor = previous.cursor.anchor;
  else if (latest.number === 0n) anchor = latest;
  else {
    // a block the tail's reorgs do not reach: its hash checks the next read's chain
    const start = await client.getBlock({ blockNumber: max(0n, latest.number - REORG_TAIL) });
    anchor = { number: start.number, timestamp: start.timestamp, hash: start.hash };
  }
  const checkpoint = kept ? kept.checkpoint : { number: anchor.number, hash: anchor.hash };
  // the latest block is recorded as a head (replacing any at or above it: a reorg to a shorter chain)
  const heads = (kept?.heads ?? []).filter((h) => h.number < latest.number);
  if (latest.number >= (heads.at(-1) ?? checkpoint).number + HEAD_SPACING) {
    heads.push({ number: latest.number, hash: latest.hash });
  }
  const blockTime =
    latest.number > anchor.number
      ? Number(latest.timestamp - anchor.timestamp) / Number(latest.number - anchor.number)
      : reset
        ? undefined
        : previous?.blockTime;
  const base = { home: immutables.home, now: latest.timestamp, blockTime };
  // the Timelock's delay: asked at most once per read, and only by a read that needs it (it can change)
  let minDelay: bigint | undefined;
  const lookBack = async (): Promise<bigint> =>
    HISTORY_MARGIN_SECONDS +
    (minDelay ??= await client.readContract({
      address: immutables.timelock,
      abi: peperTimelockAbi,
      functionName: "getMinDelay",
    }));
  const cursor = () => ({ timelock: immutables.timelock, anchor, checkpoint, heads });

  try {
    const { messages, truncated } = await readSubgraphPages(
      async (before, skip) =>
        messageRows(
          await querySubgraph(
            chainId,
            REMOTE_GOVERNANCE_QUERY,
            MESSAGES,
            { receiver: receiver.toLowerCase(), before: before.toString(), skip },
            options,
          ),
        ),
      // the chain fallback's horizon: scheduled more than the delay plus the margin ago
      async () => latest.timestamp - (await lookBack()),
    );
    return { ...base, source: "subgraph", rows: subgraphRows(messages), truncated, cursor: cursor() };
  } catch (error) {
    if (!readsChainInstead(error)) throw error;
  }

  // The chain fallback, in windows of at most `window` blocks: the first read walks back far enough
  // to list every message still waiting (see the module's comment), the next ones read the new blocks
  // and the last REORG_TAIL blocks again.
  const seen = previous?.cursor.chain && !reset ? previous.cursor.chain : undefined;
  const scheduledIn = async (from: bigint, to: bigint): Promise<ScheduledEvent[]> => {
    const logs = await client.getContractEvents({
      address: receiver,
      abi: governanceReceiverAbi,
      eventName: "GovernanceMessageScheduled",
      fromBlock: from,
      toBlock: to,
      strict: true,
    });
    return logs.map(({ args: { nonce, digest, readyAt, operationId }, blockNumber, blockHash, logIndex }) => ({
      nonce,
      digest,
      readyAt,
      operationId,
      blockNumber,
      blockHash,
      logIndex,
    }));
  };
  let events: ScheduledEvent[];
  let done: boolean[];
  let historyFrom: bigint;
  let truncated = false;
  if (seen) {
    historyFrom = seen.fromBlock;
    truncated = seen.truncated;
    // the tail read again: its events are replaced by what the chain says now; one with the same
    // identity (its block kept) keeps its "done", one whose block was replaced is gone
    const tailFrom = max(seen.fromBlock, seen.toBlock + 1n - REORG_TAIL);
    const belowTail = seen.events.flatMap((e, i) => (e.blockNumber < tailFrom ? [i] : []));
    const doneBefore = new Map(seen.events.map((e, i) => [logKey(e), seen.done[i]!]));
    events = belowTail.map((i) => seen.events[i]!);
    done = belowTail.map((i) => seen.done[i]!);
    for (let from = tailFrom; from <= latest.number; from += window) {
      const to = from + window - 1n < latest.number ? from + window - 1n : latest.number;
      for (const event of await scheduledIn(from, to)) {
        events.push(event);
        done.push(doneBefore.get(logKey(event)) ?? false);
      }
    }
  } else {
    events = [];
    done = [];
    const horizon = latest.timestamp - (await lookBack());
    let to = latest.number;
    historyFrom = boundedFromBlock(to, window);
    for (let windows = 1; ; windows++) {
      const found = await scheduledIn(historyFrom, to);
      events.unshift(...found);
      done.unshift(...found.map(() => false));
      if (historyFrom === 0n) break;
      const start = await client.getBlock({ blockNumber: historyFrom });
      if (start.timestamp <= horizon) break;
      if (windows >= MAX_HISTORY_WINDOWS) {
        truncated = true;
        break;
      }
      to = historyFrom - 1n;
      historyFrom = boundedFromBlock(to, window);
    }
  }
  // only the messages not done yet: an executed operation stays executed
  const pending = events.flatMap((e, i) => (done[i] ? [] : [i]));
  const answers = await Promise.all(
    pending.map((i) =>
      client.readContract({
        address: immutables.timelock,
        abi: peperTimelockAbi,
        functionName: "isOperationDone",
        args: [events[i]!.operationId],
      }),
    ),
  );
  pending.forEach((i, k) => (done[i] = answers[k]!));
  const rows = events.map((e, i) => ({ nonce: e.nonce, digest: e.digest, readyAt: e.readyAt, done: done[i]! }));
  return {
    ...base,
    source: "chain",
    rows: rows.reverse(),
    truncated,
    cursor: { ...cursor(), chain: { events, done, fromBlock: historyFrom, toBlock: latest.number, truncated } },
  };
}
