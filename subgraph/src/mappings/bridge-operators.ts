// OperatorVerifier: the operator sets and the operators' signatures on each attested message (the
// manager's or receiver's MessageAttested of the same transaction completes the record).
import { BigInt, Bytes } from "@graphprotocol/graph-ts";

import {
  GovernanceEndpointsSet,
  OperatorsAttested,
  OperatorsConfigSet,
} from "../../generated/OperatorVerifier/OperatorVerifier";
import { BridgeOperatorConfig, VerifierAttestation } from "../../generated/schema";
import { recordConfigChange, recordGovernanceEndpointsSet, stampAttestation, toBytesArray } from "../helpers/bridge";
import { testBit } from "../helpers/oracle";

function operatorConfigId(verifier: Bytes, version: BigInt): Bytes {
  return verifier.concatI32(version.toI32());
}

export function handleOperatorsConfigSet(event: OperatorsConfigSet): void {
  const config = new BridgeOperatorConfig(operatorConfigId(event.address, event.params.configVersion));
  config.verifier = event.address;
  config.configVersion = event.params.configVersion.toI32();
  config.operators = toBytesArray(event.params.operators);
  config.threshold = event.params.threshold;
  config.timestamp = event.block.timestamp;
  config.transactionHash = event.transaction.hash;
  config.save();
  recordConfigChange(event, "OperatorsConfigSet", null, null, config.operators, BigInt.fromI32(event.params.threshold));
}

export function handleOperatorsAttested(event: OperatorsAttested): void {
  const digest = event.params.digest;
  const attestation = new VerifierAttestation(digest.concat(event.address));
  stampAttestation(attestation, digest, event.address, "Attested", event);
  attestation.signersBitmap = event.params.signers;
  attestation.configVersion = event.params.configVersion.toI32();
  attestation.relayer = event.params.relayer;
  const signers = new Array<Bytes>();
  const config = BridgeOperatorConfig.load(operatorConfigId(event.address, event.params.configVersion));
  if (config != null) {
    const operators = config.operators;
    for (let i = 0; i < operators.length; i++) {
      if (testBit(event.params.signers, i)) signers.push(operators[i]);
    }
  }
  attestation.signers = signers;
  attestation.signerCount = signers.length;
  attestation.save();
}

export function handleGovernanceEndpointsSet(event: GovernanceEndpointsSet): void {
  recordGovernanceEndpointsSet(event, event.params.sender, event.params.receiver);
}
