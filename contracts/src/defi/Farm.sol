// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {GuardianPausable} from "../governance/GuardianPausable.sol";
import {IFarm} from "../interfaces/defi/IFarm.sol";

/// @title Farm
/// @notice LP farming paid from a funded reserve. See {IFarm}.
/// @dev MasterChef's accumulator (reward per share, reward debt). Each pool's settlement takes its
/// share of `rewardPerSecond` but never more than `rewardsFunded - rewardsAllocated`, so payouts
/// can never exceed what was funded. Pools are added only by the Timelock and capped at MAX_POOLS,
/// which bounds the loop in massUpdatePools. Deposits are credited with what arrived.
contract Farm is IFarm, GuardianPausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The most pools the farm will hold (bounds massUpdatePools).
    uint256 public constant MAX_POOLS = 64;
    uint256 private constant _ACC_PRECISION = 1e18;

    struct PoolInfo {
        address lpToken;
        uint64 allocPoint;
        uint32 lastRewardTime;
        uint256 accRewardPerShare;
        uint256 totalDeposited;
    }

    struct UserInfo {
        uint256 amount;
        uint256 rewardDebt;
    }

    /// @inheritdoc IFarm
    address public immutable rewardToken;
    /// @inheritdoc IFarm
    uint256 public rewardPerSecond;
    /// @inheritdoc IFarm
    uint256 public totalAllocPoint;
    /// @inheritdoc IFarm
    uint256 public rewardsFunded;
    /// @inheritdoc IFarm
    uint256 public rewardsAllocated;
    /// @inheritdoc IFarm
    uint256 public rewardsPaid;

    /// @notice The pools, by id.
    PoolInfo[] public poolInfo;
    /// @notice Each user's deposit and reward debt per pool.
    mapping(uint256 pid => mapping(address user => UserInfo)) public userInfo;
    mapping(address lpToken => bool) private _hasPool;

    /// @param owner_ The Timelock.
    /// @param guardian_ The guardian (may pause deposits).
    /// @param rewardToken_ The token paid (PEPER).
    constructor(address owner_, address guardian_, address rewardToken_) GuardianPausable(owner_, guardian_) {
        rewardToken = rewardToken_;
    }

    /// @inheritdoc IFarm
    function poolLength() external view returns (uint256) {
        return poolInfo.length;
    }

    /// @inheritdoc IFarm
    function pendingReward(uint256 pid, address user) external view returns (uint256) {
        PoolInfo memory pool = _pool(pid);
        UserInfo memory u = userInfo[pid][user];
        uint256 acc = pool.accRewardPerShare;
        if (block.timestamp > pool.lastRewardTime && pool.totalDeposited != 0) {
            acc += (_poolReward(pool, rewardsAllocated) * _ACC_PRECISION) / pool.totalDeposited;
        }
        return (u.amount * acc) / _ACC_PRECISION - u.rewardDebt;
    }

    /// @inheritdoc IFarm
    function add(address lpToken, uint256 allocPoint) external onlyOwner returns (uint256 pid) {
        if (_hasPool[lpToken]) revert FarmDuplicatePool(lpToken);
        if (poolInfo.length >= MAX_POOLS) revert FarmTooManyPools(MAX_POOLS);
        massUpdatePools();
        _hasPool[lpToken] = true;
        totalAllocPoint += allocPoint;
        pid = poolInfo.length;
        poolInfo.push(PoolInfo(lpToken, SafeCast.toUint64(allocPoint), uint32(block.timestamp), 0, 0));
        emit PoolAdded(pid, lpToken, allocPoint);
    }

    /// @inheritdoc IFarm
    function set(uint256 pid, uint256 allocPoint) external onlyOwner {
        _pool(pid);
        massUpdatePools();
        totalAllocPoint = totalAllocPoint - poolInfo[pid].allocPoint + allocPoint;
        poolInfo[pid].allocPoint = SafeCast.toUint64(allocPoint);
        emit PoolUpdated(pid, allocPoint);
    }

    /// @inheritdoc IFarm
    function setRewardPerSecond(uint256 newRewardPerSecond) external onlyOwner {
        massUpdatePools();
        rewardPerSecond = newRewardPerSecond;
        emit RewardRateChanged(newRewardPerSecond);
    }

    /// @inheritdoc IFarm
    function fund(uint256 amount) external nonReentrant {
        if (amount == 0) revert FarmZeroAmount();
        uint256 before = IERC20(rewardToken).balanceOf(address(this));
        IERC20(rewardToken).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(rewardToken).balanceOf(address(this)) - before;
        rewardsFunded += received;
        emit Funded(msg.sender, received);
    }

    /// @inheritdoc IFarm
    function massUpdatePools() public {
        uint256 n = poolInfo.length; // bounded by MAX_POOLS
        for (uint256 pid; pid < n; ++pid) _updatePool(pid);
    }

    /// @inheritdoc IFarm
    function updatePool(uint256 pid) external {
        _pool(pid);
        _updatePool(pid);
    }

    /// @inheritdoc IFarm
    function deposit(uint256 pid, uint256 amount) external nonReentrant whenNotPaused {
        _pool(pid);
        if (amount == 0) revert FarmZeroAmount();
        PoolInfo storage pool = _updatePool(pid);
        UserInfo storage u = userInfo[pid][msg.sender];
        _harvest(pid, pool, u);
        uint256 before = IERC20(pool.lpToken).balanceOf(address(this));
        IERC20(pool.lpToken).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(pool.lpToken).balanceOf(address(this)) - before;
        u.amount += received;
        pool.totalDeposited += received;
        u.rewardDebt = (u.amount * pool.accRewardPerShare) / _ACC_PRECISION;
        emit Deposited(msg.sender, pid, received);
    }

    /// @inheritdoc IFarm
    function withdraw(uint256 pid, uint256 amount) external nonReentrant {
        _pool(pid);
        if (amount == 0) revert FarmZeroAmount();
        PoolInfo storage pool = _updatePool(pid);
        UserInfo storage u = userInfo[pid][msg.sender];
        if (amount > u.amount) revert FarmInsufficientDeposit(amount, u.amount);
        _harvest(pid, pool, u);
        // cannot underflow: amount <= u.amount <= totalDeposited
        unchecked {
            u.amount -= amount;
            pool.totalDeposited -= amount;
        }
        u.rewardDebt = (u.amount * pool.accRewardPerShare) / _ACC_PRECISION;
        emit Withdrawn(msg.sender, pid, amount);
        IERC20(pool.lpToken).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IFarm
    function harvest(uint256 pid) external nonReentrant {
        _pool(pid);
        PoolInfo storage pool = _updatePool(pid);
        UserInfo storage u = userInfo[pid][msg.sender];
        _harvest(pid, pool, u);
        u.rewardDebt = (u.amount * pool.accRewardPerShare) / _ACC_PRECISION;
    }

    /// @inheritdoc IFarm
    function emergencyWithdraw(uint256 pid) external nonReentrant {
        PoolInfo storage pool = poolInfo[_checkPid(pid)];
        UserInfo storage u = userInfo[pid][msg.sender];
        uint256 amount = u.amount;
        if (amount == 0) revert FarmZeroAmount();
        u.amount = 0;
        u.rewardDebt = 0;
        pool.totalDeposited -= amount;
        emit EmergencyWithdrawn(msg.sender, pid, amount);
        IERC20(pool.lpToken).safeTransfer(msg.sender, amount);
    }

    /// @dev Pays the pending reward of `u` (its debt is reset by the caller).
    function _harvest(uint256 pid, PoolInfo storage pool, UserInfo storage u) private {
        uint256 pending = (u.amount * pool.accRewardPerShare) / _ACC_PRECISION - u.rewardDebt;
        // Each depositor's share is rounded down on its own, so the sum of the shares can exceed what
        // was allocated by a few wei; the last harvest is capped so that payouts never do.
        if (pending == 0) return;
        uint256 paid = rewardsPaid;
        uint256 unpaid = rewardsAllocated - paid;
        if (pending > unpaid) pending = unpaid;
        if (pending > 0) {
            rewardsPaid = paid + pending;
            emit Harvested(msg.sender, pid, pending);
            IERC20(rewardToken).safeTransfer(msg.sender, pending);
        }
    }

    /// @dev Settles a pool: its share of the rate since the last settlement, capped by the reserve.
    function _updatePool(uint256 pid) private returns (PoolInfo storage pool) {
        pool = poolInfo[pid];
        if (block.timestamp <= pool.lastRewardTime) return pool;
        if (pool.totalDeposited != 0) {
            uint256 allocated = rewardsAllocated;
            uint256 reward = _poolReward(pool, allocated);
            if (reward != 0) {
                rewardsAllocated = allocated + reward;
                pool.accRewardPerShare += (reward * _ACC_PRECISION) / pool.totalDeposited;
            }
        }
        pool.lastRewardTime = uint32(block.timestamp);
    }

    /// @dev The pool's reward since its last settlement, never more than the unallocated reserve.
    function _poolReward(PoolInfo memory pool, uint256 allocated) private view returns (uint256 reward) {
        if (totalAllocPoint == 0) return 0;
        reward = ((block.timestamp - pool.lastRewardTime) * rewardPerSecond * pool.allocPoint) / totalAllocPoint;
        uint256 unallocated = rewardsFunded - allocated;
        if (reward > unallocated) reward = unallocated;
    }

    function _checkPid(uint256 pid) private view returns (uint256) {
        if (pid >= poolInfo.length) revert FarmUnknownPool(pid, poolInfo.length);
        return pid;
    }

    function _pool(uint256 pid) private view returns (PoolInfo memory) {
        return poolInfo[_checkPid(pid)];
    }
}
