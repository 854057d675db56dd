// Demo state for the AMM: PEPER/WETH, PEPER/USDC and WETH/USDC pools with liquidity at
// PEPER = $0.10 and ETH = $3,000, provided by Alice.
import type { DemoContext } from "./context.ts";

export async function demoDefi({ ethers, accounts, address }: DemoContext): Promise<void> {
  const [alice] = accounts;
  if (!alice) throw new Error("no accounts");
  const router = await ethers.getContractAt("PeperRouter", address("PeperRouter"));
  const peper = await ethers.getContractAt("PeperToken", address("PeperToken"));
  const usdc = await ethers.getContractAt("DemoToken", address("USDC"));
  const routerAddress = await router.getAddress();
  await (await peper.connect(alice).approve(routerAddress, ethers.MaxUint256)).wait();
  await (await usdc.connect(alice).approve(routerAddress, ethers.MaxUint256)).wait();
  const deadline = (await ethers.provider.getBlock("latest"))!.timestamp + 3600;
  const e18 = (n: string) => ethers.parseUnits(n, 18);
  const e6 = (n: string) => ethers.parseUnits(n, 6);

  // PEPER/WETH: 3,000,000 PEPER + 100 ETH.
  await (
    await router
      .connect(alice)
      .addLiquidityETH(await peper.getAddress(), e18("3000000"), 0, 0, alice.address, deadline, {
        value: e18("100"),
      })
  ).wait();
  // PEPER/USDC: 2,000,000 PEPER + 200,000 USDC.
  await (
    await router
      .connect(alice)
      .addLiquidity(
        await peper.getAddress(),
        await usdc.getAddress(),
        e18("2000000"),
        e6("200000"),
        0,
        0,
        alice.address,
        deadline,
      )
  ).wait();
  // WETH/USDC: 100 ETH + 300,000 USDC.
  await (
    await router.connect(alice).addLiquidityETH(await usdc.getAddress(), e6("300000"), 0, 0, alice.address, deadline, {
      value: e18("100"),
    })
  ).wait();
}
