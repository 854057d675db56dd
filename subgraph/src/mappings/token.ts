// PeperToken (ERC20Votes): balances, total supply, delegation and voting power.
import { BigInt } from "@graphprotocol/graph-ts";

import { DelegateChanged, DelegateVotesChanged, Transfer } from "../../generated/PeperToken/PeperToken";
import { DelegateChange, DelegateVotesChange, Governor, TokenTransfer } from "../../generated/schema";
import { ADDRESS_ZERO, ZERO_BI } from "../helpers/constants";
import { getOrCreateDelegate, getOrCreateHolder, registerPeperToken, settleQuorums } from "../helpers/governance";
import { eventId } from "../helpers/ids";
import { getOrCreateProtocol } from "../helpers/protocol";

export function handleTransfer(event: Transfer): void {
  const from = event.params.from;
  const to = event.params.to;
  const value = event.params.value;
  const isMint = from.equals(ADDRESS_ZERO);
  const isBurn = to.equals(ADDRESS_ZERO);

  const protocol = getOrCreateProtocol();
  registerPeperToken(protocol, event.address);

  if (isMint || isBurn) {
    // Quorums of proposals whose vote started before this block use the supply before this change.
    const governorId = protocol.governor;
    if (governorId !== null) {
      const governor = Governor.load(governorId);
      if (governor != null) {
        settleQuorums(governor, protocol.peperTotalSupply, event.block.timestamp);
        governor.save();
      }
    }
    protocol.peperTotalSupply = isMint ? protocol.peperTotalSupply.plus(value) : protocol.peperTotalSupply.minus(value);
  }

  if (!isMint) {
    const holder = getOrCreateHolder(from, event);
    const before = holder.balance;
    holder.balance = before.minus(value);
    holder.transferCount = holder.transferCount + 1;
    if (before.gt(ZERO_BI) && holder.balance.le(ZERO_BI)) protocol.holderCount = protocol.holderCount - 1;
    holder.save();
  }
  if (!isBurn) {
    const holder = getOrCreateHolder(to, event);
    const before = holder.balance;
    holder.balance = before.plus(value);
    holder.transferCount = holder.transferCount + 1;
    if (before.le(ZERO_BI) && holder.balance.gt(ZERO_BI)) protocol.holderCount = protocol.holderCount + 1;
    holder.save();
  }
  protocol.save();

  const transfer = new TokenTransfer(eventId(event));
  transfer.from = from;
  transfer.to = to;
  transfer.value = value;
  transfer.blockNumber = event.block.number;
  transfer.timestamp = event.block.timestamp;
  transfer.transactionHash = event.transaction.hash;
  transfer.save();
}

export function handleDelegateChanged(event: DelegateChanged): void {
  const protocol = getOrCreateProtocol();
  if (protocol.peperToken === null) {
    registerPeperToken(protocol, event.address);
    protocol.save();
  }
  const holder = getOrCreateHolder(event.params.delegator, event);
  const fromDelegate = event.params.fromDelegate;
  const toDelegate = event.params.toDelegate;
  if (!fromDelegate.equals(ADDRESS_ZERO)) {
    const previous = getOrCreateDelegate(fromDelegate, event);
    previous.delegatorCount = previous.delegatorCount - 1;
    previous.save();
  }
  if (!toDelegate.equals(ADDRESS_ZERO)) {
    const next = getOrCreateDelegate(toDelegate, event);
    next.delegatorCount = next.delegatorCount + 1;
    next.save();
    holder.delegate = next.id;
  } else {
    holder.delegate = null;
  }
  holder.save();

  const change = new DelegateChange(eventId(event));
  change.delegator = event.params.delegator;
  change.fromDelegate = fromDelegate;
  change.toDelegate = toDelegate;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}

export function handleDelegateVotesChanged(event: DelegateVotesChanged): void {
  const previousVotes: BigInt = event.params.previousVotes;
  const newVotes: BigInt = event.params.newVotes;
  const delegate = getOrCreateDelegate(event.params.delegate, event);
  delegate.votingPower = newVotes;
  delegate.save();

  const wasDelegate = previousVotes.gt(ZERO_BI);
  const isDelegate = newVotes.gt(ZERO_BI);
  const protocol = getOrCreateProtocol();
  registerPeperToken(protocol, event.address);
  if (wasDelegate != isDelegate) protocol.delegateCount = protocol.delegateCount + (isDelegate ? 1 : -1);
  protocol.save();

  const change = new DelegateVotesChange(eventId(event));
  change.delegate = delegate.id;
  change.previousVotes = previousVotes;
  change.newVotes = newVotes;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}
