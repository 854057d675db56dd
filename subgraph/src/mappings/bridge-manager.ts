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
  completeQueuedTransfer,
  configuredEndpoint,
  countEndpointMessage,
  countQueuedTransfer,
  ENDPOINT_MANAGER,
  getOrCreateRateLimit,
  INBOUND,
  KIND_TOKEN,
  newMessage,
  newQueuedTransfer,
  newSentMessage,
  newTransferEnd,
  OUTBOUND,
  recordAttestation,
  recordConfigChange,
  recordEndpointPeer,
  recordRateLimitUse,
  recordVerifiersSet,
  destinationTransferId,
  settleTransfer,
  sourceTransferId,
} from "../helpers/bridge";
import { u256 } from "../helpers/ids";

/** manager ++ u256(queueId): an outbound QueuedTransfer's id (and its BridgeTransfer's until sent). */
function outboundQueueId(manager: Bytes, queueId: BigInt): Bytes {
  return manager.concat(u256(queueId));
}

// ---- leaving this chain --------------------------------------------------------------------------

export function handleMessageSent(event: MessageSent): void {
  countEndpointMessage(event.address, ENDPOINT_MANAGER, true, event.block.timestamp);

  const m = event.params.message;
  const digest = event.params.digest;
  const message = newSentMessage(
    event,
    digest,
    KIND_TOKEN,
    m.srcChainId,
    m.dstChainId,
    m.sequence,
    m.sender,
    m.recipient,
  );
  message.amount = m.amount;

  const transfer = newTransferEnd(sourceTransferId(digest), "Source", digest, event);
  transfer.peerChainId = m.dstChainId;
  transfer.sender = m.sender;
  transfer.recipient = m.recipient;
  transfer.amount = m.amount;
  transfer.account = m.sender;
  settleTransfer(transfer, "Sent", event);
  transfer.save();
  message.transfer = transfer.id;
  message.save();

  // A direct transfer takes outbound capacity and frees inbound; a queued transfer's completion,
  // whose OutboundQueuedTransferCompleted follows in this transaction, takes none (undone there).
  recordRateLimitUse(event.address, m.dstChainId, OUTBOUND, m.amount, 1, event.block.timestamp);
}

export function handleOutboundTransferQueued(event: OutboundTransferQueued): void {
  const id = outboundQueueId(event.address, event.params.queueId);
  const p = event.params;
  const queued = newQueuedTransfer(id, OUTBOUND, p.dstChainId, p.recipient, p.amount, p.releaseAt, event);
  queued.queueId = p.queueId;
  queued.sender = p.sender;
  queued.save();

  const transfer = newTransferEnd(id, "Source", null, event);
  transfer.peerChainId = p.dstChainId;
  transfer.sender = p.sender;
  transfer.recipient = p.recipient;
  transfer.amount = p.amount;
  transfer.status = "Queued";
  transfer.account = p.sender;
  transfer.queuedTransfer = id;
  transfer.save();

  countQueuedTransfer(event.address, p.dstChainId, OUTBOUND, event.block.timestamp);
}

export function handleOutboundQueuedTransferCompleted(event: OutboundQueuedTransferCompleted): void {
  const id = outboundQueueId(event.address, event.params.queueId);
  const digest = event.params.digest;
  const queued = QueuedTransfer.load(id);
  if (queued == null) return;
  completeQueuedTransfer(queued, event);
  queued.digest = digest;
  queued.message = digest;
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
    settleTransfer(transfer, "Cancelled", event);
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
  countEndpointMessage(event.address, ENDPOINT_MANAGER, false, event.block.timestamp);

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
  if (transfer == null) transfer = newTransferEnd(transferId, "Destination", digest, event);
  transfer.peerChainId = event.params.srcChainId;
  transfer.recipient = event.params.recipient;
  transfer.account = event.params.recipient;
  transfer.amount = event.params.amount;
  settleTransfer(transfer, queued ? "Queued" : "Executed", event);
  transfer.save();
  message.transfer = transferId;
  message.save();

  if (queued) {
    countQueuedTransfer(event.address, event.params.srcChainId, INBOUND, event.block.timestamp);
  } else {
    recordRateLimitUse(event.address, event.params.srcChainId, INBOUND, event.params.amount, 1, event.block.timestamp);
  }
}

export function handleInboundTransferQueued(event: InboundTransferQueued): void {
  const digest = event.params.digest;
  const message = BridgeMessage.load(digest);
  // MessageExecuted, just before in the same transaction, named the source chain.
  let source: BigInt | null = null;
  if (message != null) source = message.sourceChainId;
  const queued = newQueuedTransfer(
    digest,
    INBOUND,
    source !== null ? source : BigInt.zero(),
    event.params.recipient,
    event.params.amount,
    event.params.releaseAt,
    event,
  );
  queued.digest = digest;
  queued.message = digest;
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
    completeQueuedTransfer(queued, event);
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
  recordEndpointPeer(event, ENDPOINT_MANAGER, "PeerSet", event.params.chainId, event.params.peer);
}

function setLimit(manager: Bytes, chainId: BigInt, direction: string, value: BigInt, timestamp: BigInt): void {
  configuredEndpoint(manager, ENDPOINT_MANAGER, timestamp).save();
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
  const threshold = BigInt.fromI32(event.params.threshold);
  recordVerifiersSet(event, ENDPOINT_MANAGER, "VerifiersSet", event.params.verifiers, threshold);
}

function setPaused(manager: Bytes, paused: boolean, timestamp: BigInt): void {
  const endpoint = configuredEndpoint(manager, ENDPOINT_MANAGER, timestamp);
  endpoint.paused = paused;
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
