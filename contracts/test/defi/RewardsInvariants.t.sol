// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../../src/demo/DemoToken.sol";
import {Farm} from "../../src/defi/Farm.sol";
import {StakingPool} from "../../src/defi/StakingPool.sol";
import {PeperTest} from "../utils/PeperTest.sol";
import {Vm} from "../utils/Vm.sol";

/// @dev Drives a StakingPool (same token staked and paid, the hard case) and a Farm with random
/// actions of three users and the owner, and keeps ghost totals of what was funded and paid.
contract RewardsHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    DemoToken public immutable peper;
    DemoToken public immutable lp;
    StakingPool public immutable pool;
    Farm public immutable farm;
    address[3] public actors;

    uint256 public stakingFunded;
    uint256 public stakingPaid;
    uint256 public farmPaid;
    uint256 public farmDepositedNet;

    constructor() {
        actors = [address(0xA11CE), address(0xB0B), address(0xCA401)];
        address[] memory holders = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        holders[0] = address(this);
        amounts[0] = 1e30;
        peper = new DemoToken("Peper", "PEPER", 18, holders, amounts);
        lp = new DemoToken("LP", "LP", 18, holders, amounts);
        pool = new StakingPool(address(this), address(0), address(peper), address(peper));
        farm = new Farm(address(this), address(0), address(peper));
        farm.add(address(lp), 100);
        farm.setRewardPerSecond(1e18);
        peper.approve(address(farm), type(uint256).max);
        farm.fund(1_000_000e18);
        for (uint256 i; i < 3; ++i) {
            peper.transfer(actors[i], 1e24);
            lp.transfer(actors[i], 1e24);
            vm.prank(actors[i]);
            peper.approve(address(pool), type(uint256).max);
            vm.prank(actors[i]);
            lp.approve(address(farm), type(uint256).max);
        }
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % 3];
    }

    function stake(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        amount = 1 + (amount % 1e22);
        vm.prank(a);
        pool.stake(amount);
    }

    function withdraw(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        uint256 staked = pool.balanceOf(a);
        if (staked == 0) return;
        amount = 1 + (amount % staked);
        vm.prank(a);
        pool.withdraw(amount);
    }

    function getReward(uint256 seed) external {
        address a = _actor(seed);
        uint256 before = peper.balanceOf(a);
        vm.prank(a);
        pool.getReward();
        stakingPaid += peper.balanceOf(a) - before;
    }

    function startPeriod(uint256 reward, uint256 duration) external {
        reward = 1e18 + (reward % 1e23);
        duration = 1 hours + (duration % 30 days);
        peper.transfer(address(pool), reward);
        stakingFunded += reward;
        try pool.startRewardPeriod(reward, duration) {} catch {}
    }

    function deposit(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        amount = 1 + (amount % 1e22);
        uint256 before = peper.balanceOf(a);
        vm.prank(a);
        farm.deposit(0, amount);
        farmPaid += peper.balanceOf(a) - before;
        farmDepositedNet += amount;
    }

    function farmWithdraw(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        (uint256 deposited, ) = farm.userInfo(0, a);
        if (deposited == 0) return;
        amount = 1 + (amount % deposited);
        uint256 before = peper.balanceOf(a);
        vm.prank(a);
        farm.withdraw(0, amount);
        farmPaid += peper.balanceOf(a) - before;
        farmDepositedNet -= amount;
    }

    function harvest(uint256 seed) external {
        address a = _actor(seed);
        uint256 before = peper.balanceOf(a);
        vm.prank(a);
        farm.harvest(0);
        farmPaid += peper.balanceOf(a) - before;
    }

    function warp(uint256 secondsAhead) external {
        vm.warp(vm.getBlockTimestamp() + 1 + (secondsAhead % 3 days));
    }
}

contract RewardsInvariantsTest is PeperTest {
    RewardsHandler internal handler;

    function setUp() public {
        handler = new RewardsHandler();
        targetContract(address(handler));
    }

    // the staking pool never pays out more reward than was funded
    function invariant_stakingPaysNoMoreThanFunded() public view {
        assertLe(handler.stakingPaid(), handler.stakingFunded(), "staking paid > funded");
    }

    // the staking pool always holds every stake plus everything its stakers have earned
    function invariant_stakingCanPayPrincipalAndEarned() public view {
        StakingPool pool = handler.pool();
        uint256 owed = pool.totalSupply();
        uint256 sumStakes;
        for (uint256 i; i < 3; ++i) {
            address a = handler.actors(i);
            owed += pool.earned(a);
            sumStakes += pool.balanceOf(a);
        }
        assertEq(sumStakes, pool.totalSupply(), "stakes do not add up to totalSupply");
        assertGe(handler.peper().balanceOf(address(pool)), owed, "pool cannot pay principal + earned");
    }

    // the farm never allocates or pays more reward than was funded
    function invariant_farmPaysNoMoreThanFunded() public view {
        Farm farm = handler.farm();
        assertLe(farm.rewardsAllocated(), farm.rewardsFunded(), "allocated > funded");
        assertLe(handler.farmPaid(), farm.rewardsAllocated(), "paid > allocated");
    }

    // the farm always holds every deposit, and its recorded total equals the sum of deposits
    function invariant_farmHoldsPrincipal() public view {
        Farm farm = handler.farm();
        (, , , , uint256 totalDeposited) = farm.poolInfo(0);
        uint256 sum;
        for (uint256 i; i < 3; ++i) {
            (uint256 amount, ) = farm.userInfo(0, handler.actors(i));
            sum += amount;
        }
        assertEq(sum, totalDeposited, "deposits do not add up");
        assertEq(sum, handler.farmDepositedNet(), "ghost deposits differ");
        assertGe(handler.lp().balanceOf(address(farm)), totalDeposited, "farm cannot return principal");
    }
}
