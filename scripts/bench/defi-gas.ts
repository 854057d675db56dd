// Gas of the everyday calls of StakingPool, Farm and IndexVault (no external reference: these are
// Peper's own designs). The snapshot makes any change visible in review.
//
//   npx hardhat run scripts/bench/defi-gas.ts        (npm run gas writes the snapshot)
import { network } from "hardhat";

import { printTable, snapshot, type GasTable } from "./lib/snapshot.ts";

const { ethers, networkHelpers } = await network.create();
const [owner, alice] = await ethers.getSigners();
if (!owner || !alice) throw new Error("need 2 accounts");
const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
const gasOf = async (tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>): Promise<number> =>
  Number((await (await tx).wait())!.gasUsed);

const holders = [owner.address, alice.address];
const peper = await ethers.deployContract("DemoToken", ["Peper", "PEPER", 18, holders, [10n ** 27n, 10n ** 27n]]);
const usdc = await ethers.deployContract("DemoToken", ["USD", "USDC", 6, holders, [10n ** 15n, 10n ** 15n]]);
const lp = await ethers.deployContract("DemoToken", ["LP", "LP", 18, holders, [10n ** 27n, 10n ** 27n]]);
const gas: Record<string, number> = {};

// StakingPool (same token staked and paid, as deployed)
const staking = await ethers.deployContract("StakingPool", [owner.address, owner.address, peper, peper]);
await (await peper.transfer(staking, 1000n * E18)).wait();
await (await staking.startRewardPeriod(1000n * E18, 7 * 24 * 3600)).wait();
await (await peper.connect(alice).approve(staking, ethers.MaxUint256)).wait();
gas["StakingPool.stake (first)"] = await gasOf(staking.connect(alice).stake(100n * E18));
await networkHelpers.time.increase(3600);
gas["StakingPool.stake (again)"] = await gasOf(staking.connect(alice).stake(100n * E18));
await networkHelpers.time.increase(3600);
gas["StakingPool.getReward"] = await gasOf(staking.connect(alice).getReward());
gas["StakingPool.withdraw"] = await gasOf(staking.connect(alice).withdraw(50n * E18));
gas["StakingPool.exit"] = await gasOf(staking.connect(alice).exit());

// Farm with three pools
const farm = await ethers.deployContract("Farm", [owner.address, owner.address, peper]);
await (await farm.add(lp, 100)).wait();
for (const symbol of ["L2", "L3"]) {
  const other = await ethers.deployContract("DemoToken", [symbol, symbol, 18, [owner.address], [1n]]);
  await (await farm.add(other, 100)).wait();
}
await (await peper.approve(farm, ethers.MaxUint256)).wait();
await (await farm.fund(100_000n * E18)).wait();
await (await farm.setRewardPerSecond(E18)).wait();
await (await lp.connect(alice).approve(farm, ethers.MaxUint256)).wait();
gas["Farm.deposit (first)"] = await gasOf(farm.connect(alice).deposit(0, 10n * E18));
await networkHelpers.time.increase(3600);
gas["Farm.deposit (again, harvests)"] = await gasOf(farm.connect(alice).deposit(0, 10n * E18));
await networkHelpers.time.increase(3600);
gas["Farm.harvest"] = await gasOf(farm.connect(alice).harvest(0));
gas["Farm.withdraw"] = await gasOf(farm.connect(alice).withdraw(0, 5n * E18));
gas["Farm.emergencyWithdraw"] = await gasOf(farm.connect(alice).emergencyWithdraw(0));

// IndexVault over USDC with PEPER in the basket
const weth = await ethers.deployContract("WETH9");
const factory = await ethers.deployContract("PeperFactory", [owner.address]);
const router = await ethers.deployContract("PeperRouter", [factory, weth]);
await (await peper.approve(router, ethers.MaxUint256)).wait();
await (await usdc.approve(router, ethers.MaxUint256)).wait();
await (
  await router.addLiquidity(peper, usdc, 10_000_000n * E18, 1_000_000n * E6, 0, 0, owner.address, 2n ** 40n)
).wait();
const twap = await ethers.deployContract("TwapOracle", [1800, 7200]);
const vault = await ethers.deployContract("IndexVault", [
  usdc,
  "I",
  "I",
  owner.address,
  owner.address,
  factory,
  router,
  twap,
]);
await (await vault.setBasket([peper], [5000])).wait();
const pair = await factory.getPair(peper, usdc);
await (await twap.update(pair)).wait();
await networkHelpers.time.increase(1801);
await (await usdc.connect(alice).approve(vault, ethers.MaxUint256)).wait();
gas["IndexVault.deposit (first, refreshes TWAP)"] = await gasOf(
  vault.connect(alice).deposit(10_000n * E6, alice.address),
);
gas["IndexVault.rebalance (1 token)"] = await gasOf(vault.rebalance());
gas["IndexVault.deposit"] = await gasOf(vault.connect(alice).deposit(1_000n * E6, alice.address));
gas["IndexVault.redeem"] = await gasOf(vault.connect(alice).redeem(10n ** 15n, alice.address, alice.address));
gas["IndexVault.redeemInKind"] = await gasOf(
  vault.connect(alice).redeemInKind(10n ** 15n, alice.address, alice.address),
);

const table: GasTable = { Peper: gas };
printTable("DeFi gas (gas used per transaction)", table);
snapshot("defi", table);
