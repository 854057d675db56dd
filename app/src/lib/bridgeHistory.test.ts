import * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { Address, Hash, Hex } from "viem";

import { joinTransfers, transferStage, type BridgeEvents } from "./bridge.ts";
import { describeIssues } from "../data/subgraph.ts";
import { SUBGRAPH_BRIDGE, subgraphEvents, type SubgraphBridge } from "./bridgeHistory.ts";

const BOB = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" as Address;
const OPS = "0x1111111111111111111111111111111111111111" as Address;
const HYP = "0x2222222222222222222222222222222222222222" as Address;
const D1 = `0x${"a1".repeat(32)}` as Hex;
const D2 = `0x${"b2".repeat(32)}` as Hex;
const tx = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hash;
const rule = { verifiers: [OPS, HYP], threshold: 2 };

const message = (
  over: Partial<SubgraphBridge["bridgeMessages"][number]>,
): SubgraphBridge["bridgeMessages"][number] => ({
  id: D1,
  direction: "Outbound",
  destinationChainId: null,
  sender: null,
  recipient: null,
  amount: null,
  sentAt: null,
  sentBlock: null,
  sentTx: null,
  executedAt: null,
  executedBlock: null,
  executedTx: null,
  queued: false,
  releaseAt: null,
  releasedAt: null,
  releasedTx: null,
  attestations: [],
  ...over,
});

const merge = (a: BridgeEvents, b: BridgeEvents): BridgeEvents => ({
  sent: [...a.sent, ...b.sent],
  outboundQueued: [...a.outboundQueued, ...b.outboundQueued],
  outboundQueueEnded: [...a.outboundQueueEnded, ...b.outboundQueueEnded],
  attested: [...a.attested, ...b.attested],
  executed: [...a.executed, ...b.executed],
  inboundQueued: [...a.inboundQueued, ...b.inboundQueued],
  inboundCompleted: [...a.inboundCompleted, ...b.inboundCompleted],
});

describe("the subgraph's bridge entities as events", () => {
  // chain A's subgraph: the message left (graph-node answers BigInt as strings)
  const a: SubgraphBridge = {
    _meta: { hasIndexingErrors: false },
    bridgeMessages: [
      message({
        destinationChainId: "31338",
        sender: BOB,
        recipient: BOB,
        amount: "1000000000000000000000",
        sentAt: "1000",
        sentBlock: "40",
        sentTx: tx(1),
      }),
    ],
    queuedTransfers: [
      {
        queueId: "3",
        peerChainId: "31338",
        sender: BOB,
        recipient: BOB,
        amount: "5",
        status: "Queued",
        queuedAt: "900",
        queuedTx: tx(2),
        releaseAt: "87300",
        digest: null,
        completedTx: null,
        cancelledTx: null,
      },
    ],
  };

  it("checks the answer first: numbers as strings or numbers pass, an address that is not one does not", () => {
    expect(v.safeParse(SUBGRAPH_BRIDGE, a).success).toBe(true);
    const bad = { ...a, bridgeMessages: [{ ...a.bridgeMessages[0]!, sender: "bob" }] };
    const parsed = v.safeParse(SUBGRAPH_BRIDGE, bad);
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.issues ?? [])).toBe("bridgeMessages.0.sender: expected an address");
  });

  it("joins a message sent on A and attested and executed on B, as the chain events would", () => {
    const b: SubgraphBridge = {
      bridgeMessages: [
        message({
          direction: "Inbound",
          recipient: BOB,
          amount: "1000000000000000000000",
          executedAt: "1006",
          executedBlock: "12",
          executedTx: tx(3),
          attestations: [
            { verifier: OPS, blockNumber: "11", transactionHash: tx(4) },
            { verifier: HYP, blockNumber: "12", transactionHash: tx(3) },
          ],
        }),
      ],
      queuedTransfers: [],
    };
    const all = joinTransfers(merge(subgraphEvents(31337, a), subgraphEvents(31338, b)));
    const sent = all.find((t) => t.digest === D1)!;
    expect(sent).toMatchObject({
      srcChainId: 31337,
      dstChainId: 31338,
      amount: 10n ** 21n,
      sentAt: 1000n,
      executedAt: 1006n,
    });
    expect(sent.attestedBy).toEqual([OPS, HYP]);
    expect(transferStage(sent, rule, { source: 1006n, destination: 1006n })).toEqual({ kind: "executed" });
    const queued = all.find((t) => t.id === "queue:31337:3")!;
    expect(transferStage(queued, rule, { source: 87_300n, destination: 0n })).toMatchObject({
      kind: "queued-out",
      due: true,
    });
  });

  it("shows an inbound message held by the limit, then released", () => {
    const held = message({
      id: D2,
      direction: "Inbound",
      executedAt: "2000",
      executedBlock: "20",
      executedTx: tx(5),
      queued: true,
      releaseAt: "88400",
      attestations: [{ verifier: OPS, blockNumber: "20", transactionHash: tx(5) }],
    });
    const fromB: SubgraphBridge = {
      bridgeMessages: [
        message({
          id: D2,
          destinationChainId: 31337,
          sender: BOB,
          recipient: BOB,
          amount: 7,
          sentAt: 1990,
          sentBlock: 9,
          sentTx: tx(6),
        }),
      ],
      queuedTransfers: [],
    };
    const onA = (m: SubgraphBridge["bridgeMessages"][number]) =>
      subgraphEvents(31337, { bridgeMessages: [m], queuedTransfers: [] });
    let [t] = joinTransfers(merge(subgraphEvents(31338, fromB), onA(held)));
    expect(transferStage(t!, rule, { source: 0n, destination: 2000n })).toEqual({
      kind: "queued-in",
      releaseAt: 88_400n,
      due: false,
    });
    [t] = joinTransfers(merge(subgraphEvents(31338, fromB), onA({ ...held, releasedAt: "88500", releasedTx: tx(7) })));
    expect(transferStage(t!, rule, { source: 0n, destination: 88_500n })).toEqual({ kind: "executed" });
  });

  it("skips an outbound message the subgraph has not filled in, and a queue entry without its queue id", () => {
    const events = subgraphEvents(31337, {
      bridgeMessages: [message({ sentTx: null })],
      queuedTransfers: [{ ...a.queuedTransfers[0]!, queueId: null }],
    });
    expect(events.sent).toEqual([]);
    expect(events.outboundQueued).toEqual([]);
  });
});
