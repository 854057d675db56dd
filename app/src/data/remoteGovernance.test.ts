import type { Address, Hex, PublicClient } from "viem";
import { describe, expect, it, vi } from "vitest";

import {
  CHAIN_LOG_WINDOW,
  HISTORY_MARGIN_SECONDS,
  MAX_HISTORY_WINDOWS,
  MIN_POLL_MS,
  parseMessages,
  pollInterval,
  readRemoteGovernance,
  REMOTE_GOVERNANCE_QUERY,
  type RemoteGovernanceState,
} from "./remoteGovernance.ts";
import { SubgraphError, type Fetch } from "./subgraph.ts";

const RECEIVER = "0x000000000000000000000000000000000000Ab9e" as Address;
const TIMELOCK = "0x00000000000000000000000000000000000000f1" as Address;
const digest = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const operation = (n: number) => `0x${(0xff00 + n).toString(16).padStart(64, "0")}` as Hex;

interface EventsQuery {
  fromBlock: bigint;
  toBlock: bigint;
}

/**
 * A chain at block `state.block` (2 s blocks) whose receiver scheduled message n at block
 * `state.scheduled[n - 1]`; `state.executed` are the operations the Timelock ran.
 */
function fakeChain(state: { block: bigint; scheduled: bigint[]; executed: Set<number>; minDelay?: bigint }) {
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
      return { number, timestamp: 1_000_000n + 2n * number };
    }),
    getContractEvents: vi.fn(async ({ fromBlock, toBlock }: EventsQuery) =>
      state.scheduled.flatMap((at, i) =>
        at >= fromBlock && at <= toBlock
          ? [
              {
                blockNumber: at,
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
    expect(client.getContractEvents.mock.calls[5]![0]).toMatchObject({ fromBlock: 50_001n, toBlock: 50_010n });
    expect(second.rows.map((r) => [r.nonce, r.done])).toEqual([
      [3n, false],
      [2n, true],
      [1n, true],
    ]);
    // the home chain, the Timelock and its delay: read once
    const names = client.readContract.mock.calls.map(([c]) => c.functionName);
    expect(names.filter((n) => n === "homeChainId" || n === "timelock" || n === "getMinDelay")).toHaveLength(3);
    // a done message is not asked again: message 1 once (first read), 2 twice, 3 once
    expect(names.filter((n) => n === "isOperationDone")).toHaveLength(1 + 2 + 1);
    expect(second.blockTime).toBe(2);
  });

  it("reads a long gap (a tab asleep) in windows of at most CHAIN_LOG_WINDOW blocks", async () => {
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
      [101n, 140n],
      [141n, 180n],
      [181n, 190n],
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
});

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
    expect(body).toEqual({ query: REMOTE_GOVERNANCE_QUERY, variables: { receiver: RECEIVER.toLowerCase() } });
    // newest first; in one block the higher nonce first; only "Executed" is done (a cancelled operation is not)
    expect(result.rows).toEqual([
      { nonce: 3n, digest: digest(3), readyAt: 5_002n, done: false },
      { nonce: 2n, digest: digest(2), readyAt: 5_001n, done: false },
      { nonce: 1n, digest: digest(1), readyAt: 5_000n, done: true },
    ]);
    expect(result.now).toBe(1_000_000n + 100_000n);
    expect(client.getContractEvents).not.toHaveBeenCalled();
    expect(client.readContract.mock.calls.map(([c]) => c.functionName).sort()).toEqual(["homeChainId", "timelock"]);
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
