// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
// Hyperlane's interfaces, from its npm package through remappings.txt (the package exports no
// Solidity paths, and solhint does not read remappings).
// solhint-disable import-path-check
import {
    IInterchainSecurityModule,
    ISpecifiesInterchainSecurityModule
} from "@hyperlane/interfaces/IInterchainSecurityModule.sol";
import {IMailbox} from "@hyperlane/interfaces/IMailbox.sol";
import {IMessageRecipient} from "@hyperlane/interfaces/IMessageRecipient.sol";
// solhint-enable import-path-check

import {BridgeMessage, BridgeMessageLib} from "../interfaces/bridge/BridgeMessage.sol";
import {GovernanceMessage, GovernanceMessageLib} from "../interfaces/bridge/GovernanceMessage.sol";
import {IBridgeManager} from "../interfaces/bridge/IBridgeManager.sol";
import {IBridgeVerifier} from "../interfaces/bridge/IBridgeVerifier.sol";
import {IGovernanceReceiver} from "../interfaces/bridge/IGovernanceReceiver.sol";
import {IHyperlaneVerifier} from "../interfaces/bridge/IHyperlaneVerifier.sol";

/// @title HyperlaneVerifier
/// @notice The bridge's second, independent verifier: messages travel over Hyperlane and are verified
/// by Hyperlane's own audited Mailbox and security module. See {IHyperlaneVerifier}.
contract HyperlaneVerifier is
    IHyperlaneVerifier,
    IBridgeVerifier,
    IMessageRecipient,
    ISpecifiesInterchainSecurityModule,
    Ownable
{
    /// @inheritdoc IHyperlaneVerifier
    address public immutable mailbox;
    /// @inheritdoc IHyperlaneVerifier
    address public immutable manager;
    /// @notice The body's first word: a token message.
    uint8 public constant KIND_TOKEN = 1;
    /// @notice The body's first word: a governance message.
    uint8 public constant KIND_GOVERNANCE = 2;

    /// @notice The module the Mailbox uses to verify deliveries to this adapter.
    IInterchainSecurityModule public interchainSecurityModule;
    /// @notice The home chain's GovernanceSender (zero on remote chains).
    address public governanceSender;
    /// @notice This chain's GovernanceReceiver (zero on the home chain).
    address public governanceReceiver;

    mapping(uint64 chainId => Remote) private _remotes;
    mapping(uint32 domain => uint64 chainId) private _chainOfDomain;

    /// @param owner_ The chain's Timelock.
    /// @param mailbox_ Hyperlane's Mailbox on this chain.
    /// @param manager_ The chain's BridgeManager.
    /// @param ism The security module for deliveries here.
    constructor(address owner_, address mailbox_, address manager_, address ism) Ownable(owner_) {
        if (mailbox_ == address(0) || manager_ == address(0) || ism == address(0)) revert HyperlaneInvalidConfig();
        mailbox = mailbox_;
        manager = manager_;
        interchainSecurityModule = IInterchainSecurityModule(ism);
        emit SecurityModuleSet(ism);
    }

    /// @inheritdoc IBridgeVerifier
    function onSend(BridgeMessage calldata message) external payable {
        if (msg.sender != manager) revert HyperlaneUnauthorized(msg.sender);
        Remote memory remote = _remote(message.dstChainId);
        bytes memory body = abi.encode(KIND_TOKEN, abi.encode(message));
        bytes32 id = IMailbox(mailbox).dispatch{value: msg.value}(remote.domain, remote.adapter, body);
        emit Dispatched(BridgeMessageLib.digest(message), id);
    }

    /// @inheritdoc IBridgeVerifier
    function onSendGovernance(GovernanceMessage calldata message) external payable {
        if (msg.sender != governanceSender || msg.sender == address(0)) revert HyperlaneUnauthorized(msg.sender);
        Remote memory remote = _remote(message.dstChainId);
        bytes memory body = abi.encode(KIND_GOVERNANCE, abi.encode(message));
        bytes32 id = IMailbox(mailbox).dispatch{value: msg.value}(remote.domain, remote.adapter, body);
        emit Dispatched(GovernanceMessageLib.digest(message), id);
    }

    /// @inheritdoc IBridgeVerifier
    function quoteSendGovernance(GovernanceMessage calldata message) external view returns (uint256) {
        Remote memory remote = _remote(message.dstChainId);
        return
            IMailbox(mailbox).quoteDispatch(
                remote.domain,
                remote.adapter,
                abi.encode(KIND_GOVERNANCE, abi.encode(message))
            );
    }

    /// @inheritdoc IBridgeVerifier
    function quoteSend(uint256 dstChainId) external view returns (uint256) {
        Remote memory remote = _remote(uint64(dstChainId));
        BridgeMessage memory sample;
        return
            IMailbox(mailbox).quoteDispatch(remote.domain, remote.adapter, abi.encode(KIND_TOKEN, abi.encode(sample)));
    }

    /// @notice Called by the Mailbox after the security module verified a delivery: attests the message
    /// it carries to the manager (a token message) or to the GovernanceReceiver (a governance message).
    /// @param origin The origin's Hyperlane domain.
    /// @param sender The sender on the origin (must be the peer adapter there).
    /// @param body `abi.encode(uint8 kind, bytes message)`.
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable {
        if (msg.sender != mailbox) revert HyperlaneUnauthorized(msg.sender);
        if (msg.value != 0) revert HyperlaneUnexpectedValue();
        uint64 chainId = _chainOfDomain[origin];
        // an unknown domain maps to chain 0, whose adapter is unset (zero) and never equals a sender
        bytes32 expected = _remotes[chainId].adapter;
        if (chainId == 0 || expected == bytes32(0) || sender != expected) revert HyperlaneUnknownSender(origin, sender);
        (uint8 kind, bytes memory encoded) = abi.decode(body, (uint8, bytes));
        // a message must claim the chain it really came from
        if (kind == KIND_TOKEN) {
            BridgeMessage memory message = abi.decode(encoded, (BridgeMessage));
            if (message.srcChainId != chainId) revert HyperlaneUnknownSender(origin, sender);
            IBridgeManager(manager).attest(message);
        } else if (kind == KIND_GOVERNANCE) {
            address receiver = governanceReceiver;
            if (receiver == address(0)) revert HyperlaneUnknownKind(kind);
            GovernanceMessage memory message = abi.decode(encoded, (GovernanceMessage));
            if (message.srcChainId != chainId) revert HyperlaneUnknownSender(origin, sender);
            IGovernanceReceiver(receiver).attest(message);
        } else {
            revert HyperlaneUnknownKind(kind);
        }
    }

    /// @inheritdoc IHyperlaneVerifier
    function setGovernanceEndpoints(address sender, address receiver) external onlyOwner {
        governanceSender = sender;
        governanceReceiver = receiver;
        emit GovernanceEndpointsSet(sender, receiver);
    }

    /// @inheritdoc IHyperlaneVerifier
    function setRemote(uint64 chainId, uint32 domain, address adapter) external onlyOwner {
        if (chainId == 0 || chainId == block.chainid || domain == 0 || adapter == address(0)) {
            revert HyperlaneInvalidConfig();
        }
        uint32 previous = _remotes[chainId].domain;
        if (previous != 0) delete _chainOfDomain[previous];
        bytes32 id = bytes32(uint256(uint160(adapter)));
        _remotes[chainId] = Remote(domain, id);
        _chainOfDomain[domain] = chainId;
        emit RemoteSet(chainId, domain, id);
    }

    /// @inheritdoc IHyperlaneVerifier
    function setInterchainSecurityModule(address ism) external onlyOwner {
        if (ism == address(0)) revert HyperlaneInvalidConfig();
        interchainSecurityModule = IInterchainSecurityModule(ism);
        emit SecurityModuleSet(ism);
    }

    /// @inheritdoc IHyperlaneVerifier
    function remotes(uint64 chainId) external view returns (uint32 domain, bytes32 adapter) {
        Remote memory remote = _remotes[chainId];
        return (remote.domain, remote.adapter);
    }

    function _remote(uint64 chainId) private view returns (Remote memory remote) {
        remote = _remotes[chainId];
        if (remote.adapter == bytes32(0)) revert HyperlaneUnknownChain(chainId);
    }
}
