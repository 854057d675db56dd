// PeperGovernor (OpenZeppelin Governor, timestamp clock): proposals, their lifecycle, votes, settings.
import { BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";

import {
  LateQuorumVoteExtensionSet,
  ProposalCanceled,
  ProposalCreated,
  ProposalExecuted,
  ProposalExtended,
  ProposalQueued,
  ProposalThresholdSet,
  QuorumNumeratorUpdated,
  TimelockChange,
  VoteCast,
  VoteCastWithParams,
  VotingDelaySet,
  VotingPeriodSet,
} from "../../generated/PeperGovernor/PeperGovernor";
import { Proposal, Timelock, Vote } from "../../generated/schema";
import { ZERO_BI } from "../helpers/constants";
import {
  getOrCreateDelegate,
  loadGovernorForEvent,
  quorumReached,
  recordAddressChange,
  recordParameterChange,
} from "../helpers/governance";
import { u256 } from "../helpers/ids";
import { getOrCreateAccount, getOrCreateProtocol } from "../helpers/protocol";

const SUPPORT_LABELS = ["Against", "For", "Abstain"];

/** The proposal of an id, or null (with a warning: the data source starts after it was created). */
function loadProposal(proposalId: BigInt): Proposal | null {
  const proposal = Proposal.load(u256(proposalId));
  if (proposal == null) log.warning("Governor: unknown proposal {}", [proposalId.toString()]);
  return proposal;
}

export function handleProposalCreated(event: ProposalCreated): void {
  const protocol = getOrCreateProtocol();
  const governor = loadGovernorForEvent(protocol, event);
  const params = event.params;

  const proposal = new Proposal(u256(params.proposalId));
  proposal.proposalId = params.proposalId;
  proposal.governor = governor.id;
  proposal.proposer = getOrCreateAccount(params.proposer, event).id;
  proposal.targets = changetype<Bytes[]>(params.targets);
  proposal.values = params.values;
  proposal.signatures = params.signatures;
  proposal.calldatas = params.calldatas;
  proposal.description = params.description;
  proposal.state = "Pending";
  proposal.voteStart = params.voteStart;
  proposal.voteEnd = params.voteEnd;
  proposal.forVotes = ZERO_BI;
  proposal.againstVotes = ZERO_BI;
  proposal.abstainVotes = ZERO_BI;
  proposal.voteCount = 0;
  proposal.createdAt = event.block.timestamp;
  proposal.createdBlock = event.block.number;
  proposal.createdTx = event.transaction.hash;
  proposal.save();

  const pending = governor.quorumPending;
  pending.push(proposal.id);
  governor.quorumPending = pending;
  governor.proposalCount = governor.proposalCount + 1;
  governor.save();
  protocol.proposalCount = protocol.proposalCount + 1;
  protocol.save();
}

export function handleProposalQueued(event: ProposalQueued): void {
  const protocol = getOrCreateProtocol();
  const governor = loadGovernorForEvent(protocol, event);
  governor.save();
  protocol.save();
  const proposal = loadProposal(event.params.proposalId);
  if (proposal == null) return;
  proposal.state = "Queued";
  proposal.queuedAt = event.block.timestamp;
  proposal.queuedBlock = event.block.number;
  proposal.queuedTx = event.transaction.hash;
  proposal.eta = event.params.etaSeconds;
  // The Timelock emits CallScheduled before ProposalQueued in the same transaction.
  const timelockId = governor.timelock;
  if (timelockId !== null) {
    const timelock = Timelock.load(timelockId);
    if (timelock != null) {
      const txHash = timelock.lastScheduledTx;
      if (txHash !== null && txHash.equals(event.transaction.hash)) {
        proposal.timelockOperation = timelock.lastScheduledOperation;
      }
    }
  }
  proposal.save();
}

export function handleProposalExecuted(event: ProposalExecuted): void {
  const protocol = getOrCreateProtocol();
  loadGovernorForEvent(protocol, event).save();
  protocol.save();
  const proposal = loadProposal(event.params.proposalId);
  if (proposal == null) return;
  proposal.state = "Executed";
  proposal.executedAt = event.block.timestamp;
  proposal.executedBlock = event.block.number;
  proposal.executedTx = event.transaction.hash;
  proposal.save();
}

export function handleProposalCanceled(event: ProposalCanceled): void {
  const protocol = getOrCreateProtocol();
  loadGovernorForEvent(protocol, event).save();
  protocol.save();
  const proposal = loadProposal(event.params.proposalId);
  if (proposal == null) return;
  proposal.state = "Canceled";
  proposal.canceledAt = event.block.timestamp;
  proposal.canceledBlock = event.block.number;
  proposal.canceledTx = event.transaction.hash;
  proposal.save();
}

export function handleProposalExtended(event: ProposalExtended): void {
  const protocol = getOrCreateProtocol();
  loadGovernorForEvent(protocol, event).save();
  protocol.save();
  const proposal = loadProposal(event.params.proposalId);
  if (proposal == null) return;
  proposal.voteEnd = event.params.extendedDeadline;
  proposal.extendedDeadline = event.params.extendedDeadline;
  proposal.save();
}

function recordVote(
  event: ethereum.Event,
  voter: Bytes,
  proposalId: BigInt,
  support: i32,
  weight: BigInt,
  reason: string,
  params: Bytes | null,
): void {
  const protocol = getOrCreateProtocol();
  loadGovernorForEvent(protocol, event).save();
  const proposal = loadProposal(proposalId);
  if (proposal == null) {
    protocol.save();
    return;
  }
  if (support == 0) proposal.againstVotes = proposal.againstVotes.plus(weight);
  else if (support == 1) proposal.forVotes = proposal.forVotes.plus(weight);
  else proposal.abstainVotes = proposal.abstainVotes.plus(weight);
  proposal.voteCount = proposal.voteCount + 1;
  if (proposal.state == "Pending") {
    proposal.state = "Active";
    proposal.activeAt = event.block.timestamp;
  }
  const quorum = proposal.quorum;
  if (quorum !== null) proposal.quorumReached = quorumReached(proposal, quorum);
  proposal.save();

  const vote = new Vote(proposal.id.concat(voter));
  vote.proposal = proposal.id;
  vote.voter = getOrCreateAccount(voter, event).id;
  const delegate = getOrCreateDelegate(voter, event);
  delegate.save();
  vote.delegate = delegate.id;
  vote.support = support;
  vote.supportLabel = support >= 0 && support < 3 ? SUPPORT_LABELS[support] : "Unknown";
  vote.weight = weight;
  vote.reason = reason;
  vote.params = params;
  vote.blockNumber = event.block.number;
  vote.timestamp = event.block.timestamp;
  vote.transactionHash = event.transaction.hash;
  vote.save();

  protocol.voteCount = protocol.voteCount + 1;
  protocol.save();
}

export function handleVoteCast(event: VoteCast): void {
  const p = event.params;
  recordVote(event, p.voter, p.proposalId, p.support, p.weight, p.reason, null);
}

export function handleVoteCastWithParams(event: VoteCastWithParams): void {
  const p = event.params;
  recordVote(event, p.voter, p.proposalId, p.support, p.weight, p.reason, p.params);
}

export function handleVotingDelaySet(event: VotingDelaySet): void {
  const protocol = getOrCreateProtocol();
  const governor = loadGovernorForEvent(protocol, event);
  governor.votingDelay = event.params.newVotingDelay;
  governor.save();
  protocol.save();
  recordParameterChange(event, "votingDelay", event.params.oldVotingDelay, event.params.newVotingDelay);
}

export function handleVotingPeriodSet(event: VotingPeriodSet): void {
  const protocol = getOrCreateProtocol();
  const governor = loadGovernorForEvent(protocol, event);
  governor.votingPeriod = event.params.newVotingPeriod;
  governor.save();
  protocol.save();
  recordParameterChange(event, "votingPeriod", event.params.oldVotingPeriod, event.params.newVotingPeriod);
}

export function handleProposalThresholdSet(event: ProposalThresholdSet): void {
  const protocol = getOrCreateProtocol();
  const governor = loadGovernorForEvent(protocol, event);
  governor.proposalThreshold = event.params.newProposalThreshold;
  governor.save();
  protocol.save();
  recordParameterChange(
    event,
    "proposalThreshold",
    event.params.oldProposalThreshold,
    event.params.newProposalThreshold,
  );
}

export function handleQuorumNumeratorUpdated(event: QuorumNumeratorUpdated): void {
  const protocol = getOrCreateProtocol();
  // Settled with the old numerator first: it applies to every vote start before this timestamp.
  const governor = loadGovernorForEvent(protocol, event);
  governor.quorumNumerator = event.params.newQuorumNumerator;
  governor.save();
  protocol.save();
  recordParameterChange(event, "quorumNumerator", event.params.oldQuorumNumerator, event.params.newQuorumNumerator);
}

export function handleLateQuorumVoteExtensionSet(event: LateQuorumVoteExtensionSet): void {
  const protocol = getOrCreateProtocol();
  const governor = loadGovernorForEvent(protocol, event);
  governor.lateQuorumVoteExtension = event.params.newVoteExtension;
  governor.save();
  protocol.save();
  recordParameterChange(event, "lateQuorumVoteExtension", event.params.oldVoteExtension, event.params.newVoteExtension);
}

export function handleTimelockChange(event: TimelockChange): void {
  const protocol = getOrCreateProtocol();
  const governor = loadGovernorForEvent(protocol, event);
  governor.timelock = event.params.newTimelock;
  governor.save();
  protocol.save();
  recordAddressChange(event, "timelock", event.params.oldTimelock, event.params.newTimelock);
}
