// BridgeManager: token messages leaving (MessageSent, the outbound queue) and arriving (attestations,
// execution, the inbound queue), rate limits, peers, verifiers and the pause.
import { BigInt, Bytes, store } from "@graphprotocol/graph-ts";

import {
  InboundLimitSet,
  InboundQueuedTransferCompleted,
  InboundTransferQueued,
  MessageAttested,
  MessageExecuted,
  MessageSent,
  OutboundLimitSet,
  OutboundQueuedTransferCancelled,
  OutboundQueuedTransferCompleted,
  OutboundTransferQueued,
  Paused,
  PeerSet,
  Unpaused,
  VerifiersSet,
} from "../../generated/BridgeManager/BridgeManager";
import { BridgeMessage, BridgeTransfer, QueuedTransfer } from "../../generated/schema";
import {
  ENDPOINT_MANAGER,
  getOrCreateEndpoint,
  getOrCreateRateLimit,
  INBOUND,
  KIND_TOKEN,
  newMessage,
  OUTBOUND,
  recordAttestation,
  recordConfigChange,
  recordPeer,
  recordRateLimitUse,
  recordVerifiersSet,
  destinationTransferId,
  sourceTransferId,
} from "../helpers/bridge";
import { u256 } from "../helpers/ids";

/** manager ++ u256(queueId): an outbound QueuedTransfer's id (and its BridgeTransfer's until sent). */
function outboundQueueId(manager: Bytes, queueId: BigInt): Bytes {
  return manager.concat(u256(queueId));
}

// ---- leaving this chain --------------------------------------------------------------------------

export function handleMessageSent(event: MessageSent): void {
  const endpoint = getOrCreateEndpoint(event.address, ENDPOINT_MANAGER, event.block.timestamp);
  endpoint.sentCount = endpoint.sentCount + 1;
  endpoint.save();

  const m = event.params.message;
  const digest = event.params.digest;
  const message = newMessage(digest, KIND_TOKEN, OUTBOUND, event.address);
  message.sourceChainId = m.srcChainId;
  message.destinationChainId = m.dstChainId;
  message.sequence = m.sequence;
  message.sender = m.sender;
  message.recipient = m.recipient;
  message.amount = m.amount;
  message.sentAt = event.block.timestamp;
  message.sentBlock = event.block.number;
  message.sentTx = event.transaction.hash;

  const transfer = new BridgeTransfer(sourceTransferId(digest));
  transfer.end = "Source";
  transfer.digest = digest;
  transfer.message = digest;
  transfer.manager = event.address;
  transfer.peerChainId = m.dstChainId;
  transfer.sender = m.sender;
  transfer.recipient = m.recipient;
  transfer.amount = m.amount;
  transfer.status = "Sent";
  transfer.account = m.sender;
  transfer.createdAt = event.block.timestamp;
  transfer.createdTx = event.transaction.hash;
  transfer.completedAt = event.block.timestamp;
  transfer.completedTx = event.transaction.hash;
  transfer.save();
  message.transfer = transfer.id;
  message.save();

  // A direct transfer takes outbound capacity and frees inbound; a queued transfer's completion,
  // whose OutboundQueuedTransferCompleted follows in this transaction, takes none (undone there).
  recordRateLimitUse(event.address, m.dstChainId, OUTBOUND, m.amount, 1, event.block.timestamp);
}

export function handleOutboundTransferQueued(event: OutboundTransferQueued): void {
  const id = outboundQueueId(event.address, event.params.queueId);
  const queued = new QueuedTransfer(id);
  queued.direction = OUTBOUND;
  queued.manager = event.address;
  queued.queueId = event.params.queueId;
  queued.peerChainId = event.params.dstChainId;
  queued.sender = event.params.sender;
  queued.recipient = event.params.recipient;
  queued.amount = event.params.amount;
  queued.status = "Queued";
  queued.queuedAt = event.block.timestamp;
  queued.queuedTx = event.transaction.hash;
  queued.releaseAt = event.params.releaseAt;
  queued.save();

  const transfer = new BridgeTransfer(id);
  transfer.end = "Source";
  transfer.manager = event.address;
  transfer.peerChainId = event.params.dstChainId;
  transfer.sender = event.params.sender;
  transfer.recipient = event.params.recipient;
  transfer.amount = event.params.amount;
  transfer.status = "Queued";
  transfer.account = event.params.sender;
  transfer.createdAt = event.block.timestamp;
  transfer.createdTx = event.transaction.hash;
  transfer.queuedTransfer = id;
  transfer.save();

  const limit = getOrCreateRateLimit(event.address, event.params.dstChainId, OUTBOUND, event.block.timestamp);
  limit.queuedCount = limit.queuedCount + 1;
  limit.save();
}

export function handleOutboundQueuedTransferCompleted(event: OutboundQueuedTransferCompleted): void {
  const id = outboundQueueId(event.address, event.params.queueId);
  const digest = event.params.digest;
  const queued = QueuedTransfer.load(id);
  if (queued == null) return;
  queued.status = "Completed";
  queued.digest = digest;
  queued.message = digest;
  queued.completedAt = event.block.timestamp;
  queued.completedTx = event.transaction.hash;
  queued.save();

  // The MessageSent of this transaction counted a use of capacity that a completion does not make.
  recordRateLimitUse(event.address, queued.peerChainId, OUTBOUND, queued.amount, -1, event.block.timestamp);

  const message = BridgeMessage.load(digest);
  if (message != null) {
    message.queuedTransfer = id;
    message.save();
  }
  // The transfer's source end moves from its queue id to the digest: keep when it started.
  const sent = BridgeTransfer.load(sourceTransferId(digest));
  const waiting = BridgeTransfer.load(id);
  if (sent != null) {
    if (waiting != null) {
      sent.createdAt = waiting.createdAt;
      sent.createdTx = waiting.createdTx;
      store.remove("BridgeTransfer", id.toHexString());
    }
    sent.queuedTransfer = id;
    sent.save();
  }
}

export function handleOutboundQueuedTransferCancelled(event: OutboundQueuedTransferCancelled): void {
  const id = outboundQueueId(event.address, event.params.queueId);
  const queued = QueuedTransfer.load(id);
  if (queued != null) {
    queued.status = "Cancelled";
    queued.cancelledAt = event.block.timestamp;
    queued.cancelledTx = event.transaction.hash;
    queued.save();
  }
  const transfer = BridgeTransfer.load(id);
  if (transfer != null) {
    transfer.status = "Cancelled";
    transfer.completedAt = event.block.timestamp;
    transfer.completedTx = event.transaction.hash;
    transfer.save();
  }
}

// ---- arriving on this chain ----------------------------------------------------------------------

export function handleMessageAttested(event: MessageAttested): void {
  recordAttestation(
    event,
    ENDPOINT_MANAGER,
    KIND_TOKEN,
    event.params.digest,
    event.params.verifier,
    event.params.attestations,
  );
}

export function handleMessageExecuted(event: MessageExecuted): void {
  const endpoint = getOrCreateEndpoint(event.address, ENDPOINT_MANAGER, event.block.timestamp);
  endpoint.executedCount = endpoint.executedCount + 1;
  endpoint.save();

  const digest = event.params.digest;
  const queued = event.params.queued;
  let message = BridgeMessage.load(digest);
  if (message == null) message = newMessage(digest, KIND_TOKEN, INBOUND, event.address);
  message.status = queued ? "Queued" : "Executed";
  message.sourceChainId = event.params.srcChainId;
  message.sequence = event.params.sequence;
  message.recipient = event.params.recipient;
  message.amount = event.params.amount;
  message.queued = queued;
  message.executedAt = event.block.timestamp;
  message.executedBlock = event.block.number;
  message.executedTx = event.transaction.hash;

  const transferId = destinationTransferId(digest);
  let transfer = BridgeTransfer.load(transferId);
  if (transfer == null) {
    transfer = new BridgeTransfer(transferId);
    transfer.end = "Destination";
    transfer.digest = digest;
    transfer.message = digest;
    transfer.manager = event.address;
    transfer.createdAt = event.block.timestamp;
    transfer.createdTx = event.transaction.hash;
  }
  transfer.peerChainId = event.params.srcChainId;
  transfer.recipient = event.params.recipient;
  transfer.account = event.params.recipient;
  transfer.amount = event.params.amount;
  transfer.status = queued ? "Queued" : "Executed";
  transfer.completedAt = event.block.timestamp;
  transfer.completedTx = event.transaction.hash;
  transfer.save();
  message.transfer = transferId;
  message.save();

  if (queued) {
    const limit = getOrCreateRateLimit(event.address, event.params.srcChainId, INBOUND, event.block.timestamp);
    limit.queuedCount = limit.queuedCount + 1;
    limit.save();
  } else {
    recordRateLimitUse(event.address, event.params.srcChainId, INBOUND, event.params.amount, 1, event.block.timestamp);
  }
}

export function handleInboundTransferQueued(event: InboundTransferQueued): void {
  const digest = event.params.digest;
  const message = BridgeMessage.load(digest);
  const queued = new QueuedTransfer(digest);
  queued.direction = INBOUND;
  queued.manager = event.address;
  queued.digest = digest;
  queued.message = digest;
  // MessageExecuted, just before in the same transaction, named the source chain.
  let source: BigInt | null = null;
  if (message != null) source = message.sourceChainId;
  queued.peerChainId = source !== null ? source : BigInt.zero();
  queued.recipient = event.params.recipient;
  queued.amount = event.params.amount;
  queued.status = "Queued";
  queued.queuedAt = event.block.timestamp;
  queued.queuedTx = event.transaction.hash;
  queued.releaseAt = event.params.releaseAt;
  queued.save();

  if (message != null) {
    message.releaseAt = event.params.releaseAt;
    message.queuedTransfer = digest;
    message.save();
  }
  const transfer = BridgeTransfer.load(destinationTransferId(digest));
  if (transfer != null) {
    transfer.queuedTransfer = digest;
    transfer.save();
  }
}

export function handleInboundQueuedTransferCompleted(event: InboundQueuedTransferCompleted): void {
  const digest = event.params.digest;
  const queued = QueuedTransfer.load(digest);
  if (queued != null) {
    queued.status = "Completed";
    queued.completedAt = event.block.timestamp;
    queued.completedTx = event.transaction.hash;
    queued.save();
  }
  const message = BridgeMessage.load(digest);
  if (message != null) {
    message.status = "Released";
    message.releasedAt = event.block.timestamp;
    message.releasedTx = event.transaction.hash;
    message.save();
  }
  const transfer = BridgeTransfer.load(destinationTransferId(digest));
  if (transfer != null) {
    transfer.status = "Released";
    transfer.save();
  }
}

// ---- configuration -------------------------------------------------------------------------------

export function handlePeerSet(event: PeerSet): void {
  const endpoint = getOrCreateEndpoint(event.address, ENDPOINT_MANAGER, event.block.timestamp);
  endpoint.updatedAt = event.block.timestamp;
  endpoint.save();
  recordPeer(event, event.address, "PeerSet", event.params.chainId, event.params.peer, null);
}

function setLimit(manager: Bytes, chainId: BigInt, direction: string, value: BigInt, timestamp: BigInt): void {
  const endpoint = getOrCreateEndpoint(manager, ENDPOINT_MANAGER, timestamp);
  endpoint.updatedAt = timestamp;
  endpoint.save();
  const limit = getOrCreateRateLimit(manager, chainId, direction, timestamp);
  limit.limit = value;
  limit.limitSetAt = timestamp;
  limit.save();
}

export function handleOutboundLimitSet(event: OutboundLimitSet): void {
  setLimit(event.address, event.params.chainId, OUTBOUND, event.params.limit, event.block.timestamp);
  recordConfigChange(event, "OutboundLimitSet", event.params.chainId, null, null, event.params.limit);
}

export function handleInboundLimitSet(event: InboundLimitSet): void {
  setLimit(event.address, event.params.chainId, INBOUND, event.params.limit, event.block.timestamp);
  recordConfigChange(event, "InboundLimitSet", event.params.chainId, null, null, event.params.limit);
}

export function handleVerifiersSet(event: VerifiersSet): void {
  recordVerifiersSet(event, ENDPOINT_MANAGER, event.params.verifiers, event.params.threshold);
}

function setPaused(manager: Bytes, paused: boolean, timestamp: BigInt): void {
  const endpoint = getOrCreateEndpoint(manager, ENDPOINT_MANAGER, timestamp);
  endpoint.paused = paused;
  endpoint.updatedAt = timestamp;
  endpoint.save();
}

export function handlePaused(event: Paused): void {
  setPaused(event.address, true, event.block.timestamp);
  recordConfigChange(event, "Paused", null, event.params.account, null, null);
}

export function handleUnpaused(event: Unpaused): void {
  setPaused(event.address, false, event.block.timestamp);
  recordConfigChange(event, "Unpaused", null, event.params.account, null, null);
}
