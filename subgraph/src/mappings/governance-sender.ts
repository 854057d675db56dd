// GovernanceSender (home chain): the batches the DAO's Timelock sends to other chains' Timelocks,
// their receivers and the verifiers that carry them.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";

import {
  GovernanceMessageSent,
  ReceiverSet,
  SendVerifiersSet,
} from "../../generated/GovernanceSender/GovernanceSender";
import { GovernanceMessage } from "../../generated/schema";
import {
  ENDPOINT_SENDER,
  getOrCreateEndpoint,
  KIND_GOVERNANCE,
  newMessage,
  OUTBOUND,
  recordConfigChange,
  recordPeer,
  toBytesArray,
} from "../helpers/bridge";

export function handleGovernanceMessageSent(event: GovernanceMessageSent): void {
  const endpoint = getOrCreateEndpoint(event.address, ENDPOINT_SENDER, event.block.timestamp);
  endpoint.sentCount = endpoint.sentCount + 1;
  endpoint.save();

  const digest = event.params.digest;
  const m = event.params.message;
  const message = newMessage(digest, KIND_GOVERNANCE, OUTBOUND, event.address);
  message.sourceChainId = m.srcChainId;
  message.destinationChainId = m.dstChainId;
  message.sequence = m.nonce;
  message.sender = m.srcSender;
  message.recipient = m.dstReceiver;
  message.sentAt = event.block.timestamp;
  message.sentBlock = event.block.number;
  message.sentTx = event.transaction.hash;
  message.governanceMessage = digest;
  message.save();

  const governance = new GovernanceMessage(digest);
  governance.message = digest;
  governance.direction = OUTBOUND;
  governance.endpoint = event.address;
  governance.nonce = m.nonce;
  governance.sourceChainId = m.srcChainId;
  governance.destinationChainId = m.dstChainId;
  governance.receiver = m.dstReceiver;
  governance.targets = toBytesArray(m.targets);
  // The tuple's fields by position: 5 targets, 6 values, 7 calldatas.
  const values: BigInt[] = m[6].toBigIntArray();
  governance.values = values;
  const calldatas: Bytes[] = m[7].toBytesArray();
  governance.calldatas = calldatas;
  governance.status = "Sent";
  governance.sentAt = event.block.timestamp;
  governance.sentTx = event.transaction.hash;
  governance.save();
}

export function handleReceiverSet(event: ReceiverSet): void {
  const endpoint = getOrCreateEndpoint(event.address, ENDPOINT_SENDER, event.block.timestamp);
  endpoint.updatedAt = event.block.timestamp;
  endpoint.save();
  recordPeer(event, event.address, "ReceiverSet", event.params.chainId, event.params.receiver, null);
}

export function handleSendVerifiersSet(event: SendVerifiersSet): void {
  const endpoint = getOrCreateEndpoint(event.address, ENDPOINT_SENDER, event.block.timestamp);
  endpoint.verifiers = toBytesArray(event.params.verifiers);
  endpoint.updatedAt = event.block.timestamp;
  endpoint.save();
  recordConfigChange(event, "SendVerifiersSet", null, null, endpoint.verifiers, null);
}
