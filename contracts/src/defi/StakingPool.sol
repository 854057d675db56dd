// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {GuardianPausable} from "../governance/GuardianPausable.sol";
import {IStakingPool} from "../interfaces/defi/IStakingPool.sol";

/// @title StakingPool
/// @notice Stake PEPER, earn PEPER. See {IStakingPool}.
/// @dev Synthetix StakingRewards' accumulator. Unlike it, the pool may stake and pay the same token,
/// so it tracks `rewardsCommitted` (tokens owed to stakers) and only counts the balance above the
/// stakes and the commitment as available for a new period: a period can never promise principal.
/// Stakes are credited with what actually arrived (fee-on-transfer tokens are safe).
contract StakingPool is IStakingPool, GuardianPausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IStakingPool
    address public immutable stakingToken;
    /// @inheritdoc IStakingPool
    address public immutable rewardsToken;

    /// @inheritdoc IStakingPool
    uint256 public periodFinish;
    /// @inheritdoc IStakingPool
    uint256 public rewardRate;
    uint256 private _lastUpdateTime;
    uint256 private _rewardPerTokenStored;
    /// @inheritdoc IStakingPool
    uint256 public totalSupply;
    /// @dev Reward owed and not yet paid, as of `_lastUpdateTime`, plus what the period still pays.
    uint256 private _rewardsCommitted;

    mapping(address account => uint256) private _balances;
    mapping(address account => uint256) private _userRewardPerTokenPaid;
    mapping(address account => uint256) private _rewards;

    /// @param owner_ The Timelock.
    /// @param guardian_ The guardian (may pause staking).
    /// @param stakingToken_ The token staked.
    /// @param rewardsToken_ The token paid.
    constructor(
        address owner_,
        address guardian_,
        address stakingToken_,
        address rewardsToken_
    ) GuardianPausable(owner_, guardian_) {
        stakingToken = stakingToken_;
        rewardsToken = rewardsToken_;
    }

    modifier updateReward(address account) {
        uint256 applicable = lastTimeRewardApplicable();
        if (totalSupply == 0 && applicable > _lastUpdateTime) {
            // Nobody was staked: what accrued in that time goes back to the available reward.
            uint256 unassigned = (applicable - _lastUpdateTime) * rewardRate;
            _rewardsCommitted = unassigned < _rewardsCommitted ? _rewardsCommitted - unassigned : 0;
        }
        _rewardPerTokenStored = rewardPerToken();
        _lastUpdateTime = applicable;
        if (account != address(0)) {
            _rewards[account] = earned(account);
            _userRewardPerTokenPaid[account] = _rewardPerTokenStored;
        }
        _;
    }

    /// @inheritdoc IStakingPool
    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    /// @inheritdoc IStakingPool
    function lastTimeRewardApplicable() public view returns (uint256) {
        return block.timestamp < periodFinish ? block.timestamp : periodFinish;
    }

    /// @inheritdoc IStakingPool
    function rewardPerToken() public view returns (uint256) {
        if (totalSupply == 0) return _rewardPerTokenStored;
        return
            _rewardPerTokenStored + ((lastTimeRewardApplicable() - _lastUpdateTime) * rewardRate * 1e18) / totalSupply;
    }

    /// @inheritdoc IStakingPool
    function earned(address account) public view returns (uint256) {
        return (_balances[account] * (rewardPerToken() - _userRewardPerTokenPaid[account])) / 1e18 + _rewards[account];
    }

    /// @inheritdoc IStakingPool
    function rewardsCommitted() external view returns (uint256) {
        return _rewardsCommitted;
    }

    /// @inheritdoc IStakingPool
    function stake(uint256 amount) external {
        _stake(amount);
    }

    /// @inheritdoc IStakingPool
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        // A front-run permit (already used) must not block the stake: fall through to the allowance.
        try IERC20Permit(stakingToken).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _stake(amount);
    }

    /// @inheritdoc IStakingPool
    function withdraw(uint256 amount) public nonReentrant updateReward(msg.sender) {
        if (amount == 0) revert StakingZeroAmount();
        uint256 staked = _balances[msg.sender];
        if (amount > staked) revert StakingInsufficientStake(amount, staked);
        // cannot underflow: amount <= staked <= totalSupply
        unchecked {
            _balances[msg.sender] = staked - amount;
            totalSupply -= amount;
        }
        emit Withdrawn(msg.sender, amount);
        IERC20(stakingToken).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStakingPool
    function getReward() public nonReentrant updateReward(msg.sender) {
        uint256 reward = _rewards[msg.sender];
        if (reward > 0) {
            _rewards[msg.sender] = 0;
            // rewards accrue only from committed tokens; rounding keeps the sum of payouts below
            _rewardsCommitted = reward < _rewardsCommitted ? _rewardsCommitted - reward : 0;
            emit RewardPaid(msg.sender, reward);
            IERC20(rewardsToken).safeTransfer(msg.sender, reward);
        }
    }

    /// @inheritdoc IStakingPool
    function exit() external {
        withdraw(_balances[msg.sender]);
        getReward();
    }

    /// @inheritdoc IStakingPool
    function startRewardPeriod(uint256 reward, uint256 duration) external onlyOwner updateReward(address(0)) {
        if (duration == 0) revert StakingZeroDuration();
        uint256 leftover;
        if (block.timestamp < periodFinish) leftover = (periodFinish - block.timestamp) * rewardRate;
        uint256 newRate = (reward + leftover) / duration;

        // What the pool holds beyond stakes and what is already owed (accrued, not paid).
        uint256 balance = IERC20(rewardsToken).balanceOf(address(this));
        if (rewardsToken == stakingToken) balance = balance > totalSupply ? balance - totalSupply : 0;
        // committed = accrued and unpaid + leftover
        uint256 owedAccrued = _rewardsCommitted > leftover ? _rewardsCommitted - leftover : 0;
        uint256 available = balance > owedAccrued ? balance - owedAccrued : 0;
        if (newRate == 0 || newRate * duration > available) revert StakingRewardTooHigh(newRate, available, duration);

        rewardRate = newRate;
        _lastUpdateTime = block.timestamp;
        periodFinish = block.timestamp + duration;
        _rewardsCommitted = owedAccrued + newRate * duration;
        emit RewardPeriodStarted(reward, newRate, block.timestamp + duration);
    }

    /// @inheritdoc IStakingPool
    function recoverERC20(address token, uint256 amount) external onlyOwner {
        if (token == stakingToken || token == rewardsToken) revert StakingCannotRecover(token);
        emit Recovered(token, amount);
        IERC20(token).safeTransfer(owner(), amount);
    }

    function _stake(uint256 amount) private nonReentrant whenNotPaused updateReward(msg.sender) {
        if (amount == 0) revert StakingZeroAmount();
        uint256 before = IERC20(stakingToken).balanceOf(address(this));
        IERC20(stakingToken).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(stakingToken).balanceOf(address(this)) - before;
        if (received == 0) revert StakingZeroAmount();
        _balances[msg.sender] += received;
        totalSupply += received;
        emit Staked(msg.sender, received);
    }
}
