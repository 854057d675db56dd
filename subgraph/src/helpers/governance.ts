// PEPER holders and delegates, the Governor, proposals and the Timelock.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  Delegate,
  GovernanceParameterChange,
  Governor,
  Proposal,
  Protocol,
  Timelock,
  Token,
  TokenHolder,
} from "../../generated/schema";
import { ONE_BD, QUORUM_DENOMINATOR, ZERO_BI } from "./constants";
import { setDerivedPeper } from "./amm";
import { eventId } from "./ids";
import { getOrCreateAccount } from "./protocol";

/**
 * Records PEPER's address on the Protocol (from any PeperToken event). If an AMM pair with PEPER
 * was indexed before PEPER's first event (a deployment without an initial distribution), its Token
 * becomes the pricing numeraire now.
 */
export function registerPeperToken(protocol: Protocol, address: Bytes): void {
  if (protocol.peperToken !== null) return;
  protocol.peperToken = address;
  const token = Token.load(address);
  if (token != null && !token.isPeper) {
    token.isPeper = true;
    setDerivedPeper(token, ONE_BD);
    token.pricingPair = null;
    token.save();
  }
}

export function getOrCreateHolder(address: Bytes, event: ethereum.Event): TokenHolder {
  let holder = TokenHolder.load(address);
  if (holder == null) {
    holder = new TokenHolder(address);
    holder.account = getOrCreateAccount(address, event).id;
    holder.balance = ZERO_BI;
    holder.transferCount = 0;
  }
  return holder;
}

export function getOrCreateDelegate(address: Bytes, event: ethereum.Event): Delegate {
  let delegate = Delegate.load(address);
  if (delegate == null) {
    delegate = new Delegate(address);
    delegate.account = getOrCreateAccount(address, event).id;
    delegate.votingPower = ZERO_BI;
    delegate.delegatorCount = 0;
  }
  return delegate;
}

export function getOrCreateGovernor(address: Bytes): Governor {
  let governor = Governor.load(address);
  if (governor == null) {
    governor = new Governor(address);
    governor.votingDelay = ZERO_BI;
    governor.votingPeriod = ZERO_BI;
    governor.proposalThreshold = ZERO_BI;
    governor.quorumNumerator = ZERO_BI;
    governor.lateQuorumVoteExtension = ZERO_BI;
    governor.proposalCount = 0;
    governor.quorumPending = [];
  }
  return governor;
}

export function getOrCreateTimelock(address: Bytes): Timelock {
  let timelock = Timelock.load(address);
  if (timelock == null) {
    timelock = new Timelock(address);
    timelock.minDelay = ZERO_BI;
    timelock.operationCount = 0;
  }
  return timelock;
}

/** Whether a tally reaches a quorum: GovernorCountingSimple counts For and Abstain. */
export function quorumReached(proposal: Proposal, quorum: BigInt): boolean {
  return proposal.forVotes.plus(proposal.abstainVotes).ge(quorum);
}

/**
 * Fixes the quorum of every pending proposal whose vote start is strictly before `timestamp`.
 *
 * The quorum is `getPastTotalSupply(voteStart) * quorumNumerator(voteStart) / 100`. The caller
 * runs this before applying a change that happens at `timestamp` (a PEPER mint or burn, a new
 * quorum numerator), so `supply` and the Governor's numerator are still the values that held at
 * every vote start before `timestamp`. A change at the vote start's own timestamp counts, as in
 * OpenZeppelin's checkpoints (upperLookup(timepoint) includes the timepoint). The caller saves the
 * Governor; the proposals are saved here, so load a proposal only after calling this.
 */
export function settleQuorums(governor: Governor, supply: BigInt, timestamp: BigInt): void {
  const pending = governor.quorumPending;
  if (pending.length == 0) return;
  const keep = new Array<Bytes>();
  for (let i = 0; i < pending.length; i++) {
    const proposal = Proposal.load(pending[i]);
    if (proposal == null) continue;
    if (proposal.voteStart.lt(timestamp)) {
      const quorum = supply.times(governor.quorumNumerator).div(QUORUM_DENOMINATOR);
      proposal.quorum = quorum;
      proposal.quorumReached = quorumReached(proposal, quorum);
      proposal.save();
    } else {
      keep.push(pending[i]);
    }
  }
  governor.quorumPending = keep;
}

/** The Governor of the Protocol (registered on its first event), with pending quorums settled at this event's time. */
export function loadGovernorForEvent(protocol: Protocol, event: ethereum.Event): Governor {
  const governor = getOrCreateGovernor(event.address);
  if (protocol.governor === null) protocol.governor = governor.id;
  settleQuorums(governor, protocol.peperTotalSupply, event.block.timestamp);
  return governor;
}

/** Records a numeric governance parameter change. */
export function recordParameterChange(
  event: ethereum.Event,
  parameter: string,
  oldValue: BigInt,
  newValue: BigInt,
): void {
  const change = new GovernanceParameterChange(eventId(event));
  change.contract = event.address;
  change.parameter = parameter;
  change.oldValue = oldValue;
  change.newValue = newValue;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}

/** Records an address governance parameter change (the Governor's timelock). */
export function recordAddressChange(
  event: ethereum.Event,
  parameter: string,
  oldAddress: Bytes,
  newAddress: Bytes,
): void {
  const change = new GovernanceParameterChange(eventId(event));
  change.contract = event.address;
  change.parameter = parameter;
  change.oldAddress = oldAddress;
  change.newAddress = newAddress;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}
