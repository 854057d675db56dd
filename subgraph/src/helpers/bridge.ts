// The bridge and cross-chain governance: endpoints, messages (one per digest on each chain), the
// token transfer's end on this chain, rate limits, attestations and configuration events.
import { Address, BigInt, Bytes, dataSource, ethereum } from "@graphprotocol/graph-ts";

import {
  BridgeConfigChange,
  BridgeEndpoint,
  BridgeMessage,
  BridgePeer,
  BridgeTransfer,
  GovernanceMessage,
  QueuedTransfer,
  RateLimit,
  VerifierAttestation,
} from "../../generated/schema";
import { ZERO_BI } from "./constants";
import { eventId, u256 } from "./ids";

export const OUTBOUND = "Outbound";
export const INBOUND = "Inbound";
export const KIND_TOKEN = "Token";
export const KIND_GOVERNANCE = "Governance";
export const ENDPOINT_MANAGER = "Manager";
export const ENDPOINT_SENDER = "GovernanceSender";
export const ENDPOINT_RECEIVER = "GovernanceReceiver";

/** BridgeTransfer id suffixes: the source end and the destination end of a message. */
const END_SOURCE = Bytes.fromHexString("0x00");
const END_DESTINATION = Bytes.fromHexString("0x01");

/** The chain id of the network this data source indexes (The Graph's names), or null if unknown. */
export function thisChainId(): BigInt | null {
  const network = dataSource.network();
  let id: i64 = 0;
  if (network == "peper-local-a") id = 31337;
  else if (network == "peper-local-b") id = 31338;
  else if (network == "mainnet") id = 1;
  else if (network == "sepolia") id = 11155111;
  else if (network == "matic") id = 137;
  else if (network == "polygon-amoy") id = 80002;
  else if (network == "bsc") id = 56;
  else if (network == "chapel") id = 97;
  else if (network == "avalanche") id = 43114;
  else if (network == "fuji") id = 43113;
  else if (network == "arbitrum-one") id = 42161;
  else if (network == "arbitrum-sepolia") id = 421614;
  else if (network == "optimism") id = 10;
  else if (network == "optimism-sepolia") id = 11155420;
  else if (network == "base") id = 8453;
  else if (network == "base-sepolia") id = 84532;
  if (id == 0) return null;
  return BigInt.fromI64(id);
}

export function getOrCreateEndpoint(address: Bytes, kind: string, timestamp: BigInt): BridgeEndpoint {
  let endpoint = BridgeEndpoint.load(address);
  if (endpoint == null) {
    endpoint = new BridgeEndpoint(address);
    endpoint.kind = kind;
    endpoint.verifiers = [];
    endpoint.threshold = 0;
    endpoint.paused = false;
    endpoint.sentCount = 0;
    endpoint.executedCount = 0;
    endpoint.updatedAt = timestamp;
  }
  return endpoint;
}

/** One more message sent from (`sent`) or executed on (else) the endpoint. */
export function countEndpointMessage(address: Bytes, kind: string, sent: boolean, timestamp: BigInt): void {
  const endpoint = getOrCreateEndpoint(address, kind, timestamp);
  if (sent) endpoint.sentCount = endpoint.sentCount + 1;
  else endpoint.executedCount = endpoint.executedCount + 1;
  endpoint.save();
}

/** The endpoint, its configuration changed at `timestamp` (not saved: the caller sets what changed). */
export function configuredEndpoint(address: Bytes, kind: string, timestamp: BigInt): BridgeEndpoint {
  const endpoint = getOrCreateEndpoint(address, kind, timestamp);
  endpoint.updatedAt = timestamp;
  return endpoint;
}

/** A message as this chain first sees it, with the defaults of every stage. */
export function newMessage(digest: Bytes, kind: string, direction: string, endpoint: Bytes): BridgeMessage {
  const message = new BridgeMessage(digest);
  message.kind = kind;
  message.direction = direction;
  message.endpoint = endpoint;
  message.status = direction == OUTBOUND ? "Sent" : "Attested";
  message.attestationCount = 0;
  message.queued = false;
  if (direction == INBOUND) message.destinationChainId = thisChainId();
  return message;
}

/** A message this chain's endpoint (the event's contract) sends: MessageSent, GovernanceMessageSent. */
export function newSentMessage(
  event: ethereum.Event,
  digest: Bytes,
  kind: string,
  sourceChainId: BigInt,
  destinationChainId: BigInt,
  sequence: BigInt,
  sender: Bytes,
  recipient: Bytes,
): BridgeMessage {
  const message = newMessage(digest, kind, OUTBOUND, event.address);
  message.sourceChainId = sourceChainId;
  message.destinationChainId = destinationChainId;
  message.sequence = sequence;
  message.sender = sender;
  message.recipient = recipient;
  message.sentAt = event.block.timestamp;
  message.sentBlock = event.block.number;
  message.sentTx = event.transaction.hash;
  return message;
}

/** A governance batch's record on this chain (`endpoint`: its sender or receiver). */
export function newGovernanceMessage(digest: Bytes, direction: string, endpoint: Bytes): GovernanceMessage {
  const governance = new GovernanceMessage(digest);
  governance.message = digest;
  governance.direction = direction;
  governance.endpoint = endpoint;
  return governance;
}

/**
 * A token transfer's end on this chain (`end`: "Source" or "Destination"), created by `event` on its
 * manager; `digest` null for a queued transfer not sent yet.
 */
export function newTransferEnd(id: Bytes, end: string, digest: Bytes | null, event: ethereum.Event): BridgeTransfer {
  const transfer = new BridgeTransfer(id);
  transfer.end = end;
  if (digest !== null) {
    transfer.digest = digest;
    transfer.message = digest;
  }
  transfer.manager = event.address;
  transfer.createdAt = event.block.timestamp;
  transfer.createdTx = event.transaction.hash;
  return transfer;
}

/** The transfer's end reached `status` with `event` (not saved). */
export function settleTransfer(transfer: BridgeTransfer, status: string, event: ethereum.Event): void {
  transfer.status = status;
  transfer.completedAt = event.block.timestamp;
  transfer.completedTx = event.transaction.hash;
}

/** A transfer above the rate limit, queued by the manager (the event's contract) until `releaseAt`. */
export function newQueuedTransfer(
  id: Bytes,
  direction: string,
  peerChainId: BigInt,
  recipient: Bytes,
  amount: BigInt,
  releaseAt: BigInt,
  event: ethereum.Event,
): QueuedTransfer {
  const queued = new QueuedTransfer(id);
  queued.direction = direction;
  queued.manager = event.address;
  queued.peerChainId = peerChainId;
  queued.recipient = recipient;
  queued.amount = amount;
  queued.status = "Queued";
  queued.queuedAt = event.block.timestamp;
  queued.queuedTx = event.transaction.hash;
  queued.releaseAt = releaseAt;
  return queued;
}

/** The queued transfer was completed by `event` (not saved). */
export function completeQueuedTransfer(queued: QueuedTransfer, event: ethereum.Event): void {
  queued.status = "Completed";
  queued.completedAt = event.block.timestamp;
  queued.completedTx = event.transaction.hash;
}

export function sourceTransferId(digest: Bytes): Bytes {
  return digest.concat(END_SOURCE);
}

export function destinationTransferId(digest: Bytes): Bytes {
  return digest.concat(END_DESTINATION);
}

/** manager ++ u256(chainId) ++ direction byte. */
export function rateLimitId(manager: Bytes, chainId: BigInt, direction: string): Bytes {
  return manager.concat(u256(chainId)).concat(direction == OUTBOUND ? END_SOURCE : END_DESTINATION);
}

export function getOrCreateRateLimit(manager: Bytes, chainId: BigInt, direction: string, timestamp: BigInt): RateLimit {
  const id = rateLimitId(manager, chainId, direction);
  let limit = RateLimit.load(id);
  if (limit == null) {
    limit = new RateLimit(id);
    limit.endpoint = manager;
    limit.chainId = chainId;
    limit.direction = direction;
    limit.limit = ZERO_BI;
    limit.totalUsed = ZERO_BI;
    limit.totalFreed = ZERO_BI;
    limit.queuedCount = 0;
  }
  limit.updatedAt = timestamp;
  return limit;
}

/** One more transfer queued on the rate limit with `chainId` in `direction`. */
export function countQueuedTransfer(manager: Bytes, chainId: BigInt, direction: string, timestamp: BigInt): void {
  const limit = getOrCreateRateLimit(manager, chainId, direction, timestamp);
  limit.queuedCount = limit.queuedCount + 1;
  limit.save();
}

/**
 * `amount` moved in `direction` with the peer chain: it used capacity in that direction and freed
 * as much in the other (BridgeManager's _backfill). `sign` −1 undoes it (a MessageSent that turned
 * out to be a queued transfer's completion, which uses no capacity).
 */
export function recordRateLimitUse(
  manager: Bytes,
  chainId: BigInt,
  direction: string,
  amount: BigInt,
  sign: i32,
  timestamp: BigInt,
): void {
  const delta = sign < 0 ? amount.neg() : amount;
  const used = getOrCreateRateLimit(manager, chainId, direction, timestamp);
  used.totalUsed = used.totalUsed.plus(delta);
  used.save();
  const freed = getOrCreateRateLimit(manager, chainId, direction == OUTBOUND ? INBOUND : OUTBOUND, timestamp);
  freed.totalFreed = freed.totalFreed.plus(delta);
  freed.save();
}

/** An immutable record of a configuration event. */
export function recordConfigChange(
  event: ethereum.Event,
  kind: string,
  chainId: BigInt | null,
  address: Bytes | null,
  addresses: Bytes[] | null,
  value: BigInt | null,
): void {
  const change = new BridgeConfigChange(eventId(event));
  change.contract = event.address;
  change.kind = kind;
  change.chainId = chainId;
  change.address = address;
  change.addresses = addresses;
  change.value = value;
  change.timestamp = event.block.timestamp;
  change.blockNumber = event.block.number;
  change.transactionHash = event.transaction.hash;
  change.save();
}

export function toBytesArray(addresses: Address[]): Bytes[] {
  const out: Bytes[] = [];
  for (let i = 0; i < addresses.length; i++) out.push(addresses[i]);
  return out;
}

/**
 * VerifiersSet of a BridgeManager or a GovernanceReceiver (with the `threshold` of attestations), or
 * SendVerifiersSet of a GovernanceSender (none): recorded as the configuration change `change`.
 */
export function recordVerifiersSet(
  event: ethereum.Event,
  kind: string,
  change: string,
  verifiers: Address[],
  threshold: BigInt | null,
): void {
  const endpoint = configuredEndpoint(event.address, kind, event.block.timestamp);
  endpoint.verifiers = toBytesArray(verifiers);
  if (threshold !== null) endpoint.threshold = threshold.toI32();
  endpoint.save();
  recordConfigChange(event, change, null, null, endpoint.verifiers, threshold);
}

/** GovernanceEndpointsSet of a verifier: the governance sender and receiver it carries messages for. */
export function recordGovernanceEndpointsSet(event: ethereum.Event, sender: Bytes, receiver: Bytes): void {
  const endpoints: Bytes[] = [sender, receiver];
  recordConfigChange(event, "GovernanceEndpointsSet", null, null, endpoints, null);
}

/** An endpoint's peer on another chain (PeerSet, ReceiverSet): the endpoint's change and the peer. */
export function recordEndpointPeer(
  event: ethereum.Event,
  endpointKind: string,
  kind: string,
  chainId: BigInt,
  peer: Bytes,
): void {
  configuredEndpoint(event.address, endpointKind, event.block.timestamp).save();
  recordPeer(event, event.address, kind, chainId, peer, null);
}

/**
 * A verifier's record of a message (`stage`: "Dispatched" on the source, "Attested" on the
 * destination) made by `event` (not saved: the caller adds its verifier's fields).
 */
export function stampAttestation(
  attestation: VerifierAttestation,
  digest: Bytes,
  verifier: Bytes,
  stage: string,
  event: ethereum.Event,
): void {
  attestation.digest = digest;
  attestation.message = digest;
  attestation.verifier = verifier;
  attestation.stage = stage;
  attestation.timestamp = event.block.timestamp;
  attestation.blockNumber = event.block.number;
  attestation.transactionHash = event.transaction.hash;
}

/** A peer set on a contract of this chain (PeerSet, ReceiverSet, RemoteSet). */
export function recordPeer(
  event: ethereum.Event,
  endpoint: Bytes | null,
  kind: string,
  chainId: BigInt,
  peer: Bytes,
  domain: BigInt | null,
): void {
  const id = event.address.concat(u256(chainId));
  let entity = BridgePeer.load(id);
  if (entity == null) entity = new BridgePeer(id);
  entity.endpoint = endpoint;
  entity.contract = event.address;
  entity.kind = kind;
  entity.chainId = chainId;
  entity.peer = peer;
  entity.domain = domain;
  entity.setAt = event.block.timestamp;
  entity.setTx = event.transaction.hash;
  entity.save();
  recordConfigChange(event, kind, chainId, peer, null, domain);
}

/**
 * MessageAttested on a BridgeManager (token) or a GovernanceReceiver (governance): the message's
 * count and the verifier's attestation (completing the OperatorVerifier's record of the same
 * transaction, if any).
 */
export function recordAttestation(
  event: ethereum.Event,
  endpointKind: string,
  messageKind: string,
  digest: Bytes,
  verifier: Bytes,
  count: BigInt,
): BridgeMessage {
  const endpoint = getOrCreateEndpoint(event.address, endpointKind, event.block.timestamp);
  endpoint.save();
  let message = BridgeMessage.load(digest);
  if (message == null) {
    message = newMessage(digest, messageKind, INBOUND, event.address);
    message.firstAttestedAt = event.block.timestamp;
    message.firstAttestedTx = event.transaction.hash;
    if (messageKind == KIND_TOKEN) {
      const transfer = newTransferEnd(destinationTransferId(digest), "Destination", digest, event);
      transfer.status = "Attested";
      transfer.save();
      message.transfer = transfer.id;
    } else {
      const governance = newGovernanceMessage(digest, INBOUND, event.address);
      governance.destinationChainId = thisChainId();
      governance.status = "Attested";
      governance.save();
      message.governanceMessage = digest;
    }
  }
  message.attestationCount = count.toI32();
  message.threshold = endpoint.threshold;
  message.verifierCount = endpoint.verifiers.length;
  message.lastAttestedAt = event.block.timestamp;
  message.lastAttestedTx = event.transaction.hash;
  message.save();

  const id = digest.concat(verifier);
  let attestation = VerifierAttestation.load(id);
  if (attestation == null) attestation = new VerifierAttestation(id);
  stampAttestation(attestation, digest, verifier, "Attested", event);
  attestation.endpoint = event.address;
  attestation.attestationCount = count.toI32();
  attestation.save();
  return message;
}
