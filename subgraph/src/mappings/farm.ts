// Farm: pools, LP deposits and withdrawals, harvests, funding and the reward rate.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  Deposited,
  EmergencyWithdrawn,
  Funded,
  Harvested,
  PoolAdded,
  PoolUpdated,
  RewardRateChanged,
  Withdrawn,
} from "../../generated/Farm/Farm";
import { FarmAction, FarmFunding, FarmPool, FarmPosition, Pair } from "../../generated/schema";
import { eventId } from "../helpers/ids";
import { getOrCreateProtocol } from "../helpers/protocol";
import { getOrCreateFarm, getOrCreateFarmPool, getOrCreateFarmPosition } from "../helpers/staking";

function recordAction(
  pool: FarmPool,
  position: FarmPosition,
  kind: string,
  amount: BigInt,
  event: ethereum.Event,
): void {
  const action = new FarmAction(eventId(event));
  action.pool = pool.id;
  action.position = position.id;
  action.kind = kind;
  action.amount = amount;
  action.blockNumber = event.block.number;
  action.timestamp = event.block.timestamp;
  action.transactionHash = event.transaction.hash;
  action.save();
}

function recordFunding(kind: string, from: Bytes | null, amount: BigInt, event: ethereum.Event): void {
  const funding = new FarmFunding(eventId(event));
  funding.farm = event.address;
  funding.kind = kind;
  funding.from = from;
  funding.amount = amount;
  funding.blockNumber = event.block.number;
  funding.timestamp = event.block.timestamp;
  funding.transactionHash = event.transaction.hash;
  funding.save();
}

export function handlePoolAdded(event: PoolAdded): void {
  const farm = getOrCreateFarm(event.address);
  const pool = getOrCreateFarmPool(farm.id, event.params.pid, event);
  pool.lpToken = event.params.lpToken;
  if (Pair.load(event.params.lpToken) != null) pool.pair = event.params.lpToken;
  pool.allocPoint = event.params.allocPoint;
  pool.addedAt = event.block.timestamp;
  pool.save();
  farm.totalAllocPoint = farm.totalAllocPoint.plus(event.params.allocPoint);
  farm.poolCount = farm.poolCount + 1;
  farm.save();
}

export function handlePoolUpdated(event: PoolUpdated): void {
  const farm = getOrCreateFarm(event.address);
  const pool = getOrCreateFarmPool(farm.id, event.params.pid, event);
  farm.totalAllocPoint = farm.totalAllocPoint.minus(pool.allocPoint).plus(event.params.allocPoint);
  pool.allocPoint = event.params.allocPoint;
  pool.save();
  farm.save();
}

export function handleDeposited(event: Deposited): void {
  const amount = event.params.amount;
  const pool = getOrCreateFarmPool(event.address, event.params.pid, event);
  const position = getOrCreateFarmPosition(pool, event.params.user, event);
  if (position.amount.isZero() && !amount.isZero()) pool.depositorCount = pool.depositorCount + 1;
  position.amount = position.amount.plus(amount);
  position.totalDeposited = position.totalDeposited.plus(amount);
  pool.totalDeposited = pool.totalDeposited.plus(amount);
  position.save();
  pool.save();
  recordAction(pool, position, "Deposited", amount, event);
}

function withdraw(pool: FarmPool, position: FarmPosition, amount: BigInt, kind: string, event: ethereum.Event): void {
  const hadDeposit = !position.amount.isZero();
  position.amount = position.amount.minus(amount);
  position.totalWithdrawn = position.totalWithdrawn.plus(amount);
  if (hadDeposit && position.amount.isZero()) pool.depositorCount = pool.depositorCount - 1;
  pool.totalDeposited = pool.totalDeposited.minus(amount);
  position.save();
  pool.save();
  recordAction(pool, position, kind, amount, event);
}

export function handleWithdrawn(event: Withdrawn): void {
  const pool = getOrCreateFarmPool(event.address, event.params.pid, event);
  const position = getOrCreateFarmPosition(pool, event.params.user, event);
  withdraw(pool, position, event.params.amount, "Withdrawn", event);
}

export function handleEmergencyWithdrawn(event: EmergencyWithdrawn): void {
  const pool = getOrCreateFarmPool(event.address, event.params.pid, event);
  const position = getOrCreateFarmPosition(pool, event.params.user, event);
  withdraw(pool, position, event.params.amount, "EmergencyWithdrawn", event);
}

export function handleHarvested(event: Harvested): void {
  const amount = event.params.amount;
  const farm = getOrCreateFarm(event.address);
  const pool = getOrCreateFarmPool(farm.id, event.params.pid, event);
  const position = getOrCreateFarmPosition(pool, event.params.user, event);
  position.harvested = position.harvested.plus(amount);
  pool.totalHarvested = pool.totalHarvested.plus(amount);
  farm.totalHarvested = farm.totalHarvested.plus(amount);
  position.save();
  pool.save();
  farm.save();
  recordAction(pool, position, "Harvested", amount, event);

  const protocol = getOrCreateProtocol();
  protocol.totalFarmRewardsHarvested = protocol.totalFarmRewardsHarvested.plus(amount);
  protocol.save();
}

export function handleFunded(event: Funded): void {
  const farm = getOrCreateFarm(event.address);
  farm.rewardsFunded = farm.rewardsFunded.plus(event.params.amount);
  farm.save();
  recordFunding("Funded", event.params.from, event.params.amount, event);
}

export function handleRewardRateChanged(event: RewardRateChanged): void {
  const farm = getOrCreateFarm(event.address);
  farm.rewardPerSecond = event.params.rewardPerSecond;
  farm.save();
  recordFunding("RewardRateChanged", null, event.params.rewardPerSecond, event);
}
