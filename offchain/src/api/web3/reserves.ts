import { zeroAddress, type Address, type PublicClient } from "viem";

import { abis } from "../../protocol/generated/abis.ts";

/** A Peper pair's live reserves, oriented as the caller asked: `reserveA` is token `a`'s. */
export interface PairReserves {
  readonly pair: Address;
  readonly reserveA: bigint;
  readonly reserveB: bigint;
}

/**
 * The pair of `a` and `b` from the factory and its reserves at `blockNumber` (latest when omitted),
 * oriented to (a, b); null when there is no pair or one side is empty. Chain errors propagate.
 */
export async function pairReserves(
  client: PublicClient,
  factory: Address,
  a: Address,
  b: Address,
  blockNumber?: bigint,
): Promise<PairReserves | null> {
  const at = blockNumber === undefined ? {} : { blockNumber };
  const pair = await client.readContract({
    address: factory,
    abi: abis.PeperFactory,
    functionName: "getPair",
    args: [a, b],
    ...at,
  });
  if (pair === zeroAddress) return null;
  const [[reserve0, reserve1], token0] = await Promise.all([
    client.readContract({ address: pair, abi: abis.PeperPair, functionName: "getReserves", ...at }),
    client.readContract({ address: pair, abi: abis.PeperPair, functionName: "token0", ...at }),
  ]);
  if (reserve0 === 0n || reserve1 === 0n) return null;
  const aIsToken0 = token0.toLowerCase() === a.toLowerCase();
  return { pair, reserveA: aIsToken0 ? reserve0 : reserve1, reserveB: aIsToken0 ? reserve1 : reserve0 };
}
