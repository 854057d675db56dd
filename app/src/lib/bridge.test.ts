import { describe, expect, it } from "vitest";
import type { Address, Hash, Hex } from "viem";

import {
  BENCHMARK_SECONDS,
  capacityAt,
  checkTransfer,
  directionLimit,
  expectedTime,
  involves,
  joinTransfers,
  stageSteps,
  transferStage,
  type BridgeEvents,
  type TransferInput,
} from "./bridge.ts";

const E18 = 10n ** 18n;
const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as Address;
const OPS = "0x1111111111111111111111111111111111111111" as Address;
const HYP = "0x2222222222222222222222222222222222222222" as Address;
const OLD = "0x3333333333333333333333333333333333333333" as Address;
const D1 = `0x${"a1".repeat(32)}` as Hex;
const D2 = `0x${"b2".repeat(32)}` as Hex;
const D3 = `0x${"c3".repeat(32)}` as Hex;
const TX = `0x${"00".repeat(31)}01` as Hash;
const rule = { verifiers: [OPS, HYP], threshold: 2 };
const empty = (): BridgeEvents => ({
  sent: [],
  outboundQueued: [],
  outboundQueueEnded: [],
  attested: [],
  executed: [],
  inboundQueued: [],
  inboundCompleted: [],
});
const meta = (chainId: number, block: bigint, time?: bigint) => ({
  chainId,
  block,
  tx: TX,
  ...(time !== undefined ? { time } : {}),
});

describe("capacityAt", () => {
  const limit = 10_000_000n * E18;
  it("refills linearly by the limit per 24 h, up to the limit", () => {
    const r = { capacity: 0n, lastUpdate: 1_000n, limit };
    expect(capacityAt(r, 1_000n)).toBe(0n);
    expect(capacityAt(r, 1_000n + 43_200n)).toBe(limit / 2n);
    expect(capacityAt(r, 1_000n + 86_400n)).toBe(limit);
    expect(capacityAt({ ...r, capacity: limit - 1n }, 1_000n + 3_600n)).toBe(limit);
  });
  it("rounds down as the contract does, and never goes back in time", () => {
    const r = { capacity: 5n, lastUpdate: 100n, limit: 86_401n };
    expect(capacityAt(r, 101n)).toBe(6n); // 86401 * 1 / 86400 = 1
    expect(capacityAt(r, 50n)).toBe(5n);
  });
  it("gives the smaller of outbound and inbound as what goes through now", () => {
    const d = directionLimit(
      { capacity: 7n * E18, lastUpdate: 0n, limit: 10n * E18 },
      0n,
      { capacity: 3n * E18, lastUpdate: 0n, limit: 10n * E18 },
      0n,
    );
    expect(d).toEqual({
      outbound: 7n * E18,
      outboundLimit: 10n * E18,
      inbound: 3n * E18,
      inboundLimit: 10n * E18,
      left: 3n * E18,
    });
  });
});

describe("joinTransfers and transferStage", () => {
  it("follows a transfer from sent through attested k of n to executed", () => {
    const e = empty();
    e.sent.push({
      ...meta(31337, 10n, 1_000n),
      digest: D1,
      dstChainId: 31338,
      sender: ALICE,
      recipient: BOB,
      amount: E18,
    });
    const now = { source: 1_000n, destination: 1_000n };
    let [t] = joinTransfers(e);
    expect(transferStage(t!, rule, now)).toEqual({ kind: "sent", attestations: 0, threshold: 2, verifiers: 2 });
    expect(stageSteps(transferStage(t!, rule, now))).toEqual({
      sent: "done",
      attested: "current",
      executed: "waiting",
    });

    e.attested.push({ ...meta(31338, 5n), digest: D1.toUpperCase().replace("0X", "0x") as Hex, verifier: OPS });
    e.attested.push({ ...meta(31338, 5n), digest: D1, verifier: OPS }); // the same verifier counts once
    [t] = joinTransfers(e);
    expect(transferStage(t!, rule, now)).toMatchObject({ kind: "sent", attestations: 1 });

    e.attested.push({ ...meta(31338, 6n), digest: D1, verifier: HYP });
    e.executed.push({ ...meta(31338, 6n, 1_006n), digest: D1, queued: false });
    [t] = joinTransfers(e);
    expect(transferStage(t!, rule, now)).toEqual({ kind: "executed" });
    expect(stageSteps({ kind: "executed" })).toEqual({ sent: "done", attested: "done", executed: "done" });
    expect(t!.executedAt).toBe(1_006n);
  });

  it("counts only the destination's current verifiers, and only events on the destination chain", () => {
    const e = empty();
    e.sent.push({ ...meta(31337, 10n, 1n), digest: D1, dstChainId: 31338, sender: ALICE, recipient: BOB, amount: E18 });
    e.attested.push({ ...meta(31338, 5n), digest: D1, verifier: OLD });
    e.attested.push({ ...meta(31337, 5n), digest: D1, verifier: OPS }); // wrong chain: ignored
    e.executed.push({ ...meta(31337, 6n, 7n), digest: D1, queued: false }); // wrong chain: ignored
    const [t] = joinTransfers(e);
    expect(transferStage(t!, rule, { source: 1n, destination: 1n })).toMatchObject({ kind: "sent", attestations: 0 });
  });

  it("shows an inbound-queued transfer until its release time, then due, then executed once completed", () => {
    const e = empty();
    e.sent.push({ ...meta(31338, 10n, 1n), digest: D2, dstChainId: 31337, sender: BOB, recipient: BOB, amount: E18 });
    e.executed.push({ ...meta(31337, 6n, 10n), digest: D2, queued: true });
    e.inboundQueued.push({ ...meta(31337, 6n), digest: D2, releaseAt: 86_410n });
    let [t] = joinTransfers(e);
    expect(transferStage(t!, rule, { source: 0n, destination: 86_409n })).toEqual({
      kind: "queued-in",
      releaseAt: 86_410n,
      due: false,
    });
    expect(transferStage(t!, rule, { source: 0n, destination: 86_410n })).toMatchObject({ due: true });
    expect(stageSteps(transferStage(t!, rule, { source: 0n, destination: 0n })).executed).toBe("current");
    e.inboundCompleted.push({ ...meta(31337, 9n), digest: D2 });
    [t] = joinTransfers(e);
    expect(transferStage(t!, rule, { source: 0n, destination: 0n })).toEqual({ kind: "executed" });
  });

  it("follows an outbound-queued transfer into its message once completed, and shows a cancelled one", () => {
    const e = empty();
    e.outboundQueued.push({
      ...meta(31337, 3n, 100n),
      queueId: 1n,
      dstChainId: 31338,
      sender: ALICE,
      recipient: ALICE,
      amount: 9n * E18,
      releaseAt: 86_500n,
    });
    e.outboundQueued.push({
      ...meta(31337, 4n, 101n),
      queueId: 2n,
      dstChainId: 31338,
      sender: ALICE,
      recipient: ALICE,
      amount: E18,
      releaseAt: 86_501n,
    });
    let all = joinTransfers(e);
    expect(all.map((t) => t.id)).toEqual(["queue:31337:2", "queue:31337:1"]);
    expect(transferStage(all[1]!, rule, { source: 86_499n, destination: 0n })).toEqual({
      kind: "queued-out",
      releaseAt: 86_500n,
      due: false,
      queueId: 1n,
    });
    e.outboundQueueEnded.push({ ...meta(31337, 90n), queueId: 1n, digest: D3 });
    e.outboundQueueEnded.push({ ...meta(31337, 91n), queueId: 2n });
    e.sent.push({
      ...meta(31337, 90n, 86_600n),
      digest: D3,
      dstChainId: 31338,
      sender: ALICE,
      recipient: ALICE,
      amount: 9n * E18,
    });
    all = joinTransfers(e);
    expect(all).toHaveLength(2);
    const sent = all.find((t) => t.digest === D3)!;
    expect(sent.sentAt).toBe(100n); // queued at 100: the transfer began then
    expect(transferStage(sent, rule, { source: 0n, destination: 0n })).toMatchObject({ kind: "sent" });
    expect(
      transferStage(
        all.find((t) => t.id === "queue:31337:2")!,
        rule,
        { source: 0n, destination: 0n },
      ),
    ).toEqual({
      kind: "cancelled",
    });
  });

  it("finds a wallet's transfers as sender or recipient, in any letter case", () => {
    const e = empty();
    e.sent.push({ ...meta(31337, 10n, 1n), digest: D1, dstChainId: 31338, sender: ALICE, recipient: BOB, amount: E18 });
    const [t] = joinTransfers(e);
    expect(involves(t!, BOB.toLowerCase() as Address)).toBe(true);
    expect(involves(t!, ALICE)).toBe(true);
    expect(involves(t!, OPS)).toBe(false);
  });
});

describe("expectedTime", () => {
  const delivered = (digest: Hex, sent: bigint, executed: bigint, src = 31337, dst = 31338) => {
    const e = empty();
    e.sent.push({ ...meta(src, sent, sent), digest, dstChainId: dst, sender: ALICE, recipient: ALICE, amount: 1n });
    e.executed.push({ ...meta(dst, executed, executed), digest, queued: false });
    return joinTransfers(e)[0]!;
  };
  it("is the median of recent deliveries in that direction", () => {
    const ts = [delivered(D1, 100n, 104n), delivered(D2, 200n, 210n), delivered(D3, 300n, 306n)];
    expect(expectedTime(ts, 31337, 31338)).toEqual({ source: "recent", seconds: 6, transfers: 3 });
    expect(expectedTime(ts.slice(0, 2), 31337, 31338)).toEqual({ source: "recent", seconds: 7, transfers: 2 });
  });
  it("falls back to the benchmark when nothing was delivered that way", () => {
    expect(expectedTime([delivered(D1, 100n, 104n)], 31338, 31337)).toEqual({
      source: "benchmark",
      seconds: BENCHMARK_SECONDS,
    });
  });
});

describe("checkTransfer", () => {
  const base: TransferInput = {
    amount: "10",
    recipient: "",
    self: ALICE,
    balance: 100n * E18,
    nativeBalance: E18,
    fee: 1000n,
    outboundLeft: 50n * E18,
    queue: false,
  };
  it("sends to the sender itself by default", () => {
    expect(checkTransfer(base)).toEqual({ ok: true, amount: 10n * E18, recipient: ALICE, queued: false });
    expect(checkTransfer({ ...base, recipient: ` ${BOB} ` })).toMatchObject({ ok: true, recipient: BOB });
  });
  it("refuses what the contract would refuse, naming the field", () => {
    expect(checkTransfer({ ...base, amount: "" })).toMatchObject({ ok: false, field: "amount", key: "amountEmpty" });
    expect(checkTransfer({ ...base, amount: "1x" })).toMatchObject({ key: "amountInvalid" });
    expect(checkTransfer({ ...base, amount: "0" })).toMatchObject({ key: "amountZero" });
    expect(checkTransfer({ ...base, amount: "0.0000000000000000001" })).toMatchObject({ key: "amountDecimals" });
    expect(checkTransfer({ ...base, amount: "101" })).toMatchObject({ key: "insufficientBalance" });
    expect(checkTransfer({ ...base, balance: 2n ** 100n, amount: "80000000000" })).toMatchObject({
      key: "amountTooLarge",
    });
    expect(checkTransfer({ ...base, recipient: "0x12" })).toMatchObject({ field: "recipient", key: "badRecipient" });
    expect(checkTransfer({ ...base, recipient: `0x${"0".repeat(40)}` })).toMatchObject({ key: "zeroRecipient" });
    expect(checkTransfer({ ...base, fee: 2n * E18 })).toMatchObject({ field: "fee", key: "feeAboveBalance" });
  });
  it("refuses above the limit unless the sender queues it (then no fee now)", () => {
    expect(checkTransfer({ ...base, amount: "60" })).toMatchObject({ ok: false, key: "aboveLimit" });
    expect(checkTransfer({ ...base, amount: "60", queue: true, fee: 2n * E18 })).toEqual({
      ok: true,
      amount: 60n * E18,
      recipient: ALICE,
      queued: true,
    });
  });
});
