import type { Address } from "viem";
import { describe, expect, it } from "vitest";

import type { Pool } from "../data/pools.ts";
import type { Token } from "../data/tokens.ts";
import { floorPositionsOf, humanAmount, humanAmounts } from "./floorPositions.ts";
import { valueChain, type RawChainPortfolio } from "./portfolio.ts";

const W = 10n ** 18n;
const U = 10n ** 6n;
const BOB = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const token = (n: string, symbol: string, decimals: number): Token => ({
  address: `0x${n.padStart(40, "0")}` as Address,
  symbol,
  name: symbol,
  decimals,
});
const PEPER = token("a1", "PEPER", 18);
const USDC = token("b2", "USDC", 6);
const WETH = token("c3", "WETH", 18);
const ODD = token("d4", "ODD", 8);
const pool = (
  n: string,
  token0: Token,
  token1: Token,
  reserve0: bigint,
  reserve1: bigint,
  totalSupply: bigint,
): Pool => ({
  address: `0x${n.padStart(40, "0")}` as Address,
  token0,
  token1,
  reserve0,
  reserve1,
  totalSupply,
});
// 1 PEPER = 0.5 USDC (the pool holds 1,000,000 USDC of value); 1 WETH = 2,000 USDC
const PEPER_USDC = pool("e5", PEPER, USDC, 1_000_000n * W, 500_000n * U, 1000n * W);
const WETH_USDC = pool("f6", WETH, USDC, 100n * W, 200_000n * U, 50n * W);

const raw = (over: Partial<RawChainPortfolio> = {}): RawChainPortfolio => ({
  chainId: 31337,
  account: BOB,
  tokens: [PEPER, WETH, USDC],
  pools: [PEPER_USDC, WETH_USDC],
  native: 0n,
  balances: {},
  lpHeld: {},
  ...over,
});

/** Bob as the local stack has him after the browser test: coins, LP in the wallet and the farm, a stake, vault shares. */
const bob = raw({
  native: 2n * W,
  balances: { [PEPER.address]: 1000n * W, [USDC.address]: 0n },
  lpHeld: { [PEPER_USDC.address]: 10n * W },
  farm: {
    rewardToken: PEPER.address,
    pools: [
      { pid: 0, lpToken: PEPER_USDC.address, deposited: 5n * W, pending: 3n * W },
      { pid: 1, lpToken: WETH_USDC.address, deposited: 0n, pending: 0n },
    ],
  },
  stake: { token: PEPER.address, rewardToken: PEPER.address, staked: 1000n * W, earned: (5n * W) / 2n },
  vault: { symbol: "pIDX", shareDecimals: 18, shares: 4000n * W, asset: USDC.address, assets: 5000n * U },
});

describe("the visitor's positions on the trading floor", () => {
  it("are every wallet balance, the LP in the wallet, each farm deposit, the stake and the vault shares", () => {
    const items = floorPositionsOf(valueChain(bob));
    expect(items.map((p) => p.id)).toEqual([
      `lp:${PEPER_USDC.address}`, // 10 of 1,000 LP: $10,000
      "farm:0", // 5 LP ($5,000) + 3 PEPER pending ($1.50)
      "vault", // 5,000 USDC
      "wallet:native", // 2 ETH at WETH's $2,000
      "stake", // 1,000 PEPER ($500) + 2.5 earned ($1.25)
      `wallet:${PEPER.address}`, // $500
    ]);
    expect(items.map((p) => p.kind)).toEqual(["lp", "farm", "vault", "wallet", "stake", "wallet"]);
    const usd = Object.fromEntries(items.map((p) => [p.id, p.usd]));
    expect(usd[`lp:${PEPER_USDC.address}`]).toBeCloseTo(10_000);
    expect(usd["farm:0"]).toBeCloseTo(5_001.5);
    expect(usd.vault).toBeCloseTo(5_000);
    expect(usd["wallet:native"]).toBeCloseTo(4_000);
    expect(usd.stake).toBeCloseTo(501.25);
    // the largest is 1; the others are shares of it (the object's size)
    expect(items[0]!.weight).toBe(1);
    expect(items.find((p) => p.id === "stake")!.weight).toBeCloseTo(0.050125);
    // a zero balance and an empty farm pool are not objects
    expect(items.some((p) => p.id === `wallet:${USDC.address}` || p.id === "farm:1")).toBe(false);
  });

  it("say their amounts in human units, with what comes with them", () => {
    const items = Object.fromEntries(floorPositionsOf(valueChain(bob)).map((p) => [p.id, p]));
    const stake = items.stake!;
    expect(humanAmount(stake.amount)).toBe("1,000 PEPER");
    expect(stake.extras).toEqual([
      { kind: "earned", amounts: [{ amount: (5n * W) / 2n, decimals: 18, symbol: "PEPER" }] },
    ]);
    expect(humanAmounts(stake.extras[0]!.amounts)).toBe("2.5 PEPER");

    const vault = items.vault!;
    expect(vault.label).toBe("pIDX");
    expect(humanAmount(vault.amount)).toBe("4,000 pIDX");
    expect(vault.extras[0]!.kind).toBe("redeems");
    expect(humanAmounts(vault.extras[0]!.amounts)).toBe("5,000 USDC");

    // the wallet's LP tokens redeem for their share of the reserves: 10 of 1,000 LP = 1 %
    const lp = items[`lp:${PEPER_USDC.address}`]!;
    expect(lp.label).toBe("PEPER/USDC");
    expect(humanAmount(lp.amount)).toBe("10 LP");
    expect(humanAmounts(lp.extras[0]!.amounts)).toBe("10,000 PEPER + 5,000 USDC");

    const farm = items["farm:0"]!;
    expect(humanAmount(farm.amount)).toBe("5 LP");
    expect(farm.extras.map((x) => [x.kind, humanAmounts(x.amounts)])).toEqual([
      ["redeems", "5,000 PEPER + 2,500 USDC"],
      ["pending", "3 PEPER"],
    ]);

    expect(humanAmount(items["wallet:native"]!.amount)).toBe("2 ETH");
    // in the visitor's language
    expect(humanAmount(stake.amount, "de")).toBe("1.000 PEPER");
    expect(humanAmount({ amount: 1234567n, decimals: 6, symbol: "USDC" }, "fr")).toMatch(/^1,2345 USDC$/);
  });

  it("has no stake or vault object for a wallet without them, and nothing for an empty one", () => {
    const plain = floorPositionsOf(valueChain(raw({ balances: { [PEPER.address]: 2n * W } })));
    expect(plain.map((p) => p.id)).toEqual([`wallet:${PEPER.address}`]);
    expect(floorPositionsOf(valueChain(raw()))).toEqual([]);
    // a stake with nothing staked but a reward left to claim is still one
    const claimable = floorPositionsOf(
      valueChain(raw({ stake: { token: PEPER.address, rewardToken: PEPER.address, staked: 0n, earned: W } })),
    );
    expect(claimable.map((p) => [p.id, p.usd])).toEqual([["stake", 0.5]]);
  });

  it("puts unpriced positions last, at the smallest size, and keeps at most `max`", () => {
    const items = floorPositionsOf(
      valueChain(
        raw({ tokens: [PEPER, WETH, USDC, ODD], balances: { [ODD.address]: 5n * 10n ** 8n, [PEPER.address]: W } }),
      ),
    );
    expect(items.map((p) => [p.label, p.usd, p.weight])).toEqual([
      ["PEPER", 0.5, 1],
      ["ODD", undefined, 0],
    ]);
    expect(humanAmount(items[1]!.amount)).toBe("5 ODD");
    expect(floorPositionsOf(valueChain(bob), 2).map((p) => p.kind)).toEqual(["lp", "farm"]);
  });
});
