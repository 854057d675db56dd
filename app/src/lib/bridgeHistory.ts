/**
 * Where the bridge page's transfers come from: one function, `loadBridgeTransfers`. Each chain's
 * subgraph (its BridgeMessage, VerifierAttestation and QueuedTransfer entities, subgraph/schema.graphql)
 * is read first; a chain whose subgraph is not configured, does not answer, refuses the query or has
 * indexing errors is read from its BridgeManager's events instead (eth_getLogs). Both give the same
 * events, joined by digest in lib/bridge.ts; the result says which source each chain came from.
 */
import type { Address, Hash, Hex, PublicClient } from "viem";
import * as v from "valibot";

import { bridgeManagerAbi } from "@protocol/generated/abis/BridgeManager.ts";

import { addressValue, hash32, hexText, integerLike, querySubgraph, type Fetch } from "../data/subgraph.ts";
import { joinTransfers, type BridgeEvents, type BridgeTransfer } from "./bridge.ts";

/** One chain's side of the bridge: its client and its manager. */
export interface BridgeEndpoint {
  chainId: number;
  client: PublicClient;
  manager: Address;
}

const emptyEvents = (): BridgeEvents => ({
  sent: [],
  outboundQueued: [],
  outboundQueueEnded: [],
  attested: [],
  executed: [],
  inboundQueued: [],
  inboundCompleted: [],
});

/** Block times never change once mined (a local chain may restart: keyed by chain and block hash). */
const blockTimes = new Map<string, bigint>();

async function blockTime(endpoint: BridgeEndpoint, block: bigint, hash: string): Promise<bigint> {
  const key = `${endpoint.chainId}:${hash}`;
  const known = blockTimes.get(key);
  if (known !== undefined) return known;
  const b = await endpoint.client.getBlock({ blockNumber: block });
  blockTimes.set(key, b.timestamp);
  return b.timestamp;
}

async function chainEvents(endpoint: BridgeEndpoint): Promise<BridgeEvents> {
  const { client, manager, chainId } = endpoint;
  const logs = await client.getContractEvents({ address: manager, abi: bridgeManagerAbi, fromBlock: 0n, strict: true });
  const out = emptyEvents();
  const timed = new Set(["MessageSent", "OutboundTransferQueued", "MessageExecuted"]);
  const times = new Map<string, bigint>();
  await Promise.all(
    [...new Map(logs.filter((l) => timed.has(l.eventName)).map((l) => [l.blockHash, l.blockNumber])).entries()].map(
      async ([hash, number]) => times.set(hash, await blockTime(endpoint, number, hash)),
    ),
  );
  for (const log of logs) {
    const time = times.get(log.blockHash);
    const meta = { chainId, block: log.blockNumber, tx: log.transactionHash, ...(time !== undefined ? { time } : {}) };
    switch (log.eventName) {
      case "MessageSent":
        out.sent.push({
          ...meta,
          digest: log.args.digest,
          dstChainId: Number(log.args.dstChainId),
          sender: log.args.message.sender,
          recipient: log.args.message.recipient,
          amount: log.args.message.amount,
        });
        break;
      case "OutboundTransferQueued":
        out.outboundQueued.push({
          ...meta,
          queueId: log.args.queueId,
          dstChainId: Number(log.args.dstChainId),
          sender: log.args.sender,
          recipient: log.args.recipient,
          amount: log.args.amount,
          releaseAt: log.args.releaseAt,
        });
        break;
      case "OutboundQueuedTransferCompleted":
        out.outboundQueueEnded.push({ ...meta, queueId: log.args.queueId, digest: log.args.digest });
        break;
      case "OutboundQueuedTransferCancelled":
        out.outboundQueueEnded.push({ ...meta, queueId: log.args.queueId });
        break;
      case "MessageAttested":
        out.attested.push({ ...meta, digest: log.args.digest, verifier: log.args.verifier });
        break;
      case "MessageExecuted":
        out.executed.push({ ...meta, digest: log.args.digest, queued: log.args.queued });
        break;
      case "InboundTransferQueued":
        out.inboundQueued.push({ ...meta, digest: log.args.digest, releaseAt: log.args.releaseAt });
        break;
      case "InboundQueuedTransferCompleted":
        out.inboundCompleted.push({ ...meta, digest: log.args.digest });
        break;
      default:
        break;
    }
  }
  return out;
}

/** The most messages and queued transfers read from one chain's subgraph. */
export const SUBGRAPH_PAGE = 1000;

export const BRIDGE_QUERY = /* GraphQL */ `
  query Bridge($first: Int!) {
    _meta {
      hasIndexingErrors
    }
    bridgeMessages(first: $first, where: { kind: "Token" }) {
      id
      direction
      destinationChainId
      sender
      recipient
      amount
      sentAt
      sentBlock
      sentTx
      executedAt
      executedBlock
      executedTx
      queued
      releaseAt
      releasedAt
      releasedTx
      attestations(first: 32, where: { stage: "Attested" }) {
        verifier
        blockNumber
        transactionHash
      }
    }
    queuedTransfers(first: $first, where: { direction: "Outbound" }) {
      queueId
      peerChainId
      sender
      recipient
      amount
      status
      queuedAt
      queuedTx
      releaseAt
      digest
      completedTx
      cancelledTx
    }
  }
`;

type Num = string | number;
export interface SubgraphBridge {
  _meta?: { hasIndexingErrors: boolean } | null;
  bridgeMessages: {
    id: Hex;
    direction: string;
    destinationChainId: Num | null;
    sender: Address | null;
    recipient: Address | null;
    amount: Num | null;
    sentAt: Num | null;
    sentBlock: Num | null;
    sentTx: Hash | null;
    executedAt: Num | null;
    executedBlock: Num | null;
    executedTx: Hash | null;
    queued: boolean;
    releaseAt: Num | null;
    releasedAt: Num | null;
    releasedTx: Hash | null;
    attestations: { verifier: Address; blockNumber: Num; transactionHash: Hash }[];
  }[];
  queuedTransfers: {
    queueId: Num | null;
    peerChainId: Num;
    sender: Address | null;
    recipient: Address;
    amount: Num;
    status: string;
    queuedAt: Num;
    queuedTx: Hash;
    releaseAt: Num;
    digest: Hex | null;
    completedTx: Hash | null;
    cancelledTx: Hash | null;
  }[];
}

const num = v.nullable(integerLike);
/** The answer to BRIDGE_QUERY, checked (querySubgraph). */
export const SUBGRAPH_BRIDGE: v.GenericSchema<unknown, SubgraphBridge> = v.object({
  _meta: v.optional(v.nullable(v.object({ hasIndexingErrors: v.boolean() }))),
  bridgeMessages: v.array(
    v.object({
      id: hexText,
      direction: v.string(),
      destinationChainId: num,
      sender: v.nullable(addressValue),
      recipient: v.nullable(addressValue),
      amount: num,
      sentAt: num,
      sentBlock: num,
      sentTx: v.nullable(hash32),
      executedAt: num,
      executedBlock: num,
      executedTx: v.nullable(hash32),
      queued: v.boolean(),
      releaseAt: num,
      releasedAt: num,
      releasedTx: v.nullable(hash32),
      attestations: v.array(v.object({ verifier: addressValue, blockNumber: integerLike, transactionHash: hash32 })),
    }),
  ),
  queuedTransfers: v.array(
    v.object({
      queueId: num,
      peerChainId: integerLike,
      sender: v.nullable(addressValue),
      recipient: addressValue,
      amount: integerLike,
      status: v.string(),
      queuedAt: integerLike,
      queuedTx: hash32,
      releaseAt: integerLike,
      digest: v.nullable(hexText),
      completedTx: v.nullable(hash32),
      cancelledTx: v.nullable(hash32),
    }),
  ),
});

const big = (v: Num | null | undefined): bigint | undefined => (v === null || v === undefined ? undefined : BigInt(v));

/** One chain's subgraph entities as the events the chain emitted (what `joinTransfers` joins). */
export function subgraphEvents(chainId: number, data: SubgraphBridge): BridgeEvents {
  const out = emptyEvents();
  for (const m of data.bridgeMessages) {
    if (m.direction === "Outbound") {
      if (!m.sentTx || !m.sender || !m.recipient || m.amount === null || m.destinationChainId === null) continue;
      out.sent.push({
        chainId,
        block: big(m.sentBlock) ?? 0n,
        tx: m.sentTx,
        ...(m.sentAt !== null ? { time: BigInt(m.sentAt) } : {}),
        digest: m.id,
        dstChainId: Number(m.destinationChainId),
        sender: m.sender,
        recipient: m.recipient,
        amount: BigInt(m.amount),
      });
      continue;
    }
    for (const a of m.attestations) {
      out.attested.push({
        chainId,
        block: BigInt(a.blockNumber),
        tx: a.transactionHash,
        digest: m.id,
        verifier: a.verifier,
      });
    }
    if (m.executedTx) {
      const meta = { chainId, block: big(m.executedBlock) ?? 0n, tx: m.executedTx };
      out.executed.push({
        ...meta,
        ...(m.executedAt !== null ? { time: BigInt(m.executedAt) } : {}),
        digest: m.id,
        queued: m.queued,
      });
      if (m.queued && m.releaseAt !== null)
        out.inboundQueued.push({ ...meta, digest: m.id, releaseAt: BigInt(m.releaseAt) });
      if (m.queued && m.releasedTx) out.inboundCompleted.push({ chainId, block: 0n, tx: m.releasedTx, digest: m.id });
    }
  }
  for (const q of data.queuedTransfers) {
    if (q.queueId === null || q.sender === null) continue;
    const queueId = BigInt(q.queueId);
    out.outboundQueued.push({
      chainId,
      block: 0n,
      tx: q.queuedTx,
      time: BigInt(q.queuedAt),
      queueId,
      dstChainId: Number(q.peerChainId),
      sender: q.sender,
      recipient: q.recipient,
      amount: BigInt(q.amount),
      releaseAt: BigInt(q.releaseAt),
    });
    if (q.status === "Completed" && q.digest && q.completedTx) {
      out.outboundQueueEnded.push({ chainId, block: 0n, tx: q.completedTx, queueId, digest: q.digest });
    } else if (q.status === "Cancelled" && q.cancelledTx) {
      out.outboundQueueEnded.push({ chainId, block: 0n, tx: q.cancelledTx, queueId });
    }
  }
  return out;
}

export type BridgeSource = "subgraph" | "events";

/** A chain's subgraph, or undefined (then its events are read) when it has none or it cannot answer. */
async function subgraphOf(chainId: number, fetcher?: Fetch): Promise<BridgeEvents | undefined> {
  try {
    const data = await querySubgraph(
      chainId,
      BRIDGE_QUERY,
      SUBGRAPH_BRIDGE,
      { first: SUBGRAPH_PAGE },
      fetcher ? { fetch: fetcher } : {},
    );
    if (data._meta?.hasIndexingErrors) return undefined;
    return subgraphEvents(chainId, data);
  } catch {
    return undefined;
  }
}

export interface LoadedTransfers {
  transfers: BridgeTransfer[];
  /** Where each chain's part came from. */
  sources: Record<number, BridgeSource>;
}

/** Every transfer between the endpoints, newest first, with both ends joined. */
export async function loadBridgeTransfers(
  endpoints: readonly BridgeEndpoint[],
  options: { fetch?: Fetch } = {},
): Promise<LoadedTransfers> {
  const sources: Record<number, BridgeSource> = {};
  const parts = await Promise.all(
    endpoints.map(async (e) => {
      const indexed = await subgraphOf(e.chainId, options.fetch);
      sources[e.chainId] = indexed ? "subgraph" : "events";
      return indexed ?? chainEvents(e);
    }),
  );
  const all: BridgeEvents = {
    sent: parts.flatMap((p) => p.sent),
    outboundQueued: parts.flatMap((p) => p.outboundQueued),
    outboundQueueEnded: parts.flatMap((p) => p.outboundQueueEnded),
    attested: parts.flatMap((p) => p.attested),
    executed: parts.flatMap((p) => p.executed),
    inboundQueued: parts.flatMap((p) => p.inboundQueued),
    inboundCompleted: parts.flatMap((p) => p.inboundCompleted),
  };
  return { transfers: joinTransfers(all), sources };
}
