import type { Address, Hex, PublicClient } from "viem";

import { peperGovernorAbi } from "@protocol/generated/abis/PeperGovernor.ts";

import { proposalStateName, proposalTitle, type ProposalState, type Tally } from "../lib/proposals.ts";

export interface Proposal {
  id: bigint;
  proposer: Address;
  title: string;
  description: string;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
  /** Vote start and end (ERC-6372 clock: timestamps). */
  voteStart: bigint;
  voteEnd: bigint;
  state: ProposalState;
  tally: Tally;
  /** Quorum at the snapshot; undefined while the snapshot is in the future. */
  quorum?: bigint;
  /** When a queued proposal can execute (unix seconds), 0 otherwise. */
  eta: bigint;
  createdBlock: bigint;
}

/**
 * Where proposals come from. Today: the Governor's ProposalCreated events and its views
 * (docs/decisions/0002). The subgraph's GraphQL (SUBGRAPH_URL) will be a second implementation of
 * the same interface; pages only see this one.
 */
export interface ProposalSource {
  list(): Promise<Proposal[]>;
  get(id: bigint): Promise<Proposal | undefined>;
}

async function withState(
  client: PublicClient,
  governor: Address,
  base: Omit<Proposal, "state" | "tally" | "quorum" | "eta">,
): Promise<Proposal> {
  const [state, votes, eta, clock] = await Promise.all([
    client.readContract({ address: governor, abi: peperGovernorAbi, functionName: "state", args: [base.id] }),
    client.readContract({ address: governor, abi: peperGovernorAbi, functionName: "proposalVotes", args: [base.id] }),
    client.readContract({ address: governor, abi: peperGovernorAbi, functionName: "proposalEta", args: [base.id] }),
    client.readContract({ address: governor, abi: peperGovernorAbi, functionName: "clock" }),
  ]);
  const quorum =
    base.voteStart < BigInt(clock)
      ? await client.readContract({
          address: governor,
          abi: peperGovernorAbi,
          functionName: "quorum",
          args: [base.voteStart],
        })
      : undefined;
  return {
    ...base,
    state: proposalStateName(state),
    tally: { against: votes[0], for: votes[1], abstain: votes[2] },
    ...(quorum === undefined ? {} : { quorum }),
    eta: eta,
  };
}

/** Proposals read straight from the chain: eth_getLogs on the Governor, then its views per proposal. */
export function chainProposalSource(client: PublicClient, governor: Address): ProposalSource {
  const all = async () => {
    const logs = await client.getContractEvents({
      address: governor,
      abi: peperGovernorAbi,
      eventName: "ProposalCreated",
      fromBlock: 0n,
    });
    return logs.map((log) => ({
      id: log.args.proposalId!,
      proposer: log.args.proposer!,
      description: log.args.description ?? "",
      title: proposalTitle(log.args.description ?? ""),
      targets: log.args.targets ?? [],
      values: log.args.values ?? [],
      calldatas: log.args.calldatas ?? [],
      voteStart: log.args.voteStart ?? 0n,
      voteEnd: log.args.voteEnd ?? 0n,
      createdBlock: log.blockNumber,
    }));
  };
  return {
    async list() {
      const bases = await all();
      const proposals = await Promise.all(bases.map((b) => withState(client, governor, b)));
      return proposals.sort((a, b) => Number(b.createdBlock - a.createdBlock));
    },
    async get(id) {
      const base = (await all()).find((b) => b.id === id);
      return base ? withState(client, governor, base) : undefined;
    },
  };
}
