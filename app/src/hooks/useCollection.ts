"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";

import { readCollection, readMarket } from "../data/nfts.ts";
import { useActiveChain } from "./useRuntime.ts";

/** Every Collectibles token on the active chain, with its owner and metadata. */
export function useCollection() {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const collectibles = chain.address("Collectibles");
  const query = useQuery({
    queryKey: ["collection", chain.chainId, collectibles],
    enabled: !!client && !!collectibles,
    refetchInterval: 15_000,
    queryFn: () => readCollection(client!, collectibles!),
  });
  return { chain, collectibles, query };
}

/** Active listings and offers on the Marketplace. */
export function useMarketEntries() {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const marketplace = chain.address("Marketplace");
  const query = useQuery({
    queryKey: ["marketplace", chain.chainId, marketplace],
    enabled: !!client && !!marketplace,
    refetchInterval: 15_000,
    queryFn: async () => {
      const block = await client!.getBlock();
      return readMarket(client!, marketplace!, block.timestamp);
    },
  });
  return { marketplace, query };
}
