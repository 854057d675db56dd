import { erc20Abi, type Address, type PublicClient } from "viem";

import { decisionFeedAbi } from "@protocol/generated/abis/DecisionFeed.ts";
import { portfolioFeedAbi } from "@protocol/generated/abis/PortfolioFeed.ts";

/** The oracle's feeds read from chain: DecisionFeed's DecisionUpdated and PortfolioFeed's PortfolioUpdated. */
export interface FeedDecision {
  asset: Address;
  symbol: string;
  round: bigint;
  action: "hold" | "buy" | "sell";
  sizeBps: number;
  confidenceBps: number;
  reasoningCid: string;
  modelVersion: number;
  block: bigint;
}

const ACTIONS = ["hold", "buy", "sell"] as const;

async function symbols(client: PublicClient, assets: Address[]): Promise<Map<string, string>> {
  const unique = [...new Set(assets.map((a) => a.toLowerCase()))] as Address[];
  const names = await Promise.all(
    unique.map((a) =>
      client.readContract({ address: a, abi: erc20Abi, functionName: "symbol" }).catch(() => `${a.slice(0, 8)}…`),
    ),
  );
  return new Map(unique.map((a, i) => [a, names[i]!]));
}

export async function readDecisions(client: PublicClient, feed: Address, limit = 20): Promise<FeedDecision[]> {
  const logs = await client.getContractEvents({
    address: feed,
    abi: decisionFeedAbi,
    eventName: "DecisionUpdated",
    fromBlock: 0n,
  });
  const recent = logs.slice(-limit).reverse();
  const names = await symbols(
    client,
    recent.map((l) => l.args.asset!),
  );
  return recent.map((l) => ({
    asset: l.args.asset!,
    symbol: names.get(l.args.asset!.toLowerCase()) ?? l.args.asset!,
    round: l.args.round!,
    action: ACTIONS[l.args.action ?? 0] ?? "hold",
    sizeBps: Number(l.args.sizeBps ?? 0),
    confidenceBps: Number(l.args.confidenceBps ?? 0),
    reasoningCid: l.args.reasoningCid ?? "",
    modelVersion: Number(l.args.modelVersion ?? 0),
    block: l.blockNumber,
  }));
}

export interface FeedPortfolio {
  round: bigint;
  weights: { asset: Address; symbol: string; bps: number }[];
  expectedReturnBps: number;
  volatilityBps: number;
  algorithm: "exact" | "qaoa" | "unknown";
  speedup: number;
  block: bigint;
}

export async function readPortfolios(client: PublicClient, feed: Address, limit = 5): Promise<FeedPortfolio[]> {
  const logs = await client.getContractEvents({
    address: feed,
    abi: portfolioFeedAbi,
    eventName: "PortfolioUpdated",
    fromBlock: 0n,
  });
  const recent = logs.slice(-limit).reverse();
  const names = await symbols(
    client,
    recent.flatMap((l) => [...(l.args.assets ?? [])]),
  );
  return recent.map((l) => {
    const m = l.args.metrics!;
    return {
      round: l.args.round!,
      weights: (l.args.assets ?? []).map((a, i) => ({
        asset: a,
        symbol: names.get(a.toLowerCase()) ?? a,
        bps: Number(l.args.weightsBps?.[i] ?? 0),
      })),
      expectedReturnBps: Number(m.expectedReturnBps),
      volatilityBps: Number(m.volatilityBps),
      algorithm: m.algorithmId === 1 ? "exact" : m.algorithmId === 2 ? "qaoa" : "unknown",
      speedup: Number(m.speedupPpm) / 1e6,
      block: l.blockNumber,
    };
  });
}
