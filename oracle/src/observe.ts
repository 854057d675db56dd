import { parseAbi, type Address, type PublicClient } from "viem";

import type { PairObservation } from "./payloads.ts";

const pairAbi = parseAbi([
  "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)",
  "function token0() view returns (address)",
  "function token1() view returns (address)",
]);
const erc20Abi = parseAbi(["function decimals() view returns (uint8)"]);

/**
 * Reads a pair's reserves at a fixed block, so that every operator observing the same block gets
 * the same numbers (the leader names the block; followers re-read it).
 */
export async function observePair(
  client: PublicClient,
  pair: Address,
  base: Address,
  blockNumber: bigint,
): Promise<PairObservation> {
  const at = { blockNumber };
  const [[r0, r1], token0, token1] = await Promise.all([
    client.readContract({ address: pair, abi: pairAbi, functionName: "getReserves", ...at }),
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
  return {
    blockNumber,
    reserveBase: baseIs0 ? BigInt(r0) : BigInt(r1),
    reserveQuote: baseIs0 ? BigInt(r1) : BigInt(r0),
    baseDecimals,
    quoteDecimals,
  };
}
