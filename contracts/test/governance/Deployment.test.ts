import { readFileSync } from "node:fs";

import { expect } from "chai";
import type { Contract } from "ethers";

import BridgePeer from "../../ignition/modules/BridgePeer.ts";
import BridgePeerRemote from "../../ignition/modules/BridgePeerRemote.ts";
import PeperLocal from "../../ignition/modules/PeperLocal.ts";
import PeperLocalRemote from "../../ignition/modules/PeperLocalRemote.ts";
import PeperRemote from "../../ignition/modules/PeperRemote.ts";
import { connection, ethers } from "./fixtures.ts";

/** A stand-in for the home chain's GovernanceSender (a remote chain's receiver needs one to name). */
const HOME_SENDER = "0x00000000000000000000000000000000000A11cE";

/**
 * Ignition's parameter file, with its "123n" strings turned into bigints, plus what scripts/lib/deploy.ts
 * adds for a remote chain: the home chain (a stand-in: the test chain is 31337) and its sender.
 */
function localParameters() {
  const raw = JSON.parse(readFileSync(new URL("../../ignition/parameters/local.json", import.meta.url), "utf8"));
  const params = JSON.parse(JSON.stringify(raw), (_key, value: unknown) =>
    typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  );
  params.Bridge = { ...params.Bridge, homeChainId: 1n, homeSender: HOME_SENDER };
  return params;
}

/** Deploys a local chain's module (PeperLocal or PeperLocalRemote) with local.json. */
const deployLocal = (module: typeof PeperLocal) =>
  connection.ignition.deploy(module, { parameters: localParameters() });
type Deployed = Awaited<ReturnType<typeof deployLocal>>;

/**
 * The second deployment step (BridgePeer.ts): connects the chain's bridge to a peer (here a stand-in
 * for chain B's contracts) and hands the manager and both verifiers to the Timelock.
 */
async function connectToPeer(deployed: Deployed) {
  const params = localParameters();
  const named = deployed as unknown as Record<string, Contract | undefined>;
  const sender = named["governanceSender"];
  return connection.ignition.deploy(sender ? BridgePeer : BridgePeerRemote, {
    parameters: {
      BridgePeer: {
        ...(sender
          ? {
              governanceSender: await sender.getAddress(),
              peerGovernanceReceiver: "0x00000000000000000000000000000000000b0b03",
            }
          : {}),
        manager: await deployed.bridgeManager.getAddress(),
        operatorVerifier: await deployed.operatorVerifier.getAddress(),
        hyperlaneVerifier: await deployed.hyperlaneVerifier.getAddress(),
        timelock: await deployed.timelock.getAddress(),
        peerChainId: 31338n,
        peerDomain: 31338n,
        peerManager: "0x00000000000000000000000000000000000b0b01",
        peerHyperlaneVerifier: "0x00000000000000000000000000000000000b0b02",
        ...params.BridgePeer,
      },
    },
  });
}

// Walks the whole deployment that `npm start` makes (the real Ignition modules, both steps) and
// checks that the DAO holds every privilege and the deployer none.
describe("Deployment: the Timelock owns everything", () => {
  for (const [chain, module] of [
    ["home", PeperLocal],
    ["remote", PeperLocalRemote],
  ] as const) {
    it(`every owner is the Timelock, every admin role is held only by the Timelock (${chain} chain)`, async () => {
      const [deployer, ...others] = await ethers.getSigners();
      const deployed = await deployLocal(module);
      await connectToPeer(deployed);
      const timelock = await deployed.timelock.getAddress();
      const signers = [deployer!, ...others].map((s) => s.address);
      const checked = await checkOwners(deployed, timelock, signers);
      // token, timelock, factory, staking, farm, vault, the bridge and Hyperlane's mailbox at least
      expect(checked).to.be.gte(12);
    });
  }

  it("the bridge: 2 of 2 verifiers (the oracle's operators, 2 of 3, and Hyperlane, 2 of 3 validators)", async () => {
    const params = localParameters();
    const deployed = await connection.ignition.deploy(PeperLocal, { parameters: params });
    await connectToPeer(deployed);
    const manager = await ethers.getContractAt("BridgeManager", await deployed.bridgeManager.getAddress());
    const operators = await ethers.getContractAt("OperatorVerifier", await deployed.operatorVerifier.getAddress());
    const hyperlane = await ethers.getContractAt("HyperlaneVerifier", await deployed.hyperlaneVerifier.getAddress());
    expect(await manager.isHome()).to.equal(true);
    expect(await manager.token()).to.equal(await deployed.token.getAddress());
    expect(await manager.verifiers()).to.deep.equal([await operators.getAddress(), await hyperlane.getAddress()]);
    expect(await manager.threshold()).to.equal(2n);
    expect(await manager.peers(31338n)).to.equal("0x00000000000000000000000000000000000B0b01");
    expect(await manager.outboundCapacity(31338n)).to.equal(params.BridgePeer.outboundLimit);
    expect(await manager.inboundCapacity(31338n)).to.equal(params.BridgePeer.inboundLimit);
    expect(await manager.guardian()).to.equal(params.$global.guardian);
    expect(await operators.operators()).to.deep.equal(params.Bridge.operators);
    expect(await operators.operators()).to.deep.equal(params.PeperLocal.oracleOperators);
    expect(await operators.threshold()).to.equal(2n);
    // Hyperlane's contracts (local chains only, so not in the module's static result type)
    const local = deployed as unknown as Record<
      "mailbox" | "merkleTreeHook" | "pausableHook" | "validatorIsm",
      Contract
    >;
    expect(await hyperlane.mailbox()).to.equal(await local.mailbox.getAddress());
    expect((await hyperlane.remotes(31338n))[0]).to.equal(31338n);
    expect(await local.mailbox.getFunction("localDomain")()).to.equal(31337n);
    expect(await local.mailbox.getFunction("requiredHook")()).to.equal(await local.merkleTreeHook.getAddress());
    expect(await local.mailbox.getFunction("defaultHook")()).to.equal(await local.pausableHook.getAddress());
    const [validators, threshold] = await local.validatorIsm.getFunction("validatorsAndThreshold")("0x");
    expect(validators).to.deep.equal(params.Bridge.validators);
    expect(threshold).to.equal(2n);
    for (const v of validators as string[]) expect(params.Bridge.operators).to.not.include(v);
  });

  it("on a remote chain PEPER is bridged: no supply, minted only by the chain's BridgeManager", async () => {
    const deployed = await connection.ignition.deploy(PeperLocalRemote, { parameters: localParameters() });
    const token = await ethers.getContractAt("PeperBridgedToken", await deployed.token.getAddress());
    const manager = await ethers.getContractAt("BridgeManager", await deployed.bridgeManager.getAddress());
    expect(await token.totalSupply()).to.equal(0n);
    expect(await token.bridge()).to.equal(await manager.getAddress());
    expect(await token.owner()).to.equal(await deployed.timelock.getAddress());
    expect(await token.symbol()).to.equal("PEPER");
    expect(await manager.isHome()).to.equal(false);
    expect(await manager.token()).to.equal(await token.getAddress());
    // no Governor: the chain is governed from PEPER's home through its GovernanceReceiver
    expect(Object.keys(deployed)).to.not.include("governor");
    const receiver = await ethers.getContractAt(
      "GovernanceReceiver",
      await (deployed as unknown as Record<string, Contract>)["governanceReceiver"]!.getAddress(),
    );
    expect(await receiver.timelock()).to.equal(await deployed.timelock.getAddress());
    expect(await receiver.homeSender()).to.equal(HOME_SENDER);
  });

  it("a public remote chain: bridged PEPER and the bridge over the chain's existing Mailbox and ISM (parameters)", async () => {
    const params = localParameters();
    // stand-ins for what a public chain already has: WETH, its USDC, Hyperlane's Mailbox and an ISM
    const weth = await ethers.deployContract("WETH9");
    const usdc = await ethers.deployContract("DemoToken", ["USD Coin", "USDC", 6, [], []]);
    const [mailbox, ism] = [weth, usdc]; // any non-zero contracts: the adapter only stores them
    const deployed = await connection.ignition.deploy(PeperRemote, {
      parameters: {
        $global: params.$global,
        Governance: params.Governance,
        Peper: {
          weth: await weth.getAddress(),
          vaultAsset: await usdc.getAddress(),
          oracleOperators: params.PeperLocal.oracleOperators,
          oracleThreshold: params.PeperLocal.oracleThreshold,
          certificateIssuer: params.PeperLocal.certificateIssuer,
        },
        Bridge: {
          mailbox: await mailbox.getAddress(),
          ism: await ism.getAddress(),
          operators: params.Bridge.operators,
          operatorThreshold: params.Bridge.operatorThreshold,
          homeChainId: params.Bridge.homeChainId,
          homeSender: params.Bridge.homeSender,
        },
      },
    });
    const token = await ethers.getContractAt("PeperBridgedToken", await deployed.token.getAddress());
    const hyperlane = await ethers.getContractAt("HyperlaneVerifier", await deployed.hyperlaneVerifier.getAddress());
    expect(await token.totalSupply()).to.equal(0n);
    expect(await token.bridge()).to.equal(await deployed.bridgeManager.getAddress());
    expect(await token.owner()).to.equal(await deployed.timelock.getAddress());
    expect(await hyperlane.mailbox()).to.equal(await mailbox.getAddress());
    expect(Object.keys(deployed)).to.not.include("mailbox");
  });

  async function checkOwners(deployed: Deployed, timelock: string, signers: string[]): Promise<number> {
    let checked = 0;
    for (const [name, contract] of Object.entries(deployed)) {
      const abi = contract.interface;
      if (name === "validatorIsm") {
        // Hyperlane's StorageMessageIdMultisigIsm deployed directly has no owner: its validators are
        // fixed at construction (another set is a new ISM, set on the HyperlaneVerifier by the DAO).
        expect(await contract.getFunction("owner")(), "validatorIsm.owner()").to.equal(ethers.ZeroAddress);
        continue;
      }
      if (abi.getFunction("owner")) {
        expect(await contract.getFunction("owner")(), `${name}.owner()`).to.equal(timelock);
        checked++;
      }
      if (abi.getFunction("feeToSetter")) {
        expect(await contract.getFunction("feeToSetter")(), `${name}.feeToSetter()`).to.equal(timelock);
        checked++;
      }
      if (abi.getFunction("hasRole") && abi.getFunction("DEFAULT_ADMIN_ROLE")) {
        const admin = await contract.getFunction("DEFAULT_ADMIN_ROLE")();
        for (const who of signers) {
          expect(await contract.getFunction("hasRole")(admin, who), `${name}: ${who} is admin`).to.equal(false);
        }
        // the Timelock administers itself (TimelockController) and every other role-based contract
        expect(await contract.getFunction("hasRole")(admin, timelock), `${name}: Timelock is admin`).to.equal(true);
        checked++;
      }
    }
    return checked;
  }

  it("the Governor alone proposes and cancels on the Timelock; anyone executes", async () => {
    const deployed = await connection.ignition.deploy(PeperLocal, { parameters: localParameters() });
    // typed views of the deployed contracts (Ignition returns untyped ethers contracts)
    const timelock = await ethers.getContractAt("PeperTimelock", await deployed.timelock.getAddress());
    const governor = await ethers.getContractAt(
      "PeperGovernor",
      await (deployed as unknown as Record<string, Contract>)["governor"]!.getAddress(),
    );
    const staking = await ethers.getContractAt("StakingPool", await deployed.staking.getAddress());
    const governorAddress = await governor.getAddress();
    const [deployer] = await ethers.getSigners();
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), governorAddress)).to.equal(true);
    expect(await timelock.hasRole(await timelock.CANCELLER_ROLE(), governorAddress)).to.equal(true);
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), deployer!.address)).to.equal(false);
    expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), ethers.ZeroAddress)).to.equal(true);
    expect(await governor.timelock()).to.equal(await timelock.getAddress());
    expect(await staking.guardian()).to.equal(localParameters().$global.guardian);
  });
});
