// The portfolio feed's `twap` history source: close boundaries every operator derives from the
// named block, closes read from a real pair's cumulative prices (checked against an independent
// block-by-block integration of its reserves), and the portfolio observation built on them.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import fc from "fast-check";
import {
  createPublicClient,
  createWalletClient,
  decodeAbiParameters,
  http,
  parseAbi,
  type Address,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { artifact, DEV_KEYS, startChain, TEST_MARKETS, type TestChain } from "../test/chain.ts";
import { observePortfolioTwap } from "./engines.ts";
import { closeBoundaries, observeTwapCloses, type CumulativesCache } from "./observe.ts";
import { PORTFOLIO_PAYLOAD, PRICE_DECIMALS } from "./payloads.ts";

const pairAbi = parseAbi([
  "function getReserves() view returns (uint112, uint112, uint32)",
  "function token0() view returns (address)",
  "function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)",
  "function mint(address to) returns (uint256)",
]);
const tokenAbi = parseAbi(["function transfer(address to, uint256 amount) returns (bool)"]);
const factoryAbi = parseAbi([
  "function createPair(address a, address b) returns (address)",
  "function getPair(address a, address b) view returns (address)",
]);

describe("closeBoundaries (property)", () => {
  it("gives closes + 1 blocks, periodBlocks apart, ending at the last multiple of periodBlocks — or nothing while the chain is short", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 50_000 }),
        (at, closes, period) => {
          const b = closeBoundaries(at, closes, period);
          const end = at - (at % BigInt(period));
          if (end < BigInt(closes) * BigInt(period)) return assert.equal(b, undefined);
          assert.ok(b);
          assert.equal(b.length, closes + 1);
          assert.equal(b[b.length - 1], end);
          assert.ok(at - end < BigInt(period), "the newest close is at most one period old");
          // every block of the same period names the same boundaries
          assert.deepEqual(closeBoundaries(end + BigInt(period - 1), closes, period), b);
          assert.ok(b[0]! >= 0n);
          for (let i = 1; i < b.length; i++) assert.equal(b[i]! - b[i - 1]!, BigInt(period));
        },
      ),
    );
  });
});

describe("twap closes from a real pair", () => {
  let chain: TestChain;
  let client: PublicClient;
  let pair: Address;
  let base: Address;
  let quote: Address;
  const account = privateKeyToAccount(DEV_KEYS[0]!);

  before(async () => {
    chain = await startChain();
    client = createPublicClient({ transport: http(chain.url) });
    const wallet = createWalletClient({ account, transport: http(chain.url) });
    const deploy = async (path: string, args: readonly unknown[]) => {
      const { abi, bytecode } = artifact(path);
      const hash = await wallet.deployContract({ abi, bytecode, args, chain: null });
      return (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    };
    const send = async (to: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[]) => {
      const hash = await wallet.writeContract({
        address: to,
        abi: abi as never,
        functionName: functionName as never,
        args: args as never,
        chain: null,
      });
      await client.waitForTransactionReceipt({ hash });
    };
    const e18 = 10n ** 18n;
    base = await deploy("demo/DemoToken.sol/DemoToken.json", [
      "Peper",
      "PEPER",
      18,
      [account.address],
      [10n ** 12n * e18],
    ]);
    quote = await deploy("demo/DemoToken.sol/DemoToken.json", ["USD", "USDC", 6, [account.address], [10n ** 15n]]);
    const factory = await deploy("defi/PeperFactory.sol/PeperFactory.json", [account.address]);
    await send(factory, factoryAbi, "createPair", [base, quote]);
    pair = await client.readContract({
      address: factory,
      abi: factoryAbi,
      functionName: "getPair",
      args: [base, quote],
    });
    // PEPER = $0.10: 1,000,000 PEPER against 100,000 USDC
    await send(base, tokenAbi, "transfer", [pair, 1_000_000n * e18]);
    await send(quote, tokenAbi, "transfer", [pair, 100_000n * 10n ** 6n]);
    await send(pair, pairAbi, "mint", [account.address]);
    // three periods of 20 blocks with a different price in each: buy PEPER, then sell more of it
    const baseIs0 =
      (await client.readContract({ address: pair, abi: pairAbi, functionName: "token0" })).toLowerCase() ===
      base.toLowerCase();
    const trades: [Address, bigint, bigint][] = [
      [quote, 10_000n * 10n ** 6n, 90_000n * e18], // pay USDC, take PEPER out
      [base, 300_000n * e18, 20_000n * 10n ** 6n], // pay PEPER, take USDC out
    ];
    // 20 blocks one by one: Hardhat's hardhat_mine reserves a range whose state reads come back empty
    const mine20 = async () => {
      for (let i = 0; i < 20; i++) await client.request({ method: "evm_mine" as never, params: [] as never });
    };
    await mine20();
    await mine20(); // the pair's history reaches back over every boundary the tests read
    for (const [tokenIn, amountIn, out] of trades) {
      await send(tokenIn, tokenAbi, "transfer", [pair, amountIn]);
      const outIsBase = tokenIn !== base;
      const amount0Out = outIsBase === baseIs0 ? out : 0n;
      const amount1Out = outIsBase === baseIs0 ? 0n : out;
      await send(pair, pairAbi, "swap", [amount0Out, amount1Out, account.address, "0x"]);
      await mine20();
    }
  });
  after(async () => {
    await chain?.stop();
  });

  /** Σ spot price × seconds over a window, block by block from reserves: an independent TWAP. */
  async function integrated(from: bigint, to: bigint): Promise<number> {
    const baseIs0 =
      (await client.readContract({ address: pair, abi: pairAbi, functionName: "token0" })).toLowerCase() ===
      base.toLowerCase();
    let weighted = 0;
    let seconds = 0;
    for (let b = from; b < to; b++) {
      const [r0, r1] = await client.readContract({
        address: pair,
        abi: pairAbi,
        functionName: "getReserves",
        blockNumber: b,
      });
      const t0 = (await client.getBlock({ blockNumber: b })).timestamp;
      const t1 = (await client.getBlock({ blockNumber: b + 1n })).timestamp;
      const [rb, rq] = baseIs0 ? [r0, r1] : [r1, r0];
      const price = Number(rq) / 1e6 / (Number(rb) / 1e18); // USDC per PEPER
      weighted += price * Number(t1 - t0);
      seconds += Number(t1 - t0);
    }
    return weighted / seconds;
  }

  it("each close is the pair's TWAP over its window, as integrating the reserves block by block gives", async () => {
    const head = await client.getBlockNumber();
    const boundaries = closeBoundaries(head, 3, 20)!;
    const cache: CumulativesCache = new Map();
    const closes = await observeTwapCloses(client, pair, base, boundaries, cache);
    assert.equal(closes.length, 3);
    for (let i = 0; i < 3; i++) {
      const expected = await integrated(boundaries[i]!, boundaries[i + 1]!);
      const got = Number(closes[i]!) / 10 ** PRICE_DECIMALS;
      assert.ok(Math.abs(got - expected) / expected < 1e-6, `close ${i}: ${got} vs ${expected}`);
    }
    // the price moved: not three equal closes
    assert.notEqual(closes[0], closes[2]);
    // a second reader (cached or not) gets the same integers
    assert.deepEqual(await observeTwapCloses(client, pair, base, boundaries, cache), closes);
    assert.deepEqual(await observeTwapCloses(client, pair, base, boundaries, new Map()), closes);
  });

  it("the portfolio observation over twap closes is deterministic and sums to 10 000 bps", async () => {
    const head = await client.getBlockNumber();
    const boundaries = closeBoundaries(head, 5, 12)!;
    const closes = await observeTwapCloses(client, pair, base, boundaries, new Map());
    const flat = closes.map(() => 10n ** 8n); // a quote-stable second market
    const markets = TEST_MARKETS.map((m) => ({ ...m, pair }));
    const twap = [
      { pair, boundaries, closes },
      { pair, boundaries, closes: flat },
    ];
    const settings = { riskTolerance: 0.5, lookbackDays: 2, maxWeight: 1 };
    const a = observePortfolioTwap(markets, settings, twap, 12);
    const b = observePortfolioTwap(markets, settings, twap, 12);
    assert.deepEqual([a.payload, a.inputsHash], [b.payload, b.inputsHash]);
    const [, weights] = decodeAbiParameters(PORTFOLIO_PAYLOAD, a.payload) as unknown as [unknown, readonly number[]];
    assert.equal(
      weights.reduce((x, y) => x + Number(y), 0),
      10_000,
    );
    assert.match(a.summary, /\(AMM TWAP\)$/);
    // other boundaries, other inputs hash
    const shifted = observePortfolioTwap(
      markets,
      settings,
      twap.map((t) => ({ ...t, boundaries: t.boundaries.map((x) => x - 1n) })),
      12,
    );
    assert.notEqual(shifted.inputsHash, a.inputsHash);
  });
});
