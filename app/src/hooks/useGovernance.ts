"use client";
import { useQuery } from "@tanstack/react-query";
import { zeroAddress } from "viem";
import { usePublicClient } from "wagmi";

import { peperGovernorAbi } from "@protocol/generated/abis/PeperGovernor.ts";
import { peperTokenAbi } from "@protocol/generated/abis/PeperToken.ts";

import { chainProposalSource } from "../data/proposals.ts";
import { useActiveChain } from "./useRuntime.ts";

/** The proposal source of the active chain (chain reads today; GraphQL when the indexer is there). */
function useSource() {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const governor = chain.address("PeperGovernor");
  return { chain, source: client && governor ? chainProposalSource(client, governor) : undefined };
}

export function useProposals() {
  const { chain, source } = useSource();
  return useQuery({
    queryKey: ["proposals", chain.chainId],
    enabled: !!source,
    refetchInterval: 10_000,
    queryFn: () => source!.list(),
  });
}

export function useProposal(id: bigint | undefined) {
  const { chain, source } = useSource();
  return useQuery({
    queryKey: ["proposal", chain.chainId, id?.toString()],
    enabled: !!source && id !== undefined,
    refetchInterval: 5_000,
    queryFn: async () => (await source!.get(id!)) ?? null,
  });
}

/** The account's PEPER, votes, delegate, and the Governor's parameters. */
export function useVoter() {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const token = chain.address("PeperToken");
  const governor = chain.address("PeperGovernor");
  const account = chain.account;
  return useQuery({
    queryKey: ["voter", chain.chainId, account],
    enabled: !!client && !!token && !!governor,
    refetchInterval: 10_000,
    queryFn: async () => {
      const c = client!;
      const [threshold, name] = await Promise.all([
        c.readContract({ address: governor!, abi: peperGovernorAbi, functionName: "proposalThreshold" }),
        c.readContract({ address: governor!, abi: peperGovernorAbi, functionName: "name" }),
      ]);
      if (!account) return { threshold, name, balance: 0n, votes: 0n, delegate: zeroAddress, connected: false };
      const [balance, votes, delegate] = await Promise.all([
        c.readContract({ address: token!, abi: peperTokenAbi, functionName: "balanceOf", args: [account] }),
        c.readContract({ address: token!, abi: peperTokenAbi, functionName: "getVotes", args: [account] }),
        c.readContract({ address: token!, abi: peperTokenAbi, functionName: "delegates", args: [account] }),
      ]);
      return { threshold, name, balance, votes, delegate, connected: true };
    },
  });
}
