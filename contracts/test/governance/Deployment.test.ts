import { readFileSync } from "node:fs";

import { expect } from "chai";

import PeperLocal from "../../ignition/modules/PeperLocal.ts";
import { connection, ethers } from "./fixtures.ts";

/** Ignition's parameter file, with its "123n" strings turned into bigints. */
function localParameters() {
  const raw = JSON.parse(readFileSync(new URL("../../ignition/parameters/local.json", import.meta.url), "utf8"));
  return JSON.parse(JSON.stringify(raw), (_key, value: unknown) =>
    typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  );
}

// Walks the whole deployment that `npm start` makes (the real Ignition module) and checks that the
// DAO holds every privilege and the deployer none.
describe("Deployment: the Timelock owns everything", () => {
  it("every owner is the Timelock, every admin role is held only by the Timelock", async () => {
    const [deployer, ...others] = await ethers.getSigners();
    const deployed = await connection.ignition.deploy(PeperLocal, { parameters: localParameters() });
    const timelock = await deployed.timelock.getAddress();
    const signers = [deployer!, ...others].map((s) => s.address);
    let checked = 0;
    for (const [name, contract] of Object.entries(deployed)) {
      const abi = contract.interface;
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
    // token, timelock, factory, staking, farm, vault at least
    expect(checked).to.be.gte(6);
  });

  it("the Governor alone proposes and cancels on the Timelock; anyone executes", async () => {
    const deployed = await connection.ignition.deploy(PeperLocal, { parameters: localParameters() });
    // typed views of the deployed contracts (Ignition returns untyped ethers contracts)
    const timelock = await ethers.getContractAt("PeperTimelock", await deployed.timelock.getAddress());
    const governor = await ethers.getContractAt("PeperGovernor", await deployed.governor.getAddress());
    const staking = await ethers.getContractAt("StakingPool", await deployed.staking.getAddress());
    const governorAddress = await governor.getAddress();
    const [deployer] = await ethers.getSigners();
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), governorAddress)).to.equal(true);
    expect(await timelock.hasRole(await timelock.CANCELLER_ROLE(), governorAddress)).to.equal(true);
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), deployer!.address)).to.equal(false);
    expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), ethers.ZeroAddress)).to.equal(true);
    expect(await governor.timelock()).to.equal(await timelock.getAddress());
    expect(await staking.guardian()).to.equal(localParameters().PeperLocal.guardian);
  });
});
