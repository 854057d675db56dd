import { expect } from "chai";

import {
  deployDao,
  E18,
  ethers,
  MIN_DELAY,
  networkHelpers,
  propose,
  proposeTransfer,
  State,
  THRESHOLD,
  toDeadline,
  toVoting,
  VOTE_EXTENSION,
  VOTING_DELAY,
  VOTING_PERIOD,
  type Dao,
} from "./fixtures.ts";
import { BALLOT_TYPES } from "../../../offchain/src/protocol/typedData.ts";

const { time, loadFixture } = networkHelpers;

const For = 1;
const Against = 0;
const Abstain = 2;

async function passAndQueue(dao: Dao, p: Awaited<ReturnType<typeof proposeTransfer>>) {
  await toVoting(dao, p);
  await dao.governor.connect(dao.alice).castVote(p.id, For);
  await toDeadline(dao, p);
  await dao.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
}

describe("PeperGovernor", () => {
  it("is an OpenZeppelin Governor on PEPER's timestamp clock with the configured settings", async () => {
    const { governor, token, timelock } = await loadFixture(deployDao);
    expect(await governor.name()).to.equal("Peper Governor");
    expect(await governor.CLOCK_MODE()).to.equal("mode=timestamp");
    expect(await governor.clock()).to.equal(BigInt(await time.latest()));
    expect(await governor.votingDelay()).to.equal(BigInt(VOTING_DELAY));
    expect(await governor.votingPeriod()).to.equal(BigInt(VOTING_PERIOD));
    expect(await governor.proposalThreshold()).to.equal(THRESHOLD);
    expect(await governor.token()).to.equal(await token.getAddress());
    expect(await governor.timelock()).to.equal(await timelock.getAddress());
    expect(await governor.COUNTING_MODE()).to.equal("support=bravo&quorum=for,abstain");
    // IGovernor's ERC-165 id, so Tally-style tools recognise it
    expect(await governor.supportsInterface("0x65455a86")).to.equal(true);
  });

  it("runs the whole lifecycle: propose, vote, queue, execute moves treasury PEPER", async () => {
    const dao = await loadFixture(deployDao);
    const p = await proposeTransfer(dao, dao.stranger.address, 1000n * E18);
    expect(await dao.governor.state(p.id)).to.equal(State.Pending);
    await toVoting(dao, p);
    expect(await dao.governor.state(p.id)).to.equal(State.Active);
    await expect(dao.governor.connect(dao.alice).castVote(p.id, For))
      .to.emit(dao.governor, "VoteCast")
      .withArgs(dao.alice.address, p.id, For, 39_000_000n * E18, "");
    await toDeadline(dao, p);
    expect(await dao.governor.state(p.id)).to.equal(State.Succeeded);
    await expect(dao.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash)).to.emit(
      dao.governor,
      "ProposalQueued",
    );
    expect(await dao.governor.state(p.id)).to.equal(State.Queued);
    await time.increase(MIN_DELAY + 1);
    await expect(
      dao.governor.connect(dao.stranger).execute(p.targets, p.values, p.calldatas, p.descriptionHash),
    ).to.changeTokenBalances(ethers, dao.token, [dao.timelock, dao.stranger], [-1000n * E18, 1000n * E18]);
    expect(await dao.governor.state(p.id)).to.equal(State.Executed);
  });

  it("executes a treasury ETH transfer and a parameter change on another contract", async () => {
    const dao = await loadFixture(deployDao);
    const stakingAddress = await dao.staking.getAddress();
    const p = await propose(
      dao,
      [dao.stranger.address, stakingAddress],
      [3n * E18, 0n],
      ["0x", dao.staking.interface.encodeFunctionData("setGuardian", [ethers.ZeroAddress])],
      "Pay 3 ETH and revoke the staking guardian",
    );
    await passAndQueue(dao, p);
    await time.increase(MIN_DELAY + 1);
    await expect(dao.governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash)).to.changeEtherBalances(
      ethers,
      [dao.timelock, dao.stranger],
      [-3n * E18, 3n * E18],
    );
    expect(await dao.staking.guardian()).to.equal(ethers.ZeroAddress);
  });

  it("is Defeated when quorum is not reached", async () => {
    const dao = await loadFixture(deployDao);
    const p = await proposeTransfer(dao, dao.stranger.address, 1n);
    await toVoting(dao, p);
    await dao.governor.connect(dao.dave).castVote(p.id, For); // 50k votes, quorum is 4 % of 72.05M
    await toDeadline(dao, p);
    expect(await dao.governor.quorum(await dao.governor.proposalSnapshot(p.id))).to.equal(
      (72_050_000n * E18 * 4n) / 100n,
    );
    expect(await dao.governor.state(p.id)).to.equal(State.Defeated);
    await expect(dao.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash)).to.be.revertedWithCustomError(
      dao.governor,
      "GovernorUnexpectedProposalState",
    );
  });

  it("is Defeated when more votes are against than for", async () => {
    const dao = await loadFixture(deployDao);
    const p = await proposeTransfer(dao, dao.stranger.address, 1n);
    await toVoting(dao, p);
    await dao.governor.connect(dao.bob).castVote(p.id, For); // 30M
    await dao.governor.connect(dao.alice).castVote(p.id, Against); // 39M
    await dao.governor.connect(dao.carol).castVote(p.id, Abstain);
    await toDeadline(dao, p);
    expect(await dao.governor.proposalVotes(p.id)).to.deep.equal([
      39_000_000n * E18,
      30_000_000n * E18,
      2_000_000n * E18,
    ]);
    expect(await dao.governor.state(p.id)).to.equal(State.Defeated);
  });

  it("extends the deadline when quorum is reached late", async () => {
    const dao = await loadFixture(deployDao);
    const p = await proposeTransfer(dao, dao.stranger.address, 1n);
    const deadline = await dao.governor.proposalDeadline(p.id);
    await time.increaseTo(Number(deadline) - 60); // one minute before the end
    const tx = dao.governor.connect(dao.alice).castVote(p.id, For);
    await expect(tx).to.emit(dao.governor, "ProposalExtended");
    const extended = await dao.governor.proposalDeadline(p.id);
    expect(extended).to.equal(BigInt(await time.latest()) + BigInt(VOTE_EXTENSION));
    await time.increaseTo(Number(deadline) + 10);
    expect(await dao.governor.state(p.id)).to.equal(State.Active); // still open: others can react
    await dao.governor.connect(dao.bob).castVote(p.id, Against);
  });

  it("enforces the proposal threshold", async () => {
    const dao = await loadFixture(deployDao);
    await expect(proposeTransfer(dao, dao.stranger.address, 1n, "too small", dao.dave))
      .to.be.revertedWithCustomError(dao.governor, "GovernorInsufficientProposerVotes")
      .withArgs(dao.dave.address, 50_000n * E18, THRESHOLD);
  });

  it("lets the proposer cancel while Pending, and nobody once voting started", async () => {
    const dao = await loadFixture(deployDao);
    const p = await proposeTransfer(dao, dao.stranger.address, 1n, "to cancel");
    await expect(
      dao.governor.connect(dao.stranger).cancel(p.targets, p.values, p.calldatas, p.descriptionHash),
    ).to.be.revertedWithCustomError(dao.governor, "GovernorUnableToCancel");
    await expect(dao.governor.connect(dao.alice).cancel(p.targets, p.values, p.calldatas, p.descriptionHash)).to.emit(
      dao.governor,
      "ProposalCanceled",
    );
    expect(await dao.governor.state(p.id)).to.equal(State.Canceled);
    const q = await proposeTransfer(dao, dao.stranger.address, 1n, "too late to cancel");
    await toVoting(dao, q);
    await expect(
      dao.governor.connect(dao.alice).cancel(q.targets, q.values, q.calldatas, q.descriptionHash),
    ).to.be.revertedWithCustomError(dao.governor, "GovernorUnableToCancel");
  });

  it("enforces the Timelock's minimum delay; a stranger executes once ready", async () => {
    const dao = await loadFixture(deployDao);
    const p = await proposeTransfer(dao, dao.stranger.address, 5n * E18);
    await passAndQueue(dao, p);
    await expect(
      dao.governor.connect(dao.stranger).execute(p.targets, p.values, p.calldatas, p.descriptionHash),
    ).to.be.revertedWithCustomError(dao.timelock, "TimelockUnexpectedOperationState");
    await time.increase(MIN_DELAY + 1);
    await expect(
      dao.governor.connect(dao.stranger).execute(p.targets, p.values, p.calldatas, p.descriptionHash),
    ).to.emit(dao.governor, "ProposalExecuted");
  });

  it("changes its own settings only through governance", async () => {
    const dao = await loadFixture(deployDao);
    await expect(dao.governor.connect(dao.alice).setVotingPeriod(1000)).to.be.revertedWithCustomError(
      dao.governor,
      "GovernorOnlyExecutor",
    );
    const governorAddress = await dao.governor.getAddress();
    const p = await propose(
      dao,
      [governorAddress, governorAddress],
      [0n, 0n],
      [
        dao.governor.interface.encodeFunctionData("setVotingPeriod", [5 * 24 * 3600]),
        dao.governor.interface.encodeFunctionData("setProposalThreshold", [1n]),
      ],
      "Longer votes, lower threshold",
    );
    await passAndQueue(dao, p);
    await time.increase(MIN_DELAY + 1);
    await dao.governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
    expect(await dao.governor.votingPeriod()).to.equal(BigInt(5 * 24 * 3600));
    expect(await dao.governor.proposalThreshold()).to.equal(1n);
  });

  it("records a vote with its reason", async () => {
    const dao = await loadFixture(deployDao);
    const p = await proposeTransfer(dao, dao.stranger.address, 1n);
    await toVoting(dao, p);
    await expect(dao.governor.connect(dao.bob).castVoteWithReason(p.id, Against, "Not now."))
      .to.emit(dao.governor, "VoteCast")
      .withArgs(dao.bob.address, p.id, Against, 30_000_000n * E18, "Not now.");
  });

  it("counts each voter once", async () => {
    const dao = await loadFixture(deployDao);
    const p = await proposeTransfer(dao, dao.stranger.address, 1n);
    await toVoting(dao, p);
    await dao.governor.connect(dao.bob).castVote(p.id, For);
    await expect(dao.governor.connect(dao.bob).castVote(p.id, Against))
      .to.be.revertedWithCustomError(dao.governor, "GovernorAlreadyCastVote")
      .withArgs(dao.bob.address);
    expect(await dao.governor.hasVoted(p.id, dao.bob.address)).to.equal(true);
  });

  it("takes votes from the snapshot: moving or re-delegating tokens afterwards changes nothing", async () => {
    const dao = await loadFixture(deployDao);
    const p = await proposeTransfer(dao, dao.stranger.address, 1n);
    await toVoting(dao, p);
    // After the snapshot Bob sends all his tokens to Carol, and Carol delegates to Dave.
    await dao.token.connect(dao.bob).transfer(dao.carol.address, 30_000_000n * E18);
    await dao.token.connect(dao.carol).delegate(dao.dave.address);
    await expect(dao.governor.connect(dao.bob).castVote(p.id, For))
      .to.emit(dao.governor, "VoteCast")
      .withArgs(dao.bob.address, p.id, For, 30_000_000n * E18, "");
    await expect(dao.governor.connect(dao.carol).castVote(p.id, For))
      .to.emit(dao.governor, "VoteCast")
      .withArgs(dao.carol.address, p.id, For, 2_000_000n * E18, "");
    await expect(dao.governor.connect(dao.dave).castVote(p.id, For))
      .to.emit(dao.governor, "VoteCast")
      .withArgs(dao.dave.address, p.id, For, 50_000n * E18, "");
  });

  it("lists proposals from ProposalCreated events with everything needed to queue and execute", async () => {
    const dao = await loadFixture(deployDao);
    const p1 = await proposeTransfer(dao, dao.stranger.address, 1n, "first");
    const p2 = await proposeTransfer(dao, dao.stranger.address, 2n, "second");
    const events = await dao.governor.queryFilter(dao.governor.filters.ProposalCreated());
    expect(events.map((e) => e.args.proposalId)).to.deep.equal([p1.id, p2.id]);
    const e = events[1]!;
    expect(e.args.description).to.equal("second");
    // (proposalId, proposer, targets, values, signatures, calldatas, voteStart, voteEnd, description);
    // `values` is read by position: ethers' Result has a values() method of its own.
    const [, proposer, targets, values, , calldatas] = e.args;
    expect(proposer).to.equal(dao.alice.address);
    expect(
      await dao.governor.hashProposal([...targets], [...values], [...calldatas], ethers.id(e.args.description)),
    ).to.equal(p2.id);
  });

  describe("vote by signature", () => {
    const ballot = { Ballot: [...BALLOT_TYPES.Ballot] };

    async function setup() {
      const dao = await deployDao();
      const p = await proposeTransfer(dao, dao.stranger.address, 1n);
      await toVoting(dao, p);
      const { chainId } = await ethers.provider.getNetwork();
      const domain = {
        name: "Peper Governor",
        version: "1",
        chainId,
        verifyingContract: await dao.governor.getAddress(),
      };
      return { dao, p, domain };
    }

    it("counts a valid signature relayed by anyone", async () => {
      const { dao, p, domain } = await loadFixture(setup);
      const sig = await dao.bob.signTypedData(domain, ballot, {
        proposalId: p.id,
        support: For,
        voter: dao.bob.address,
        nonce: 0n,
      });
      await expect(dao.governor.connect(dao.stranger).castVoteBySig(p.id, For, dao.bob.address, sig))
        .to.emit(dao.governor, "VoteCast")
        .withArgs(dao.bob.address, p.id, For, 30_000_000n * E18, "");
      expect(await dao.governor.nonces(dao.bob.address)).to.equal(1n);
    });

    it("rejects a replayed signature", async () => {
      const { dao, p, domain } = await loadFixture(setup);
      const sig = await dao.bob.signTypedData(domain, ballot, {
        proposalId: p.id,
        support: For,
        voter: dao.bob.address,
        nonce: 0n,
      });
      await dao.governor.connect(dao.stranger).castVoteBySig(p.id, For, dao.bob.address, sig);
      await expect(
        dao.governor.connect(dao.stranger).castVoteBySig(p.id, For, dao.bob.address, sig),
      ).to.be.revertedWithCustomError(dao.governor, "GovernorInvalidSignature");
    });

    it("rejects a signature by someone other than the voter", async () => {
      const { dao, p, domain } = await loadFixture(setup);
      const sig = await dao.carol.signTypedData(domain, ballot, {
        proposalId: p.id,
        support: For,
        voter: dao.bob.address,
        nonce: 0n,
      });
      await expect(dao.governor.castVoteBySig(p.id, For, dao.bob.address, sig))
        .to.be.revertedWithCustomError(dao.governor, "GovernorInvalidSignature")
        .withArgs(dao.bob.address);
    });

    it("rejects a signature for another chain or another contract", async () => {
      const { dao, p, domain } = await loadFixture(setup);
      const message = { proposalId: p.id, support: For, voter: dao.bob.address, nonce: 0n };
      const otherChain = await dao.bob.signTypedData({ ...domain, chainId: 1n }, ballot, message);
      const otherContract = await dao.bob.signTypedData(
        { ...domain, verifyingContract: dao.stranger.address },
        ballot,
        message,
      );
      for (const sig of [otherChain, otherContract]) {
        await expect(dao.governor.castVoteBySig(p.id, For, dao.bob.address, sig)).to.be.revertedWithCustomError(
          dao.governor,
          "GovernorInvalidSignature",
        );
      }
    });

    it("rejects a signature used after the voting period (ballots expire with the proposal)", async () => {
      const { dao, p, domain } = await loadFixture(setup);
      const sig = await dao.bob.signTypedData(domain, ballot, {
        proposalId: p.id,
        support: For,
        voter: dao.bob.address,
        nonce: 0n,
      });
      await toDeadline(dao, p);
      await expect(dao.governor.castVoteBySig(p.id, For, dao.bob.address, sig)).to.be.revertedWithCustomError(
        dao.governor,
        "GovernorUnexpectedProposalState",
      );
    });
  });
});
