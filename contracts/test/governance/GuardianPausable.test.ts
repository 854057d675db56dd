import { expect } from "chai";

import { deployDao, ethers, networkHelpers } from "./fixtures.ts";

const { loadFixture } = networkHelpers;

// GuardianPausable is abstract; StakingPool is a real contract built on it.
describe("GuardianPausable (through StakingPool)", () => {
  async function setup() {
    const dao = await deployDao();
    const timelockAddress = await dao.timelock.getAddress();
    await networkHelpers.impersonateAccount(timelockAddress);
    await networkHelpers.setBalance(timelockAddress, 10n ** 18n);
    const asTimelock = await ethers.getSigner(timelockAddress);
    return { ...dao, asTimelock };
  }

  it("lets the guardian pause, but not unpause or change the guardian", async () => {
    const { staking, guardian } = await loadFixture(setup);
    expect(await staking.guardian()).to.equal(guardian.address);
    await expect(staking.connect(guardian).pause()).to.emit(staking, "Paused").withArgs(guardian.address);
    await expect(staking.connect(guardian).unpause())
      .to.be.revertedWithCustomError(staking, "OwnableUnauthorizedAccount")
      .withArgs(guardian.address);
    await expect(staking.connect(guardian).setGuardian(guardian.address)).to.be.revertedWithCustomError(
      staking,
      "OwnableUnauthorizedAccount",
    );
  });

  it("refuses a pause by anyone else", async () => {
    const { staking, stranger } = await loadFixture(setup);
    await expect(staking.connect(stranger).pause())
      .to.be.revertedWithCustomError(staking, "GuardianUnauthorized")
      .withArgs(stranger.address);
  });

  it("lets governance unpause, and revoke the guardian, after which it cannot pause", async () => {
    const { staking, guardian, asTimelock } = await loadFixture(setup);
    await staking.connect(guardian).pause();
    await expect(staking.connect(asTimelock).unpause()).to.emit(staking, "Unpaused");
    await expect(staking.connect(asTimelock).setGuardian(ethers.ZeroAddress))
      .to.emit(staking, "GuardianChanged")
      .withArgs(guardian.address, ethers.ZeroAddress);
    await expect(staking.connect(guardian).pause()).to.be.revertedWithCustomError(staking, "GuardianUnauthorized");
    await expect(staking.connect(asTimelock).pause()).to.emit(staking, "Paused");
  });

  it("a pause never moves funds: stakers still withdraw", async () => {
    const { staking, token, guardian, bob } = await loadFixture(setup);
    await token.connect(bob).approve(staking, 100n);
    await staking.connect(bob).stake(100n);
    await staking.connect(guardian).pause();
    await expect(staking.connect(bob).withdraw(100n)).to.changeTokenBalance(ethers, token, bob, 100n);
  });
});
