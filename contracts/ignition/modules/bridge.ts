import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Artifact, CallableContractFuture, ContractFuture } from "@nomicfoundation/ignition-core";

import { hyperlaneArtifact, type HyperlaneContract } from "../../../offchain/src/protocol/hyperlane.ts";
import { governanceModule, type PeperRole } from "./Governance.ts";

/** Hyperlane's contracts as Ignition artifacts, for chains where Peper deploys Hyperlane itself. */
export type HyperlaneArtifacts = Record<
  "Mailbox" | "MerkleTreeHook" | "PausableHook" | "StorageMessageIdMultisigIsm",
  Artifact
>;

/**
 * Loads Hyperlane's Mailbox, MerkleTreeHook, PausableHook and StorageMessageIdMultisigIsm from the
 * npm package `@hyperlane-xyz/core` (offchain/src/protocol/hyperlane.ts) as Ignition artifacts. The
 * package ships creation bytecode only, which is all a deployment needs.
 */
export async function loadHyperlaneArtifacts(): Promise<HyperlaneArtifacts> {
  const one = async (name: HyperlaneContract, source: string): Promise<Artifact> => {
    const { abi, bytecode } = await hyperlaneArtifact(name);
    return {
      _format: "hh3-artifact-1",
      contractName: name,
      sourceName: `@hyperlane-xyz/core/contracts/${source}`,
      abi,
      bytecode,
      deployedBytecode: "0x",
      linkReferences: {},
      deployedLinkReferences: {},
    };
  };
  return {
    Mailbox: await one("Mailbox", "Mailbox.sol"),
    MerkleTreeHook: await one("MerkleTreeHook", "hooks/MerkleTreeHook.sol"),
    PausableHook: await one("PausableHook", "hooks/PausableHook.sol"),
    StorageMessageIdMultisigIsm: await one("StorageMessageIdMultisigIsm", "isms/multisig/StorageMultisigIsm.sol"),
  };
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

function build(role: PeperRole, hyperlane: HyperlaneArtifacts | undefined) {
  return buildModule("Bridge", (m) => {
    const deployer = m.getAccount(0);
    const { token, timelock } =
      role === "home" ? m.useModule(governanceModule("home")) : m.useModule(governanceModule("remote"));
    const guardian = m.getParameter<string>("guardian");

    const manager = m.contract("BridgeManager", [token, role === "home", deployer, guardian]);
    const operatorVerifier = m.contract("OperatorVerifier", [deployer, manager]);
    m.call(operatorVerifier, "setConfig", [
      m.getParameter<string[]>("operators"),
      m.getParameter<bigint>("operatorThreshold"),
    ]);

    let local = {};
    let mailbox: ContractFuture<string> | ReturnType<typeof m.getParameter<string>>;
    let ism: ContractFuture<string> | ReturnType<typeof m.getParameter<string>>;
    if (hyperlane) {
      // Hyperlane itself, unchanged from its npm package: the Mailbox (domain = the chain id), the
      // merkle tree its validators sign checkpoints of (the required hook), a pausable default hook,
      // and the MessageIdMultisigIsm of the validators that secures deliveries to our adapter. The
      // Mailbox and the pausable hook belong to the Timelock; the ISM's validators are fixed at
      // construction (it has no owner: another set means a new ISM, set on the HyperlaneVerifier).
      // The merkle tree hook (a MailboxClient) is owned too, and goes to the Timelock as well.
      // The chain id, read from PEPER's EIP-712 domain (Ignition has no chain-id value of its own).
      const chainId = m.staticCall(token, "eip712Domain", [], "chainId", { id: "chainId" });
      const mb = m.contract("Mailbox", hyperlane.Mailbox, [chainId]);
      const merkleTreeHook = m.contract("MerkleTreeHook", hyperlane.MerkleTreeHook, [mb]);
      const pausableHook = m.contract("PausableHook", hyperlane.PausableHook, []);
      const validatorIsm = m.contract(
        "StorageMessageIdMultisigIsm",
        hyperlane.StorageMessageIdMultisigIsm,
        [m.getParameter<string[]>("validators"), m.getParameter<bigint>("validatorThreshold")],
        { id: "ValidatorIsm" },
      );
      m.call(mb, "initialize", [timelock, validatorIsm, pausableHook, merkleTreeHook]);
      m.call(pausableHook, "transferOwnership", [timelock], { id: "handPausableHookToTimelock" });
      m.call(merkleTreeHook, "transferOwnership", [timelock], { id: "handMerkleTreeHookToTimelock" });
      mailbox = mb;
      ism = validatorIsm;
      local = { mailbox: mb, merkleTreeHook, pausableHook, validatorIsm };
    } else {
      // A public chain: Hyperlane's own Mailbox there, and the security module the DAO chose.
      mailbox = m.getParameter<string>("mailbox");
      ism = m.getParameter<string>("ism");
    }
    const hyperlaneVerifier = m.contract("HyperlaneVerifier", [deployer, mailbox, manager, ism]);
    const verifierThreshold = m.getParameter<bigint>("verifierThreshold", 2n);
    m.call(manager, "setVerifiers", [[operatorVerifier, hyperlaneVerifier], verifierThreshold]);

    // Cross-chain governance (docs/decisions/0013-one-dao.md): the same two verifiers carry the DAO's
    // messages. Home: the GovernanceSender, which only the Timelock calls (BridgePeer.ts sets its
    // receiver on the peer and hands it to the Timelock). Remote: the GovernanceReceiver, which
    // accepts only the home chain's sender and is this chain's Timelock's only proposer.
    let governance: Record<string, ContractFuture<string>>;
    if (role === "home") {
      const governanceSender = m.contract("GovernanceSender", [deployer]);
      m.call(governanceSender, "setVerifiers", [[operatorVerifier, hyperlaneVerifier]]);
      m.call(operatorVerifier, "setGovernanceEndpoints", [governanceSender, ZERO_ADDRESS]);
      m.call(hyperlaneVerifier, "setGovernanceEndpoints", [governanceSender, ZERO_ADDRESS]);
      governance = { governanceSender };
    } else {
      const governanceReceiver = m.contract("GovernanceReceiver", [
        deployer,
        guardian,
        timelock,
        m.getParameter<bigint>("homeChainId"),
        m.getParameter<string>("homeSender"),
      ]);
      const receiverVerifiers = m.call(governanceReceiver, "setVerifiers", [
        [operatorVerifier, hyperlaneVerifier],
        verifierThreshold,
      ]);
      m.call(governanceReceiver, "transferOwnership", [timelock], {
        id: "handReceiverToTimelock",
        after: [receiverVerifiers],
      });
      m.call(operatorVerifier, "setGovernanceEndpoints", [ZERO_ADDRESS, governanceReceiver]);
      m.call(hyperlaneVerifier, "setGovernanceEndpoints", [ZERO_ADDRESS, governanceReceiver]);
      // The Timelock: the receiver is its only proposer; the guardian may cancel a scheduled operation
      // (and do nothing else with it); anyone executes a ready one (executor = address(0), set at
      // construction); then the deployer gives up the admin role, so the Timelock administers itself.
      const proposerRole = m.staticCall(timelock, "PROPOSER_ROLE", [], 0, { id: "proposerRole" });
      const cancellerRole = m.staticCall(timelock, "CANCELLER_ROLE", [], 0, { id: "cancellerRole" });
      const adminRole = m.staticCall(timelock, "DEFAULT_ADMIN_ROLE", [], 0, { id: "adminRole" });
      const grantProposer = m.call(timelock, "grantRole", [proposerRole, governanceReceiver], {
        id: "grantProposerToReceiver",
      });
      const grantCanceller = m.call(timelock, "grantRole", [cancellerRole, guardian], {
        id: "grantCancellerToGuardian",
      });
      m.call(timelock, "renounceRole", [adminRole, deployer], {
        id: "renounceTimelockAdmin",
        after: [grantProposer, grantCanceller],
      });
      governance = { governanceReceiver };
    }
    if (role === "remote") {
      // Bridged PEPER: only this manager mints and burns it; then the Timelock owns it.
      const bridged = token as CallableContractFuture<"PeperBridgedToken">;
      const setBridge = m.call(bridged, "setBridge", [manager]);
      m.call(bridged, "transferOwnership", [timelock], { id: "handTokenToTimelock", after: [setBridge] });
    }
    return { bridgeManager: manager, operatorVerifier, hyperlaneVerifier, ...governance, ...local };
  });
}

const modules = new Map<string, ReturnType<typeof build>>();

/**
 * The bridge on one chain (Ignition module "Bridge"): the BridgeManager over this chain's PEPER
 * (locking on the home chain, burning and minting elsewhere), the OperatorVerifier (M-of-N operator
 * signatures) and the HyperlaneVerifier over Hyperlane's Mailbox, both required (verifierThreshold,
 * 2 of 2). With `hyperlane` artifacts (the local chains) it deploys Hyperlane's Mailbox,
 * MerkleTreeHook, PausableHook and a StorageMessageIdMultisigIsm ("ValidatorIsm") too; on a public
 * chain it takes Hyperlane's Mailbox and the ISM as the parameters `mailbox` and `ism`.
 *
 * The deployer owns the manager and both verifiers until the BridgePeer module (BridgePeer.ts) has
 * connected the chain to its peer (peer manager, peer adapter, rate limits) and handed all three to
 * the Timelock; `npm start` and `npm run deploy -- --bridge-peer` run it after both chains deployed.
 *
 * Cross-chain governance (docs/decisions/0013-one-dao.md): on the home chain a GovernanceSender
 * ("Bridge#GovernanceSender"), whose messages both verifiers carry; on a remote chain a
 * GovernanceReceiver ("Bridge#GovernanceReceiver") that accepts only the home chain's sender,
 * at `verifierThreshold` of the same two verifiers, and schedules on this chain's Timelock, whose only
 * proposer it is (the guardian may cancel; the deployer's admin role is renounced here). The receiver
 * is handed to the Timelock in this deployment; the sender by BridgePeer.ts, once it knows the peer's receiver.
 *
 * Parameters ("Bridge" section or "$global"): guardian; operators, operatorThreshold; verifierThreshold
 * (default 2); local: validators, validatorThreshold (the Mailbox's domain is the chain id); public:
 * mailbox, ism; remote chains: homeChainId and homeSender (the home chain's GovernanceSender —
 * scripts/lib/deploy.ts fills both in from the home chain's deployment).
 */
export function bridgeModule(role: PeperRole, hyperlane?: HyperlaneArtifacts) {
  const key = `${role}:${hyperlane ? "local" : "public"}`;
  let module = modules.get(key);
  if (!module) {
    module = build(role, hyperlane);
    modules.set(key, module);
  }
  return module;
}
