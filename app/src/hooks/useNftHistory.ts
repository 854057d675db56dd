"use client";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";

import { querySubgraph } from "../data/subgraph.ts";
import { NFT_HISTORY, NFT_HISTORY_QUERY, toNftHistory } from "../lib/nftHistory.ts";

/** One token's transfers, sales, listings and offers from the subgraph (no wallet needed). */
export function useNftHistory(chainId: number, collection: Address | undefined, tokenId: bigint | undefined) {
  const client = usePublicClient({ chainId });
  return useQuery({
    queryKey: ["nftHistory", chainId, collection, tokenId?.toString()],
    enabled: !!collection && tokenId !== undefined && !!client,
    refetchInterval: 15_000,
    queryFn: async () => {
      const [raw, block] = await Promise.all([
        querySubgraph(chainId, NFT_HISTORY_QUERY, NFT_HISTORY, {
          collection: collection!.toLowerCase(),
          tokenId: tokenId!.toString(),
        }),
        client!.getBlock({ blockTag: "latest" }),
      ]);
      return toNftHistory(raw, block.timestamp) ?? null;
    },
  });
}
