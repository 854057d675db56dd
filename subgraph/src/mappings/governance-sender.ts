// GovernanceSender (home chain): the batches the DAO's Timelock sends to other chains' Timelocks,
// their receivers and the verifiers that carry them.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";

import {
  GovernanceMessageSent,
  ReceiverSet,
  SendVerifiersSet,
} from "../../generated/GovernanceSender/GovernanceSender";
import {
  countEndpointMessage,
  ENDPOINT_SENDER,
  KIND_GOVERNANCE,
  newGovernanceMessage,
  newSentMessage,
  OUTBOUND,
  recordEndpointPeer,
  recordVerifiersSet,
  toBytesArray,
} from "../helpers/bridge";

export function handleGovernanceMessageSent(event: GovernanceMessageSent): void {
  countEndpointMessage(event.address, ENDPOINT_SENDER, true, event.block.timestamp);

  const digest = event.params.digest;
  const m = event.params.message;
  const message = newSentMessage(
    event,
    digest,
    KIND_GOVERNANCE,
    m.srcChainId,
    m.dstChainId,
    m.nonce,
    m.srcSender,
    m.dstReceiver,
  );
  message.governanceMessage = digest;
  message.save();

  const governance = newGovernanceMessage(digest, OUTBOUND, event.address);
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
  recordEndpointPeer(event, ENDPOINT_SENDER, "ReceiverSet", event.params.chainId, event.params.receiver);
}

export function handleSendVerifiersSet(event: SendVerifiersSet): void {
  recordVerifiersSet(event, ENDPOINT_SENDER, "SendVerifiersSet", event.params.verifiers, null);
}
