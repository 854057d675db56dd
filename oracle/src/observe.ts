import { parseAbi, type Address, type PublicClient } from "viem";

import { readPairCumulatives } from "../../offchain/src/market/twap.ts";
import { priceFromTwap, type TwapObservation } from "./payloads.ts";

const pairAbi = parseAbi(["function token0() view returns (address)", "function token1() view returns (address)"]);
const erc20Abi = parseAbi(["function decimals() view returns (uint8)"]);

/**
 * Observes a pair's TWAP of `base` (in the pair's other token) over the `windowBlocks` blocks up to
 * `toBlock`, from the pair's cumulative prices at both ends. The leader names `toBlock`; followers
 * re-read the same two blocks and get the same integers.
 */
export async function observePairTwap(
  client: PublicClient,
  pair: Address,
  base: Address,
  toBlock: bigint,
  windowBlocks: number,
): Promise<TwapObservation> {
  const fromBlock = toBlock > BigInt(windowBlocks) ? toBlock - BigInt(windowBlocks) : 0n;
  const at = { blockNumber: toBlock };
  const [token0, token1, start, end] = await Promise.all([
    client.readContract({ address: pair, abi: pairAbi, functionName: "token0", ...at }),
    client.readContract({ address: pair, abi: pairAbi, functionName: "token1", ...at }),
    readPairCumulatives(client, pair, fromBlock),
    readPairCumulatives(client, pair, toBlock),
  ]);
  const baseIs0 = token0.toLowerCase() === base.toLowerCase();
  if (!baseIs0 && token1.toLowerCase() !== base.toLowerCase()) {
    throw new Error(`${base} is not a token of pair ${pair}`);
  }
  const quote = baseIs0 ? token1 : token0;
  const [baseDecimals, quoteDecimals] = await Promise.all([
    client.readContract({ address: base, abi: erc20Abi, functionName: "decimals", ...at }),
    client.readContract({ address: quote, abi: erc20Abi, functionName: "decimals", ...at }),
  ]);
  return {
    fromBlock,
    toBlock,
    seconds: BigInt(end.timestamp - start.timestamp),
    cumulativeDelta: baseIs0 ? end.price0 - start.price0 : end.price1 - start.price1,
    baseDecimals,
    quoteDecimals,
  };
}

/**
 * The blocks a `twap` close series is read at: `closes + 1` boundaries `periodBlocks` apart, oldest
 * first, the last one the latest multiple of `periodBlocks` at or before `atBlock` (so consecutive
 * rounds share their boundaries and a reader's cache serves all but the newest); undefined while the
 * chain is too short for the series. Every operator derives the same boundaries from the block the
 * leader names.
 */
export function closeBoundaries(atBlock: bigint, closes: number, periodBlocks: number): bigint[] | undefined {
  if (closes < 1 || periodBlocks < 1) throw new RangeError("closes and periodBlocks must be at least 1");
  const period = BigInt(periodBlocks);
  const end = atBlock - (atBlock % period);
  const span = BigInt(closes) * period;
  if (end < span) return undefined;
  return Array.from({ length: closes + 1 }, (_, i) => end - span + BigInt(i) * period);
}

/** A cache of cumulative readings by pair and block: confirmed blocks never change. */
export type CumulativesCache = Map<string, Awaited<ReturnType<typeof readPairCumulatives>>>;

/**
 * Reads a `twap` close series of `base` in the pair's other token: the TWAP over each window between
 * consecutive boundaries (PRICE_DECIMALS-scaled integers, oldest first), from the pair's cumulative
 * prices; readings are cached by block (at most `maxCache` entries), so each round reads only the new
 * boundaries.
 */
export async function observeTwapCloses(
  client: PublicClient,
  pair: Address,
  base: Address,
  boundaries: readonly bigint[],
  cache: CumulativesCache,
  maxCache = 10_000,
): Promise<bigint[]> {
  const last = boundaries[boundaries.length - 1]!;
  const at = { blockNumber: last };
  const [token0, token1] = await Promise.all([
    client.readContract({ address: pair, abi: pairAbi, functionName: "token0", ...at }),
    client.readContract({ address: pair, abi: pairAbi, functionName: "token1", ...at }),
  ]);
  const baseIs0 = token0.toLowerCase() === base.toLowerCase();
  if (!baseIs0 && token1.toLowerCase() !== base.toLowerCase()) {
    throw new Error(`${base} is not a token of pair ${pair}`);
  }
  const quote = baseIs0 ? token1 : token0;
  const [baseDecimals, quoteDecimals] = await Promise.all([
    client.readContract({ address: base, abi: erc20Abi, functionName: "decimals", ...at }),
    client.readContract({ address: quote, abi: erc20Abi, functionName: "decimals", ...at }),
  ]);
  const readings: Awaited<ReturnType<typeof readPairCumulatives>>[] = [];
  for (const block of boundaries) {
    const key = `${pair.toLowerCase()}:${block}`;
    let reading = cache.get(key);
    if (!reading) {
      reading = await readPairCumulatives(client, pair, block);
      if (cache.size >= maxCache) cache.delete(cache.keys().next().value!);
      cache.set(key, reading);
    }
    readings.push(reading);
  }
  return readings.slice(1).map((end, i) => {
    const start = readings[i]!;
    return priceFromTwap({
      fromBlock: start.blockNumber,
      toBlock: end.blockNumber,
      seconds: BigInt(end.timestamp - start.timestamp),
      cumulativeDelta: baseIs0 ? end.price0 - start.price0 : end.price1 - start.price1,
      baseDecimals,
      quoteDecimals,
    });
  });
}
