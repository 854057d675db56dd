// Gas of the AMM's everyday calls: Peper's factory/pair/router next to Uniswap V2's, deployed from
// the bytecode Uniswap published on npm (@uniswap/v2-core 1.0.1 and @uniswap/v2-periphery
// 1.1.0-beta.0: solc 0.5.16 / 0.6.6 builds, the code on Ethereum mainnet). Both run the same sequence on
// a fresh in-process chain with the same tokens (our DemoToken) and the same WETH9 (Uniswap's build).
//
//   npx hardhat run scripts/bench/amm-gas.ts       (npm run gas writes the snapshot)
import { createRequire } from "node:module";

import { network } from "hardhat";

import { printTable, snapshot, type GasTable } from "./lib/snapshot.ts";

const require = createRequire(import.meta.url);
interface BuildArtifact {
  abi: unknown[];
  bytecode: string;
}
const uniswap = (path: string): BuildArtifact => require(path) as BuildArtifact;
const uniFactory = uniswap("@uniswap/v2-core/build/UniswapV2Factory.json");
const uniPair = uniswap("@uniswap/v2-core/build/UniswapV2Pair.json");
const uniRouter = uniswap("@uniswap/v2-periphery/build/UniswapV2Router02.json");
const uniWeth = uniswap("@uniswap/v2-periphery/build/WETH9.json");

type Kind = "Peper" | "Uniswap V2";
const E18 = 10n ** 18n;

const gasOf = async (tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>): Promise<number> => {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return Number(receipt.gasUsed);
};

async function measure(kind: Kind): Promise<Record<string, number>> {
  const { ethers } = await network.create();
  const [lp, trader] = await ethers.getSigners();
  if (!lp || !trader) throw new Error("need 2 accounts");
  const deployBuild = async (a: BuildArtifact, ...args: unknown[]) => {
    const bytecode = a.bytecode.startsWith("0x") ? a.bytecode : `0x${a.bytecode}`;
    const c = await new ethers.ContractFactory(a.abi as never, bytecode, lp).deploy(...args);
    await c.waitForDeployment();
    return c;
  };
  const gas: Record<string, number> = {};
  const holders = [lp.address, trader.address];
  const supply = 1_000_000_000n * E18;
  const tokens = [];
  for (const symbol of ["AAA", "BBB", "CCC"]) {
    tokens.push(await ethers.deployContract("DemoToken", [symbol, symbol, 18, holders, [supply, supply]]));
  }
  const [a, b, c] = (await Promise.all(tokens.map((t) => t.getAddress()))) as [string, string, string];
  const weth = await deployBuild(uniWeth);
  const wethAddress = await weth.getAddress();
  const factory =
    kind === "Peper"
      ? await ethers.deployContract("PeperFactory", [lp.address])
      : await deployBuild(uniFactory, lp.address);
  const router =
    kind === "Peper"
      ? await ethers.deployContract("PeperRouter", [factory, wethAddress])
      : await deployBuild(uniRouter, await factory.getAddress(), wethAddress);
  const routerAddress = await router.getAddress();
  for (const t of tokens) {
    for (const who of [lp, trader])
      await (await t.connect(who).getFunction("approve")(routerAddress, ethers.MaxUint256)).wait();
  }
  const r = (who: typeof lp) => router.connect(who);
  const deadline = 2n ** 40n;

  gas["addLiquidity (creates the pair)"] = await gasOf(
    r(lp).getFunction("addLiquidity")(a, b, 1_000_000n * E18, 2_000_000n * E18, 0, 0, lp.address, deadline),
  );
  gas.addLiquidity = await gasOf(
    r(lp).getFunction("addLiquidity")(a, b, 10_000n * E18, 20_000n * E18, 0, 0, lp.address, deadline),
  );
  await (
    await r(lp).getFunction("addLiquidity")(b, c, 1_000_000n * E18, 1_000_000n * E18, 0, 0, lp.address, deadline)
  ).wait();
  await (
    await r(lp).getFunction("addLiquidityETH")(a, 1_000_000n * E18, 0, 0, lp.address, deadline, { value: 1000n * E18 })
  ).wait();

  // A direct swap on the pair (the aggregator path): the input is sent first, then swap() is measured.
  const pairAddress: string = await factory.getFunction("getPair")(a, b);
  const pairAbi = kind === "Peper" ? (await ethers.getContractFactory("PeperPair")).interface : uniPair.abi;
  const pair = new ethers.Contract(pairAddress, pairAbi as never, trader);
  const amountIn = 1_000n * E18;
  const [r0, r1] = (await pair.getFunction("getReserves")()) as [bigint, bigint];
  const aIsToken0 = a.toLowerCase() < b.toLowerCase();
  const [reserveIn, reserveOut] = aIsToken0 ? [r0, r1] : [r1, r0];
  const out = (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);
  await (await tokens[0]!.connect(trader).getFunction("transfer")(pairAddress, amountIn)).wait();
  gas["swap (on the pair)"] = await gasOf(
    pair.getFunction("swap")(aIsToken0 ? 0n : out, aIsToken0 ? out : 0n, trader.address, "0x"),
  );

  gas["swapExactTokensForTokens (1 hop)"] = await gasOf(
    r(trader).getFunction("swapExactTokensForTokens")(amountIn, 0, [a, b], trader.address, deadline),
  );
  gas["swapExactTokensForTokens (2 hops)"] = await gasOf(
    r(trader).getFunction("swapExactTokensForTokens")(amountIn, 0, [a, b, c], trader.address, deadline),
  );
  gas["swapTokensForExactTokens (1 hop)"] = await gasOf(
    r(trader).getFunction("swapTokensForExactTokens")(amountIn, ethers.MaxUint256, [a, b], trader.address, deadline),
  );
  gas["swapExactETHForTokens (1 hop)"] = await gasOf(
    r(trader).getFunction("swapExactETHForTokens")(0, [wethAddress, a], trader.address, deadline, { value: E18 }),
  );
  // The other ETH swaps on the same A/WETH pair (1,000,000 A : 1,000 ETH): sell A for ETH, buy exactly 1 ETH
  // with A, buy exactly 1,000 A with ETH (2 ETH sent, the rest refunded).
  gas["swapExactTokensForETH (1 hop)"] = await gasOf(
    r(trader).getFunction("swapExactTokensForETH")(amountIn, 0, [a, wethAddress], trader.address, deadline),
  );
  gas["swapTokensForExactETH (1 hop)"] = await gasOf(
    r(trader).getFunction("swapTokensForExactETH")(E18, ethers.MaxUint256, [a, wethAddress], trader.address, deadline),
  );
  gas["swapETHForExactTokens (1 hop)"] = await gasOf(
    r(trader).getFunction("swapETHForExactTokens")(amountIn, [wethAddress, a], trader.address, deadline, {
      value: 2n * E18,
    }),
  );

  const lpToken = new ethers.Contract(pairAddress, pairAbi as never, lp);
  await (await lpToken.getFunction("approve")(routerAddress, ethers.MaxUint256)).wait();
  const liquidity: bigint = await lpToken.getFunction("balanceOf")(lp.address);
  gas.removeLiquidity = await gasOf(
    r(lp).getFunction("removeLiquidity")(a, b, liquidity / 10n, 0, 0, lp.address, deadline),
  );
  return gas;
}

const table: GasTable = { Peper: await measure("Peper"), "Uniswap V2": await measure("Uniswap V2") };
printTable("AMM gas (gas used per transaction; difference = Peper − Uniswap V2)", table);
snapshot("amm", table);
