// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IStakingPool
/// @notice Stake a token, earn a reward token at a constant rate over funded periods — the
/// accumulator of Synthetix's StakingRewards (reward per token stored, paid per user). Periods are
/// funded and started by the owner (the Timelock); stake is paused by the guardian in an emergency,
/// while withdraw, getReward and exit stay open.
interface IStakingPool {
    /// @notice The amount is zero.
    error StakingZeroAmount();
    /// @notice Withdrawing more than staked.
    /// @param requested The amount asked for.
    /// @param staked The caller's stake.
    error StakingInsufficientStake(uint256 requested, uint256 staked);
    /// @notice The pool does not hold enough unallocated reward tokens for the period asked for.
    /// @param rewardRate The rate the period would need (per second).
    /// @param available Reward tokens not owed to anyone yet.
    /// @param duration The period's length.
    error StakingRewardTooHigh(uint256 rewardRate, uint256 available, uint256 duration);
    /// @notice The duration is zero.
    error StakingZeroDuration();
    /// @notice The owner tried to recover the staking token or the reward token.
    /// @param token The token.
    error StakingCannotRecover(address token);

    /// @notice `user` staked `amount` (what the pool received).
    /// @param user The staker.
    /// @param amount Amount credited.
    event Staked(address indexed user, uint256 amount);
    /// @notice `user` withdrew `amount` of their stake.
    /// @param user The staker.
    /// @param amount Amount withdrawn.
    event Withdrawn(address indexed user, uint256 amount);
    /// @notice `user` was paid `reward`.
    /// @param user The staker.
    /// @param reward Amount paid.
    event RewardPaid(address indexed user, uint256 reward);
    /// @notice A reward period started.
    /// @param reward Tokens added to the period (leftover of a running period is rolled in).
    /// @param rewardRate Tokens per second for the period.
    /// @param periodFinish When it ends.
    event RewardPeriodStarted(uint256 reward, uint256 rewardRate, uint256 periodFinish);
    /// @notice The owner recovered a token sent by mistake.
    /// @param token The token.
    /// @param amount The amount.
    event Recovered(address indexed token, uint256 amount);

    /// @notice Stakes `amount`, pulled from the caller (approve first).
    /// @param amount Amount in the staking token's units.
    function stake(uint256 amount) external;

    /// @notice Stakes with an EIP-2612 permit instead of an approval.
    /// @param amount Amount.
    /// @param deadline The permit's deadline.
    /// @param v Signature v.
    /// @param r Signature r.
    /// @param s Signature s.
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Withdraws `amount` of the caller's stake (always open, even when paused).
    /// @param amount Amount.
    function withdraw(uint256 amount) external;

    /// @notice Pays the caller's earned reward.
    function getReward() external;

    /// @notice Withdraws the whole stake and pays the reward.
    function exit() external;

    /// @notice Starts a reward period of `duration` seconds paying `reward` (plus any leftover of the
    /// running period). The pool must already hold the tokens. Only the owner.
    /// @param reward New reward tokens for the period.
    /// @param duration Length in seconds.
    function startRewardPeriod(uint256 reward, uint256 duration) external;

    /// @notice Sends a token other than the staking and reward tokens to the owner. Only the owner.
    /// @param token The token.
    /// @param amount The amount.
    function recoverERC20(address token, uint256 amount) external;

    /// @notice The token staked.
    /// @return The token.
    function stakingToken() external view returns (address);
    /// @notice The token paid as reward.
    /// @return The token.
    function rewardsToken() external view returns (address);
    /// @notice Total staked.
    /// @return The total.
    function totalSupply() external view returns (uint256);
    /// @notice A user's stake.
    /// @param account The user.
    /// @return The stake.
    function balanceOf(address account) external view returns (uint256);
    /// @notice Reward tokens per second in the current period.
    /// @return The rate (tokens per second).
    function rewardRate() external view returns (uint256);
    /// @notice When the current period ends.
    /// @return Timestamp.
    function periodFinish() external view returns (uint256);
    /// @notice min(now, periodFinish).
    /// @return Timestamp.
    function lastTimeRewardApplicable() external view returns (uint256);
    /// @notice Accumulated reward per staked token, scaled by 1e18.
    /// @return The accumulator.
    function rewardPerToken() external view returns (uint256);
    /// @notice A user's reward not yet paid.
    /// @param account The user.
    /// @return Amount.
    function earned(address account) external view returns (uint256);
    /// @notice Reward tokens owed to stakers and not yet paid (accrued or still to accrue this period).
    /// @return Amount.
    function rewardsCommitted() external view returns (uint256);
}
