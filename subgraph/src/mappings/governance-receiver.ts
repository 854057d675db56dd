// GovernanceReceiver (remote chains): attestations of the home chain's governance messages and their
// scheduling on this chain's Timelock (whose execution the Timelock mapping records on the message).
import { BigInt } from "@graphprotocol/graph-ts";

import {
  GovernanceMessageScheduled,
  MessageAttested,
  VerifiersSet,
} from "../../generated/GovernanceReceiver/GovernanceReceiver";
import { BridgeMessage, GovernanceMessage } from "../../generated/schema";
import {
  countEndpointMessage,
  ENDPOINT_RECEIVER,
  KIND_GOVERNANCE,
  recordAttestation,
  recordVerifiersSet,
} from "../helpers/bridge";

export function handleMessageAttested(event: MessageAttested): void {
  recordAttestation(
    event,
    ENDPOINT_RECEIVER,
    KIND_GOVERNANCE,
    event.params.digest,
    event.params.verifier,
    event.params.attestations,
  );
}

export function handleGovernanceMessageScheduled(event: GovernanceMessageScheduled): void {
  countEndpointMessage(event.address, ENDPOINT_RECEIVER, false, event.block.timestamp);

  const digest = event.params.digest;
  const message = BridgeMessage.load(digest);
  if (message != null) {
    message.status = "Scheduled";
    message.sequence = event.params.nonce;
    message.executedAt = event.block.timestamp;
    message.executedBlock = event.block.number;
    message.executedTx = event.transaction.hash;
    message.releaseAt = event.params.readyAt;
    message.save();
  }
  const governance = GovernanceMessage.load(digest);
  if (governance == null) return;
  governance.status = "Scheduled";
  governance.nonce = event.params.nonce;
  governance.operationId = event.params.operationId;
  governance.timelockOperation = event.params.operationId;
  governance.scheduledAt = event.block.timestamp;
  governance.scheduledTx = event.transaction.hash;
  governance.readyAt = event.params.readyAt;
  governance.save();
}

export function handleVerifiersSet(event: VerifiersSet): void {
  const threshold = BigInt.fromI32(event.params.threshold);
  recordVerifiersSet(event, ENDPOINT_RECEIVER, "VerifiersSet", event.params.verifiers, threshold);
}
