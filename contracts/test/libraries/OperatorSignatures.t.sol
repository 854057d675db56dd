// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SSTORE2} from "solady/src/utils/SSTORE2.sol";

import {OperatorSignatures} from "../../src/libraries/OperatorSignatures.sol";
import {PeperTest} from "../utils/PeperTest.sol";

/// @dev The library behind an external face, so that tests can hand it calldata.
contract OperatorSignaturesHarness {
    address public pointer;

    function configure(address[] calldata list, uint8 threshold) external returns (bool valid) {
        bytes memory packed;
        (valid, packed) = OperatorSignatures.pack(list, threshold);
        if (valid) pointer = SSTORE2.write(packed);
    }

    function operators() external view returns (address[] memory) {
        return OperatorSignatures.unpack(OperatorSignatures.read(pointer));
    }

    function verify(
        bytes32 hash,
        uint256 signers,
        OperatorSignatures.Compact[] calldata signatures
    ) external view returns (bool valid, address signer) {
        return OperatorSignatures.verify(pointer, hash, signers, signatures);
    }
}

/// @dev The shared check of the OracleHub and the OperatorVerifier at the bitmap's full width: 31
/// operators, any subset of them signing, the highest bit included (the hub's and the bridge's own
/// tests use 13 and 5).
contract OperatorSignaturesTest is PeperTest {
    uint256 internal constant N = 31;
    uint256 internal constant KEY0 = 0xB0B;
    bytes32 internal constant HASH = keccak256("what the operators sign");

    OperatorSignaturesHarness internal lib;
    address[] internal ops;

    function setUp() public {
        lib = new OperatorSignaturesHarness();
        for (uint256 i; i < N; ++i) ops.push(vm.addr(KEY0 + i));
        assertTrue(lib.configure(ops, 1), "31 operators are a valid list");
    }

    function _sign(uint256 key) internal pure returns (OperatorSignatures.Compact memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, HASH);
        return OperatorSignatures.Compact(r, bytes32(uint256(s) | (uint256(v - 27) << 255)));
    }

    /// @dev Signatures of the operators whose bits are set, in bit order.
    function _signAll(uint256 bitmap) internal pure returns (OperatorSignatures.Compact[] memory sigs) {
        uint256 count;
        for (uint256 i; i < N; ++i) if (bitmap & (1 << i) != 0) ++count;
        sigs = new OperatorSignatures.Compact[](count);
        uint256 k;
        for (uint256 i; i < N; ++i) if (bitmap & (1 << i) != 0) sigs[k++] = _sign(KEY0 + i);
    }

    // any subset of the 31 operators, signing in bit order, is accepted
    function testFuzz_acceptsAnySubsetInBitOrder(uint256 bitmap) public view {
        bitmap = bound(bitmap, 1, (1 << N) - 1);
        (bool valid, address signer) = lib.verify(HASH, bitmap, _signAll(bitmap));
        assertTrue(valid, "accepted");
        assertEq(signer, address(0), "no signer reported");
    }

    // a bit past the list, or a signature count that is not the bits' count, is an invalid bitmap
    function testFuzz_refusesABitmapThatDoesNotFit(uint256 bitmap, uint256 extraBit) public view {
        bitmap = bound(bitmap, 1, (1 << N) - 1);
        OperatorSignatures.Compact[] memory sigs = _signAll(bitmap);
        (bool valid, address signer) = lib.verify(HASH, bitmap | (1 << bound(extraBit, N, 255)), sigs);
        assertTrue(!valid && signer == address(0), "a bit past the list");
        OperatorSignatures.Compact[] memory long = new OperatorSignatures.Compact[](sigs.length + 1);
        for (uint256 i; i < sigs.length; ++i) long[i] = sigs[i];
        long[sigs.length] = sigs[0];
        (valid, signer) = lib.verify(HASH, bitmap, long);
        assertTrue(!valid && signer == address(0), "one signature more than the bits");
        OperatorSignatures.Compact[] memory short = new OperatorSignatures.Compact[](sigs.length - 1);
        for (uint256 i; i < short.length; ++i) short[i] = sigs[i];
        (valid, signer) = lib.verify(HASH, bitmap, short);
        assertTrue(!valid && signer == address(0), "one signature fewer than the bits");
    }

    // a signature in the wrong place, or by a stranger, comes back with the address it recovers to
    function testFuzz_reportsTheSignerOfAWrongSignature(uint256 bitmap, uint256 at, uint256 strangerKey) public view {
        bitmap = bound(bitmap, 3, (1 << N) - 1);
        OperatorSignatures.Compact[] memory sigs = _signAll(bitmap);
        vm.assume(sigs.length >= 2);
        at = bound(at, 0, sigs.length - 1);
        strangerKey = bound(strangerKey, KEY0 + N, KEY0 + N + 1_000_000);
        OperatorSignatures.Compact memory own = sigs[at];
        sigs[at] = _sign(strangerKey);
        (bool valid, address signer) = lib.verify(HASH, bitmap, sigs);
        assertTrue(!valid, "a stranger's signature");
        assertEq(signer, vm.addr(strangerKey), "the stranger is named");
        // two operators' signatures swapped: each is checked against the other's bit
        sigs[at] = own;
        uint256 other = at == 0 ? 1 : at - 1;
        (sigs[at], sigs[other]) = (sigs[other], sigs[at]);
        (valid, signer) = lib.verify(HASH, bitmap, sigs);
        assertTrue(!valid && signer != address(0), "swapped signatures");
    }

    function test_packRefusesEmptyTooLongZeroDuplicateAndBadThresholds() public {
        address[] memory list = new address[](N + 1);
        for (uint256 i; i <= N; ++i) list[i] = vm.addr(KEY0 + i);
        assertTrue(!lib.configure(list, 1), "32 operators");
        assertTrue(!lib.configure(new address[](0), 1), "no operator");
        address[] memory two = new address[](2);
        two[0] = ops[0];
        assertTrue(!lib.configure(two, 1), "the zero address");
        two[1] = ops[0];
        assertTrue(!lib.configure(two, 1), "an operator twice");
        two[1] = ops[1];
        assertTrue(!lib.configure(two, 0), "threshold zero");
        assertTrue(!lib.configure(two, 3), "threshold above the list");
        assertTrue(lib.configure(two, 2), "two operators, both must sign");
        address[] memory read = lib.operators();
        assertEq(read.length, 2, "the new list");
        assertEq(read[0], ops[0], "index order");
        assertEq(read[1], ops[1], "index order");
    }

    function test_readsTheWholeListAndNothingBeforeAConfiguration() public {
        address[] memory read = lib.operators();
        assertEq(read.length, N, "31 operators");
        for (uint256 i; i < N; ++i) assertEq(read[i], ops[i], "index order");
        assertEq(new OperatorSignaturesHarness().operators().length, 0, "no pointer, no operators");
    }
}
