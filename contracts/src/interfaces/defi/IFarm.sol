// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IFarm
/// @notice LP-token farming: pools with allocation points (set by the owner, the Timelock) share a
/// reward rate paid from a funded reserve — the farm never mints, and never allocates more than was
/// funded. deposit/withdraw/harvest/emergencyWithdraw per pool; deposits pause in an emergency,
/// withdrawals never do.
interface IFarm {
    /// @notice No pool has this id.
    /// @param pid The id given.
    /// @param poolCount How many pools exist.
    error FarmUnknownPool(uint256 pid, uint256 poolCount);
    /// @notice A pool for this LP token exists already.
    /// @param lpToken The token.
    error FarmDuplicatePool(address lpToken);
    /// @notice The maximum number of pools is reached.
    /// @param max The maximum.
    error FarmTooManyPools(uint256 max);
    /// @notice Withdrawing more than deposited.
    /// @param requested Amount asked for.
    /// @param deposited The caller's deposit.
    error FarmInsufficientDeposit(uint256 requested, uint256 deposited);
    /// @notice The amount is zero.
    error FarmZeroAmount();

    /// @notice A pool was added.
    /// @param pid Its id.
    /// @param lpToken The LP token.
    /// @param allocPoint Its allocation points.
    event PoolAdded(uint256 indexed pid, address indexed lpToken, uint256 allocPoint);
    /// @notice A pool's allocation points changed.
    /// @param pid The pool.
    /// @param allocPoint The new points.
    event PoolUpdated(uint256 indexed pid, uint256 allocPoint);
    /// @notice The reward rate changed.
    /// @param rewardPerSecond Tokens per second for all pools together.
    event RewardRateChanged(uint256 rewardPerSecond);
    /// @notice Reward tokens were added to the reserve.
    /// @param from Who funded.
    /// @param amount Amount received.
    event Funded(address indexed from, uint256 amount);
    /// @notice A user deposited LP.
    /// @param user The user.
    /// @param pid The pool.
    /// @param amount Amount credited.
    event Deposited(address indexed user, uint256 indexed pid, uint256 amount);
    /// @notice A user withdrew LP.
    /// @param user The user.
    /// @param pid The pool.
    /// @param amount Amount.
    event Withdrawn(address indexed user, uint256 indexed pid, uint256 amount);
    /// @notice A user was paid rewards.
    /// @param user The user.
    /// @param pid The pool.
    /// @param amount Amount.
    event Harvested(address indexed user, uint256 indexed pid, uint256 amount);
    /// @notice A user withdrew LP without rewards.
    /// @param user The user.
    /// @param pid The pool.
    /// @param amount Amount.
    event EmergencyWithdrawn(address indexed user, uint256 indexed pid, uint256 amount);

    /// @notice Adds a pool (settling all pools first, so existing accounting is unchanged). Owner.
    /// @param lpToken The LP token.
    /// @param allocPoint Allocation points.
    /// @return pid The new pool's id.
    function add(address lpToken, uint256 allocPoint) external returns (uint256 pid);
    /// @notice Changes a pool's allocation points (settling all pools first). Owner.
    /// @param pid The pool.
    /// @param allocPoint New points.
    function set(uint256 pid, uint256 allocPoint) external;
    /// @notice Changes the reward rate (settling all pools first). Owner.
    /// @param rewardPerSecond Tokens per second for all pools.
    function setRewardPerSecond(uint256 rewardPerSecond) external;
    /// @notice Adds reward tokens to the reserve (pulled from the caller).
    /// @param amount Amount.
    function fund(uint256 amount) external;
    /// @notice Deposits LP into a pool and harvests what it had earned.
    /// @param pid The pool.
    /// @param amount Amount.
    function deposit(uint256 pid, uint256 amount) external;
    /// @notice Withdraws LP from a pool and harvests.
    /// @param pid The pool.
    /// @param amount Amount.
    function withdraw(uint256 pid, uint256 amount) external;
    /// @notice Pays the caller's pending reward of a pool.
    /// @param pid The pool.
    function harvest(uint256 pid) external;
    /// @notice Withdraws the caller's whole deposit, giving up its pending reward.
    /// @param pid The pool.
    function emergencyWithdraw(uint256 pid) external;
    /// @notice Settles a pool's rewards up to now.
    /// @param pid The pool.
    function updatePool(uint256 pid) external;
    /// @notice Settles every pool.
    function massUpdatePools() external;

    /// @notice A user's reward not yet paid in a pool.
    /// @param pid The pool.
    /// @param user The user.
    /// @return Amount.
    function pendingReward(uint256 pid, address user) external view returns (uint256);
    /// @notice Number of pools.
    /// @return Count.
    function poolLength() external view returns (uint256);
    /// @notice The reward token.
    /// @return The token.
    function rewardToken() external view returns (address);
    /// @notice Reward tokens per second for all pools together.
    /// @return The rate.
    function rewardPerSecond() external view returns (uint256);
    /// @notice Sum of all pools' allocation points.
    /// @return The sum.
    function totalAllocPoint() external view returns (uint256);
    /// @notice Total reward tokens ever funded.
    /// @return Amount.
    function rewardsFunded() external view returns (uint256);
    /// @notice Total reward tokens assigned to pools so far (never above rewardsFunded).
    /// @return Amount.
    function rewardsAllocated() external view returns (uint256);
    /// @notice Total reward tokens paid to depositors so far (never above rewardsAllocated).
    /// @return Amount.
    function rewardsPaid() external view returns (uint256);
}
