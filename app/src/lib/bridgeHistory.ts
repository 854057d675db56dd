/**
 * Where the bridge page's transfers come from: one function, `loadBridgeTransfers`, so that moving
 * to the subgraph's bridge entities (when subgraph/schema.graphql has them) changes this file only.
 * Today: each chain's BridgeManager events (eth_getLogs), joined by digest in lib/bridge.ts.
 */
import type { Address, PublicClient } from "viem";

import { bridgeManagerAbi } from "@protocol/generated/abis.ts";

import { joinTransfers, type BridgeEvents, type BridgeTransfer } from "./bridge.ts";

/** One chain's side of the bridge: its client and its manager. */
export interface BridgeEndpoint {
  chainId: number;
  client: PublicClient;
  manager: Address;
}

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
  const out: BridgeEvents = {
    sent: [],
    outboundQueued: [],
    outboundQueueEnded: [],
    attested: [],
    executed: [],
    inboundQueued: [],
    inboundCompleted: [],
  };
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

/** Every transfer between the endpoints, newest first, with both ends joined. */
export async function loadBridgeTransfers(endpoints: readonly BridgeEndpoint[]): Promise<BridgeTransfer[]> {
  const parts = await Promise.all(endpoints.map(chainEvents));
  const all: BridgeEvents = {
    sent: parts.flatMap((p) => p.sent),
    outboundQueued: parts.flatMap((p) => p.outboundQueued),
    outboundQueueEnded: parts.flatMap((p) => p.outboundQueueEnded),
    attested: parts.flatMap((p) => p.attested),
    executed: parts.flatMap((p) => p.executed),
    inboundQueued: parts.flatMap((p) => p.inboundQueued),
    inboundCompleted: parts.flatMap((p) => p.inboundCompleted),
  };
  return joinTransfers(all);
}
