/**
 * For tests only: a Hardhat node of the test's own (../testChain.ts) with a small Peper DeFi
 * deployment from the built artifacts — tokens, AMM pairs with liquidity, a staking pool paying
 * rewards and a funded farm — and the `ChainAccess` the API needs to reach it.
 */
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  erc20Abi,
  getAddress,
  http,
  maxUint256,
  parseEther,
  parseUnits,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TestClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { abis } from "../../protocol/generated/abis.ts";
import type { ChainAccess, ChainEndpoint } from "../chain.ts";
import { artifact, DEV_KEYS, startChain, type TestChain } from "../../testing/chain.ts";

export { DEV_KEYS };

/** The deployed contracts. */
export interface DefiAddresses {
  readonly weth: Address;
  readonly peper: Address;
  /** A USDC-like DemoToken (6 decimals), deliberately not in the API's address book. */
  readonly usdc: Address;
  /** A DemoToken (18 decimals) with a pool against WETH only (for two-hop routes). */
  readonly dai: Address;
  /** A DemoToken with no pool at all. */
  readonly lone: Address;
  readonly factory: Address;
  readonly router: Address;
  readonly staking: Address;
  readonly farm: Address;
  /** The PEPER/USDC pair (Farm pool 0). */
  readonly lpPeperUsdc: Address;
  /** The PEPER/WETH pair (Farm pool 1). */
  readonly lpPeperWeth: Address;
}

export interface DefiFixture {
  readonly chain: TestChain;
  readonly chainId: number;
  readonly addresses: DefiAddresses;
  readonly access: ChainAccess;
  readonly client: PublicClient;
  readonly testClient: TestClient;
  stop(): Promise<void>;
}

/** Chain time far ahead, for the fixture's own liquidity calls. */
const FAR = 2n ** 40n;

/**
 * Starts a node and deploys: WETH9, PEPER (PeperToken), USDC (6 decimals), DAI, LONE, the factory
 * and router, PEPER/USDC, PEPER/WETH and DAI/WETH pools, a StakingPool (PEPER → PEPER, 30-day
 * period, 1 000 000 PEPER) with a stake of the deployer's in it, and a Farm paying 1 PEPER/s over the
 * PEPER/USDC (alloc 100) and PEPER/WETH (alloc 50) pools, funded with 500 000 PEPER, the deployer
 * in pool 0. Accounts 1 and 2 get PEPER, USDC, DAI and 0.2 PEPER/USDC LP tokens each.
 */
export async function deployDefiFixture(): Promise<DefiFixture> {
  const chain = await startChain();
  try {
    const transport = http(chain.url);
    const client = createPublicClient({ transport }) as PublicClient;
    const testClient = createTestClient({ mode: "hardhat", transport }) as TestClient;
    const deployer = createWalletClient({ account: privateKeyToAccount(DEV_KEYS[0]), transport });
    const me = deployer.account.address;
    const users = [privateKeyToAccount(DEV_KEYS[1]).address, privateKeyToAccount(DEV_KEYS[2]).address];
    const chainId = await client.getChainId();
    const mined = async (hash: Hex) => {
      const receipt = await client.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`fixture transaction ${hash} reverted`);
      return receipt;
    };
    const deploy = async (path: string, args: readonly unknown[]): Promise<Address> => {
      const { abi, bytecode } = artifact(path);
      const hash = await deployer.deployContract({ abi, bytecode, args: [...args], chain: null });
      return getAddress((await mined(hash)).contractAddress!);
    };
    const write = async (address: Address, abi: Abi, functionName: string, args: readonly unknown[], value = 0n) =>
      mined(await deployer.writeContract({ address, abi, functionName, args: [...args], value, chain: null }));

    const weth = await deploy("defi/WETH9.sol/WETH9.json", []);
    const peper = await deploy("governance/PeperToken.sol/PeperToken.json", [
      me,
      parseEther("1000000000"),
      [me, ...users],
      [parseEther("100000000"), parseEther("1000000"), parseEther("1000000")],
    ]);
    const demo = (name: string, symbol: string, decimals: number, amount: bigint) =>
      deploy("demo/DemoToken.sol/DemoToken.json", [name, symbol, decimals, [me, ...users], [amount, amount, amount]]);
    const usdc = await demo("USD Coin (test)", "USDC", 6, parseUnits("100000000", 6));
    const dai = await demo("Dai (test)", "DAI", 18, parseEther("100000000"));
    const lone = await demo("Lonely (test)", "LONE", 18, parseEther("1000"));
    const factory = await deploy("defi/PeperFactory.sol/PeperFactory.json", [me]);
    const router = await deploy("defi/PeperRouter.sol/PeperRouter.json", [factory, weth]);
    const staking = await deploy("defi/StakingPool.sol/StakingPool.json", [me, me, peper, peper]);
    const farm = await deploy("defi/Farm.sol/Farm.json", [me, me, peper]);

    for (const token of [peper, usdc, dai]) await write(token, erc20Abi, "approve", [router, maxUint256]);
    // 1 PEPER = 0.5 USDC; 1 ETH = 2000 PEPER; 1 ETH = 1000 DAI
    await write(router, abis.PeperRouter, "addLiquidity", [
      peper,
      usdc,
      parseEther("1000000"),
      parseUnits("500000", 6),
      0n,
      0n,
      me,
      FAR,
    ]);
    await write(
      router,
      abis.PeperRouter,
      "addLiquidityETH",
      [peper, parseEther("1000000"), 0n, 0n, me, FAR],
      parseEther("500"),
    );
    await write(
      router,
      abis.PeperRouter,
      "addLiquidityETH",
      [dai, parseEther("500000"), 0n, 0n, me, FAR],
      parseEther("500"),
    );
    const pairOf = (a: Address, b: Address) =>
      client.readContract({ address: factory, abi: abis.PeperFactory, functionName: "getPair", args: [a, b] });
    const lpPeperUsdc = await pairOf(peper, usdc);
    const lpPeperWeth = await pairOf(peper, weth);

    // Staking: 1 000 000 PEPER over 30 days; the deployer stakes 100 000 PEPER first.
    await write(peper, erc20Abi, "transfer", [staking, parseEther("1000000")]);
    await write(staking, abis.StakingPool, "startRewardPeriod", [parseEther("1000000"), 30n * 86_400n]);
    await write(peper, erc20Abi, "approve", [staking, maxUint256]);
    await write(staking, abis.StakingPool, "stake", [parseEther("100000")]);

    // Farm: 1 PEPER/s over two pools, funded with 500 000 PEPER; the deployer deposits 0.1 LP in pool 0
    // (of ~0.707 LP: a pair of 18- and 6-decimal tokens mints few LP base units).
    await write(farm, abis.Farm, "add", [lpPeperUsdc, 100n]);
    await write(farm, abis.Farm, "add", [lpPeperWeth, 50n]);
    await write(farm, abis.Farm, "setRewardPerSecond", [parseEther("1")]);
    await write(peper, erc20Abi, "approve", [farm, maxUint256]);
    await write(farm, abis.Farm, "fund", [parseEther("500000")]);
    await write(lpPeperUsdc, erc20Abi, "approve", [farm, maxUint256]);
    await write(farm, abis.Farm, "deposit", [0n, parseEther("0.1")]);
    for (const user of users) await write(lpPeperUsdc, erc20Abi, "transfer", [user, parseEther("0.2")]);

    const endpoint: ChainEndpoint = {
      chainId,
      rpcUrl: chain.url,
      addresses: {
        PeperRouter: router,
        PeperFactory: factory,
        StakingPool: staking,
        Farm: farm,
        PeperToken: peper,
        WETH9: weth,
      },
    };
    return {
      chain,
      chainId,
      addresses: { weth, peper, usdc, dai, lone, factory, router, staking, farm, lpPeperUsdc, lpPeperWeth },
      access: { endpoints: [endpoint] },
      client,
      testClient,
      stop: () => chain.stop(),
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
