// Shared fixture for the AMM tests: factory, router, WETH and three 18-decimal tokens.
import { network } from "hardhat";

export const E18 = 10n ** 18n;
export const DEADLINE = 2n ** 40n;
export const { ethers, networkHelpers } = await network.create();

export async function deployAmm() {
  const [owner, alice, bob, feeTo] = await ethers.getSigners();
  const holders = [owner!.address, alice!.address, bob!.address];
  const supply = [10n ** 30n, 10n ** 30n, 10n ** 30n];
  const weth = await ethers.deployContract("WETH9");
  const factory = await ethers.deployContract("PeperFactory", [owner!.address]);
  const router = await ethers.deployContract("PeperRouter", [factory, weth]);
  const tokens = [];
  for (const s of ["AAA", "BBB", "CCC"])
    tokens.push(await ethers.deployContract("DemoToken", [s, s, 18, holders, supply]));
  // order tokens so that tokenA is token0 of the A/B pair (simpler expectations)
  tokens.sort((x, y) => (x.target.toString().toLowerCase() < y.target.toString().toLowerCase() ? -1 : 1));
  const [tokenA, tokenB, tokenC] = tokens as [(typeof tokens)[0], (typeof tokens)[0], (typeof tokens)[0]];
  for (const t of tokens) {
    for (const s of [owner!, alice!, bob!]) await t.connect(s).approve(router, ethers.MaxUint256);
  }
  await weth.connect(alice!).approve(router, ethers.MaxUint256);
  return { factory, router, weth, tokenA, tokenB, tokenC, owner: owner!, alice: alice!, bob: bob!, feeTo: feeTo! };
}

export type Amm = Awaited<ReturnType<typeof deployAmm>>;

/** Creates the A/B pair and adds liquidity directly (transfer + mint), returning the pair. */
export async function pairWithLiquidity(amm: Amm, amountA: bigint, amountB: bigint) {
  await amm.factory.createPair(amm.tokenA, amm.tokenB);
  const pair = await ethers.getContractAt("PeperPair", await amm.factory.getPair(amm.tokenA, amm.tokenB));
  await amm.tokenA.transfer(pair, amountA);
  await amm.tokenB.transfer(pair, amountB);
  await pair.mint(amm.owner.address);
  return pair;
}
