// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {GuardianPausable} from "../governance/GuardianPausable.sol";
import {Attestations} from "./Attestations.sol";
import {BridgeMessage, BridgeMessageLib} from "../interfaces/bridge/BridgeMessage.sol";
import {IBridgeManager} from "../interfaces/bridge/IBridgeManager.sol";
import {IBridgeVerifier} from "../interfaces/bridge/IBridgeVerifier.sol";
import {IPeperBridgedToken} from "../interfaces/bridge/IPeperBridgedToken.sol";

/// @title BridgeManager
/// @notice Locks (home) or burns (remote) PEPER on departure, releases or mints it on arrival once
/// `threshold` verifiers attested the message. See {IBridgeManager}.
/// @dev The k-of-n bookkeeping is {Attestations}, shared with the GovernanceReceiver.
contract BridgeManager is IBridgeManager, GuardianPausable, Attestations, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice A rate limit refills its whole limit over this time, and queued transfers wait it.
    uint256 public constant RATE_LIMIT_DURATION = 1 days;

    /// @inheritdoc IBridgeManager
    address public immutable token;
    /// @inheritdoc IBridgeManager
    bool public immutable isHome;

    /// @inheritdoc IBridgeManager
    mapping(uint64 chainId => address peer) public peers;
    /// @inheritdoc IBridgeManager
    mapping(uint64 chainId => uint64 sequence) public outboundSequence;

    mapping(uint64 chainId => RateLimit) private _outbound;
    mapping(uint64 chainId => RateLimit) private _inbound;

    uint64 private _lastQueueId;
    mapping(uint64 queueId => OutboundQueued) private _outboundQueue;
    mapping(bytes32 digest => InboundQueued) private _inboundQueue;

    /// @param token_ PEPER (home) or the chain's PeperBridgedToken (remote).
    /// @param isHome_ Whether this chain is PEPER's home.
    /// @param owner_ The chain's Timelock.
    /// @param guardian_ The guardian (may pause).
    constructor(address token_, bool isHome_, address owner_, address guardian_) GuardianPausable(owner_, guardian_) {
        token = token_;
        isHome = isHome_;
    }

    // ---------------------------------------------------------------- sending

    /// @inheritdoc IBridgeManager
    function transfer(
        uint256 amount,
        uint64 dstChainId,
        address recipient,
        bool shouldQueue
    ) external payable nonReentrant whenNotPaused returns (uint64 sequence, uint64 queueId) {
        if (amount == 0) revert BridgeZeroAmount();
        if (amount > type(uint96).max) revert BridgeAmountTooLarge(amount);
        if (recipient == address(0)) revert BridgeZeroRecipient();
        address peer = peers[dstChainId];
        if (peer == address(0)) revert BridgeUnknownPeer(dstChainId, address(0));

        RateLimit memory out = _current(_outbound[dstChainId]);
        if (amount > out.capacity) {
            if (!shouldQueue) revert BridgeOutboundLimitExceeded(amount, out.capacity);
            queueId = ++_lastQueueId;
            _outboundQueue[queueId] = OutboundQueued({
                amount: uint96(amount),
                dstChainId: dstChainId,
                queuedAt: uint64(block.timestamp),
                sender: msg.sender,
                recipient: recipient
            });
            emit OutboundTransferQueued(
                queueId,
                msg.sender,
                dstChainId,
                recipient,
                amount,
                block.timestamp + RATE_LIMIT_DURATION
            );
            _takeTokens(msg.sender, amount);
            _refund(msg.value);
            return (0, queueId);
        }
        out.capacity -= uint96(amount);
        _write(_outbound[dstChainId], out);
        _backfill(_inbound[dstChainId], amount);

        _takeTokens(msg.sender, amount);
        (sequence, ) = _send(dstChainId, peer, msg.sender, recipient, amount);
    }

    /// @inheritdoc IBridgeManager
    function completeOutboundQueuedTransfer(
        uint64 queueId
    ) external payable nonReentrant whenNotPaused returns (uint64 sequence) {
        OutboundQueued memory q = _outboundQueue[queueId];
        if (q.amount == 0) revert BridgeNotQueued();
        uint256 releaseAt = uint256(q.queuedAt) + RATE_LIMIT_DURATION;
        if (block.timestamp < releaseAt) revert BridgeQueueStillLocked(releaseAt);
        address peer = peers[q.dstChainId];
        if (peer == address(0)) revert BridgeUnknownPeer(q.dstChainId, address(0));
        delete _outboundQueue[queueId];
        bytes32 digest;
        (sequence, digest) = _send(q.dstChainId, peer, q.sender, q.recipient, q.amount);
        emit OutboundQueuedTransferCompleted(queueId, digest);
    }

    /// @inheritdoc IBridgeManager
    function cancelOutboundQueuedTransfer(uint64 queueId) external nonReentrant {
        OutboundQueued memory q = _outboundQueue[queueId];
        if (q.amount == 0) revert BridgeNotQueued();
        if (msg.sender != q.sender) revert BridgeNotQueueSender(msg.sender);
        delete _outboundQueue[queueId];
        emit OutboundQueuedTransferCancelled(queueId, q.sender, q.amount);
        _giveTokens(q.sender, q.amount);
    }

    // -------------------------------------------------------------- receiving

    /// @inheritdoc IBridgeManager
    function attest(BridgeMessage calldata message) external nonReentrant {
        bytes32 digest = BridgeMessageLib.digest(message);
        // the caller is checked first (an unknown verifier learns nothing about the message)
        bool run = _attest(digest, message.srcChainId, message.srcManager, message.sequence);
        _checkInbound(message);
        if (run) _execute(message, digest);
    }

    /// @inheritdoc IBridgeManager
    function execute(BridgeMessage calldata message) external nonReentrant whenNotPaused {
        _checkInbound(message);
        bytes32 digest = BridgeMessageLib.digest(message);
        _claimExecution(digest, message.srcChainId, message.srcManager, message.sequence);
        _execute(message, digest);
    }

    /// @inheritdoc IBridgeManager
    function completeInboundQueuedTransfer(bytes32 digest) external nonReentrant whenNotPaused {
        InboundQueued memory q = _inboundQueue[digest];
        if (q.amount == 0) revert BridgeNotQueued();
        uint256 releaseAt = uint256(q.queuedAt) + RATE_LIMIT_DURATION;
        if (block.timestamp < releaseAt) revert BridgeQueueStillLocked(releaseAt);
        delete _inboundQueue[digest];
        emit InboundQueuedTransferCompleted(digest, q.recipient, q.amount);
        _giveTokens(q.recipient, q.amount);
    }

    // ------------------------------------------------------------ governance

    /// @inheritdoc IBridgeManager
    function setPeer(uint64 chainId, address peer) external onlyOwner {
        if (chainId == 0 || chainId == block.chainid || peer == address(0)) revert BridgeInvalidPeer(chainId, peer);
        peers[chainId] = peer;
        emit PeerSet(chainId, peer);
    }

    /// @inheritdoc IBridgeManager
    function setOutboundLimit(uint64 chainId, uint96 limit) external onlyOwner {
        _setLimit(_outbound[chainId], limit);
        emit OutboundLimitSet(chainId, limit);
    }

    /// @inheritdoc IBridgeManager
    function setInboundLimit(uint64 chainId, uint96 limit) external onlyOwner {
        _setLimit(_inbound[chainId], limit);
        emit InboundLimitSet(chainId, limit);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IBridgeManager
    function messageDigest(BridgeMessage calldata message) external pure returns (bytes32) {
        return BridgeMessageLib.digest(message);
    }

    /// @inheritdoc IBridgeManager
    function quoteTransfer(uint64 dstChainId) public view returns (uint256 fee) {
        uint256 n = _verifiers.length;
        for (uint256 i; i < n; ++i) {
            fee += IBridgeVerifier(_verifiers[i]).quoteSend(dstChainId);
        }
    }

    /// @inheritdoc IBridgeManager
    function outboundCapacity(uint64 chainId) external view returns (uint256) {
        return _current(_outbound[chainId]).capacity;
    }

    /// @inheritdoc IBridgeManager
    function inboundCapacity(uint64 chainId) external view returns (uint256) {
        return _current(_inbound[chainId]).capacity;
    }

    /// @inheritdoc IBridgeManager
    function outboundRateLimit(uint64 chainId) external view returns (RateLimit memory) {
        return _outbound[chainId];
    }

    /// @inheritdoc IBridgeManager
    function inboundRateLimit(uint64 chainId) external view returns (RateLimit memory) {
        return _inbound[chainId];
    }

    /// @inheritdoc IBridgeManager
    function outboundQueued(uint64 queueId) external view returns (OutboundQueued memory) {
        return _outboundQueue[queueId];
    }

    /// @inheritdoc IBridgeManager
    function inboundQueued(bytes32 digest) external view returns (InboundQueued memory) {
        return _inboundQueue[digest];
    }

    // --------------------------------------------------------------- internal

    /// @dev A paused manager records attestations but runs nothing until unpaused.
    function _executionOpen() internal view override returns (bool) {
        return !paused();
    }

    /// @dev Builds, emits and hands a message to every verifier, paying their fees from msg.value.
    function _send(
        uint64 dstChainId,
        address peer,
        address sender,
        address recipient,
        uint256 amount
    ) private returns (uint64 sequence, bytes32 digest) {
        sequence = ++outboundSequence[dstChainId];
        BridgeMessage memory message = BridgeMessage({
            sequence: sequence,
            srcChainId: uint64(block.chainid),
            srcManager: address(this),
            dstChainId: dstChainId,
            dstManager: peer,
            sender: sender,
            recipient: recipient,
            amount: amount
        });
        digest = BridgeMessageLib.digest(message);
        emit MessageSent(digest, dstChainId, sequence, message);

        uint256 n = _verifiers.length;
        uint256 spent;
        for (uint256 i; i < n; ++i) {
            IBridgeVerifier verifier = IBridgeVerifier(_verifiers[i]);
            uint256 fee = verifier.quoteSend(dstChainId);
            spent += fee;
            if (spent > msg.value) revert BridgeInsufficientFee(msg.value, quoteTransfer(dstChainId));
            verifier.onSend{value: fee}(message);
        }
        _refund(msg.value - spent);
    }

    function _execute(BridgeMessage calldata message, bytes32 digest) private {
        RateLimit memory inb = _current(_inbound[message.srcChainId]);
        uint256 amount = message.amount;
        if (amount > inb.capacity) {
            _inboundQueue[digest] = InboundQueued({
                recipient: message.recipient,
                amount: uint96(amount),
                queuedAt: uint64(block.timestamp)
            });
            emit MessageExecuted(digest, message.srcChainId, message.sequence, message.recipient, amount, true);
            emit InboundTransferQueued(digest, message.recipient, amount, block.timestamp + RATE_LIMIT_DURATION);
            return;
        }
        inb.capacity -= uint96(amount);
        _inbound[message.srcChainId] = inb;
        _backfill(_outbound[message.srcChainId], amount);
        emit MessageExecuted(digest, message.srcChainId, message.sequence, message.recipient, amount, false);
        _giveTokens(message.recipient, amount);
    }

    /// @dev The message is for this manager on this chain, from the peer configured for its source.
    function _checkInbound(BridgeMessage calldata message) private view {
        if (message.dstChainId != block.chainid || message.dstManager != address(this)) {
            revert BridgeWrongDestination(message.dstChainId, message.dstManager);
        }
        address peer = peers[message.srcChainId];
        // an unset peer is zero and never matches: a message naming the zero manager is refused too
        if (peer == address(0) || peer != message.srcManager) {
            revert BridgeUnknownPeer(message.srcChainId, message.srcManager);
        }
        if (message.amount == 0) revert BridgeZeroAmount();
        if (message.amount > type(uint96).max) revert BridgeAmountTooLarge(message.amount);
        if (message.recipient == address(0)) revert BridgeZeroRecipient();
    }

    function _takeTokens(address from, uint256 amount) private {
        if (isHome) {
            IERC20 t = IERC20(token);
            uint256 before = t.balanceOf(address(this));
            t.safeTransferFrom(from, address(this), amount);
            uint256 received = t.balanceOf(address(this)) - before;
            if (received != amount) revert BridgeTransferAmountMismatch(amount, received);
        } else {
            IPeperBridgedToken(token).burn(from, amount);
        }
    }

    function _giveTokens(address to, uint256 amount) private {
        if (isHome) {
            IERC20(token).safeTransfer(to, amount);
        } else {
            IPeperBridgedToken(token).mint(to, amount);
        }
    }

    function _refund(uint256 value) private {
        if (value == 0) return;
        (bool ok, ) = payable(msg.sender).call{value: value}(""); // solhint-disable-line avoid-low-level-calls
        if (!ok) revert BridgeRefundFailed();
    }

    /// @dev The limit's state now: capacity refilled linearly since its last update, up to the limit.
    function _current(RateLimit storage stored) private view returns (RateLimit memory r) {
        r = stored;
        uint256 elapsed = block.timestamp - r.lastUpdate;
        uint256 refill = elapsed >= RATE_LIMIT_DURATION ? r.limit : (uint256(r.limit) * elapsed) / RATE_LIMIT_DURATION;
        uint256 capacity = uint256(r.capacity) + refill;
        r.capacity = capacity > r.limit ? r.limit : uint96(capacity);
        r.lastUpdate = uint64(block.timestamp);
    }

    /// @dev Traffic in one direction frees capacity in the other (up to its limit).
    function _backfill(RateLimit storage stored, uint256 amount) private {
        RateLimit memory r = _current(stored);
        // Already full: it stays full whatever its stored time says (refilling never lowers it), so the
        // word need not be written.
        if (r.capacity == r.limit) return;
        uint256 capacity = uint256(r.capacity) + amount;
        r.capacity = capacity > r.limit ? r.limit : uint96(capacity);
        _write(stored, r);
    }

    function _setLimit(RateLimit storage stored, uint96 limit) private {
        RateLimit memory r = _current(stored);
        if (limit >= r.limit) {
            r.capacity += limit - r.limit;
        } else {
            uint96 cut = r.limit - limit;
            r.capacity = r.capacity > cut ? r.capacity - cut : 0;
        }
        r.limit = limit;
        _write(stored, r);
    }

    /// @dev One storage word: capacity, lastUpdate and limit are packed.
    function _write(RateLimit storage stored, RateLimit memory r) private {
        stored.capacity = r.capacity;
        stored.lastUpdate = r.lastUpdate;
        stored.limit = r.limit;
    }
}
