"use client";
import { useQuery } from "@tanstack/react-query";
import type { PublicClient } from "viem";
import { usePublicClient } from "wagmi";

import { readDecisions, readPortfolios, type FeedDecision, type FeedPortfolio } from "../data/oracle.ts";
import { newestPositions } from "../lib/feeds.ts";
import { useActiveChain } from "./useRuntime.ts";

/** A feed entry with its 1-based position in the feed ("report 12") and its block's time (unix seconds). */
export type Positioned<T> = T & { position: number; timestamp: bigint };

async function withPositions<T extends { block: bigint }>(
  client: PublicClient,
  all: T[],
  limit: number,
): Promise<{ total: number; entries: Positioned<T>[] }> {
  const positions = newestPositions(all.length, limit);
  const shown = all.slice(0, positions.length);
  const blocks = [...new Set(shown.map((e) => e.block))];
  const times = new Map(
    await Promise.all(blocks.map(async (b) => [b, (await client.getBlock({ blockNumber: b })).timestamp] as const)),
  );
  return {
    total: all.length,
    entries: shown.map((e, i) => ({ ...e, position: positions[i]!, timestamp: times.get(e.block) ?? 0n })),
  };
}

/** The newest `limit` decisions of DecisionFeed on the active chain, readable without a wallet. */
export function useDecisionFeed(limit = 20) {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const feed = chain.address("DecisionFeed");
  const query = useQuery({
    queryKey: ["decisionFeed", chain.chainId, feed, limit],
    enabled: !!client && !!feed,
    refetchInterval: 15_000,
    queryFn: async () =>
      withPositions<FeedDecision>(client!, await readDecisions(client!, feed!, Number.MAX_SAFE_INTEGER), limit),
  });
  return { chain, feed, query };
}

/** The newest `limit` portfolios of PortfolioFeed (the weights the index vault follows). */
export function usePortfolioFeed(limit = 5) {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const feed = chain.address("PortfolioFeed");
  const query = useQuery({
    queryKey: ["portfolioFeed", chain.chainId, feed, limit],
    enabled: !!client && !!feed,
    refetchInterval: 15_000,
    queryFn: async () =>
      withPositions<FeedPortfolio>(client!, await readPortfolios(client!, feed!, Number.MAX_SAFE_INTEGER), limit),
  });
  return { chain, feed, query };
}
