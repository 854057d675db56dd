// Demo state for the DAO: holders delegate, the treasury is funded, proposals pass through the
// whole lifecycle (the DAO owns every parameter, so even the demo's own setup is voted on), and on
// chain A one proposal is left live for the user to vote on. The DAO is on chain A only: chain B's
// setup is a proposal on A sent to B's Timelock through the bridge (passHomeProposal).
import { CHAINS, peperRole } from "../../offchain/src/protocol/chains.ts";
import { passCrossChainProposal, refreshVaultTwaps, type CrossChainProposalResult } from "../lib/governance-demo.ts";
import type { DemoContext } from "./context.ts";

export interface Call {
  target: string;
  value?: bigint;
  data: string;
}

/**
 * PEPER Alice puts in the treasury: 5M on chain A (PEPER's home); 2M on chain B, where PEPER exists
 * only as bridged from A (scripts/lib/bridge-demo.ts sent Alice 7.5M there: 5M goes into the pools,
 * 0.5M stays with her), enough for PIP-3's 1M farm and 0.5M staking funding on B.
 */
export const treasuryFunding = (chainId: number): bigint => (chainId === 31337 ? 5_000_000n : 2_000_000n) * 10n ** 18n;

/** Holders delegate (Dave to Bob, the rest to themselves) and Alice funds the treasury. */
export async function delegateAndFundTreasury({ ethers, chainId, accounts, address }: DemoContext): Promise<void> {
  const [alice, bob, carol, dave] = accounts;
  if (!alice || !bob || !carol || !dave) throw new Error("the local chain needs at least 4 accounts");
  const token = await ethers.getContractAt("PeperToken", address("PeperToken"));
  for (const holder of [alice, bob, carol]) await (await token.connect(holder).delegate(holder.address)).wait();
  await (await token.connect(dave).delegate(bob.address)).wait();
  const timelock = address("PeperTimelock");
  await (await token.connect(alice).transfer(timelock, treasuryFunding(chainId))).wait();
  await (await alice.sendTransaction({ to: timelock, value: ethers.parseEther("100") })).wait();
}

/** Proposes, votes (Alice, Bob, Carol for), queues and executes `calls` with time travel. */
export async function passProposal(ctx: DemoContext, calls: Call[], description: string): Promise<void> {
  const { ethers, networkHelpers, accounts, address } = ctx;
  const [alice, bob, carol] = accounts;
  if (!alice || !bob || !carol) throw new Error("the local chain needs at least 3 accounts");
  const governor = await ethers.getContractAt("PeperGovernor", address("PeperGovernor"));
  const targets = calls.map((c) => c.target);
  const values = calls.map((c) => c.value ?? 0n);
  const datas = calls.map((c) => c.data);
  const descriptionHash = ethers.id(description);
  await (await governor.connect(alice).propose(targets, values, datas, description)).wait();
  const id = await governor.hashProposal(targets, values, datas, descriptionHash);
  await networkHelpers.time.increase(Number(await governor.votingDelay()) + 1);
  for (const voter of [alice, bob, carol]) await (await governor.connect(voter).castVote(id, 1)).wait();
  await networkHelpers.time.increaseTo(Number(await governor.proposalDeadline(id)) + 1);
  await (await governor.queue(targets, values, datas, descriptionHash)).wait();
  await networkHelpers.time.increaseTo(Number(await governor.proposalEta(id)) + 1);
  await (await governor.execute(targets, values, datas, descriptionHash)).wait();
  const state = await governor.state(id);
  if (state !== 7n) throw new Error(`demo proposal did not execute (state ${state})`);
}

/**
 * Off PEPER's home chain there is no Governor: `calls` for this chain's Timelock become one proposal
 * on the home chain (local A), `GovernanceSender.send(this chain, calls)`, passed there, delivered by
 * both bridge verifiers and executed on this chain's Timelock after its delay
 * (scripts/lib/governance-demo.ts). The RPC URLs are the stack's (PEPER_LOCALA_RPC_URL, …).
 */
export async function passHomeProposal(
  ctx: DemoContext,
  calls: Call[],
  description: string,
): Promise<CrossChainProposalResult> {
  if (peperRole(ctx.chainId) === "home") throw new Error(`chain ${ctx.chainId} is PEPER's home: use passProposal`);
  const local = (chainId: number) => {
    const chain = CHAINS.find((c) => c.chainId === chainId && c.kind === "local");
    if (!chain) throw new Error(`chain ${chainId} is not a local chain`);
    const rpcUrl = process.env[`PEPER_${chain.network.toUpperCase()}_RPC_URL`] ?? chain.localRpcUrl!;
    return { chainId, rpcUrl, name: chain.network === "localA" ? "A" : "B" };
  };
  const home = local(31337);
  const result = await passCrossChainProposal(
    home,
    local(ctx.chainId),
    calls.map((c) => ({ target: c.target as `0x${string}`, value: c.value ?? 0n, data: c.data as `0x${string}` })),
    description,
  );
  // the proposal moved the home chain's clock past a voting period: its vault's TWAPs need fresh observations
  await refreshVaultTwaps(home);
  return result;
}

/** On chain A, one live proposal (Active), with one vote already cast. */
export async function liveProposal({ ethers, networkHelpers, chainId, accounts, address }: DemoContext): Promise<void> {
  if (chainId !== 31337) return;
  const [alice, , carol, , , grants] = accounts;
  if (!alice || !carol || !grants) throw new Error("the local chain needs at least 6 accounts");
  const token = await ethers.getContractAt("PeperToken", address("PeperToken"));
  const governor = await ethers.getContractAt("PeperGovernor", address("PeperGovernor"));
  const amount = ethers.parseEther("250000");
  const description =
    "# PIP-2: Fund the community grants programme\n\n" +
    "Transfer **250,000 PEPER** from the treasury to the grants multisig " +
    `(\`${grants.address}\`) to fund the first round of community grants.\n\n` +
    "- Round length: 3 months\n- Reporting: monthly, on the forum";
  const target = await token.getAddress();
  const calldata = token.interface.encodeFunctionData("transfer", [grants.address, amount]);
  await (await governor.connect(alice).propose([target], [0n], [calldata], description)).wait();
  // Let the voting delay pass so that the proposal is live (Active) when the dApp opens.
  await networkHelpers.time.increase(Number(await governor.votingDelay()) + 1);
  const id = await governor.hashProposal([target], [0n], [calldata], ethers.id(description));
  await (await governor.connect(carol).castVoteWithReason(id, 1, "Grants grow the ecosystem.")).wait();
}
