import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Connects this chain's bridge to a peer chain's, then hands the bridge to the Timelock: the second
 * deployment step, run once both chains are deployed (the peer's addresses are known only then).
 * scripts/lib/deploy.ts (`connectBridge`, used by `npm start` and `npm run deploy -- --bridge-peer`)
 * fills in the parameters from both chains' deployed_addresses.json and deploys it as its own
 * Ignition deployment, `chain-<id>-bridge-<peer id>`, so chain-<id>/ stays the protocol's record.
 *
 * It sets the peer manager and the peer Hyperlane adapter, the outbound and inbound rate limits for
 * the peer, and finally transfers the BridgeManager, the OperatorVerifier and the HyperlaneVerifier
 * to the Timelock, so the deployer keeps no privilege (as the OracleHub's deployment does). Every
 * later chain is connected by a DAO proposal making the same calls.
 *
 * Parameters ("BridgePeer"): this chain's `manager`, `operatorVerifier`, `hyperlaneVerifier`,
 * `timelock`; the peer's `peerChainId`, `peerDomain` (its Hyperlane domain), `peerManager`,
 * `peerHyperlaneVerifier`; `outboundLimit` and `inboundLimit` (PEPER wei per 24 h).
 */
export default buildModule("BridgePeer", (m) => {
  const manager = m.contractAt("BridgeManager", m.getParameter<string>("manager"));
  const operatorVerifier = m.contractAt("OperatorVerifier", m.getParameter<string>("operatorVerifier"));
  const hyperlaneVerifier = m.contractAt("HyperlaneVerifier", m.getParameter<string>("hyperlaneVerifier"));
  const timelock = m.getParameter<string>("timelock");
  const peerChainId = m.getParameter<bigint>("peerChainId");

  const configured = [
    m.call(manager, "setPeer", [peerChainId, m.getParameter<string>("peerManager")]),
    m.call(manager, "setOutboundLimit", [peerChainId, m.getParameter<bigint>("outboundLimit")]),
    m.call(manager, "setInboundLimit", [peerChainId, m.getParameter<bigint>("inboundLimit")]),
    m.call(hyperlaneVerifier, "setRemote", [
      peerChainId,
      m.getParameter<bigint>("peerDomain"),
      m.getParameter<string>("peerHyperlaneVerifier"),
    ]),
  ];
  m.call(manager, "transferOwnership", [timelock], { id: "handManagerToTimelock", after: configured });
  m.call(operatorVerifier, "transferOwnership", [timelock], { id: "handOperatorsToTimelock", after: configured });
  m.call(hyperlaneVerifier, "transferOwnership", [timelock], { id: "handHyperlaneToTimelock", after: configured });
  return { manager, operatorVerifier, hyperlaneVerifier };
});
