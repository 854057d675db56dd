import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

import type { PeperRole } from "./Governance.ts";

/**
 * Connects this chain's bridge to a peer chain's, then hands the bridge to the Timelock: the second
 * deployment step, run once both chains are deployed (the peer's addresses are known only then).
 * scripts/lib/deploy.ts (`connectBridge`, used by `npm start` and `npm run deploy -- --bridge-peer`)
 * fills in the parameters from both chains' deployed_addresses.json and deploys it as its own
 * Ignition deployment, `chain-<id>-bridge-<peer id>`, so chain-<id>/ stays the protocol's record.
 *
 * It sets the peer manager and the peer Hyperlane adapter, the outbound and inbound rate limits for
 * the peer, and finally transfers the BridgeManager, the OperatorVerifier and the HyperlaneVerifier
 * to the Timelock, so the deployer keeps no privilege (as the OracleHub's deployment does). On PEPER's
 * home chain (this file's default export) it also tells the GovernanceSender where the peer's
 * GovernanceReceiver is and hands the sender to the Timelock: from then on only a passed proposal
 * sends governance messages (docs/decisions/0013-one-dao.md). BridgePeerRemote.ts is the remote
 * chains' variant (their receiver is wired by the Bridge module). Every later chain is connected by
 * a DAO proposal making the same calls.
 *
 * Parameters ("BridgePeer"): this chain's `manager`, `operatorVerifier`, `hyperlaneVerifier`,
 * `timelock`; the peer's `peerChainId`, `peerDomain` (its Hyperlane domain), `peerManager`,
 * `peerHyperlaneVerifier`; `outboundLimit` and `inboundLimit` (PEPER wei per 24 h); home only:
 * this chain's `governanceSender` and the peer's `peerGovernanceReceiver`.
 */
function connect(m: IgnitionModuleBuilder) {
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
  return { manager, operatorVerifier, hyperlaneVerifier, timelock, peerChainId };
}

function connectHome(m: IgnitionModuleBuilder) {
  const { timelock, peerChainId, ...connected } = connect(m);
  const governanceSender = m.contractAt("GovernanceSender", m.getParameter<string>("governanceSender"));
  const receiver = m.call(governanceSender, "setReceiver", [
    peerChainId,
    m.getParameter<string>("peerGovernanceReceiver"),
  ]);
  m.call(governanceSender, "transferOwnership", [timelock], { id: "handSenderToTimelock", after: [receiver] });
  return { ...connected, governanceSender };
}

const modules = {
  home: buildModule("BridgePeer", connectHome),
  remote: buildModule("BridgePeer", (m) => {
    const { manager, operatorVerifier, hyperlaneVerifier } = connect(m);
    return { manager, operatorVerifier, hyperlaneVerifier };
  }),
} as const;

/** The BridgePeer module for a chain's role. */
export const bridgePeerModule = (role: PeperRole) => modules[role];

/** PEPER's home chain connecting to a remote chain. */
export default modules.home;
