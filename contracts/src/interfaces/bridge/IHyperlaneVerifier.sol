// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IHyperlaneVerifier
/// @notice A bridge verifier that carries each message over Hyperlane: on the source chain it
/// dispatches the whole message (a token message, or a governance message from the home chain's
/// GovernanceSender; the body is `abi.encode(uint8 kind, bytes message)`) through Hyperlane's Mailbox
/// to its peer adapter; on the destination,
/// Hyperlane's Mailbox calls {handle} only after this adapter's Interchain Security Module (e.g. a
/// MessageIdMultisigIsm whose validators are not the Peper operators) verified the message, and the
/// adapter attests it to the manager. The adapter accepts only its configured peer adapter on the
/// message's own source chain.
interface IHyperlaneVerifier {
    /// @notice Where a chain's peer adapter is reached.
    /// @param domain The chain's Hyperlane domain.
    /// @param adapter The peer adapter's address as bytes32.
    struct Remote {
        uint32 domain;
        bytes32 adapter;
    }

    /// @notice A zero chain id, domain, adapter or security module, or this chain.
    error HyperlaneInvalidConfig();
    /// @notice Only the Mailbox may deliver, and only the manager may send.
    /// @param caller Who called.
    error HyperlaneUnauthorized(address caller);
    /// @notice No peer adapter is configured for the chain.
    /// @param chainId The chain.
    error HyperlaneUnknownChain(uint64 chainId);
    /// @notice The delivery came from a domain or sender that is not the configured peer adapter, or
    /// the message names another source chain than the one it came from.
    /// @param origin The Hyperlane origin domain.
    /// @param sender The sender on the origin.
    error HyperlaneUnknownSender(uint32 origin, bytes32 sender);
    /// @notice Native tokens sent with a delivery would be stuck.
    error HyperlaneUnexpectedValue();

    /// @notice The delivery's body is not a message this adapter knows.
    /// @param kind The body's kind byte.
    error HyperlaneUnknownKind(uint8 kind);

    /// @notice The governance endpoints changed.
    /// @param sender The home chain's GovernanceSender (may send through this adapter; zero elsewhere).
    /// @param receiver This chain's GovernanceReceiver (gets governance deliveries; zero on the home chain).
    event GovernanceEndpointsSet(address sender, address receiver);
    /// @notice A chain's peer adapter was set.
    /// @param chainId The chain id.
    /// @param domain Its Hyperlane domain.
    /// @param adapter The adapter.
    event RemoteSet(uint64 indexed chainId, uint32 indexed domain, bytes32 adapter);
    /// @notice The security module that verifies deliveries to this adapter changed.
    /// @param ism The module.
    event SecurityModuleSet(address ism);
    /// @notice A message was handed to Hyperlane.
    /// @param digest The bridge message digest.
    /// @param hyperlaneMessageId Hyperlane's id of the dispatched message.
    event Dispatched(bytes32 indexed digest, bytes32 indexed hyperlaneMessageId);

    /// @notice Sets the peer adapter on a chain. Only the owner (the Timelock).
    /// @param chainId The chain id.
    /// @param domain Its Hyperlane domain.
    /// @param adapter The adapter there.
    function setRemote(uint64 chainId, uint32 domain, address adapter) external;

    /// @notice Sets the governance endpoints. Only the owner.
    /// @param sender The home chain's GovernanceSender (zero on remote chains).
    /// @param receiver This chain's GovernanceReceiver (zero on the home chain).
    function setGovernanceEndpoints(address sender, address receiver) external;

    /// @notice Sets the security module the Mailbox must use for deliveries here. Only the owner.
    /// @param ism The module (not zero: the Mailbox's default module is not trusted implicitly).
    function setInterchainSecurityModule(address ism) external;

    /// @notice Hyperlane's Mailbox on this chain.
    /// @return The Mailbox.
    function mailbox() external view returns (address);

    /// @notice The manager this adapter attests to and sends for.
    /// @return The manager.
    function manager() external view returns (address);

    /// @notice A chain's peer adapter.
    /// @param chainId The chain id.
    /// @return domain Its Hyperlane domain.
    /// @return adapter The adapter as bytes32.
    function remotes(uint64 chainId) external view returns (uint32 domain, bytes32 adapter);
}
