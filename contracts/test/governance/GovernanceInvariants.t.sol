// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PeperGovernor} from "../../src/governance/PeperGovernor.sol";
import {PeperTimelock} from "../../src/governance/PeperTimelock.sol";
import {PeperToken} from "../../src/governance/PeperToken.sol";
import {PeperTest} from "../utils/PeperTest.sol";
import {Vm} from "../utils/Vm.sol";

/// @dev Random transfers, delegations, mints (as the Timelock) and votes on one proposal by five
/// holders, with ghost records of who voted and with what weight.
contract GovernanceHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 public constant CAP = 1_000_000_000e18;

    PeperToken public immutable token;
    PeperTimelock public immutable timelock;
    PeperGovernor public immutable governor;
    uint256 public immutable proposalId;
    address[5] public actors;

    mapping(address voter => uint256) public ghostVotesCast;
    uint256 public ghostWeightSum;
    bool public doubleVoteAccepted;

    constructor() {
        actors = [address(0x1001), address(0x1002), address(0x1003), address(0x1004), address(0x1005)];
        address[] memory proposers = new address[](0);
        address[] memory executors = new address[](1);
        timelock = new PeperTimelock(60, proposers, executors, address(this));
        address[] memory holders = new address[](5);
        uint256[] memory amounts = new uint256[](5);
        for (uint256 i; i < 5; ++i) (holders[i], amounts[i]) = (actors[i], 10_000_000e18);
        token = new PeperToken(address(timelock), CAP, holders, amounts);
        governor = new PeperGovernor(token, timelock, 1, 1 days, 0, 4, 1 hours);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        for (uint256 i; i < 5; ++i) {
            vm.prank(actors[i]);
            token.delegate(actors[i]);
        }
        vm.warp(vm.getBlockTimestamp() + 1);
        address[] memory targets = new address[](1);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        targets[0] = address(token);
        calldatas[0] = abi.encodeCall(token.transfer, (address(1), 0));
        vm.prank(actors[0]);
        proposalId = governor.propose(targets, values, calldatas, "invariant proposal");
        vm.warp(vm.getBlockTimestamp() + 2);
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % 5];
    }

    function transfer(uint256 from, uint256 to, uint256 amount) external {
        address a = _actor(from);
        amount = amount % (token.balanceOf(a) + 1);
        vm.prank(a);
        token.transfer(_actor(to), amount);
    }

    function delegate(uint256 from, uint256 to) external {
        vm.prank(_actor(from));
        token.delegate(_actor(to));
    }

    function mint(uint256 to, uint256 amount) external {
        amount = amount % (CAP - token.totalSupply() + 1);
        vm.prank(address(timelock));
        token.mint(_actor(to), amount);
    }

    function vote(uint256 who, uint8 support) external {
        address voter = _actor(who);
        support = support % 3;
        vm.prank(voter);
        try governor.castVote(proposalId, support) returns (uint256 weight) {
            if (ghostVotesCast[voter] != 0) doubleVoteAccepted = true;
            ghostVotesCast[voter] += 1;
            ghostWeightSum += weight;
        } catch {}
    }
}

contract GovernanceInvariantsTest is PeperTest {
    GovernanceHandler internal handler;

    function setUp() public {
        handler = new GovernanceHandler();
        targetContract(address(handler));
    }

    function test_handlerCountsAcceptedVotesOnce() public {
        handler.vote(0, 1);
        assertEq(handler.ghostWeightSum(), 10_000_000e18, "first vote counted");
        handler.vote(0, 0); // the Governor refuses it, so the ghost does not move
        assertEq(handler.ghostWeightSum(), 10_000_000e18, "second vote refused");
        assertTrue(!handler.doubleVoteAccepted(), "no double vote");
    }

    // the sum of all delegated votes never exceeds the total supply
    function invariant_delegatedVotesWithinSupply() public view {
        PeperToken token = handler.token();
        uint256 sum;
        for (uint256 i; i < 5; ++i) sum += token.getVotes(handler.actors(i));
        assertLe(sum, token.totalSupply(), "votes > supply");
    }

    // the supply never exceeds the cap
    function invariant_supplyWithinCap() public view {
        assertLe(handler.token().totalSupply(), handler.CAP(), "supply > cap");
    }

    // nobody votes twice on a proposal, and the tally is exactly the weights of the votes accepted
    function invariant_nobodyVotesTwice() public view {
        assertTrue(!handler.doubleVoteAccepted(), "a second vote was accepted");
        (uint256 against, uint256 forVotes, uint256 abstain) = handler.governor().proposalVotes(handler.proposalId());
        assertEq(against + forVotes + abstain, handler.ghostWeightSum(), "tally != accepted weights");
    }
}
