// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {GovernanceMessage, GovernanceMessageLib} from "../interfaces/bridge/GovernanceMessage.sol";
import {IBridgeVerifier} from "../interfaces/bridge/IBridgeVerifier.sol";
import {IGovernanceSender} from "../interfaces/bridge/IGovernanceSender.sol";

/// @title GovernanceSender
/// @notice The home chain's end of cross-chain governance. See {IGovernanceSender}.
contract GovernanceSender is IGovernanceSender, Ownable, ReentrancyGuardTransient {
    /// @notice Most calls in one message (the same bound the dApp puts on a proposal's actions).
    uint256 public constant MAX_ACTIONS = 10;
    /// @notice Most verifiers that carry messages.
    uint256 public constant MAX_VERIFIERS = 8;

    /// @inheritdoc IGovernanceSender
    mapping(uint64 chainId => address receiver) public receivers;
    /// @inheritdoc IGovernanceSender
    mapping(uint64 chainId => uint64 nonce) public nonces;
    address[] private _verifiers;

    /// @param owner_ The home chain's Timelock.
    constructor(address owner_) Ownable(owner_) {}

    /// @inheritdoc IGovernanceSender
    function send(
        uint64 dstChainId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external payable onlyOwner nonReentrant returns (uint64 nonce) {
        address receiver = receivers[dstChainId];
        if (receiver == address(0)) revert GovernanceUnknownChain(dstChainId);
        _checkBatch(targets, values, calldatas);
        nonce = ++nonces[dstChainId];
        GovernanceMessage memory message = _message(nonce, dstChainId, receiver, targets, values, calldatas);
        emit GovernanceMessageSent(GovernanceMessageLib.digest(message), dstChainId, nonce, message);
        uint256 spent;
        uint256 n = _verifiers.length;
        for (uint256 i; i < n; ++i) {
            IBridgeVerifier verifier = IBridgeVerifier(_verifiers[i]);
            uint256 fee = verifier.quoteSendGovernance(message);
            spent += fee;
            if (spent > msg.value) revert GovernanceInsufficientFee(msg.value, spent);
            verifier.onSendGovernance{value: fee}(message);
        }
        if (msg.value > spent) {
            (bool ok, ) = payable(msg.sender).call{value: msg.value - spent}(""); // solhint-disable-line avoid-low-level-calls
            if (!ok) revert GovernanceRefundFailed();
        }
    }

    /// @inheritdoc IGovernanceSender
    function setReceiver(uint64 chainId, address receiver) external onlyOwner {
        if (chainId == 0 || chainId == block.chainid || receiver == address(0)) revert GovernanceInvalidConfig();
        receivers[chainId] = receiver;
        emit ReceiverSet(chainId, receiver);
    }

    /// @inheritdoc IGovernanceSender
    function setVerifiers(address[] calldata verifiers_) external onlyOwner {
        if (verifiers_.length == 0 || verifiers_.length > MAX_VERIFIERS) revert GovernanceInvalidConfig();
        for (uint256 i; i < verifiers_.length; ++i) {
            if (verifiers_[i] == address(0)) revert GovernanceInvalidConfig();
        }
        _verifiers = verifiers_;
        emit SendVerifiersSet(verifiers_);
    }

    /// @inheritdoc IGovernanceSender
    function quoteSend(
        uint64 dstChainId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external view returns (uint256 fee) {
        address receiver = receivers[dstChainId];
        if (receiver == address(0)) revert GovernanceUnknownChain(dstChainId);
        GovernanceMessage memory message = _message(
            nonces[dstChainId] + 1,
            dstChainId,
            receiver,
            targets,
            values,
            calldatas
        );
        uint256 n = _verifiers.length;
        for (uint256 i; i < n; ++i) fee += IBridgeVerifier(_verifiers[i]).quoteSendGovernance(message);
    }

    /// @inheritdoc IGovernanceSender
    function verifiers() external view returns (address[] memory) {
        return _verifiers;
    }

    function _message(
        uint64 nonce,
        uint64 dstChainId,
        address receiver,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) private view returns (GovernanceMessage memory) {
        return
            GovernanceMessage({
                nonce: nonce,
                srcChainId: uint64(block.chainid),
                srcSender: address(this),
                dstChainId: dstChainId,
                dstReceiver: receiver,
                targets: targets,
                values: values,
                calldatas: calldatas
            });
    }

    function _checkBatch(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) private pure {
        uint256 n = targets.length;
        if (n == 0 || n > MAX_ACTIONS || values.length != n || calldatas.length != n) revert GovernanceInvalidBatch();
    }
}
