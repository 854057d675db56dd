"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";

import { chainClockOffset } from "../lib/feeds.ts";

/**
 * The latest block's time on `chainId` and how far it runs from this device's clock (0 when close):
 * a local chain that tests moved forward runs days ahead, so its dates need a word of explanation.
 */
export function useChainClock(chainId: number) {
  const client = usePublicClient({ chainId });
  const query = useQuery({
    queryKey: ["chainClock", chainId],
    enabled: !!client,
    refetchInterval: 60_000,
    queryFn: async () => {
      const block = await client!.getBlock({ blockTag: "latest" });
      return { chainSeconds: block.timestamp, offset: chainClockOffset(block.timestamp, Date.now()) };
    },
  });
  return query;
}
