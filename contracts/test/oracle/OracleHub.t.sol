// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IOracleHub} from "../../src/interfaces/oracle/IOracleHub.sol";
import {OracleHub} from "../../src/oracle/OracleHub.sol";
import {PriceFeed} from "../../src/oracle/PriceFeed.sol";
import {PeperTest} from "../utils/PeperTest.sol";
import {Vm} from "../utils/Vm.sol";

/// @dev Fuzzes the hub's signer bitmap against 13 operators (threshold 4): any set of operators at or
/// above the threshold is accepted with exactly its bitmap; below it, a forged signature anywhere, a
/// bit past the list or a bitmap that does not match the signatures is refused, and nothing is stored.
contract OracleHubFuzzTest is PeperTest {
    uint256 internal constant N = 13;
    uint256 internal constant THRESHOLD = 4;
    uint256 internal constant KEY0 = 0xA11CE;
    bytes32 internal constant FEED = keccak256("PEPER/USD");

    OracleHub internal hub;

    function setUp() public {
        vm.warp(2_000_000_000);
        hub = new OracleHub(address(this), 3600);
        address[] memory ops = new address[](N);
        for (uint256 i; i < N; ++i) ops[i] = vm.addr(KEY0 + i);
        hub.setConfig(ops, uint8(THRESHOLD));
        hub.setFeed(FEED, address(new PriceFeed(address(hub), 8, "PEPER / USD")));
    }

    function _report(uint256 answer) internal view returns (IOracleHub.Report memory) {
        return IOracleHub.Report(FEED, 1, uint64(block.timestamp), keccak256("inputs"), abi.encode(answer));
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (IOracleHub.Signature memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return IOracleHub.Signature(r, bytes32(uint256(s) | (uint256(v - 27) << 255)));
    }

    /// @dev Signatures of the operators whose bits are set, in bit order.
    function _signAll(uint256 bitmap, bytes32 digest) internal pure returns (IOracleHub.Signature[] memory sigs) {
        uint256 count;
        for (uint256 i; i < N; ++i) if (bitmap & (1 << i) != 0) ++count;
        sigs = new IOracleHub.Signature[](count);
        uint256 k;
        for (uint256 i; i < N; ++i) if (bitmap & (1 << i) != 0) sigs[k++] = _sign(KEY0 + i, digest);
    }

    function testFuzz_acceptsExactlyTheSignersAtOrAboveThreshold(uint256 bitmap, uint256 answer) public {
        bitmap = bound(bitmap, 1, (1 << N) - 1);
        answer = bound(answer, 1, uint256(int256(type(int128).max)));
        IOracleHub.Report memory report = _report(answer);
        IOracleHub.Signature[] memory sigs = _signAll(bitmap, hub.reportDigest(report));
        if (sigs.length < THRESHOLD) {
            vm.expectRevert(abi.encodeWithSelector(IOracleHub.HubTooFewSignatures.selector, sigs.length, THRESHOLD));
            hub.submit(report, bitmap, sigs);
            assertEq(hub.lastRound(FEED), 0, "nothing stored");
            return;
        }
        vm.recordLogs();
        hub.submit(report, bitmap, sigs);
        assertEq(hub.lastRound(FEED), 1, "round stored");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool seen;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(hub) || logs[i].topics[0] != IOracleHub.ReportAccepted.selector) continue;
            // data: observedAt, inputsHash, signers, configVersion, transmitter
            (, , uint256 signers, , ) = abi.decode(logs[i].data, (uint64, bytes32, uint256, uint32, address));
            assertEq(signers, bitmap, "the event names exactly the signers");
            seen = true;
        }
        assertTrue(seen, "ReportAccepted emitted");
    }

    function testFuzz_refusesAForgedSignatureAnywhere(uint256 bitmap, uint256 forged, uint256 strangerKey) public {
        bitmap = bound(bitmap, 1, (1 << N) - 1);
        IOracleHub.Report memory report = _report(10_000_000);
        IOracleHub.Signature[] memory sigs = _signAll(bitmap, hub.reportDigest(report));
        vm.assume(sigs.length >= THRESHOLD);
        strangerKey = bound(strangerKey, KEY0 + N, KEY0 + N + 1_000_000);
        forged = bound(forged, 0, sigs.length - 1);
        sigs[forged] = _sign(strangerKey, hub.reportDigest(report));
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.HubUnknownSigner.selector, vm.addr(strangerKey)));
        hub.submit(report, bitmap, sigs);
        assertEq(hub.lastRound(FEED), 0, "nothing stored");
    }

    function testFuzz_refusesABitmapThatDoesNotMatch(uint256 bitmap, uint256 extraBit) public {
        bitmap = bound(bitmap, 1, (1 << N) - 1);
        IOracleHub.Report memory report = _report(10_000_000);
        IOracleHub.Signature[] memory sigs = _signAll(bitmap, hub.reportDigest(report));
        vm.assume(sigs.length >= THRESHOLD);
        // a bit past the 13 operators
        uint256 beyond = bitmap | (1 << bound(extraBit, N, 255));
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.HubInvalidSigners.selector, beyond, sigs.length));
        hub.submit(report, beyond, sigs);
        // a signature short of the bits, and one signature more than the bits
        IOracleHub.Signature[] memory short = new IOracleHub.Signature[](sigs.length - 1);
        IOracleHub.Signature[] memory long = new IOracleHub.Signature[](sigs.length + 1);
        for (uint256 i; i < sigs.length; ++i) {
            if (i < short.length) short[i] = sigs[i];
            long[i] = sigs[i];
        }
        long[sigs.length] = sigs[0];
        if (short.length >= THRESHOLD) {
            vm.expectRevert(abi.encodeWithSelector(IOracleHub.HubInvalidSigners.selector, bitmap, short.length));
            hub.submit(report, bitmap, short);
        }
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.HubInvalidSigners.selector, bitmap, long.length));
        hub.submit(report, bitmap, long);
        assertEq(hub.lastRound(FEED), 0, "nothing stored");
    }
}

/// @dev A hub before its first setConfig (threshold 0, no operators) takes no feed, so no report (with
/// any bitmap, even the empty one with no signatures) reaches a feed.
contract OracleHubUnconfiguredTest is PeperTest {
    bytes32 internal constant FEED = keccak256("PEPER/USD");

    OracleHub internal hub;
    address internal feed;

    function setUp() public {
        vm.warp(2_000_000_000);
        hub = new OracleHub(address(this), 3600);
        feed = address(new PriceFeed(address(hub), 8, "PEPER / USD"));
    }

    function testFuzz_refusesAnyFeedAndAnyReport(bytes32 feedId, uint256 signers) public {
        assertEq(hub.threshold(), 0, "unconfigured");
        vm.expectRevert(IOracleHub.HubNotConfigured.selector);
        hub.setFeed(feedId, feed);
        IOracleHub.Report memory report = IOracleHub.Report(
            feedId,
            1,
            uint64(block.timestamp),
            keccak256("inputs"),
            abi.encode(uint256(1))
        );
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.HubUnknownFeed.selector, feedId));
        hub.submit(report, signers, new IOracleHub.Signature[](0));
        assertEq(hub.lastRound(feedId), 0, "nothing stored");
    }

    function test_aZeroThresholdIsNeverConfigured() public {
        address[] memory ops = new address[](3);
        for (uint256 i; i < 3; ++i) ops[i] = vm.addr(0xB0B + i);
        vm.expectRevert(IOracleHub.HubInvalidConfig.selector);
        hub.setConfig(ops, 0);
        hub.setConfig(ops, 2);
        hub.setFeed(FEED, feed);
        IOracleHub.Report memory report = IOracleHub.Report(
            FEED,
            1,
            uint64(block.timestamp),
            keccak256("inputs"),
            abi.encode(uint256(1))
        );
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.HubTooFewSignatures.selector, 0, 2));
        hub.submit(report, 0, new IOracleHub.Signature[](0));
    }
}
