// Demo state for DeFi: PEPER/WETH, PEPER/USDC and WETH/USDC pools with liquidity at PEPER = $0.10
// and ETH = $3,000 (provided by Alice), then a proposal passed by the DAO adds a farm for each pool,
// funds the farm with 1,000,000 PEPER at 0.2 PEPER/s, funds a 30-day staking period of 500,000 PEPER
// and sets the index vault's basket — PIP-1 on chain A; on chain B, which has no Governor, PIP-3 on A
// sends the same calls to B's Timelock through the bridge (scripts/lib/governance-demo.ts). Then Bob
// and Carol deposit 7,500 USDC into the vault, which rebalances.
import type { DemoContext } from "./context.ts";
import { peperRole } from "../../offchain/src/protocol/chains.ts";
import { passHomeProposal, passProposal } from "./governance.ts";

export async function demoDefi(ctx: DemoContext): Promise<void> {
  const { ethers, accounts, address } = ctx;
  const [alice] = accounts;
  if (!alice) throw new Error("no accounts");
  const router = await ethers.getContractAt("PeperRouter", address("PeperRouter"));
  const factory = await ethers.getContractAt("PeperFactory", address("PeperFactory"));
  const peper = await ethers.getContractAt("PeperToken", address("PeperToken"));
  const usdc = await ethers.getContractAt("DemoToken", address("USDC"));
  const weth = address("WETH9");
  const routerAddress = await router.getAddress();
  await (await peper.connect(alice).approve(routerAddress, ethers.MaxUint256)).wait();
  await (await usdc.connect(alice).approve(routerAddress, ethers.MaxUint256)).wait();
  const deadline = (await ethers.provider.getBlock("latest"))!.timestamp + 3600;
  const e18 = (n: string) => ethers.parseUnits(n, 18);
  const e6 = (n: string) => ethers.parseUnits(n, 6);
  const peperAddress = await peper.getAddress();
  const usdcAddress = await usdc.getAddress();

  await (
    await router
      .connect(alice)
      .addLiquidityETH(peperAddress, e18("3000000"), 0, 0, alice.address, deadline, { value: e18("100") })
  ).wait();
  await (
    await router
      .connect(alice)
      .addLiquidity(peperAddress, usdcAddress, e18("2000000"), e6("200000"), 0, 0, alice.address, deadline)
  ).wait();
  await (
    await router
      .connect(alice)
      .addLiquidityETH(usdcAddress, e6("300000"), 0, 0, alice.address, deadline, { value: e18("100") })
  ).wait();

  const farm = await ethers.getContractAt("Farm", address("Farm"));
  const staking = await ethers.getContractAt("StakingPool", address("StakingPool"));
  const vault = await ethers.getContractAt("IndexVault", address("IndexVault"));
  const vaultAddress = await vault.getAddress();
  const farmAddress = await farm.getAddress();
  const stakingAddress = await staking.getAddress();
  const farmPairs = [
    [peperAddress, weth, 40n],
    [peperAddress, usdcAddress, 40n],
    [weth, usdcAddress, 20n],
  ] as const;
  const calls = [];
  for (const [a, b, points] of farmPairs) {
    calls.push({
      target: farmAddress,
      data: farm.interface.encodeFunctionData("add", [await factory.getPair(a, b), points]),
    });
  }
  calls.push(
    { target: peperAddress, data: peper.interface.encodeFunctionData("approve", [farmAddress, e18("1000000")]) },
    { target: farmAddress, data: farm.interface.encodeFunctionData("fund", [e18("1000000")]) },
    { target: farmAddress, data: farm.interface.encodeFunctionData("setRewardPerSecond", [e18("0.2")]) },
    { target: peperAddress, data: peper.interface.encodeFunctionData("transfer", [stakingAddress, e18("500000")]) },
    {
      target: stakingAddress,
      data: staking.interface.encodeFunctionData("startRewardPeriod", [e18("500000"), 30n * 24n * 3600n]),
    },
    {
      target: vaultAddress,
      data: vault.interface.encodeFunctionData("setBasket", [
        [peperAddress, weth],
        [4000, 4000],
      ]),
    },
    {
      target: vaultAddress,
      data: vault.interface.encodeFunctionData("setRebalanceParams", [300, 24n * 3600n, 3600n]),
    },
  );
  const items =
    "- Add farms for PEPER/WETH (40 points), PEPER/USDC (40) and WETH/USDC (20)\n" +
    "- Fund the farm with 1,000,000 PEPER from the treasury, emitting 0.2 PEPER per second\n" +
    "- Fund a 30-day PEPER staking period with 500,000 PEPER\n" +
    "- Index vault basket: 40 % PEPER, 40 % WETH, 20 % USDC kept idle for withdrawals; " +
    "rebalance slippage at most 3 % of the TWAP, at most hourly";
  if (peperRole(ctx.chainId) === "home") {
    await passProposal(ctx, calls, "# PIP-1: Launch liquidity mining and staking\n\n" + items);
  } else {
    // Chain B has no Governor: the DAO on A sends the same launch to B's Timelock through the bridge.
    await passHomeProposal(
      ctx,
      calls,
      `# PIP-3: Launch liquidity mining and staking on chain B\n\n` +
        `One action on chain A: \`GovernanceSender.send(${ctx.chainId}, …)\` carries these calls to chain B's ` +
        "Timelock through both bridge verifiers; they run there after B's Timelock delay.\n\n" +
        items.replace("from the treasury", "from chain B's treasury"),
    );
  }

  // The vault: the TWAP oracle observes one full period, Bob and Carol deposit, and a rebalance
  // buys the basket.
  const [, bob, carol] = accounts;
  if (!bob || !carol) throw new Error("need Bob and Carol");
  const twap = await ethers.getContractAt("TwapOracle", address("TwapOracle"));
  const pairs = [await factory.getPair(peperAddress, usdcAddress), await factory.getPair(weth, usdcAddress)];
  for (const pair of pairs) await (await twap.update(pair)).wait();
  await ctx.networkHelpers.time.increase(Number(await twap.PERIOD()) + 1);
  for (const pair of pairs) await (await twap.update(pair)).wait();
  for (const [who, amount] of [
    [bob, e6("5000")],
    [carol, e6("2500")],
  ] as const) {
    await (await usdc.connect(who).approve(vaultAddress, amount)).wait();
    await (await vault.connect(who).deposit(amount, who.address)).wait();
  }
  await (await vault.connect(alice).rebalance()).wait();
}
