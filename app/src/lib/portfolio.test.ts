import fc from "fast-check";
import type { Address } from "viem";
import { describe, expect, it } from "vitest";

import { poolTvlUsd, usdPrices, type Pool } from "../data/pools.ts";
import type { Token } from "../data/tokens.ts";
import { removalAmounts } from "./amm.ts";
import {
  delegationOf,
  formatShare,
  lpShare,
  lpValue,
  mergeTokens,
  parseAddressParam,
  portfolioTotal,
  sumUsd,
  valueChain,
  valueUsd,
  type RawChainPortfolio,
} from "./portfolio.ts";

const W = 10n ** 18n;
const BOB = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const PEPER: Token = {
  address: "0x00000000000000000000000000000000000000a1",
  symbol: "PEPER",
  name: "Peper",
  decimals: 18,
};
const USDC: Token = {
  address: "0x00000000000000000000000000000000000000b2",
  symbol: "USDC",
  name: "USD Coin",
  decimals: 6,
};
const WETH: Token = {
  address: "0x00000000000000000000000000000000000000c3",
  symbol: "WETH",
  name: "Wrapped Ether",
  decimals: 18,
};
const ODD: Token = {
  address: "0x00000000000000000000000000000000000000d4",
  symbol: "ODD",
  name: "Unpriced",
  decimals: 8,
};

const pool = (
  address: string,
  token0: Token,
  token1: Token,
  reserve0: bigint,
  reserve1: bigint,
  totalSupply: bigint,
): Pool => ({
  address: address as Address,
  token0,
  token1,
  reserve0,
  reserve1,
  totalSupply,
});
// 1 PEPER = 0.5 USDC; 1 WETH = 2,000 USDC
const PEPER_USDC = pool(
  "0x00000000000000000000000000000000000000e5",
  PEPER,
  USDC,
  1_000_000n * W,
  500_000n * 10n ** 6n,
  1000n * W,
);
const WETH_USDC = pool(
  "0x00000000000000000000000000000000000000f6",
  WETH,
  USDC,
  100n * W,
  200_000n * 10n ** 6n,
  50n * W,
);

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

describe("the ?address= parameter", () => {
  it("takes a valid address (checksummed), nothing, or refuses the rest", () => {
    expect(parseAddressParam(undefined)).toEqual({ kind: "none" });
    expect(parseAddressParam("  ")).toEqual({ kind: "none" });
    expect(parseAddressParam(BOB.toLowerCase())).toEqual({ kind: "ok", address: BOB });
    expect(parseAddressParam([` ${BOB} `, "0x1"])).toEqual({ kind: "ok", address: BOB });
    expect(parseAddressParam("0x1234")).toEqual({ kind: "invalid", input: "0x1234" });
    expect(parseAddressParam("bob.eth")).toEqual({ kind: "invalid", input: "bob.eth" });
    // one letter's case changed: the EIP-55 checksum fails
    expect(parseAddressParam(BOB.replace("C5", "c5")).kind).toBe("invalid");
    expect(parseAddressParam("x".repeat(500))).toEqual({ kind: "invalid", input: "x".repeat(80) });
  });
});

describe("LP share maths", () => {
  const supply = fc.bigInt({ min: 1n, max: 10n ** 30n });
  const reserve = fc.bigInt({ min: 0n, max: 10n ** 30n });

  it("is a fraction 0…1 that grows with the liquidity", () => {
    fc.assert(
      fc.property(
        supply,
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        (s, a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const x = lpShare(lo > s ? s : lo, s);
          const y = lpShare(hi > s ? s : hi, s);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThanOrEqual(1);
          expect(x).toBeLessThanOrEqual(y);
        },
      ),
    );
    expect(lpShare(0n, 0n)).toBe(0);
    expect(lpShare(5n, 0n)).toBe(0);
    expect(lpShare(1n, 4n)).toBe(0.25);
    expect(lpShare(10n, 10n)).toBe(1);
  });

  it("splits a pool: the positions of a partition of the supply redeem for at most the reserves, and their shares sum to 1", () => {
    fc.assert(
      fc.property(
        supply,
        reserve,
        reserve,
        fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 6 }),
        (s, r0, r1, weights) => {
          const total = weights.reduce((a, b) => a + b, 0) || 1;
          const parts = weights.map((w) => (s * BigInt(w)) / BigInt(total));
          parts[0] = parts[0]! + (s - parts.reduce((a, b) => a + b, 0n)); // the rounding dust to the first
          const p = pool("0x00000000000000000000000000000000000000e5", PEPER, USDC, r0, r1, s);
          const values = parts.map((l) => lpValue(p, l, new Map()));
          expect(values.reduce((a, v) => a + v.amount0, 0n)).toBeLessThanOrEqual(r0);
          expect(values.reduce((a, v) => a + v.amount1, 0n)).toBeLessThanOrEqual(r1);
          expect(Math.abs(values.reduce((a, v) => a + v.share, 0) - 1)).toBeLessThan(1e-9);
          for (const v of values) {
            const exact = removalAmounts(v.liquidity, s, r0, r1);
            expect([v.amount0, v.amount1]).toEqual([exact.amount0, exact.amount1]);
          }
        },
      ),
    );
  });

  it("values a position as its share of the pool's TVL (the markets' figure)", () => {
    const prices = usdPrices([PEPER_USDC, WETH_USDC]);
    const v = lpValue(PEPER_USDC, 100n * W, prices); // a tenth of the pool
    expect(v.share).toBe(0.1);
    expect(v.amount0).toBe(100_000n * W);
    expect(v.amount1).toBe(50_000n * 10n ** 6n);
    expect(v.usd).toBeCloseTo(poolTvlUsd(PEPER_USDC, prices)! / 10, 6);
    expect(v.usd).toBeCloseTo(100_000, 6);
    expect(lpValue(PEPER_USDC, 100n * W, new Map()).usd).toBeUndefined();
  });

  it("shows shares as percentages, a tiny one as <0.01 %", () => {
    expect(formatShare(0.1234)).toBe("12.34 %");
    expect(formatShare(0)).toBe("0 %");
    expect(formatShare(1e-9)).toBe("<0.01 %");
    expect(formatShare(0.5, "de")).toBe("50 %");
    expect(formatShare(0.12345, "de")).toBe("12,35 %");
  });
});

describe("valuing a chain", () => {
  it("prices balances at the chain's pools, ETH as WETH, and leaves unpriced tokens out of the total", () => {
    const c = valueChain(
      raw({
        tokens: [PEPER, WETH, USDC, ODD],
        native: 2n * W,
        balances: { [PEPER.address]: 1000n * W, [USDC.address]: 25n * 10n ** 6n, [ODD.address]: 5n },
      }),
    );
    expect(c.balances.map((b) => [b.symbol, b.usd])).toEqual([
      ["ETH", 4000],
      ["PEPER", 500],
      ["WETH", 0],
      ["USDC", 25],
      ["ODD", undefined],
    ]);
    expect(c.totalUsd).toBeCloseTo(4525, 9);
    expect(c.unpriced).toBe(1);
    expect(c.empty).toBe(false);
  });

  it("counts a farm deposit once: in its pool's LP row (with the wallet's LP), the pending reward on its own", () => {
    const c = valueChain(
      raw({
        lpHeld: { [PEPER_USDC.address]: 50n * W },
        farm: {
          rewardToken: PEPER.address,
          pools: [
            { pid: 0, lpToken: PEPER_USDC.address, deposited: 50n * W, pending: 10n * W },
            { pid: 1, lpToken: WETH_USDC.address, deposited: 0n, pending: 0n },
          ],
        },
      }),
    );
    expect(c.lp).toHaveLength(1);
    expect(c.lp[0]).toMatchObject({
      name: "PEPER/USDC",
      held: 50n * W,
      farmed: 50n * W,
      liquidity: 100n * W,
      share: 0.1,
    });
    expect(c.farm).toEqual([
      {
        pid: 0,
        name: "PEPER/USDC",
        deposited: 50n * W,
        pending: { symbol: "PEPER", decimals: 18, amount: 10n * W, usd: 5 },
      },
    ]);
    expect(c.totalUsd).toBeCloseTo(100_000 + 5, 6);
  });

  it("values stake, vault shares (what they redeem for), and reads delegation", () => {
    const c = valueChain(
      raw({
        stake: { token: PEPER.address, rewardToken: PEPER.address, staked: 1000n * W, earned: 2n * W },
        vault: { symbol: "pIDX", shareDecimals: 18, shares: 9n * W, asset: USDC.address, assets: 10n * 10n ** 6n },
        collectibles: 2n,
        certificates: 1n,
        votes: { votes: 40_000_000n * W, delegate: BOB.toLowerCase() as Address },
      }),
    );
    expect(c.stake?.staked.usd).toBe(500);
    expect(c.stake?.earned.usd).toBe(1);
    expect(c.vault?.assets).toEqual({ symbol: "USDC", decimals: 6, amount: 10n * 10n ** 6n, usd: 10 });
    expect(c.nfts).toEqual({ collectibles: 2n, certificates: 1n });
    expect(c.votes?.delegation).toBe("self");
    expect(c.totalUsd).toBeCloseTo(511, 9);
  });

  it("leaves out empty positions and calls an account with nothing empty", () => {
    const c = valueChain(
      raw({
        stake: { token: PEPER.address, rewardToken: PEPER.address, staked: 0n, earned: 0n },
        vault: { symbol: "pIDX", shareDecimals: 18, shares: 0n, asset: USDC.address, assets: 0n },
        collectibles: 0n,
        votes: { votes: 0n, delegate: "0x0000000000000000000000000000000000000000" },
      }),
    );
    expect(c.stake).toBeUndefined();
    expect(c.vault).toBeUndefined();
    expect(c.lp).toEqual([]);
    expect(c.votes?.delegation).toBe("none");
    expect(c.empty).toBe(true);
    expect(c.totalUsd).toBe(0);
  });

  it("has a total that is the sum of its priced figures, whatever the balances (property)", () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 27n });
    fc.assert(
      fc.property(amount, amount, amount, amount, (eth, peper, usdc, lp) => {
        const c = valueChain(
          raw({
            native: eth,
            balances: { [PEPER.address]: peper, [USDC.address]: usdc },
            lpHeld: { [PEPER_USDC.address]: lp % (1000n * W) },
          }),
        );
        const expected = c.balances.reduce((a, b) => a + (b.usd ?? 0), 0) + c.lp.reduce((a, r) => a + (r.usd ?? 0), 0);
        expect(c.totalUsd).toBeCloseTo(expected, 3);
        expect(c.totalUsd).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe("small helpers", () => {
  it("values only priced amounts, sums across chains, merges token lists once", () => {
    expect(valueUsd(15n * 10n ** 5n, 6, 2)).toBe(3);
    expect(valueUsd(1n, 6, undefined)).toBeUndefined();
    expect(
      sumUsd([
        { amount: 1n, usd: 2 },
        { amount: 3n, usd: undefined },
        { amount: 0n, usd: undefined },
      ]),
    ).toEqual({
      usd: 2,
      unpriced: 1,
    });
    expect(
      portfolioTotal([
        { totalUsd: 1, unpriced: 0 },
        { totalUsd: 2.5, unpriced: 2 },
      ]),
    ).toEqual({ usd: 3.5, unpriced: 2 });
    const lower = { ...USDC, address: USDC.address.toUpperCase().replace("0X", "0x") as Address, symbol: "USDC2" };
    expect(mergeTokens([PEPER, USDC], [lower, ODD]).map((t) => t.symbol)).toEqual(["PEPER", "USDC", "ODD"]);
    expect(delegationOf(PEPER.address, BOB)).toBe("other");
  });
});
