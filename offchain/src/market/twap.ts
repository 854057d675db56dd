import { parseAbi, type Address, type PublicClient } from "viem";

import { BaseError } from "../errors/base.ts";

const pairAbi = parseAbi([
  "function price0CumulativeLast() view returns (uint256)",
  "function price1CumulativeLast() view returns (uint256)",
  "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)",
  "function token0() view returns (address)",
  "function token1() view returns (address)",
]);

const Q112 = 2n ** 112n;

/** A time-weighted average price read from a Uniswap-V2-compatible pair's cumulative prices. */
export interface PairTwap {
  readonly pair: Address;
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  readonly seconds: number;
  /** Average price of token0 in token1 (raw units, UQ112x112 divided out), and the reverse. */
  readonly price0: number;
  readonly price1: number;
}

export class TwapWindowError extends BaseError {
  override name = "TwapWindowError";
}

/** A pair's cumulative prices (UQ112x112 × seconds) as of a block's timestamp. */
export interface PairCumulatives {
  readonly blockNumber: bigint;
  readonly timestamp: number;
  /** Σ price of token0 in token1 × seconds, and the reverse. */
  readonly price0: bigint;
  readonly price1: bigint;
}

/**
 * The pair's cumulative prices at a block, brought up to that block's timestamp the way the pair
 * itself would (cumulative + current price × seconds since the last update), so that a TWAP over
 * two blocks needs no trade inside the window. Exact integers: every reader at the same block gets
 * the same numbers.
 */
export async function readPairCumulatives(
  client: PublicClient,
  pair: Address,
  blockNumber: bigint,
): Promise<PairCumulatives> {
  const at = { blockNumber };
  const [block, c0, c1, reserves] = await Promise.all([
    client.getBlock(at),
    client.readContract({ address: pair, abi: pairAbi, functionName: "price0CumulativeLast", ...at }),
    client.readContract({ address: pair, abi: pairAbi, functionName: "price1CumulativeLast", ...at }),
    client.readContract({ address: pair, abi: pairAbi, functionName: "getReserves", ...at }),
  ]);
  const [r0, r1, last] = reserves;
  const timestamp = Number(block.timestamp);
  const elapsed = BigInt((timestamp - last) >>> 0); // uint32 wrap-around, as in the pair
  let p0 = c0;
  let p1 = c1;
  if (elapsed > 0n && r0 > 0n && r1 > 0n) {
    p0 += ((BigInt(r1) * Q112) / BigInt(r0)) * elapsed;
    p1 += ((BigInt(r0) * Q112) / BigInt(r1)) * elapsed;
  }
  return { blockNumber, timestamp, price0: p0, price1: p1 };
}

/**
 * Reads the TWAP of an AMM pair between two blocks from chain (the same arithmetic as the
 * protocol's TwapOracle). Raw units: multiply by 10^(decimals0 − decimals1) for human units.
 *
 * @throws TwapWindowError when the window is empty (toBlock not after fromBlock in time).
 */
export async function readPairTwap(
  client: PublicClient,
  pair: Address,
  fromBlock: bigint,
  toBlock: bigint,
): Promise<PairTwap> {
  const [a, b] = await Promise.all([
    readPairCumulatives(client, pair, fromBlock),
    readPairCumulatives(client, pair, toBlock),
  ]);
  const seconds = b.timestamp - a.timestamp;
  if (seconds <= 0) {
    throw new TwapWindowError(`The TWAP window from block ${fromBlock} to ${toBlock} is empty.`, {
      details: "Choose a fromBlock with an earlier timestamp than toBlock.",
    });
  }
  const toNumber = (delta: bigint) => Number((delta * 10n ** 18n) / (Q112 * BigInt(seconds))) / 1e18;
  return {
    pair,
    fromBlock,
    toBlock,
    seconds,
    price0: toNumber(b.price0 - a.price0),
    price1: toNumber(b.price1 - a.price1),
  };
}
