import { parseAbi, type Address, type PublicClient } from "viem";

import { readPairCumulatives } from "../../offchain/src/market/twap.ts";
import type { TwapObservation } from "./payloads.ts";

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
