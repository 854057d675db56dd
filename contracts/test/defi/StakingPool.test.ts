import { expect } from "chai";
import { network } from "hardhat";
import { PERMIT_TYPES } from "../../../offchain/src/protocol/typedData.ts";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;

const E18 = 10n ** 18n;
const WEEK = 7 * 24 * 3600;

async function deployStaking() {
  const [owner, guardian, alice, bob, stranger] = await ethers.getSigners();
  const peper = await ethers.deployContract("DemoToken", [
    "Peper",
    "PEPER",
    18,
    [owner!.address, alice!.address, bob!.address],
    [10_000_000n * E18, 1_000_000n * E18, 1_000_000n * E18],
  ]);
  const pool = await ethers.deployContract("StakingPool", [owner!.address, guardian!.address, peper, peper]);
  for (const s of [alice!, bob!]) await peper.connect(s).approve(pool, ethers.MaxUint256);
  return { pool, peper, owner: owner!, guardian: guardian!, alice: alice!, bob: bob!, stranger: stranger! };
}

/** Funds the pool and starts a period of `reward` over one week. */
async function startPeriod(f: Awaited<ReturnType<typeof deployStaking>>, reward: bigint, duration = WEEK) {
  await f.peper.connect(f.owner).transfer(f.pool, reward);
  await f.pool.connect(f.owner).startRewardPeriod(reward, duration);
}

describe("StakingPool", () => {
  it("stake credits the stake and total supply and emits Staked", async () => {
    const { pool, alice } = await loadFixture(deployStaking);
    await expect(pool.connect(alice).stake(100n * E18))
      .to.emit(pool, "Staked")
      .withArgs(alice.address, 100n * E18);
    expect(await pool.balanceOf(alice.address)).to.equal(100n * E18);
    expect(await pool.totalSupply()).to.equal(100n * E18);
  });

  it("stake reverts on zero", async () => {
    const { pool, alice } = await loadFixture(deployStaking);
    await expect(pool.connect(alice).stake(0)).to.be.revertedWithCustomError(pool, "StakingZeroAmount");
  });

  it("a single staker earns the whole period's reward, to within rounding", async () => {
    const f = await loadFixture(deployStaking);
    await f.pool.connect(f.alice).stake(1000n * E18);
    await startPeriod(f, 7000n * E18);
    await time.increase(WEEK + 10);
    const earned = await f.pool.earned(f.alice.address);
    const rate = await f.pool.rewardRate();
    expect(earned).to.be.lte(7000n * E18);
    expect(earned).to.be.gte(rate * BigInt(WEEK) - E18 / 10n ** 6n); // rounding dust only
    const before = await f.peper.balanceOf(f.alice.address);
    await expect(f.pool.connect(f.alice).getReward()).to.emit(f.pool, "RewardPaid");
    expect((await f.peper.balanceOf(f.alice.address)) - before).to.equal(earned);
    expect(await f.pool.earned(f.alice.address)).to.equal(0n);
  });

  it("two stakers share the reward in proportion to stake and time", async () => {
    const f = await loadFixture(deployStaking);
    await f.pool.connect(f.alice).stake(300n * E18);
    await f.pool.connect(f.bob).stake(100n * E18);
    await startPeriod(f, 4000n * E18);
    await time.increase(WEEK + 1);
    const a = await f.pool.earned(f.alice.address);
    const b = await f.pool.earned(f.bob.address);
    // 3:1, up to rounding
    expect(a - 3n * b).to.be.lte(10n);
    expect(a + b).to.be.lte(4000n * E18);
  });

  it("withdraw returns principal, also while paused, and reverts above the stake", async () => {
    const f = await loadFixture(deployStaking);
    await f.pool.connect(f.alice).stake(100n * E18);
    await f.pool.connect(f.guardian).pause();
    await expect(f.pool.connect(f.alice).stake(1n)).to.be.revertedWithCustomError(f.pool, "EnforcedPause");
    await expect(f.pool.connect(f.alice).withdraw(101n * E18))
      .to.be.revertedWithCustomError(f.pool, "StakingInsufficientStake")
      .withArgs(101n * E18, 100n * E18);
    await expect(f.pool.connect(f.alice).withdraw(0)).to.be.revertedWithCustomError(f.pool, "StakingZeroAmount");
    await expect(f.pool.connect(f.alice).withdraw(40n * E18)).to.changeTokenBalances(
      ethers,
      f.peper,
      [f.alice, f.pool],
      [40n * E18, -40n * E18],
    );
    expect(await f.pool.balanceOf(f.alice.address)).to.equal(60n * E18);
  });

  it("exit withdraws everything and pays the reward", async () => {
    const f = await loadFixture(deployStaking);
    await f.pool.connect(f.alice).stake(100n * E18);
    await startPeriod(f, 700n * E18);
    await time.increase(3600);
    await expect(f.pool.connect(f.alice).exit()).to.emit(f.pool, "Withdrawn").and.to.emit(f.pool, "RewardPaid");
    expect(await f.pool.balanceOf(f.alice.address)).to.equal(0n);
    expect(await f.pool.totalSupply()).to.equal(0n);
  });

  it("startRewardPeriod only by the owner, and never promises principal or owed rewards", async () => {
    const f = await loadFixture(deployStaking);
    await expect(f.pool.connect(f.stranger).startRewardPeriod(1n, WEEK)).to.be.revertedWithCustomError(
      f.pool,
      "OwnableUnauthorizedAccount",
    );
    await expect(f.pool.connect(f.owner).startRewardPeriod(1n, 0)).to.be.revertedWithCustomError(
      f.pool,
      "StakingZeroDuration",
    );
    // Same token staked and paid: staked principal is not available as reward.
    await f.pool.connect(f.alice).stake(1000n * E18);
    await expect(f.pool.connect(f.owner).startRewardPeriod(700n * E18, WEEK))
      .to.be.revertedWithCustomError(f.pool, "StakingRewardTooHigh")
      .withArgs((700n * E18) / BigInt(WEEK), 0n, WEEK);
    await f.peper.connect(f.owner).transfer(f.pool, 700n * E18);
    await expect(f.pool.connect(f.owner).startRewardPeriod(700n * E18, WEEK)).to.emit(f.pool, "RewardPeriodStarted");
    // A second period right away can only use new tokens: the first period's are committed.
    await expect(f.pool.connect(f.owner).startRewardPeriod(700n * E18, WEEK)).to.be.revertedWithCustomError(
      f.pool,
      "StakingRewardTooHigh",
    );
  });

  it("a new period rolls the leftover of the running one into the new rate", async () => {
    const f = await loadFixture(deployStaking);
    await f.pool.connect(f.alice).stake(1000n * E18);
    await startPeriod(f, 700n * E18);
    await time.increase(WEEK / 2);
    await f.peper.connect(f.owner).transfer(f.pool, 700n * E18);
    await f.pool.connect(f.owner).startRewardPeriod(700n * E18, WEEK);
    const rate = await f.pool.rewardRate();
    // about 350 left over + 700 new, over a week
    const expected = (1050n * E18) / BigInt(WEEK);
    expect(rate).to.be.closeTo(expected, expected / 1000n);
  });

  it("rewards accrued while nobody stakes return to the available reserve", async () => {
    const f = await loadFixture(deployStaking);
    await startPeriod(f, 700n * E18);
    await time.increase(WEEK + 1);
    // Nobody staked: the whole 700 is available again for a new period.
    await f.pool.connect(f.alice).stake(1n * E18); // settles the empty period
    await expect(f.pool.connect(f.owner).startRewardPeriod(700n * E18 - 10n ** 6n, WEEK)).to.emit(
      f.pool,
      "RewardPeriodStarted",
    );
  });

  it("stakeWithPermit stakes without a prior approval", async () => {
    const f = await loadFixture(deployStaking);
    const [, , , , , carol] = await ethers.getSigners();
    await f.peper.connect(f.owner).transfer(carol!.address, 50n * E18);
    const deadline = (await time.latest()) + 3600;
    const { chainId } = await ethers.provider.getNetwork();
    const sig = ethers.Signature.from(
      await carol!.signTypedData(
        { name: "Peper", version: "1", chainId, verifyingContract: await f.peper.getAddress() },
        { Permit: [...PERMIT_TYPES.Permit] },
        { owner: carol!.address, spender: await f.pool.getAddress(), value: 50n * E18, nonce: 0n, deadline },
      ),
    );
    await f.pool.connect(carol!).stakeWithPermit(50n * E18, deadline, sig.v, sig.r, sig.s);
    expect(await f.pool.balanceOf(carol!.address)).to.equal(50n * E18);
  });

  it("recoverERC20 sends other tokens to the owner but never the staking or reward token", async () => {
    const f = await loadFixture(deployStaking);
    const other = await ethers.deployContract("DemoToken", ["X", "X", 18, [f.alice.address], [5n * E18]]);
    await other.connect(f.alice).transfer(f.pool, 5n * E18);
    await expect(f.pool.connect(f.owner).recoverERC20(other, 5n * E18))
      .to.emit(f.pool, "Recovered")
      .withArgs(await other.getAddress(), 5n * E18);
    expect(await other.balanceOf(f.owner.address)).to.equal(5n * E18);
    await expect(f.pool.connect(f.owner).recoverERC20(f.peper, 1n))
      .to.be.revertedWithCustomError(f.pool, "StakingCannotRecover")
      .withArgs(await f.peper.getAddress());
    await expect(f.pool.connect(f.stranger).recoverERC20(other, 1n)).to.be.revertedWithCustomError(
      f.pool,
      "OwnableUnauthorizedAccount",
    );
  });
});
