import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { AbiCoder } from "ethers";

import {
  encodeDecisionPayload,
  encodePortfolioPayload,
  encodePricePayload,
  MAX_PRICE_ANSWER,
  priceFromTwap,
  twapInputsHash,
} from "./payloads.ts";

const A = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const B = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";
const coder = AbiCoder.defaultAbiCoder();

describe("payloads", () => {
  it("prices PEPER (18 decimals) in USDC (6 decimals) from the TWAP with 8 decimals, rounding down", () => {
    // The demo pool held 2,000,000 PEPER and 200,000 USDC for 60 s: the pair's cumulative price of
    // PEPER grew by ⌊2^112 · reserveUSDC / reservePEPER⌋ per second → $0.10.
    const perSecond = (2n ** 112n * (200_000n * 10n ** 6n)) / (2_000_000n * 10n ** 18n);
    const o = {
      fromBlock: 10n,
      toBlock: 40n,
      seconds: 60n,
      cumulativeDelta: perSecond * 60n,
      baseDecimals: 18,
      quoteDecimals: 6,
    };
    // UQ112x112 truncation makes it a hair under $0.10, and rounding down gives the last unit.
    assert.equal(priceFromTwap(o), 9_999_999n);
    // Half the window at $0.10 and half at $0.12 averages to $0.11.
    const higher = (2n ** 112n * (240_000n * 10n ** 6n)) / (2_000_000n * 10n ** 18n);
    assert.equal(priceFromTwap({ ...o, cumulativeDelta: perSecond * 30n + higher * 30n }), 10_999_999n);
    assert.throws(() => priceFromTwap({ ...o, cumulativeDelta: 0n }), /no liquidity/);
    assert.throws(() => priceFromTwap({ ...o, seconds: 0n }), /empty/);
    assert.notEqual(twapInputsHash(o), twapInputsHash({ ...o, toBlock: 41n }));
  });

  it("encodes a price as the PriceFeed decodes it (checked with ethers' ABI coder)", () => {
    const hex = encodePricePayload(10_000_000n);
    assert.equal(coder.decode(["int256"], hex)[0], 10_000_000n);
    assert.throws(() => encodePricePayload(0n), /positive/);
    // the feed keeps an int128 answer: the largest one encodes, one more is refused before signing
    assert.equal(coder.decode(["int256"], encodePricePayload(MAX_PRICE_ANSWER))[0], 2n ** 127n - 1n);
    assert.throws(() => encodePricePayload(MAX_PRICE_ANSWER + 1n), /at most 2\^127 - 1/);
  });

  it("encodes a decision as the DecisionFeed decodes it", () => {
    const hex = encodeDecisionPayload({
      asset: A,
      action: "sell",
      sizeBps: 2500,
      confidenceBps: 7300,
      reasoningCid: "bafy",
      modelVersion: 3,
    });
    const [asset, action, size, conf, cid, model] = coder.decode(
      ["address", "uint8", "uint16", "uint16", "string", "uint32"],
      hex,
    );
    assert.deepEqual([asset, action, size, conf, cid, model], [A, 2n, 2500n, 7300n, "bafy", 3n]);
    assert.throws(
      () =>
        encodeDecisionPayload({
          asset: A,
          action: "buy",
          sizeBps: 10_001,
          confidenceBps: 0,
          reasoningCid: "",
          modelVersion: 1,
        }),
      /sizeBps/,
    );
  });

  it("encodes a portfolio as the PortfolioFeed decodes it, and refuses weights not summing to 10 000", () => {
    const p = {
      assets: [A, B] as `0x${string}`[],
      weightsBps: [6000, 4000],
      expectedReturnBps: -120,
      volatilityBps: 4200,
      varBps: 310,
      cvarBps: 450,
      algorithmId: 2 as const,
      approximationRatioPpm: 981_000,
      speedupPpm: 420_000,
    };
    const [assets, weights, m] = coder.decode(
      ["address[]", "uint16[]", "tuple(int32,uint32,uint32,uint32,uint8,uint32,uint32)"],
      encodePortfolioPayload(p),
    );
    assert.deepEqual([...assets], [A, B]);
    assert.deepEqual([...weights], [6000n, 4000n]);
    assert.deepEqual([...m], [-120n, 4200n, 310n, 450n, 2n, 981_000n, 420_000n]);
    assert.throws(() => encodePortfolioPayload({ ...p, weightsBps: [6000, 3999] }), /sum to 9999/);
    assert.throws(() => encodePortfolioPayload({ ...p, weightsBps: [10_000] }), /one weight per asset/);
  });
});
