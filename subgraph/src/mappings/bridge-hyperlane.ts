// HyperlaneVerifier: each message handed to Hyperlane's Mailbox on the source chain (with Hyperlane's
// message id), the peer adapters and the security module. Its deliveries on the destination show as
// the manager's or receiver's MessageAttested with this adapter as the verifier.
import { Bytes } from "@graphprotocol/graph-ts";

import {
  Dispatched,
  GovernanceEndpointsSet,
  RemoteSet,
  SecurityModuleSet,
} from "../../generated/HyperlaneVerifier/HyperlaneVerifier";
import { VerifierAttestation } from "../../generated/schema";
import { recordConfigChange, recordPeer } from "../helpers/bridge";

export function handleDispatched(event: Dispatched): void {
  const digest = event.params.digest;
  const dispatch = new VerifierAttestation(digest.concat(event.address));
  dispatch.digest = digest;
  dispatch.message = digest;
  dispatch.verifier = event.address;
  dispatch.stage = "Dispatched";
  dispatch.hyperlaneMessageId = event.params.hyperlaneMessageId;
  dispatch.timestamp = event.block.timestamp;
  dispatch.blockNumber = event.block.number;
  dispatch.transactionHash = event.transaction.hash;
  dispatch.save();
}

export function handleRemoteSet(event: RemoteSet): void {
  recordPeer(event, null, "RemoteSet", event.params.chainId, event.params.adapter, event.params.domain);
}

export function handleSecurityModuleSet(event: SecurityModuleSet): void {
  recordConfigChange(event, "SecurityModuleSet", null, event.params.ism, null, null);
}

export function handleGovernanceEndpointsSet(event: GovernanceEndpointsSet): void {
  const endpoints: Bytes[] = [event.params.sender, event.params.receiver];
  recordConfigChange(event, "GovernanceEndpointsSet", null, null, endpoints, null);
}
