"use client";
import { useQuery } from "@tanstack/react-query";
import { getAddress, type Address, type PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import * as v from "valibot";

import { peperTokenAbi } from "@protocol/generated/abis/PeperToken.ts";

import { addressValue, bigIntText, intField, querySubgraph, SubgraphError } from "../../data/subgraph.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { blockRanges, latestVotes, rankDelegates, type DelegateEntry, type RankedDelegate } from "../../lib/dao.ts";

const TOP = 10;
/** Without a subgraph: DelegateVotesChanged of the newest 50,000 blocks, 10,000 per eth_getLogs. */
const LOG_SPAN = 10_000n;
const LOG_WINDOW = 50_000n;

const DELEGATES_QUERY = /* GraphQL */ `
  query TopDelegates($first: Int!) {
    delegates(first: $first, orderBy: votingPower, orderDirection: desc, where: { votingPower_gt: "0" }) {
      id
      votingPower
      delegatorCount
    }
  }
`;

export interface Leaderboard {
  delegates: RankedDelegate[];
  /** Where it was read: the subgraph, or the token's events of the newest `blocks` blocks. */
  source: { kind: "subgraph" } | { kind: "chain"; blocks: number };
}

const DELEGATES = v.object({
  delegates: v.array(
    v.object({
      id: addressValue,
      votingPower: bigIntText,
      delegatorCount: intField,
    }),
  ),
});

async function fromSubgraph(chainId: number): Promise<DelegateEntry[]> {
  const data = await querySubgraph(chainId, DELEGATES_QUERY, DELEGATES, { first: TOP * 2 });
  return data.delegates.map((d) => ({
    address: getAddress(d.id), // the subgraph's ids are lowercase; show the checksummed form
    votes: BigInt(d.votingPower),
    delegators: Number(d.delegatorCount),
  }));
}

async function fromChain(client: PublicClient, token: Address): Promise<{ entries: DelegateEntry[]; blocks: number }> {
  const latest = await client.getBlockNumber();
  const changes = [];
  for (const range of blockRanges(latest, LOG_SPAN, LOG_WINDOW)) {
    const logs = await client.getContractEvents({
      address: token,
      abi: peperTokenAbi,
      eventName: "DelegateVotesChanged",
      ...range,
    });
    for (const log of logs) {
      changes.push({
        delegate: log.args.delegate!,
        newVotes: log.args.newVotes!,
        blockNumber: log.blockNumber,
        logIndex: log.logIndex,
      });
    }
  }
  // the events give a delegate's power when it last changed; the window may miss older ones, so
  // the current power of each delegate found is read from the token itself
  const found = latestVotes(changes);
  const votes = await Promise.all(
    found.map((d) =>
      client.readContract({
        address: token,
        abi: peperTokenAbi,
        functionName: "getVotes",
        args: [d.address as Address],
      }),
    ),
  );
  return {
    entries: found.map((d, i) => ({ address: d.address, votes: votes[i] ?? d.votes })),
    blocks: Number(latest < LOG_WINDOW ? latest + 1n : LOG_WINDOW),
  };
}

/** The top delegates of the active chain's PEPER: the subgraph's, else the token's recent events. */
export function useDelegates() {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const token = chain.address("PeperToken");
  return useQuery({
    queryKey: ["delegates", chain.chainId, token],
    enabled: !!client && !!token,
    refetchInterval: 30_000,
    queryFn: async (): Promise<Leaderboard> => {
      const supply = await client!.readContract({ address: token!, abi: peperTokenAbi, functionName: "totalSupply" });
      try {
        return {
          delegates: rankDelegates(await fromSubgraph(chain.chainId), supply, TOP),
          source: { kind: "subgraph" },
        };
      } catch (e) {
        if (!(e instanceof SubgraphError)) throw e;
      }
      const { entries, blocks } = await fromChain(client!, token!);
      return { delegates: rankDelegates(entries, supply, TOP), source: { kind: "chain", blocks } };
    },
  });
}
