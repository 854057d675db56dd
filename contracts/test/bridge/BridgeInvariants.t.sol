// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BridgeManager} from "../../src/bridge/BridgeManager.sol";
import {PeperBridgedToken} from "../../src/bridge/PeperBridgedToken.sol";
import {PeperToken} from "../../src/governance/PeperToken.sol";
import {BridgeMessage} from "../../src/interfaces/bridge/BridgeMessage.sol";
import {IBridgeManager} from "../../src/interfaces/bridge/IBridgeManager.sol";
import {PeperTest} from "../utils/PeperTest.sol";
import {Vm} from "../utils/Vm.sol";

/// @dev A verifier that attests whatever its owner (the handler) tells it to: stands for a verifier
/// that did its own checks. Two of them, both required (2 of 2).
contract StubVerifier {
    address private immutable _owner;

    constructor() {
        _owner = msg.sender;
    }

    function onSend(BridgeMessage calldata) external payable {}

    function quoteSend(uint256) external pure returns (uint256) {
        return 0;
    }

    function attest(BridgeManager manager, BridgeMessage calldata message) external {
        require(msg.sender == _owner, "only the handler");
        manager.attest(message);
    }
}

/// @dev Both sides of the bridge in one EVM: the chain id is switched with `vm.chainId` before each
/// side acts, so each manager sees its own chain. Random transfers both ways (some queued), partial
/// and full deliveries in any order, replays, time passing, queue completions and cancellations;
/// ghost totals of every token in flight.
contract BridgeHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint64 public constant HOME = 31337;
    uint64 public constant REMOTE = 31338;
    uint96 public constant LIMIT = 1_000e18;

    PeperToken public immutable peper;
    PeperBridgedToken public immutable bridged;
    BridgeManager public immutable home;
    BridgeManager public immutable remote;
    StubVerifier public immutable v1;
    StubVerifier public immutable v2;
    address[3] public actors;

    BridgeMessage[] private _pending; // sent, not executed
    BridgeMessage[] private _done; // executed (for replays)
    bytes32[] private _inboundQueued;
    uint64[] private _homeOutQueue;
    uint64[] private _remoteOutQueue;

    /// @notice Tokens sent home → remote and not yet minted on the remote (in flight or queued there).
    uint256 public homeToRemoteUnminted;
    /// @notice Tokens burned on the remote and not yet released at home (in flight or queued there).
    uint256 public remoteToHomeUnreleased;
    /// @notice Tokens taken into outbound queues and not yet sent, per side.
    uint256 public homeOutQueued;
    uint256 public remoteOutQueued;
    /// @notice Replays that succeeded (must stay 0).
    uint256 public replays;
    /// @notice Refused transfers that moved tokens (must stay 0).
    uint256 public leakyRefusals;

    constructor() {
        actors = [address(0xA11CE), address(0xB0B), address(0xCA401)];
        address[] memory holders = new address[](3);
        uint256[] memory amounts = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            holders[i] = actors[i];
            amounts[i] = 10_000e18;
        }
        vm.chainId(HOME);
        peper = new PeperToken(address(this), 1e27, holders, amounts);
        home = new BridgeManager(address(peper), true, address(this), address(this));
        vm.chainId(REMOTE);
        bridged = new PeperBridgedToken(address(this), address(0));
        remote = new BridgeManager(address(bridged), false, address(this), address(this));
        bridged.setBridge(address(remote));
        v1 = new StubVerifier();
        v2 = new StubVerifier();
        address[] memory verifiers = new address[](2);
        verifiers[0] = address(v1);
        verifiers[1] = address(v2);

        remote.setPeer(HOME, address(home));
        remote.setVerifiers(verifiers, 2);
        remote.setOutboundLimit(HOME, LIMIT);
        remote.setInboundLimit(HOME, LIMIT);
        vm.chainId(HOME);
        home.setPeer(REMOTE, address(remote));
        home.setVerifiers(verifiers, 2);
        home.setOutboundLimit(REMOTE, LIMIT);
        home.setInboundLimit(REMOTE, LIMIT);
        for (uint256 i; i < 3; ++i) {
            vm.prank(actors[i]);
            peper.approve(address(home), type(uint256).max);
        }
    }

    function pendingCount() external view returns (uint256) {
        return _pending.length;
    }

    // ----------------------------------------------------------------- actions

    function sendHome(uint256 seed, uint256 amount, bool queue) external {
        vm.chainId(HOME);
        address a = actors[seed % 3];
        uint256 balance = peper.balanceOf(a);
        if (balance == 0) return;
        amount = 1 + (amount % (balance < 2 * LIMIT ? balance : 2 * LIMIT));
        _send(home, a, amount, REMOTE, queue);
    }

    function sendRemote(uint256 seed, uint256 amount, bool queue) external {
        vm.chainId(REMOTE);
        address a = actors[seed % 3];
        uint256 balance = bridged.balanceOf(a);
        if (balance == 0) return;
        amount = 1 + (amount % balance);
        _send(remote, a, amount, HOME, queue);
    }

    /// @dev Delivers a pending message: one verifier, or both (which executes it), or both in the other order.
    function deliver(uint256 index, uint8 how) external {
        if (_pending.length == 0) return;
        index %= _pending.length;
        BridgeMessage memory m = _pending[index];
        BridgeManager dst = m.dstChainId == HOME ? home : remote;
        vm.chainId(m.dstChainId);
        how %= 3;
        StubVerifier first = how == 2 ? v2 : v1;
        StubVerifier second = how == 2 ? v1 : v2;
        bytes32 digest = dst.messageDigest(m);
        if (!dst.hasAttested(digest, address(first))) first.attest(dst, m);
        if (how == 0) return; // one of two: never executes
        if (!dst.hasAttested(digest, address(second))) second.attest(dst, m);
        (, bool executed) = dst.messageState(digest, m.srcChainId, m.srcManager, m.sequence);
        require(executed, "two attestations must execute");
        IBridgeManager.InboundQueued memory q = dst.inboundQueued(digest);
        if (q.amount != 0) {
            _inboundQueued.push(digest);
        } else {
            _arrived(m);
        }
        _done.push(m);
        _pending[index] = _pending[_pending.length - 1];
        _pending.pop();
    }

    /// @dev Every way of running an executed message again must fail.
    function replay(uint256 index) external {
        if (_done.length == 0) return;
        BridgeMessage memory m = _done[index % _done.length];
        BridgeManager dst = m.dstChainId == HOME ? home : remote;
        vm.chainId(m.dstChainId);
        try dst.execute(m) {
            ++replays;
        } catch {}
        try v1.attest(dst, m) {
            ++replays;
        } catch {}
    }

    function completeInbound(uint256 index) external {
        if (_inboundQueued.length == 0) return;
        index %= _inboundQueued.length;
        bytes32 digest = _inboundQueued[index];
        BridgeManager dst;
        IBridgeManager.InboundQueued memory q = home.inboundQueued(digest);
        if (q.amount != 0) {
            dst = home;
            vm.chainId(HOME);
        } else {
            q = remote.inboundQueued(digest);
            dst = remote;
            vm.chainId(REMOTE);
        }
        if (block.timestamp < uint256(q.queuedAt) + 1 days) {
            try dst.completeInboundQueuedTransfer(digest) {
                revert("completed before its time");
            } catch {}
            return;
        }
        dst.completeInboundQueuedTransfer(digest);
        if (dst == home) remoteToHomeUnreleased -= q.amount;
        else homeToRemoteUnminted -= q.amount;
        _inboundQueued[index] = _inboundQueued[_inboundQueued.length - 1];
        _inboundQueued.pop();
    }

    function completeOrCancelOutbound(uint256 index, bool cancel, bool onHome) external {
        uint64[] storage queue = onHome ? _homeOutQueue : _remoteOutQueue;
        if (queue.length == 0) return;
        index %= queue.length;
        uint64 id = queue[index];
        BridgeManager src = onHome ? home : remote;
        vm.chainId(onHome ? HOME : REMOTE);
        IBridgeManager.OutboundQueued memory q = src.outboundQueued(id);
        if (cancel) {
            vm.prank(q.sender);
            src.cancelOutboundQueuedTransfer(id);
        } else {
            if (block.timestamp < uint256(q.queuedAt) + 1 days) return;
            vm.recordLogs();
            src.completeOutboundQueuedTransfer(id);
            _pending.push(_lastSent());
            if (onHome) homeToRemoteUnminted += q.amount;
            else remoteToHomeUnreleased += q.amount;
        }
        if (onHome) homeOutQueued -= q.amount;
        else remoteOutQueued -= q.amount;
        queue[index] = queue[queue.length - 1];
        queue.pop();
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 2 days));
    }

    // ---------------------------------------------------------------- helpers

    function _send(BridgeManager src, address a, uint256 amount, uint64 dst, bool queue) private {
        bool isHome = src == home;
        uint256 before = isHome ? peper.balanceOf(a) : bridged.balanceOf(a);
        uint256 capacity = src.outboundCapacity(dst);
        vm.recordLogs();
        vm.prank(a);
        try src.transfer(amount, dst, a, queue) returns (uint64 sequence, uint64 queueId) {
            if (queueId != 0) {
                if (isHome) {
                    _homeOutQueue.push(queueId);
                    homeOutQueued += amount;
                } else {
                    _remoteOutQueue.push(queueId);
                    remoteOutQueued += amount;
                }
            } else {
                require(sequence != 0 && amount <= capacity, "sent above the capacity");
                _pending.push(_lastSent());
                if (isHome) homeToRemoteUnminted += amount;
                else remoteToHomeUnreleased += amount;
            }
        } catch {
            uint256 afterBalance = isHome ? peper.balanceOf(a) : bridged.balanceOf(a);
            if (afterBalance != before) ++leakyRefusals;
        }
    }

    function _arrived(BridgeMessage memory m) private {
        if (m.dstChainId == HOME) remoteToHomeUnreleased -= m.amount;
        else homeToRemoteUnminted -= m.amount;
    }

    /// @dev The BridgeMessage of the last MessageSent event recorded.
    function _lastSent() private returns (BridgeMessage memory m) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 topic = IBridgeManager.MessageSent.selector;
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].topics.length > 0 && logs[i - 1].topics[0] == topic) {
                return abi.decode(logs[i - 1].data, (BridgeMessage));
            }
        }
        revert("no MessageSent recorded");
    }
}

/// @title Bridge invariants
/// @notice Over random sequences of both sides' actions: PEPER locked at home always covers the
/// bridged supply, and equals it plus exactly what is in flight or queued; no message runs twice; a
/// refused transfer moves nothing; home PEPER's total supply never changes.
contract BridgeInvariantsTest is PeperTest {
    BridgeHandler private handler;

    function setUp() public {
        handler = new BridgeHandler();
        targetContract(address(handler));
    }

    function invariant_lockedCoversBridgedSupply() public view {
        uint256 locked = handler.peper().balanceOf(address(handler.home()));
        assertGe(locked, handler.bridged().totalSupply(), "locked PEPER below the bridged supply");
    }

    function invariant_lockedEqualsBridgedPlusInFlight() public view {
        uint256 locked = handler.peper().balanceOf(address(handler.home()));
        uint256 accounted =
            handler.bridged().totalSupply() +
                handler.homeToRemoteUnminted() +
                handler.remoteToHomeUnreleased() +
                handler.homeOutQueued() +
                handler.remoteOutQueued();
        assertEq(locked, accounted, "locked != bridged + in flight + queued");
    }

    function invariant_noReplay() public view {
        assertEq(handler.replays(), 0, "a message ran twice");
    }

    function invariant_refusalsMoveNothing() public view {
        assertEq(handler.leakyRefusals(), 0, "a refused transfer moved tokens");
    }

    function invariant_homeSupplyConstant() public view {
        assertEq(handler.peper().totalSupply(), 30_000e18, "home supply changed");
    }

    /// @notice The rate limit never lets more through in a window than its limit allows (capacity ≤ limit).
    function invariant_capacityWithinLimit() public view {
        assertLe(handler.home().outboundCapacity(31338), handler.LIMIT(), "home outbound above limit");
        assertLe(handler.remote().inboundCapacity(31337), handler.LIMIT(), "remote inbound above limit");
    }

    /// @notice A fuzzed round trip: what goes to the remote and comes back returns to the sender, and an
    /// over-limit send without queueing leaves the balance untouched.
    function testFuzz_roundTrip(uint256 amount) public {
        BridgeHandler h = new BridgeHandler();
        uint256 a = bound(amount, 1, 2_000e18);
        uint256 before = h.peper().balanceOf(address(0xA11CE));
        h.sendHome(0, a - 1, false); // amount = 1 + ((a - 1) % ...) = a
        if (a > h.LIMIT()) {
            assertEq(h.peper().balanceOf(address(0xA11CE)), before, "refused send moved tokens");
            assertEq(h.pendingCount(), 0, "refused send created a message");
            return;
        }
        h.deliver(0, 1);
        assertEq(h.bridged().balanceOf(address(0xA11CE)), a, "minted on the remote");
        h.sendRemote(0, a - 1, false);
        h.deliver(0, 2);
        assertEq(h.peper().balanceOf(address(0xA11CE)), before, "came back home");
        assertEq(h.bridged().totalSupply(), 0, "remote supply back to 0");
    }
}
