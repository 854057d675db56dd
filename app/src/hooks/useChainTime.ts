"use client";
import { useConfig } from "wagmi";
import { getBlock } from "wagmi/actions";

/** Reads the chain's latest block time (deadlines are in chain time, which a local chain may move). */
export function useChainTime(chainId: number): () => Promise<bigint> {
  const config = useConfig();
  return async () => (await getBlock(config, { chainId, blockTag: "latest" })).timestamp;
}
