import { BlockNotFoundError, type Address, type Hex, type PublicClient } from "viem";
import { describe, expect, it, vi } from "vitest";

import {
  CHAIN_LOG_WINDOW,
  HISTORY_MARGIN_SECONDS,
  MAX_HISTORY_WINDOWS,
  MAX_SUBGRAPH_PAGES,
  MIN_POLL_MS,
  parseMessages,
  pollInterval,
  readRemoteGovernance,
  REMOTE_GOVERNANCE_QUERY,
  REORG_TAIL,
  SUBGRAPH_PAGE,
  type RemoteGovernanceState,
} from "./remoteGovernance.ts";
import { SubgraphError, type Fetch } from "./subgraph.ts";

const RECEIVER = "0x000000000000000000000000000000000000Ab9e" as Address;
const TIMELOCK = "0x00000000000000000000000000000000000000f1" as Address;
const digest = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const operation = (n: number) => `0x${(0xff00 + n).toString(16).padStart(64, "0")}` as Hex;

/** Block n's hash in the fake chain: its number, then how many times a reorg replaced it. */
const forkedHash = (n: bigint, fork: number) =>
  `0x${n.toString(16).padStart(56, "0")}${fork.toString(16).padStart(8, "0")}` as Hex;

interface EventsQuery {
  fromBlock: bigint;
  toBlock: bigint;
}

/**
 * A chain at block `state.block` (2 s blocks) whose receiver scheduled message n at block
 * `state.scheduled[n - 1]` (none if that is -1); `state.executed` are the operations the Timelock ran.
 * A block's hash is its number and `state.forks`' count for it (a reorg replacing block b: add 1);
 * block n's timestamp is `state.genesis` (1,000,000 unless set) + 2n.
 */
function fakeChain(state: {
  block: bigint;
  scheduled: bigint[];
  executed: Set<number>;
  minDelay?: bigint;
  forks?: Map<bigint, number>;
  genesis?: bigint;
}) {
  const blockHash = (n: bigint) => forkedHash(n, state.forks?.get(n) ?? 0);
  const client = {
    readContract: vi.fn(async ({ functionName, args }: { functionName: string; args?: readonly unknown[] }) => {
      if (functionName === "homeChainId") return 31337n;
      if (functionName === "timelock") return TIMELOCK;
      if (functionName === "getMinDelay") return state.minDelay ?? 3_600n;
      if (functionName === "isOperationDone") {
        const n = Number.parseInt(String(args![0]).slice(2), 16) - 0xff00;
        return state.executed.has(n);
      }
      throw new Error(`unexpected ${functionName}`);
    }),
    getBlock: vi.fn(async (query?: { blockNumber?: bigint }) => {
      const number = query?.blockNumber ?? state.block;
      if (number > state.block) throw new BlockNotFoundError({ blockNumber: number });
      return { number, timestamp: (state.genesis ?? 1_000_000n) + 2n * number, hash: blockHash(number) };
    }),
    getContractEvents: vi.fn(async ({ fromBlock, toBlock }: EventsQuery) =>
      state.scheduled.flatMap((at, i) =>
        at >= fromBlock && at <= toBlock
          ? [
              {
                blockNumber: at,
                blockHash: blockHash(at),
                logIndex: state.scheduled.slice(0, i).filter((b) => b === at).length,
                args: {
                  nonce: BigInt(i + 1),
                  digest: digest(i + 1),
                  readyAt: 5_000n + BigInt(i),
                  operationId: operation(i + 1),
                },
              },
            ]
          : [],
      ),
    ),
  };
  return { client, asPublic: client as unknown as PublicClient };
}

const answer =
  (status: number, body: unknown): Fetch =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const NO_SUBGRAPH = answer(404, { error: "no subgraph for chain 31338" });

describe("readRemoteGovernance without a subgraph: bounded, incremental block ranges", () => {
  it("the first read walks back in windows (here to the chain's start: younger than the delay + margin), the next ones read only new blocks", async () => {
    const state = { block: 50_000n, scheduled: [45_000n, 49_990n], executed: new Set([1]) };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch: NO_SUBGRAPH });
    expect(first.source).toBe("chain");
    expect(first.home).toBe(31337);
    expect(first.rows).toEqual([
      { nonce: 2n, digest: digest(2), readyAt: 5_001n, done: false },
      { nonce: 1n, digest: digest(1), readyAt: 5_000n, done: true },
    ]);
    expect(client.getContractEvents.mock.calls.map(([q]) => [q.fromBlock, q.toBlock])).toEqual([
      [50_000n - CHAIN_LOG_WINDOW + 1n, 50_000n],
      [30_001n, 40_000n],
      [20_001n, 30_000n],
      [10_001n, 20_000n],
      [0n, 10_000n],
    ]);
    expect(first.cursor.chain?.fromBlock).toBe(0n);

    state.block = 50_010n;
    state.scheduled.push(50_005n);
    state.executed.add(2);
    const second = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH });
    expect(client.getContractEvents).toHaveBeenCalledTimes(6);
    // the new blocks and the last REORG_TAIL blocks already read
    expect(client.getContractEvents.mock.calls[5]![0]).toMatchObject({
      fromBlock: 50_001n - REORG_TAIL,
      toBlock: 50_010n,
    });
    expect(second.rows.map((r) => [r.nonce, r.done])).toEqual([
      [3n, false],
      [2n, true],
      [1n, true],
    ]);
    // the home chain and the Timelock: read once; the delay: by the first read only (the second one
    // reads new blocks, it does not walk back)
    const names = client.readContract.mock.calls.map(([c]) => c.functionName);
    expect(names.filter((n) => n === "homeChainId" || n === "timelock" || n === "getMinDelay")).toHaveLength(3);
    // a done message is not asked again: message 1 once (first read), 2 twice, 3 once
    expect(names.filter((n) => n === "isOperationDone")).toHaveLength(1 + 2 + 1);
    expect(second.blockTime).toBe(2);
    expect([first.truncated, second.truncated]).toEqual([false, false]);
  });

  it("reads a long gap (a tab asleep) in windows of at most CHAIN_LOG_WINDOW blocks, from the reorg tail on", async () => {
    const state = { block: 100n, scheduled: [], executed: new Set<number>() };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch: NO_SUBGRAPH, window: 40n });
    expect(client.getContractEvents.mock.calls.map(([q]) => [q.fromBlock, q.toBlock])).toEqual([
      [61n, 100n],
      [21n, 60n],
      [0n, 20n],
    ]);
    state.block = 190n;
    await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH, window: 40n });
    expect(client.getContractEvents.mock.calls.slice(3).map(([q]) => [q.fromBlock, q.toBlock])).toEqual([
      [101n - REORG_TAIL, 76n],
      [77n, 116n],
      [117n, 156n],
      [157n, 190n],
    ]);
  });

  it("on a long chain, walks back until the Timelock's delay plus the margin are covered, never to block 0", async () => {
    // 2 s blocks; a 2-day delay + the margin = 691,200 blocks: seven windows of 100,000
    const minDelay = 2n * 24n * 3600n;
    const state = { block: 10_000_000n, scheduled: [1_000_000n, 9_500_000n], executed: new Set<number>(), minDelay };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, {
      fetch: NO_SUBGRAPH,
      window: 100_000n,
    });
    const ranges = client.getContractEvents.mock.calls.map(([q]) => [q.fromBlock, q.toBlock]);
    expect((minDelay + HISTORY_MARGIN_SECONDS) / 2n).toBe(691_200n);
    expect(ranges).toHaveLength(7);
    expect(ranges.at(-1)).toEqual([9_300_001n, 9_400_000n]);
    expect(first.cursor.chain?.fromBlock).toBe(9_300_001n);
    // the message within the delay is listed; the one scheduled 9 million blocks ago is not read at all
    expect(first.rows.map((r) => r.nonce)).toEqual([2n]);
  });

  it("stops walking back after MAX_HISTORY_WINDOWS windows", async () => {
    const state = { block: 10_000_000n, scheduled: [], executed: new Set<number>() };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, {
      fetch: NO_SUBGRAPH,
      window: 1_000n,
    });
    expect(client.getContractEvents).toHaveBeenCalledTimes(MAX_HISTORY_WINDOWS);
    expect(first.cursor.chain?.fromBlock).toBe(10_000_000n - BigInt(MAX_HISTORY_WINDOWS) * 1_000n + 1n);
    // said, not dropped silently: older messages may still be waiting
    expect(first.truncated).toBe(true);
    state.block += 10n;
    const next = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH, window: 1_000n });
    expect(next.truncated).toBe(true);
  });

  it("a reorg of the last block read: its stale event disappears and the new block's appears", async () => {
    const state = {
      block: 300n,
      scheduled: [100n, 300n],
      executed: new Set<number>(),
      forks: new Map<bigint, number>(),
    };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch: NO_SUBGRAPH });
    expect(first.rows.map((r) => r.nonce)).toEqual([2n, 1n]);
    // block 300 is replaced by one where message 3 was scheduled instead of message 2; then block 301
    state.forks.set(300n, 1);
    state.scheduled[1] = -1n;
    state.scheduled.push(300n);
    state.block = 301n;
    const second = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH });
    expect(client.getContractEvents.mock.calls.at(-1)![0]).toMatchObject({
      fromBlock: 301n - REORG_TAIL,
      toBlock: 301n,
    });
    expect(second.rows).toEqual([
      { nonce: 3n, digest: digest(3), readyAt: 5_002n, done: false },
      { nonce: 1n, digest: digest(1), readyAt: 5_000n, done: false },
    ]);
    expect(second.cursor.chain?.events.map((e) => [e.nonce, e.blockHash])).toEqual([
      [1n, forkedHash(100n, 0)],
      [3n, forkedHash(300n, 1)],
    ]);
  });

  it("a reorg to a shorter chain drops the events of the blocks gone, without walking back again", async () => {
    const state = {
      block: 300n,
      scheduled: [100n, 299n],
      executed: new Set<number>(),
      forks: new Map<bigint, number>(),
    };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch: NO_SUBGRAPH });
    expect(first.rows.map((r) => r.nonce)).toEqual([2n, 1n]);
    // blocks 299 and 300 replaced by one block 299 without message 2
    state.forks.set(299n, 1);
    state.scheduled[1] = -1n;
    state.block = 299n;
    const calls = client.getContractEvents.mock.calls.length;
    const second = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH });
    expect(client.getContractEvents.mock.calls.slice(calls).map(([q]) => [q.fromBlock, q.toBlock])).toEqual([
      [301n - REORG_TAIL, 299n],
    ]);
    expect(second.rows.map((r) => r.nonce)).toEqual([1n]);
    expect(second.cursor.chain?.toBlock).toBe(299n);
  });

  it("a reorg that moves a log to a later block lists it once; a log whose block stayed keeps its done", async () => {
    const state = {
      block: 300n,
      scheduled: [290n, 299n],
      executed: new Set([1]),
      forks: new Map<bigint, number>(),
    };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch: NO_SUBGRAPH });
    expect(first.rows.map((r) => [r.nonce, r.done])).toEqual([
      [2n, false],
      [1n, true],
    ]);
    // block 299 replaced without message 2, which the chain includes again in block 305
    state.forks.set(299n, 1);
    state.scheduled[1] = 305n;
    state.block = 310n;
    const second = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH });
    expect(second.rows.map((r) => [r.nonce, r.done])).toEqual([
      [2n, false],
      [1n, true],
    ]);
    expect(second.cursor.chain?.events.map((e) => e.blockNumber)).toEqual([290n, 305n]);
    // message 1 (block 290, kept by the reorg and re-read in the tail) is not asked again: it is done
    const asked = client.readContract.mock.calls.filter(([c]) => c.functionName === "isOperationDone");
    expect(asked.map(([c]) => c.args![0])).toEqual([operation(1), operation(2), operation(2)]);
  });

  it("starts over when the chain went back (a reset local chain)", async () => {
    const state = { block: 500n, scheduled: [400n], executed: new Set<number>() };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch: NO_SUBGRAPH });
    state.block = 20n;
    state.scheduled = [10n];
    const again = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH });
    expect(client.getContractEvents.mock.calls[1]![0]).toMatchObject({ fromBlock: 0n, toBlock: 20n });
    expect(again.rows.map((r) => r.nonce)).toEqual([1n]);
  });

  it("starts over when a local chain was reset to a height within REORG_TAIL of the old one (other hashes)", async () => {
    const state = {
      block: 100n,
      scheduled: [10n, 90n],
      executed: new Set<number>(),
      forks: new Map<bigint, number>(),
      genesis: 1_000_000n,
    };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch: NO_SUBGRAPH });
    expect(first.rows.map((r) => r.nonce)).toEqual([2n, 1n]);
    expect(first.cursor.anchor.number).toBe(100n - REORG_TAIL);
    // restarted 10,000 s later and redeployed up to block 50: every block another, message 3 at block 45
    for (let b = 0n; b <= 50n; b++) state.forks.set(b, 1);
    state.genesis = 1_010_000n;
    state.block = 50n;
    state.scheduled = [-1n, -1n, 45n];
    const calls = client.getContractEvents.mock.calls.length;
    const again = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH });
    // read from scratch, not from the old chain's tail (block 37 on): the old chain's events are gone
    expect(client.getContractEvents.mock.calls.slice(calls).map(([q]) => [q.fromBlock, q.toBlock])).toEqual([
      [0n, 50n],
    ]);
    expect(again.rows.map((r) => r.nonce)).toEqual([3n]);
    expect(again.cursor.chain?.events.map((e) => e.blockNumber)).toEqual([45n]);
    // the new chain's anchor (its block 0): 2 s blocks, not the restart's gap spread over the blocks
    expect(again.cursor.anchor).toMatchObject({ number: 0n, timestamp: 1_010_000n });
    expect(again.blockTime).toBe(2);
  });

  it("starts over after a reorg deeper than REORG_TAIL that keeps the chain's height", async () => {
    const state = {
      block: 300n,
      scheduled: [200n, 250n],
      executed: new Set<number>(),
      forks: new Map<bigint, number>(),
    };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch: NO_SUBGRAPH });
    expect(first.rows.map((r) => r.nonce)).toEqual([2n, 1n]);
    // blocks 150 to 300 replaced: message 1 gone, message 2 in the new block 250; then block 301
    for (let b = 150n; b <= 300n; b++) state.forks.set(b, 1);
    state.scheduled[0] = -1n;
    state.block = 301n;
    const calls = client.getContractEvents.mock.calls.length;
    const again = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH });
    expect(client.getContractEvents.mock.calls.slice(calls).map(([q]) => [q.fromBlock, q.toBlock])).toEqual([
      [0n, 301n],
    ]);
    expect(again.rows.map((r) => r.nonce)).toEqual([2n]);
    expect(again.cursor.chain?.events.map((e) => e.blockHash.endsWith("00000001"))).toEqual([true]);
    expect(again.cursor.anchor.number).toBe(301n - REORG_TAIL);
  });

  it("a head replaced by a shallow reorg after it was seen is not a new chain: the checkpoint decides", async () => {
    const state = {
      block: 300n,
      scheduled: [100n, 300n],
      executed: new Set<number>(),
      forks: new Map<bigint, number>(),
    };
    const { client, asPublic } = fakeChain(state);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch: NO_SUBGRAPH });
    // block 300 (seen as the latest, recorded as a head) replaced without message 2
    state.forks.set(300n, 1);
    state.scheduled[1] = -1n;
    state.block = 301n;
    const second = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch: NO_SUBGRAPH });
    // 100 blocks later the head is REORG_TAIL deep and its hash differs; the checkpoint's does not
    state.block = 400n;
    const blocks = client.getBlock.mock.calls.length;
    const events = client.getContractEvents.mock.calls.length;
    const third = await readRemoteGovernance(asPublic, 31338, RECEIVER, second, { fetch: NO_SUBGRAPH });
    expect(client.getBlock.mock.calls.slice(blocks).map(([q]) => q?.blockNumber)).toEqual([
      undefined,
      300n,
      300n - REORG_TAIL,
    ]);
    expect(client.getContractEvents.mock.calls.slice(events).map(([q]) => [q.fromBlock, q.toBlock])).toEqual([
      [302n - REORG_TAIL, 400n],
    ]);
    expect(third.rows.map((r) => r.nonce)).toEqual([1n]);
    expect(third.cursor.anchor).toEqual(first.cursor.anchor);
    expect(third.cursor.checkpoint).toEqual({ number: 300n - REORG_TAIL, hash: first.cursor.anchor.hash });
  });
});

interface Query {
  query: string;
  variables: { receiver: string; before: string; skip: number };
}
interface FakeMessage {
  id: Hex;
  nonce: string;
  readyAt: string;
  scheduledAt: string;
  status: string;
}
const message = (nonce: number, scheduledAt: number, done: boolean): FakeMessage => ({
  id: digest(nonce),
  nonce: String(nonce),
  readyAt: String(scheduledAt + 3_600),
  scheduledAt: String(scheduledAt),
  status: done ? "Executed" : "Scheduled",
});

/**
 * A subgraph answering REMOTE_GOVERNANCE_QUERY as graph-node does: scheduled at `before` or earlier,
 * newest first (ties by id, descending), `skip` then at most `first: 1000`.
 */
function fakeSubgraph(messages: readonly FakeMessage[]) {
  const sorted = [...messages].sort((a, b) =>
    a.scheduledAt !== b.scheduledAt ? Number(b.scheduledAt) - Number(a.scheduledAt) : b.id < a.id ? -1 : 1,
  );
  return vi.fn(async (_input: string, init: RequestInit) => {
    const { query, variables } = JSON.parse(String(init.body)) as Query;
    expect(query).toBe(REMOTE_GOVERNANCE_QUERY);
    const page = sorted
      .filter((m) => BigInt(m.scheduledAt) <= BigInt(variables.before))
      .slice(variables.skip, variables.skip + SUBGRAPH_PAGE);
    return new Response(JSON.stringify({ data: { governanceMessages: page } }), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  });
}

describe("readRemoteGovernance with a subgraph", () => {
  const rows = [
    { id: digest(1), nonce: "1", readyAt: "5000", scheduledAt: "900", status: "Executed" },
    { id: digest(3), nonce: "3", readyAt: "5002", scheduledAt: "990", status: "Scheduled" },
    { id: digest(2), nonce: "2", readyAt: "5001", scheduledAt: "990", status: "Cancelled" },
  ];

  it("reads the receiver's messages in one query and no event from the chain", async () => {
    const { client, asPublic } = fakeChain({ block: 50_000n, scheduled: [1n], executed: new Set() });
    const fetch = vi.fn(answer(200, { data: { governanceMessages: rows } }));
    const result = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch });
    expect(result.source).toBe("subgraph");
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe("/subgraph/31338");
    const body = JSON.parse(String(fetch.mock.calls[0]![1].body)) as { query: string; variables: unknown };
    expect(body).toEqual({
      query: REMOTE_GOVERNANCE_QUERY,
      variables: { receiver: RECEIVER.toLowerCase(), before: String((1n << 64n) - 1n), skip: 0 },
    });
    // newest first; in one block the higher nonce first; only "Executed" is done (a cancelled operation is not)
    expect(result.rows).toEqual([
      { nonce: 3n, digest: digest(3), readyAt: 5_002n, done: false },
      { nonce: 2n, digest: digest(2), readyAt: 5_001n, done: false },
      { nonce: 1n, digest: digest(1), readyAt: 5_000n, done: true },
    ]);
    expect(result.now).toBe(1_000_000n + 100_000n);
    expect(client.getContractEvents).not.toHaveBeenCalled();
    expect(client.readContract.mock.calls.map(([c]) => c.functionName).sort()).toEqual(["homeChainId", "timelock"]);
    expect(result.truncated).toBe(false);
  });

  it("pages through 2,500 messages (three scheduled each second, ties across the pages): every one listed once", async () => {
    const { asPublic } = fakeChain({ block: 50_000n, scheduled: [], executed: new Set() });
    // every 7th message still waiting, spread over all three pages
    const messages = Array.from({ length: 2_500 }, (_, i) =>
      message(i + 1, 1_000_000 + Math.floor(i / 3), i % 7 !== 0),
    );
    const fetch = fakeSubgraph(messages);
    const result = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(result.truncated).toBe(false);
    expect(result.rows).toHaveLength(2_500);
    expect(new Set(result.rows.map((r) => r.digest)).size).toBe(2_500);
    const waiting = result.rows.filter((r) => !r.done).map((r) => Number(r.nonce));
    expect(waiting.sort((a, b) => a - b)).toEqual(
      messages.filter((m) => m.status === "Scheduled").map((m) => Number(m.nonce)),
    );
    // newest first
    expect(result.rows[0]!.nonce).toBe(2_500n);
    expect(result.rows.at(-1)!.nonce).toBe(1n);
  });

  it("pages through 2,500 messages scheduled in one same second (skip within the second)", async () => {
    const { asPublic } = fakeChain({ block: 50_000n, scheduled: [], executed: new Set() });
    const messages = Array.from({ length: 2_500 }, (_, i) => message(i + 1, 1_000_000, i !== 2_499));
    const fetch = fakeSubgraph(messages);
    const result = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch });
    const variables = fetch.mock.calls.map(([, init]) => (JSON.parse(String(init.body)) as Query).variables);
    expect(variables.map((v) => [v.before, v.skip])).toEqual([
      [String((1n << 64n) - 1n), 0],
      ["1000000", 1_000],
      ["1000000", 2_000],
    ]);
    expect(new Set(result.rows.map((r) => r.digest)).size).toBe(2_500);
    expect(result.rows.filter((r) => !r.done).map((r) => r.nonce)).toEqual([2_500n]);
  });

  it("stops at the chain fallback's horizon (the Timelock's delay plus the margin)", async () => {
    // now = 21,000,000; a message every 1,000 s, the newest now: the second page reaches the horizon
    const { client, asPublic } = fakeChain({ block: 10_000_000n, scheduled: [], executed: new Set() });
    const now = 21_000_000;
    const messages = Array.from({ length: 3_000 }, (_, i) => message(i + 1, now - 1_000 * (2_999 - i), true));
    const fetch = fakeSubgraph(messages);
    const result = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(result.rows).toHaveLength(2 * SUBGRAPH_PAGE);
    expect(result.truncated).toBe(false);
    // the horizon: 3,600 s of delay + 14 days; the last page's oldest message is beyond it
    expect(now - 1_000 * 1_999).toBeLessThan(now - 3_600 - Number(HISTORY_MARGIN_SECONDS));
    expect(now - 1_000 * 999).toBeGreaterThan(now - 3_600 - Number(HISTORY_MARGIN_SECONDS));
    expect(client.readContract.mock.calls.filter(([c]) => c.functionName === "getMinDelay")).toHaveLength(1);
  });

  it("asks for the Timelock's delay again on the next read: updateDelay may have raised it", async () => {
    // now = 21,000,000; a message every 1,000 s over 40 days: a 2-day delay stops at the second page
    const state = { block: 10_000_000n, scheduled: [], executed: new Set<number>(), minDelay: 2n * 86_400n };
    const { client, asPublic } = fakeChain(state);
    const now = 21_000_000;
    const messages = Array.from({ length: 3_456 }, (_, i) => message(i + 1, now - 1_000 * (3_455 - i), false));
    const fetch = fakeSubgraph(messages);
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(first.rows).toHaveLength(2 * SUBGRAPH_PAGE);
    // the delay raised to 30 days: messages scheduled up to 44 days ago may still wait, all 3,456 listed
    state.minDelay = 30n * 86_400n;
    const second = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch });
    expect(fetch).toHaveBeenCalledTimes(2 + 4);
    expect(second.rows).toHaveLength(3_456);
    expect(second.truncated).toBe(false);
    // asked once per read (after the first full page), not once per page
    expect(client.readContract.mock.calls.filter(([c]) => c.functionName === "getMinDelay")).toHaveLength(2);
  });

  it("stops after MAX_SUBGRAPH_PAGES pages within the horizon, and says so", async () => {
    const { asPublic } = fakeChain({ block: 50_000n, scheduled: [], executed: new Set() });
    const messages = Array.from({ length: (MAX_SUBGRAPH_PAGES + 5) * SUBGRAPH_PAGE }, (_, i) =>
      message(i + 1, 1_000_000 + i, false),
    );
    const fetch = fakeSubgraph(messages);
    const result = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch });
    expect(fetch).toHaveBeenCalledTimes(MAX_SUBGRAPH_PAGES);
    expect(result.rows).toHaveLength(MAX_SUBGRAPH_PAGES * SUBGRAPH_PAGE);
    expect(result.truncated).toBe(true);
  });

  it("checks an unchanged chain with one getBlock per read after the first, and keeps its anchor", async () => {
    const state = { block: 300n, scheduled: [], executed: new Set<number>(), forks: new Map<bigint, number>() };
    const { client, asPublic } = fakeChain(state);
    const fetch = vi.fn(answer(200, { data: { governanceMessages: rows } }));
    let read = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch });
    // the latest block and the anchor, REORG_TAIL below it: the block time is known from the first read
    expect(client.getBlock.mock.calls.map(([q]) => q?.blockNumber)).toEqual([undefined, 300n - REORG_TAIL]);
    expect(read.blockTime).toBe(2);
    const anchor = read.cursor.anchor;
    // then the latest block and one block to check: the anchor (no head deep enough yet), the head
    // seen at block 300 once REORG_TAIL deep, then that head (the checkpoint now)
    const checked: (bigint | undefined)[] = [];
    for (const block of [310n, 400n, 401n]) {
      state.block = block;
      const calls = client.getBlock.mock.calls.length;
      read = await readRemoteGovernance(asPublic, 31338, RECEIVER, read, { fetch });
      const asked = client.getBlock.mock.calls.slice(calls).map(([q]) => q?.blockNumber);
      expect(asked).toHaveLength(2);
      expect(asked[0]).toBeUndefined();
      checked.push(asked[1]);
      expect(read.cursor.anchor).toEqual(anchor);
      expect(read.blockTime).toBe(2);
    }
    expect(checked).toEqual([300n - REORG_TAIL, 300n, 300n]);
    expect(read.cursor.heads.map((h) => h.number)).toEqual([400n]);
    expect(read.rows).toHaveLength(3);
  });

  it("starts over, anchor included, when the chain was replaced (a reorg deeper than REORG_TAIL)", async () => {
    const state = { block: 300n, scheduled: [], executed: new Set<number>(), forks: new Map<bigint, number>() };
    const { asPublic } = fakeChain(state);
    const fetch = vi.fn(answer(200, { data: { governanceMessages: rows } }));
    const first = await readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, { fetch });
    for (let b = 100n; b <= 300n; b++) state.forks.set(b, 1);
    state.block = 301n;
    const second = await readRemoteGovernance(asPublic, 31338, RECEIVER, first, { fetch });
    expect(second.source).toBe("subgraph");
    expect(first.cursor.anchor.number).toBe(300n - REORG_TAIL);
    expect(second.cursor.anchor.number).toBe(301n - REORG_TAIL);
    expect(second.cursor.anchor.hash).toBe(forkedHash(301n - REORG_TAIL, 1));
    expect(second.cursor.checkpoint.number).toBe(301n - REORG_TAIL);
  });

  it("shows an indexer that does not answer as an error instead of reading the chain", async () => {
    const { client, asPublic } = fakeChain({ block: 10n, scheduled: [], executed: new Set() });
    const failure = readRemoteGovernance(asPublic, 31338, RECEIVER, undefined, {
      fetch: answer(503, { error: "indexer down" }),
    });
    await expect(failure).rejects.toMatchObject({ kind: "unavailable" });
    expect(client.getContractEvents).not.toHaveBeenCalled();
  });

  it("refuses a malformed answer", () => {
    expect(() => parseMessages({ governanceMessages: [{ ...rows[0], nonce: "one" }] })).toThrow(SubgraphError);
    expect(() => parseMessages({ governanceMessages: [{ ...rows[0], id: "0x12" }] })).toThrow(SubgraphError);
    expect(() => parseMessages({})).toThrow(SubgraphError);
    expect(parseMessages({ governanceMessages: rows })).toHaveLength(3);
  });
});

describe("pollInterval", () => {
  it("polls no faster than the chain's blocks, and never faster than every 5 s", () => {
    const at = (blockTime: number | undefined) => pollInterval({ blockTime } as RemoteGovernanceState);
    expect(at(2)).toBe(MIN_POLL_MS);
    expect(at(12)).toBe(12_000);
    expect(at(30.5)).toBe(30_500);
    expect(at(undefined)).toBeGreaterThanOrEqual(12_000);
  });
});
