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

function build(role: PeperRole, hyperlane: HyperlaneArtifacts | undefined) {
  return buildModule("Bridge", (m) => {
    const deployer = m.getAccount(0);
    const { token, timelock } = m.useModule(governanceModule(role));
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
    m.call(manager, "setVerifiers", [
      [operatorVerifier, hyperlaneVerifier],
      m.getParameter<bigint>("verifierThreshold", 2n),
    ]);
    if (role === "remote") {
      // Bridged PEPER: only this manager mints and burns it; then the Timelock owns it.
      const bridged = token as CallableContractFuture<"PeperBridgedToken">;
      const setBridge = m.call(bridged, "setBridge", [manager]);
      m.call(bridged, "transferOwnership", [timelock], { id: "handTokenToTimelock", after: [setBridge] });
    }
    return { bridgeManager: manager, operatorVerifier, hyperlaneVerifier, ...local };
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
 * Parameters ("Bridge" section or "$global"): guardian; operators, operatorThreshold; verifierThreshold
 * (default 2); local: validators, validatorThreshold (the Mailbox's domain is the chain id); public:
 * mailbox, ism.
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
