/**
 * The governance messages a remote chain's GovernanceReceiver scheduled on its Timelock (/dao on a
 * chain without a Governor), read incrementally: the subgraph's GovernanceMessage entities through
 * the app's /subgraph proxy when the chain has a subgraph, otherwise the receiver's
 * GovernanceMessageScheduled events over bounded block ranges — the first read walks back from the
 * latest block in windows of CHAIN_LOG_WINDOW until it covers the Timelock's delay plus HISTORY_MARGIN
 * of chain time (so every message still waiting, or ready but not run, is listed), at most
 * MAX_HISTORY_WINDOWS windows; then only the blocks after the last one read. What never
 * changes (the receiver's home chain and Timelock) is read once; a message's "done" (executed on the
 * Timelock) is final, so the chain fallback asks the Timelock only about the messages not done yet.
 */
import type { Address, Hex, PublicClient } from "viem";

import { governanceReceiverAbi } from "@protocol/generated/abis/GovernanceReceiver.ts";
import { peperTimelockAbi } from "@protocol/generated/abis/PeperTimelock.ts";

import { boundedFromBlock } from "../lib/candlesSubgraph.ts";
import { querySubgraph, readsChainInstead, SubgraphError, type Fetch } from "./subgraph.ts";

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
}

interface BlockSeen {
  number: bigint;
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
  /** What the next read starts from. */
  cursor: {
    timelock: Address;
    /** The first block seen (the block-time estimate's anchor) and the latest. */
    anchor: BlockSeen;
    latest: BlockSeen;
    /**
     * The chain fallback's events so far (oldest first), read from `fromBlock` (where the first read's
     * walk back stopped; 0 when it reached the chain's start) up to `toBlock`.
     */
    chain?: { events: ScheduledEvent[]; done: boolean[]; fromBlock: bigint; toBlock: bigint };
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

/** The page polls no faster than this, and no faster than the chain makes blocks. */
export const MIN_POLL_MS = 5_000;
/** Until the reader has seen two blocks: Ethereum's slot. */
export const UNKNOWN_BLOCK_TIME_MS = 12_000;

/** How long to wait before the next read: the chain's block time, at least MIN_POLL_MS. */
export const pollInterval = (data: Pick<RemoteGovernanceState, "blockTime"> | undefined): number =>
  Math.max(MIN_POLL_MS, data?.blockTime === undefined ? UNKNOWN_BLOCK_TIME_MS : Math.ceil(data.blockTime * 1000));

export const REMOTE_GOVERNANCE_QUERY = /* GraphQL */ `
  query RemoteGovernance($receiver: Bytes!) {
    governanceMessages(
      first: 1000
      orderBy: scheduledAt
      orderDirection: desc
      where: { endpoint: $receiver, direction: "Inbound", nonce_not: null }
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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const INTEGER = /^\d+$/;

function bigintField(row: Record<string, unknown>, field: string): bigint {
  const value = row[field];
  if (
    (typeof value === "string" && INTEGER.test(value)) ||
    (typeof value === "number" && Number.isSafeInteger(value))
  ) {
    return BigInt(value);
  }
  throw new SubgraphError("http", `governanceMessages: ${field} is not an integer (${JSON.stringify(value)})`);
}

/** The subgraph's answer, validated: anything else is a SubgraphError, not a wrong list. */
export function parseMessages(data: unknown): MessageRow[] {
  const list = isRecord(data) ? data["governanceMessages"] : undefined;
  if (!Array.isArray(list)) throw new SubgraphError("http", "the answer has no governanceMessages list");
  return list.map((row: unknown): MessageRow => {
    if (!isRecord(row)) throw new SubgraphError("http", "governanceMessages: a row is not an object");
    const { id, status } = row;
    if (typeof id !== "string" || !HEX32.test(id)) {
      throw new SubgraphError("http", `governanceMessages: id is not a digest (${JSON.stringify(id)})`);
    }
    if (typeof status !== "string") throw new SubgraphError("http", "governanceMessages: status is not a string");
    return {
      id: id.toLowerCase() as Hex,
      nonce: bigintField(row, "nonce"),
      readyAt: bigintField(row, "readyAt"),
      scheduledAt: bigintField(row, "scheduledAt"),
      status,
    };
  });
}

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
  const latest: BlockSeen = { number: block.number, timestamp: block.timestamp };
  // a chain that went back (a reset local chain) starts over from this block
  const reset = previous !== undefined && latest.number < previous.cursor.latest.number;
  const anchor = previous && !reset ? previous.cursor.anchor : latest;
  const blockTime =
    latest.number > anchor.number
      ? Number(latest.timestamp - anchor.timestamp) / Number(latest.number - anchor.number)
      : reset
        ? undefined
        : previous?.blockTime;
  const base = { home: immutables.home, now: latest.timestamp, blockTime };
  const cursor = { timelock: immutables.timelock, anchor, latest };

  try {
    const data = await querySubgraph<unknown>(
      chainId,
      REMOTE_GOVERNANCE_QUERY,
      { receiver: receiver.toLowerCase() },
      options,
    );
    return { ...base, source: "subgraph", rows: subgraphRows(parseMessages(data)), cursor };
  } catch (error) {
    if (!readsChainInstead(error)) throw error;
  }

  // The chain fallback, in windows of at most `window` blocks: the first read walks back far enough
  // to list every message still waiting (see the module's comment), the next ones read the new blocks.
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
    return logs.map(({ args: { nonce, digest, readyAt, operationId } }) => ({ nonce, digest, readyAt, operationId }));
  };
  const events = [...(seen?.events ?? [])];
  const done = [...(seen?.done ?? [])];
  let historyFrom: bigint;
  if (seen) {
    historyFrom = seen.fromBlock;
    for (let from = seen.toBlock + 1n; from <= latest.number; from += window) {
      const to = from + window - 1n < latest.number ? from + window - 1n : latest.number;
      for (const event of await scheduledIn(from, to)) {
        events.push(event);
        done.push(false);
      }
    }
  } else {
    const minDelay = await client.readContract({
      address: immutables.timelock,
      abi: peperTimelockAbi,
      functionName: "getMinDelay",
    });
    const lookBack = minDelay + HISTORY_MARGIN_SECONDS;
    let to = latest.number;
    historyFrom = boundedFromBlock(to, window);
    for (let windows = 1; ; windows++) {
      const found = await scheduledIn(historyFrom, to);
      events.unshift(...found);
      done.unshift(...found.map(() => false));
      if (historyFrom === 0n || windows >= MAX_HISTORY_WINDOWS) break;
      const start = await client.getBlock({ blockNumber: historyFrom });
      if (latest.timestamp - start.timestamp >= lookBack) break;
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
    cursor: { ...cursor, chain: { events, done, fromBlock: historyFrom, toBlock: latest.number } },
  };
}
