// Staking pools and the farm: pools, positions.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import { Farm, FarmPool, FarmPosition, StakingPool, StakingPosition } from "../../generated/schema";
import { ZERO_BI } from "./constants";
import { u256 } from "./ids";
import { getOrCreateAccount } from "./protocol";

export function getOrCreateStakingPool(address: Bytes): StakingPool {
  let pool = StakingPool.load(address);
  if (pool == null) {
    pool = new StakingPool(address);
    pool.totalStaked = ZERO_BI;
    pool.stakerCount = 0;
    pool.rewardRate = ZERO_BI;
    pool.periodFinish = ZERO_BI;
    pool.totalRewardsAdded = ZERO_BI;
    pool.totalRewardsPaid = ZERO_BI;
  }
  return pool;
}

export function getOrCreateStakingPosition(pool: StakingPool, user: Bytes, event: ethereum.Event): StakingPosition {
  const id = pool.id.concat(user);
  let position = StakingPosition.load(id);
  if (position == null) {
    position = new StakingPosition(id);
    position.pool = pool.id;
    position.account = getOrCreateAccount(user, event).id;
    position.staked = ZERO_BI;
    position.totalDeposited = ZERO_BI;
    position.totalWithdrawn = ZERO_BI;
    position.rewardsPaid = ZERO_BI;
  }
  return position;
}

export function getOrCreateFarm(address: Bytes): Farm {
  let farm = Farm.load(address);
  if (farm == null) {
    farm = new Farm(address);
    farm.rewardPerSecond = ZERO_BI;
    farm.totalAllocPoint = ZERO_BI;
    farm.rewardsFunded = ZERO_BI;
    farm.totalHarvested = ZERO_BI;
    farm.poolCount = 0;
  }
  return farm;
}

export function farmPoolId(farm: Bytes, pid: BigInt): Bytes {
  return farm.concat(u256(pid));
}

/** The farm pool of a pid; created empty if its PoolAdded was not seen (it always is from the farm's deployment block). */
export function getOrCreateFarmPool(farm: Bytes, pid: BigInt, event: ethereum.Event): FarmPool {
  const id = farmPoolId(farm, pid);
  let pool = FarmPool.load(id);
  if (pool == null) {
    pool = new FarmPool(id);
    pool.farm = farm;
    pool.pid = pid;
    pool.lpToken = Bytes.empty();
    pool.allocPoint = ZERO_BI;
    pool.totalDeposited = ZERO_BI;
    pool.totalHarvested = ZERO_BI;
    pool.depositorCount = 0;
    pool.addedAt = event.block.timestamp;
  }
  return pool;
}

export function getOrCreateFarmPosition(pool: FarmPool, user: Bytes, event: ethereum.Event): FarmPosition {
  const id = pool.id.concat(user);
  let position = FarmPosition.load(id);
  if (position == null) {
    position = new FarmPosition(id);
    position.pool = pool.id;
    position.account = getOrCreateAccount(user, event).id;
    position.amount = ZERO_BI;
    position.totalDeposited = ZERO_BI;
    position.totalWithdrawn = ZERO_BI;
    position.harvested = ZERO_BI;
  }
  return position;
}
