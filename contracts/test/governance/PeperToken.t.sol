// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PeperToken} from "../../src/governance/PeperToken.sol";
import {IPeperToken} from "../../src/interfaces/governance/IPeperToken.sol";
import {PeperTest} from "../utils/PeperTest.sol";

contract PeperTokenFuzzTest is PeperTest {
    uint256 internal constant CAP = 1_000_000_000e18;
    PeperToken internal token;
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);

    function setUp() public {
        address[] memory holders = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        (holders[0], holders[1]) = (ALICE, BOB);
        (amounts[0], amounts[1]) = (100e18, 50e18);
        token = new PeperToken(address(this), CAP, holders, amounts);
    }

    function testFuzz_mintNeverExceedsCap(uint256 first, uint256 second) public {
        first = bound(first, 0, CAP - token.totalSupply());
        token.mint(ALICE, first);
        uint256 room = CAP - token.totalSupply();
        second = bound(second, room + 1, type(uint128).max);
        vm.expectRevert(
            abi.encodeWithSelector(IPeperToken.PeperTokenCapExceeded.selector, token.totalSupply() + second, CAP)
        );
        token.mint(BOB, second);
        assertLe(token.totalSupply(), CAP, "supply above cap");
    }

    function testFuzz_transfersMoveVotesWithoutCreatingAny(uint256 amount, bool bobDelegatesToAlice) public {
        vm.prank(ALICE);
        token.delegate(ALICE);
        vm.prank(BOB);
        token.delegate(bobDelegatesToAlice ? ALICE : BOB);
        amount = bound(amount, 0, 100e18);
        vm.prank(ALICE);
        token.transfer(BOB, amount);
        uint256 votes = token.getVotes(ALICE) + token.getVotes(BOB);
        assertEq(votes, token.totalSupply(), "delegated votes != supply when everyone delegates");
        assertEq(token.getVotes(ALICE), bobDelegatesToAlice ? 150e18 : 100e18 - amount, "Alice's votes");
    }
}
