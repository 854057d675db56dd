// HyperlaneVerifier: each message handed to Hyperlane's Mailbox on the source chain (with Hyperlane's
// message id), the peer adapters and the security module. Its deliveries on the destination show as
// the manager's or receiver's MessageAttested with this adapter as the verifier.
import {
  Dispatched,
  GovernanceEndpointsSet,
  RemoteSet,
  SecurityModuleSet,
} from "../../generated/HyperlaneVerifier/HyperlaneVerifier";
import { VerifierAttestation } from "../../generated/schema";
import { recordConfigChange, recordGovernanceEndpointsSet, recordPeer, stampAttestation } from "../helpers/bridge";

export function handleDispatched(event: Dispatched): void {
  const digest = event.params.digest;
  const dispatch = new VerifierAttestation(digest.concat(event.address));
  stampAttestation(dispatch, digest, event.address, "Dispatched", event);
  dispatch.hyperlaneMessageId = event.params.hyperlaneMessageId;
  dispatch.save();
}

export function handleRemoteSet(event: RemoteSet): void {
  recordPeer(event, null, "RemoteSet", event.params.chainId, event.params.adapter, event.params.domain);
}

export function handleSecurityModuleSet(event: SecurityModuleSet): void {
  recordConfigChange(event, "SecurityModuleSet", null, event.params.ism, null, null);
}

export function handleGovernanceEndpointsSet(event: GovernanceEndpointsSet): void {
  recordGovernanceEndpointsSet(event, event.params.sender, event.params.receiver);
}
