// Shared fixture for the governance tests: the DAO deployed as the Ignition module deploys it.
import { network } from "hardhat";

export const E18 = 10n ** 18n;
export const VOTING_DELAY = 3600; // seconds (the clock is the timestamp)
export const VOTING_PERIOD = 3 * 24 * 3600;
export const THRESHOLD = 100_000n * E18;
export const QUORUM_PERCENT = 4n;
export const VOTE_EXTENSION = 24 * 3600;
export const MIN_DELAY = 2 * 24 * 3600;
export const CAP = 1_000_000_000n * E18;

export const connection = await network.create();
export const { ethers, networkHelpers } = connection;

/** Alice 40M, Bob 30M, Carol 2M, Dave 50k (below the proposal threshold); 927.95M unminted. */
export async function deployDao() {
  const [deployer, alice, bob, carol, dave, stranger, guardian] = await ethers.getSigners();
  const timelock = await ethers.deployContract("PeperTimelock", [
    MIN_DELAY,
    [],
    [ethers.ZeroAddress],
    deployer!.address,
  ]);
  const token = await ethers.deployContract("PeperToken", [
    timelock,
    CAP,
    [alice!.address, bob!.address, carol!.address, dave!.address],
    [40_000_000n * E18, 30_000_000n * E18, 2_000_000n * E18, 50_000n * E18],
  ]);
  const governor = await ethers.deployContract("PeperGovernor", [
    token,
    timelock,
    VOTING_DELAY,
    VOTING_PERIOD,
    THRESHOLD,
    QUORUM_PERCENT,
    VOTE_EXTENSION,
  ]);
  await timelock.grantRole(await timelock.PROPOSER_ROLE(), governor);
  await timelock.grantRole(await timelock.CANCELLER_ROLE(), governor);
  await timelock.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer!.address);
  for (const s of [alice!, bob!, carol!, dave!]) await token.connect(s).delegate(s.address);
  // A contract whose parameters the DAO owns: a staking pool (guardian-pausable).
  const staking = await ethers.deployContract("StakingPool", [timelock, guardian!.address, token, token]);
  // The treasury: 1,000,000 PEPER and 10 ETH.
  await token.connect(alice!).transfer(timelock, 1_000_000n * E18);
  await alice!.sendTransaction({ to: await timelock.getAddress(), value: 10n * E18 });
  await networkHelpers.mine(1);
  return {
    token,
    timelock,
    governor,
    staking,
    deployer: deployer!,
    alice: alice!,
    bob: bob!,
    carol: carol!,
    dave: dave!,
    stranger: stranger!,
    guardian: guardian!,
  };
}

export type Dao = Awaited<ReturnType<typeof deployDao>>;

export interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  id: bigint;
  descriptionHash: string;
}

/** Proposes a treasury transfer of `amount` PEPER to `to` (by Alice unless `by` is given). */
export async function proposeTransfer(
  dao: Dao,
  to: string,
  amount: bigint,
  description = "Pay a grant",
  by = dao.alice,
) {
  const targets = [await dao.token.getAddress()];
  const values = [0n];
  const calldatas = [dao.token.interface.encodeFunctionData("transfer", [to, amount])];
  return propose(dao, targets, values, calldatas, description, by);
}

export async function propose(
  dao: Dao,
  targets: string[],
  values: bigint[],
  calldatas: string[],
  description: string,
  by = dao.alice,
): Promise<Proposal> {
  await dao.governor.connect(by).propose(targets, values, calldatas, description);
  const descriptionHash = ethers.id(description);
  const id = await dao.governor.hashProposal(targets, values, calldatas, descriptionHash);
  return { targets, values, calldatas, description, id, descriptionHash };
}

export const State = {
  Pending: 0n,
  Active: 1n,
  Canceled: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Expired: 6n,
  Executed: 7n,
} as const;

export async function toVoting(dao: Dao, p: Proposal): Promise<void> {
  await networkHelpers.time.increaseTo(Number(await dao.governor.proposalSnapshot(p.id)) + 1);
}

export async function toDeadline(dao: Dao, p: Proposal): Promise<void> {
  await networkHelpers.time.increaseTo(Number(await dao.governor.proposalDeadline(p.id)) + 1);
}
