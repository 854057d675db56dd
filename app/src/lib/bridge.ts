/**
 * The bridge page's pure logic: rate-limit capacity as BridgeManager computes it, a transfer put
 * together from both chains' events, its stage, the send form's checks and the expected delivery
 * time. No I/O (app/src/lib/bridgeHistory.ts reads the chains; docs/decisions/0011-bridge.md is the
 * protocol).
 */
import { isAddress, type Address, type Hash, type Hex } from "viem";

import { parseAmount } from "./amounts.ts";

/** BridgeManager.RATE_LIMIT_DURATION: a limit refills fully over 24 h, and queued transfers wait it. */
export const RATE_LIMIT_DURATION = 86_400n;

/** IBridgeManager.RateLimit as stored (wei, unix seconds). */
export interface RateLimitState {
  capacity: bigint;
  lastUpdate: bigint;
  limit: bigint;
}

/** The capacity at `now`: the stored capacity refilled linearly by `limit` per 24 h, up to `limit` (BridgeManager._current). */
export function capacityAt(r: RateLimitState, now: bigint): bigint {
  const elapsed = now > r.lastUpdate ? now - r.lastUpdate : 0n;
  const refill = elapsed >= RATE_LIMIT_DURATION ? r.limit : (r.limit * elapsed) / RATE_LIMIT_DURATION;
  const capacity = r.capacity + refill;
  return capacity > r.limit ? r.limit : capacity;
}

/** What one direction (source → destination) can carry now. */
export interface DirectionLimit {
  /** Leaving the source without queueing (source manager's outbound limit to the destination). */
  outbound: bigint;
  outboundLimit: bigint;
  /** Arriving at the destination without waiting (destination manager's inbound limit from the source). */
  inbound: bigint;
  inboundLimit: bigint;
  /** The smaller of the two: what goes through now without any wait. */
  left: bigint;
}

export function directionLimit(
  outbound: RateLimitState,
  sourceNow: bigint,
  inbound: RateLimitState,
  destinationNow: bigint,
): DirectionLimit {
  const out = capacityAt(outbound, sourceNow);
  const inb = capacityAt(inbound, destinationNow);
  return {
    outbound: out,
    outboundLimit: outbound.limit,
    inbound: inb,
    inboundLimit: inbound.limit,
    left: out < inb ? out : inb,
  };
}

/** One transfer, both ends joined by the message digest (or, before it is sent, by its queue id). */
export interface BridgeTransfer {
  /** The digest, or `queue:<srcChainId>:<queueId>` for a queued outbound transfer not sent yet. */
  id: string;
  digest?: Hex;
  srcChainId: number;
  dstChainId: number;
  sender: Address;
  recipient: Address;
  amount: bigint;
  /** When it left or was queued on the source (block time), and the transaction. */
  sentAt?: bigint;
  sentTx?: Hash;
  sentBlock: bigint;
  /** Held back on the source by the outbound limit. */
  outboundQueue?: { queueId: bigint; releaseAt: bigint; state: "waiting" | "sent" | "cancelled" };
  /** The destination verifiers that attested it. */
  attestedBy: Address[];
  /** Executed on the destination: released or minted, or queued by the inbound limit. */
  executedAt?: bigint;
  executedTx?: Hash;
  inboundQueue?: { releaseAt: bigint; completed: boolean };
}

export type TransferStage =
  | { kind: "queued-out"; releaseAt: bigint; due: boolean; queueId: bigint }
  | { kind: "cancelled" }
  | { kind: "sent"; attestations: number; threshold: number; verifiers: number }
  | { kind: "queued-in"; releaseAt: bigint; due: boolean }
  | { kind: "executed" };

/** The destination's verifier rule: who counts, and how many are needed. */
export interface VerifierRule {
  verifiers: readonly Address[];
  threshold: number;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** How many of the current verifiers attested (an attestation by a removed verifier no longer counts). */
export const countAttestations = (t: BridgeTransfer, rule: VerifierRule): number =>
  rule.verifiers.filter((v) => t.attestedBy.some((a) => same(a, v))).length;

/**
 * Where a transfer is: queued on the source until a time, sent and attested k of n, queued on the
 * destination until a time, or executed. `now` is each chain's block time (a local chain's clock moves).
 */
export function transferStage(
  t: BridgeTransfer,
  rule: VerifierRule,
  now: { source: bigint; destination: bigint },
): TransferStage {
  if (t.outboundQueue && t.outboundQueue.state !== "sent") {
    if (t.outboundQueue.state === "cancelled") return { kind: "cancelled" };
    return {
      kind: "queued-out",
      releaseAt: t.outboundQueue.releaseAt,
      due: now.source >= t.outboundQueue.releaseAt,
      queueId: t.outboundQueue.queueId,
    };
  }
  if (t.executedAt !== undefined || t.executedTx !== undefined) {
    if (t.inboundQueue && !t.inboundQueue.completed) {
      return {
        kind: "queued-in",
        releaseAt: t.inboundQueue.releaseAt,
        due: now.destination >= t.inboundQueue.releaseAt,
      };
    }
    return { kind: "executed" };
  }
  return {
    kind: "sent",
    attestations: countAttestations(t, rule),
    threshold: rule.threshold,
    verifiers: rule.verifiers.length,
  };
}

/** The three steps the page draws, each done, current or waiting. */
export type StepState = "done" | "current" | "waiting";
export function stageSteps(stage: TransferStage): { sent: StepState; attested: StepState; executed: StepState } {
  switch (stage.kind) {
    case "queued-out":
    case "cancelled":
      return { sent: "current", attested: "waiting", executed: "waiting" };
    case "sent":
      return {
        sent: "done",
        attested: stage.attestations >= stage.threshold ? "done" : "current",
        executed: stage.attestations >= stage.threshold ? "current" : "waiting",
      };
    case "queued-in":
      return { sent: "done", attested: "done", executed: "current" };
    case "executed":
      return { sent: "done", attested: "done", executed: "done" };
  }
}

// ------------------------------------------------------------------- events → transfers

/** The events the loader reads, already decoded, with their block time when known. */
export interface EventMeta {
  chainId: number;
  block: bigint;
  tx: Hash;
  time?: bigint;
}
export interface SentEvent extends EventMeta {
  digest: Hex;
  dstChainId: number;
  sender: Address;
  recipient: Address;
  amount: bigint;
}
export interface OutboundQueuedEvent extends EventMeta {
  queueId: bigint;
  dstChainId: number;
  sender: Address;
  recipient: Address;
  amount: bigint;
  releaseAt: bigint;
}
export interface OutboundQueueEndEvent extends EventMeta {
  queueId: bigint;
  /** The digest of the message it became (completed), or undefined (cancelled). */
  digest?: Hex;
}
export interface AttestedEvent extends EventMeta {
  digest: Hex;
  verifier: Address;
}
export interface ExecutedEvent extends EventMeta {
  digest: Hex;
  queued: boolean;
}
export interface InboundQueuedEvent extends EventMeta {
  digest: Hex;
  releaseAt: bigint;
}
export interface InboundCompletedEvent extends EventMeta {
  digest: Hex;
}

export interface BridgeEvents {
  sent: SentEvent[];
  outboundQueued: OutboundQueuedEvent[];
  outboundQueueEnded: OutboundQueueEndEvent[];
  attested: AttestedEvent[];
  executed: ExecutedEvent[];
  inboundQueued: InboundQueuedEvent[];
  inboundCompleted: InboundCompletedEvent[];
}

/**
 * Joins both chains' events into transfers, newest first. A digest is unique across chains (both
 * chain ids are inside it), and a queue id is unique per source chain.
 */
export function joinTransfers(e: BridgeEvents): BridgeTransfer[] {
  const byDigest = new Map<string, BridgeTransfer>();
  const queued = new Map<string, BridgeTransfer>();
  const key = (d: string) => d.toLowerCase();
  const queueKey = (chainId: number, queueId: bigint) => `queue:${chainId}:${queueId}`;

  for (const q of e.outboundQueued) {
    const t: BridgeTransfer = {
      id: queueKey(q.chainId, q.queueId),
      srcChainId: q.chainId,
      dstChainId: q.dstChainId,
      sender: q.sender,
      recipient: q.recipient,
      amount: q.amount,
      sentBlock: q.block,
      sentTx: q.tx,
      ...(q.time !== undefined ? { sentAt: q.time } : {}),
      outboundQueue: { queueId: q.queueId, releaseAt: q.releaseAt, state: "waiting" },
      attestedBy: [],
    };
    queued.set(t.id, t);
  }
  const completedDigests = new Map<string, BridgeTransfer>();
  for (const end of e.outboundQueueEnded) {
    const t = queued.get(queueKey(end.chainId, end.queueId));
    if (!t || !t.outboundQueue) continue;
    if (end.digest) {
      t.outboundQueue.state = "sent";
      t.digest = end.digest;
      t.id = key(end.digest);
      completedDigests.set(key(end.digest), t);
    } else {
      t.outboundQueue.state = "cancelled";
    }
  }
  for (const s of e.sent) {
    const from = completedDigests.get(key(s.digest));
    const t: BridgeTransfer = from ?? {
      id: key(s.digest),
      srcChainId: s.chainId,
      dstChainId: s.dstChainId,
      sender: s.sender,
      recipient: s.recipient,
      amount: s.amount,
      sentBlock: s.block,
      sentTx: s.tx,
      ...(s.time !== undefined ? { sentAt: s.time } : {}),
      attestedBy: [],
    };
    t.digest = s.digest;
    byDigest.set(key(s.digest), t);
  }
  for (const a of e.attested) {
    const t = byDigest.get(key(a.digest));
    if (t && t.dstChainId === a.chainId && !t.attestedBy.some((v) => same(v, a.verifier)))
      t.attestedBy.push(a.verifier);
  }
  for (const x of e.executed) {
    const t = byDigest.get(key(x.digest));
    if (!t || t.dstChainId !== x.chainId) continue;
    t.executedTx = x.tx;
    if (x.time !== undefined) t.executedAt = x.time;
  }
  for (const q of e.inboundQueued) {
    const t = byDigest.get(key(q.digest));
    if (t) t.inboundQueue = { releaseAt: q.releaseAt, completed: false };
  }
  for (const c of e.inboundCompleted) {
    const t = byDigest.get(key(c.digest));
    if (t?.inboundQueue) t.inboundQueue.completed = true;
  }
  const all = [...byDigest.values(), ...[...queued.values()].filter((t) => t.outboundQueue?.state !== "sent")];
  return all.sort((a, b) => {
    const at = a.sentAt ?? 0n;
    const bt = b.sentAt ?? 0n;
    if (at !== bt) return at > bt ? -1 : 1;
    return a.sentBlock > b.sentBlock ? -1 : a.sentBlock < b.sentBlock ? 1 : 0;
  });
}

/** Whether the account sent or receives the transfer. */
export const involves = (t: BridgeTransfer, account: Address): boolean =>
  same(t.sender, account) || same(t.recipient, account);

// ------------------------------------------------------------------- expected time

/** The bridge latency benchmark's median, A → B at 2 of 2 with the real relayers (BENCHMARKS.md). */
export const BENCHMARK_SECONDS = 5;

export type ExpectedTime =
  { source: "recent"; seconds: number; transfers: number } | { source: "benchmark"; seconds: number };

/**
 * How long a transfer in this direction takes from the sending block to the executing block: the
 * median of the last `sample` delivered transfers (not queued), or the benchmark's median when none.
 */
export function expectedTime(
  transfers: readonly BridgeTransfer[],
  srcChainId: number,
  dstChainId: number,
  sample = 20,
): ExpectedTime {
  const seconds = transfers
    .filter(
      (t) =>
        t.srcChainId === srcChainId &&
        t.dstChainId === dstChainId &&
        !t.outboundQueue &&
        !t.inboundQueue &&
        t.sentAt !== undefined &&
        t.executedAt !== undefined &&
        t.executedAt >= t.sentAt,
    )
    .slice(0, sample)
    .map((t) => Number(t.executedAt! - t.sentAt!))
    .sort((a, b) => a - b);
  if (seconds.length === 0) return { source: "benchmark", seconds: BENCHMARK_SECONDS };
  const mid = Math.floor(seconds.length / 2);
  const median = seconds.length % 2 === 1 ? seconds[mid]! : Math.round((seconds[mid - 1]! + seconds[mid]!) / 2);
  return { source: "recent", seconds: median, transfers: seconds.length };
}

// ------------------------------------------------------------------- the send form

export interface TransferInput {
  amount: string;
  /** Empty: the sender itself. */
  recipient: string;
  self: Address;
  /** PEPER on the source chain. */
  balance: bigint;
  /** The native coin on the source chain, and the fee the manager quoted. */
  nativeBalance: bigint;
  fee: bigint;
  /** What leaves the source now without queueing. */
  outboundLeft: bigint;
  /** The sender chose to queue a transfer above the limit (sent after 24 h). */
  queue: boolean;
}

export type TransferCheck =
  | { ok: true; amount: bigint; recipient: Address; queued: boolean }
  | { ok: false; field: "amount" | "recipient" | "fee"; key: string };

const AMOUNT_KEYS: Record<string, string> = {
  empty: "amountEmpty",
  invalid: "amountInvalid",
  negative: "amountInvalid",
  zero: "amountZero",
  "too-many-decimals": "amountDecimals",
};

/** The checks the contract makes, before the wallet is asked: amount, recipient, balance, limit, fee. */
export function checkTransfer(input: TransferInput): TransferCheck {
  const parsed = parseAmount(input.amount, 18);
  if (!parsed.ok) return { ok: false, field: "amount", key: AMOUNT_KEYS[parsed.reason] ?? "amountInvalid" };
  // a transfer carries at most 2^96 - 1 wei (BridgeAmountTooLarge)
  if (parsed.value >= 2n ** 96n) return { ok: false, field: "amount", key: "amountTooLarge" };
  if (parsed.value > input.balance) return { ok: false, field: "amount", key: "insufficientBalance" };
  const text = input.recipient.trim();
  if (text !== "" && !isAddress(text)) return { ok: false, field: "recipient", key: "badRecipient" };
  const recipient = (text === "" ? input.self : text) as Address;
  if (/^0x0{40}$/i.test(recipient)) return { ok: false, field: "recipient", key: "zeroRecipient" };
  const queued = parsed.value > input.outboundLeft;
  if (queued && !input.queue) return { ok: false, field: "amount", key: "aboveLimit" };
  // a queued transfer takes no fee now: whoever sends it after 24 h pays it
  if (!queued && input.fee > input.nativeBalance) return { ok: false, field: "fee", key: "feeAboveBalance" };
  return { ok: true, amount: parsed.value, recipient, queued };
}
