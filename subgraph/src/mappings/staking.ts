// StakingPool: stakes, withdrawals, rewards paid and reward periods.
import { BigInt, ethereum } from "@graphprotocol/graph-ts";

import { RewardPeriod, StakingAction, StakingPool, StakingPosition } from "../../generated/schema";
import { RewardPaid, RewardPeriodStarted, Staked, Withdrawn } from "../../generated/StakingPool/StakingPool";
import { ZERO_BI } from "../helpers/constants";
import { eventId } from "../helpers/ids";
import { getOrCreateProtocol } from "../helpers/protocol";
import { getOrCreateStakingPool, getOrCreateStakingPosition } from "../helpers/staking";

function recordAction(
  pool: StakingPool,
  position: StakingPosition,
  kind: string,
  amount: BigInt,
  event: ethereum.Event,
): void {
  const action = new StakingAction(eventId(event));
  action.pool = pool.id;
  action.position = position.id;
  action.kind = kind;
  action.amount = amount;
  action.blockNumber = event.block.number;
  action.timestamp = event.block.timestamp;
  action.transactionHash = event.transaction.hash;
  action.save();
}

export function handleStaked(event: Staked): void {
  const amount = event.params.amount;
  const pool = getOrCreateStakingPool(event.address);
  const position = getOrCreateStakingPosition(pool, event.params.user, event);
  if (position.staked.isZero()) pool.stakerCount = pool.stakerCount + 1;
  position.staked = position.staked.plus(amount);
  position.totalDeposited = position.totalDeposited.plus(amount);
  pool.totalStaked = pool.totalStaked.plus(amount);
  position.save();
  pool.save();
  recordAction(pool, position, "Staked", amount, event);

  const protocol = getOrCreateProtocol();
  protocol.totalStaked = protocol.totalStaked.plus(amount);
  protocol.save();
}

export function handleWithdrawn(event: Withdrawn): void {
  const amount = event.params.amount;
  const pool = getOrCreateStakingPool(event.address);
  const position = getOrCreateStakingPosition(pool, event.params.user, event);
  position.staked = position.staked.minus(amount);
  position.totalWithdrawn = position.totalWithdrawn.plus(amount);
  if (position.staked.le(ZERO_BI) && !amount.isZero()) pool.stakerCount = pool.stakerCount - 1;
  pool.totalStaked = pool.totalStaked.minus(amount);
  position.save();
  pool.save();
  recordAction(pool, position, "Withdrawn", amount, event);

  const protocol = getOrCreateProtocol();
  protocol.totalStaked = protocol.totalStaked.minus(amount);
  protocol.save();
}

export function handleRewardPaid(event: RewardPaid): void {
  const reward = event.params.reward;
  const pool = getOrCreateStakingPool(event.address);
  const position = getOrCreateStakingPosition(pool, event.params.user, event);
  position.rewardsPaid = position.rewardsPaid.plus(reward);
  pool.totalRewardsPaid = pool.totalRewardsPaid.plus(reward);
  position.save();
  pool.save();
  recordAction(pool, position, "RewardPaid", reward, event);

  const protocol = getOrCreateProtocol();
  protocol.totalStakingRewardsPaid = protocol.totalStakingRewardsPaid.plus(reward);
  protocol.save();
}

export function handleRewardPeriodStarted(event: RewardPeriodStarted): void {
  const pool = getOrCreateStakingPool(event.address);
  pool.rewardRate = event.params.rewardRate;
  pool.periodFinish = event.params.periodFinish;
  pool.totalRewardsAdded = pool.totalRewardsAdded.plus(event.params.reward);
  pool.save();

  const period = new RewardPeriod(eventId(event));
  period.pool = pool.id;
  period.reward = event.params.reward;
  period.rewardRate = event.params.rewardRate;
  period.periodFinish = event.params.periodFinish;
  period.blockNumber = event.block.number;
  period.timestamp = event.block.timestamp;
  period.transactionHash = event.transaction.hash;
  period.save();
}
