// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BridgeMessage} from "./BridgeMessage.sol";
import {IAttestations} from "./IAttestations.sol";

/// @title IBridgeManager
/// @notice Moves PEPER between chains (the "manager" of Wormhole's Native Token Transfers). On the
/// home chain it locks PEPER while it travels and releases it on return; on every other chain it
/// burns bridged PEPER on departure and mints it on arrival, so PEPER locked at home always covers
/// every bridged supply. A message is executed on its destination exactly once, and only when
/// `threshold` of the manager's verifiers attested the same message digest. Transfers are rate
/// limited per peer chain, outbound and inbound, with capacities that refill linearly over
/// {RATE_LIMIT_DURATION}: an outbound transfer above the capacity is refused or, if the sender asks,
/// queued; an inbound one is queued and anyone completes it once the duration has passed. Peers,
/// verifiers, threshold and limits belong to the Timelock; the guardian can pause, and only the
/// Timelock unpauses.
interface IBridgeManager is IAttestations {
    /// @notice How a chain's capacity in one direction is tracked (one storage word).
    /// @param capacity The capacity at `lastUpdate` (wei units).
    /// @param lastUpdate When it was last written (unix seconds).
    /// @param limit The most the capacity refills to; it refills by `limit` per {RATE_LIMIT_DURATION}.
    struct RateLimit {
        uint96 capacity;
        uint64 lastUpdate;
        uint96 limit;
    }

    /// @notice An outbound transfer waiting for the rate limit's duration (tokens already taken).
    /// @param amount Tokens.
    /// @param dstChainId The destination chain.
    /// @param queuedAt When it was queued.
    /// @param sender Who sent it (the only one who may cancel it).
    /// @param recipient Who receives it on the destination.
    struct OutboundQueued {
        uint96 amount;
        uint64 dstChainId;
        uint64 queuedAt;
        address sender;
        address recipient;
    }

    /// @notice An executed inbound message whose tokens wait for the rate limit's duration.
    /// @param recipient Who receives them.
    /// @param amount Tokens.
    /// @param queuedAt When it was queued.
    struct InboundQueued {
        address recipient;
        uint96 amount;
        uint64 queuedAt;
    }

    /// @notice The amount is zero.
    error BridgeZeroAmount();
    /// @notice The amount is above what a transfer can carry (2^96 - 1 wei, about 79 billion PEPER,
    /// far above PEPER's cap).
    /// @param amount The amount.
    error BridgeAmountTooLarge(uint256 amount);
    /// @notice The recipient is the zero address.
    error BridgeZeroRecipient();
    /// @notice No peer manager is configured for the chain, or the message's source manager is not it.
    /// @param chainId The chain.
    /// @param manager The manager the message or call named.
    error BridgeUnknownPeer(uint64 chainId, address manager);
    /// @notice A peer may not be zero, this chain, or chain id zero.
    /// @param chainId The chain.
    /// @param peer The peer.
    error BridgeInvalidPeer(uint64 chainId, address peer);
    /// @notice The message is for another chain or another manager.
    /// @param dstChainId The message's destination chain.
    /// @param dstManager The message's destination manager.
    error BridgeWrongDestination(uint64 dstChainId, address dstManager);
    /// @notice The transfer is above the outbound capacity and the sender did not ask to queue it.
    /// @param amount The amount.
    /// @param capacity The capacity now.
    error BridgeOutboundLimitExceeded(uint256 amount, uint256 capacity);
    /// @notice Nothing is queued under that id or digest.
    error BridgeNotQueued();
    /// @notice A queued transfer cannot be completed before its release time.
    /// @param releaseAt When it can (unix seconds).
    error BridgeQueueStillLocked(uint256 releaseAt);
    /// @notice Only the sender of a queued outbound transfer may cancel it.
    /// @param caller Who called.
    error BridgeNotQueueSender(address caller);
    /// @notice The native-token value sent does not cover the verifiers' fees.
    /// @param value What was sent.
    /// @param fee What is needed ({quoteTransfer}).
    error BridgeInsufficientFee(uint256 value, uint256 fee);
    /// @notice The manager received a different amount of tokens than the transfer's amount (a token
    /// with a transfer fee, or a lock that did not move the tokens).
    /// @param expected The amount.
    /// @param received What arrived.
    error BridgeTransferAmountMismatch(uint256 expected, uint256 received);
    /// @notice Returning the unused native-token fee to the caller failed.
    error BridgeRefundFailed();

    /// @notice A message left this chain. Verifiers (and the operators that relay for them) watch it.
    /// @param digest The message digest ({messageDigest}).
    /// @param dstChainId The destination chain.
    /// @param sequence The per-route sequence.
    /// @param message The whole message.
    event MessageSent(
        bytes32 indexed digest,
        uint64 indexed dstChainId,
        uint64 indexed sequence,
        BridgeMessage message
    );
    /// @notice An outbound transfer above the capacity was queued (its tokens are taken).
    /// @param queueId The queue id.
    /// @param sender The sender.
    /// @param dstChainId The destination chain.
    /// @param recipient The recipient.
    /// @param amount Tokens.
    /// @param releaseAt When anyone can complete it.
    event OutboundTransferQueued(
        uint64 indexed queueId,
        address indexed sender,
        uint64 indexed dstChainId,
        address recipient,
        uint256 amount,
        uint256 releaseAt
    );
    /// @notice A queued outbound transfer was sent (its {MessageSent} follows in the same transaction).
    /// @param queueId The queue id.
    /// @param digest The message digest.
    event OutboundQueuedTransferCompleted(uint64 indexed queueId, bytes32 indexed digest);
    /// @notice A queued outbound transfer was cancelled and its tokens returned to the sender.
    /// @param queueId The queue id.
    /// @param sender The sender.
    /// @param amount Tokens returned.
    event OutboundQueuedTransferCancelled(uint64 indexed queueId, address indexed sender, uint256 amount);
    /// @notice A message reached its threshold and was executed: its tokens were released or minted to
    /// the recipient, or queued ({InboundTransferQueued} in the same transaction).
    /// @param digest The message digest.
    /// @param srcChainId The source chain.
    /// @param sequence The per-route sequence.
    /// @param recipient The recipient.
    /// @param amount Tokens.
    /// @param queued Whether the tokens were queued by the inbound rate limit.
    event MessageExecuted(
        bytes32 indexed digest,
        uint64 indexed srcChainId,
        uint64 indexed sequence,
        address recipient,
        uint256 amount,
        bool queued
    );
    /// @notice An executed message's tokens are held back by the inbound rate limit.
    /// @param digest The message digest.
    /// @param recipient The recipient.
    /// @param amount Tokens.
    /// @param releaseAt When anyone can complete it.
    event InboundTransferQueued(bytes32 indexed digest, address indexed recipient, uint256 amount, uint256 releaseAt);
    /// @notice A queued inbound transfer was completed.
    /// @param digest The message digest.
    /// @param recipient The recipient.
    /// @param amount Tokens.
    event InboundQueuedTransferCompleted(bytes32 indexed digest, address indexed recipient, uint256 amount);
    /// @notice The peer manager on a chain was set.
    /// @param chainId The chain.
    /// @param peer Its manager.
    event PeerSet(uint64 indexed chainId, address peer);
    /// @notice A chain's outbound limit changed.
    /// @param chainId The chain.
    /// @param limit The new limit (tokens per {RATE_LIMIT_DURATION}).
    event OutboundLimitSet(uint64 indexed chainId, uint256 limit);
    /// @notice A chain's inbound limit changed.
    /// @param chainId The chain.
    /// @param limit The new limit (tokens per {RATE_LIMIT_DURATION}).
    event InboundLimitSet(uint64 indexed chainId, uint256 limit);

    /// @notice Sends `amount` tokens to `recipient` on `dstChainId`: locks them (home) or burns them
    /// (remote) and emits {MessageSent}, paying each verifier's fee from `msg.value` (the rest is
    /// returned). Above the outbound capacity the transfer is refused, or queued when `shouldQueue`
    /// (then no fee is taken: whoever completes it pays). Needs an allowance on the home chain only.
    /// @param amount Tokens (wei units).
    /// @param dstChainId The destination chain (must have a peer).
    /// @param recipient The recipient there.
    /// @param shouldQueue Queue instead of refusing when above the outbound capacity.
    /// @return sequence The message's sequence, or 0 when queued.
    /// @return queueId The queue id when queued, else 0.
    function transfer(
        uint256 amount,
        uint64 dstChainId,
        address recipient,
        bool shouldQueue
    ) external payable returns (uint64 sequence, uint64 queueId);

    /// @notice Sends a queued outbound transfer once its release time has passed. Anyone may call it
    /// and pays the verifiers' fees.
    /// @param queueId The queue id.
    /// @return sequence The message's sequence.
    function completeOutboundQueuedTransfer(uint64 queueId) external payable returns (uint64 sequence);

    /// @notice Cancels a queued outbound transfer and returns its tokens. Only its sender; allowed while
    /// paused (the tokens are the sender's own).
    /// @param queueId The queue id.
    function cancelOutboundQueuedTransfer(uint64 queueId) external;

    /// @notice A verifier attests a message. The manager records the verifier once per message and
    /// executes the message when it reaches the threshold (unless paused: then anyone calls
    /// {execute} after the pause).
    /// @param message The message.
    function attest(BridgeMessage calldata message) external;

    /// @notice Executes a message that has its threshold of attestations but was not executed yet
    /// (attested during a pause, or before the threshold was lowered). Anyone may call it.
    /// @param message The message.
    function execute(BridgeMessage calldata message) external;

    /// @notice Releases or mints a queued inbound transfer once its release time has passed. Anyone.
    /// @param digest The message digest.
    function completeInboundQueuedTransfer(bytes32 digest) external;

    /// @notice Sets the peer manager on a chain. Only the owner (the Timelock).
    /// @param chainId The chain (not zero, not this chain).
    /// @param peer The manager there (not zero).
    function setPeer(uint64 chainId, address peer) external;

    /// @notice Sets the outbound limit to a chain. Only the owner (the Timelock). The current capacity
    /// moves by the difference between the new and the old limit.
    /// @param chainId The chain.
    /// @param limit Tokens per {RATE_LIMIT_DURATION}.
    function setOutboundLimit(uint64 chainId, uint96 limit) external;

    /// @notice Sets the inbound limit from a chain. Only the owner (the Timelock).
    /// @param chainId The chain.
    /// @param limit Tokens per {RATE_LIMIT_DURATION}.
    function setInboundLimit(uint64 chainId, uint96 limit) external;

    /// @notice The token this manager moves.
    /// @return The token.
    function token() external view returns (address);

    /// @notice Whether this is the home chain's manager (locks) or a remote one (burns and mints).
    /// @return True on the home chain.
    function isHome() external view returns (bool);

    /// @notice The peer manager on a chain (zero when none).
    /// @param chainId The chain.
    /// @return The peer.
    function peers(uint64 chainId) external view returns (address);

    /// @notice The last sequence sent to a chain.
    /// @param chainId The chain.
    /// @return The sequence (0 before the first message).
    function outboundSequence(uint64 chainId) external view returns (uint64);

    /// @notice The digest of a message, the identifier verifiers attest.
    /// @param message The message.
    /// @return The digest.
    function messageDigest(BridgeMessage calldata message) external pure returns (bytes32);

    /// @notice The native-token fee a transfer to `dstChainId` needs (the verifiers' fees).
    /// @param dstChainId The destination chain.
    /// @return fee Wei.
    function quoteTransfer(uint64 dstChainId) external view returns (uint256 fee);

    /// @notice What can be sent to a chain now without queueing.
    /// @param chainId The chain.
    /// @return Tokens.
    function outboundCapacity(uint64 chainId) external view returns (uint256);

    /// @notice What can arrive from a chain now without queueing.
    /// @param chainId The chain.
    /// @return Tokens.
    function inboundCapacity(uint64 chainId) external view returns (uint256);

    /// @notice The outbound rate limit to a chain as stored.
    /// @param chainId The chain.
    /// @return The stored limit state.
    function outboundRateLimit(uint64 chainId) external view returns (RateLimit memory);

    /// @notice The inbound rate limit from a chain as stored.
    /// @param chainId The chain.
    /// @return The stored limit state.
    function inboundRateLimit(uint64 chainId) external view returns (RateLimit memory);

    /// @notice A queued outbound transfer (amount 0 when none).
    /// @param queueId The queue id.
    /// @return The queued transfer.
    function outboundQueued(uint64 queueId) external view returns (OutboundQueued memory);

    /// @notice A queued inbound transfer (amount 0 when none).
    /// @param digest The message digest.
    /// @return The queued transfer.
    function inboundQueued(bytes32 digest) external view returns (InboundQueued memory);
}
