// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {BridgeMessage, BridgeMessageLib} from "../interfaces/bridge/BridgeMessage.sol";
import {GovernanceMessage, GovernanceMessageLib} from "../interfaces/bridge/GovernanceMessage.sol";
import {IBridgeManager} from "../interfaces/bridge/IBridgeManager.sol";
import {IBridgeVerifier} from "../interfaces/bridge/IBridgeVerifier.sol";
import {IGovernanceReceiver} from "../interfaces/bridge/IGovernanceReceiver.sol";
import {IOperatorVerifier} from "../interfaces/bridge/IOperatorVerifier.sol";

/// @title OperatorVerifier
/// @notice The Peper operators' M-of-N attestation of bridge messages. See {IOperatorVerifier}.
/// @dev Passive on the source chain (the operators watch the manager's MessageSent events). Signers are
/// found through a packed index valid for one configuration version (one SLOAD each), duplicates with a
/// bitmap, as in the OracleHub.
contract OperatorVerifier is IOperatorVerifier, IBridgeVerifier, Ownable, EIP712 {
    /// @notice Most operators in a configuration.
    uint256 public constant MAX_OPERATORS = 31;

    bytes32 private constant _ATTESTATION_TYPEHASH = keccak256(
        "Attestation(bytes32 messageDigest,uint32 configVersion)"
    );

    struct OperatorInfo {
        uint32 configVersion; // the version in which this index is valid
        uint8 index;
    }

    /// @inheritdoc IOperatorVerifier
    address public immutable manager;

    address[] private _operators;
    /// @inheritdoc IOperatorVerifier
    uint8 public threshold;
    /// @inheritdoc IOperatorVerifier
    uint32 public configVersion;
    mapping(address operator => OperatorInfo) private _operatorInfo;
    /// @notice The home chain's GovernanceSender (may call onSendGovernance here; zero on remote chains).
    address public governanceSender;
    /// @notice This chain's GovernanceReceiver (where governance attestations go; zero on the home chain).
    address public governanceReceiver;

    /// @param owner_ The chain's Timelock.
    /// @param manager_ The chain's BridgeManager.
    constructor(address owner_, address manager_) Ownable(owner_) EIP712("Peper Bridge Operators", "1") {
        manager = manager_;
    }

    /// @inheritdoc IOperatorVerifier
    function attest(BridgeMessage calldata message, bytes[] calldata signatures) external {
        bytes32 digest = BridgeMessageLib.digest(message);
        _verify(digest, signatures);
        IBridgeManager(manager).attest(message);
    }

    /// @inheritdoc IOperatorVerifier
    function attestGovernance(GovernanceMessage calldata message, bytes[] calldata signatures) external {
        address receiver = governanceReceiver;
        if (receiver == address(0)) revert OperatorsUnexpectedCall(msg.sender);
        bytes32 digest = GovernanceMessageLib.digest(message);
        _verify(digest, signatures);
        IGovernanceReceiver(receiver).attest(message);
    }

    /// @inheritdoc IBridgeVerifier
    function onSend(BridgeMessage calldata) external payable {
        if (msg.sender != manager || msg.value != 0) revert OperatorsUnexpectedCall(msg.sender);
    }

    /// @inheritdoc IBridgeVerifier
    function quoteSend(uint256) external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc IBridgeVerifier
    function onSendGovernance(GovernanceMessage calldata) external payable {
        if (msg.sender != governanceSender || msg.sender == address(0) || msg.value != 0) {
            revert OperatorsUnexpectedCall(msg.sender);
        }
    }

    /// @inheritdoc IBridgeVerifier
    function quoteSendGovernance(GovernanceMessage calldata) external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc IOperatorVerifier
    function setGovernanceEndpoints(address sender, address receiver) external onlyOwner {
        governanceSender = sender;
        governanceReceiver = receiver;
        emit GovernanceEndpointsSet(sender, receiver);
    }

    /// @inheritdoc IOperatorVerifier
    function setConfig(address[] calldata newOperators, uint8 newThreshold) external onlyOwner {
        uint256 n = newOperators.length;
        if (n == 0 || n > MAX_OPERATORS || newThreshold == 0 || newThreshold > n) revert OperatorsInvalidConfig();
        uint32 version = configVersion + 1;
        for (uint256 i; i < n; ++i) {
            address op = newOperators[i];
            if (op == address(0) || _operatorInfo[op].configVersion == version) revert OperatorsInvalidConfig();
            _operatorInfo[op] = OperatorInfo(version, uint8(i));
        }
        _operators = newOperators;
        threshold = newThreshold;
        configVersion = version;
        emit OperatorsConfigSet(version, newOperators, newThreshold);
    }

    /// @inheritdoc IOperatorVerifier
    function attestationDigest(bytes32 messageDigest) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_ATTESTATION_TYPEHASH, messageDigest, configVersion)));
    }

    /// @inheritdoc IOperatorVerifier
    function operators() external view returns (address[] memory) {
        return _operators;
    }

    /// @dev At least `threshold` distinct current operators signed the attestation of `digest`.
    function _verify(bytes32 digest, bytes[] calldata signatures) private {
        uint32 version = configVersion;
        if (version == 0) revert OperatorsNotConfigured();
        uint256 needed = threshold;
        if (signatures.length < needed) revert OperatorsTooFewSignatures(signatures.length, needed);
        bytes32 hash = attestationDigest(digest);
        uint256 seen;
        for (uint256 i; i < signatures.length; ++i) {
            // recoverCalldata reverts on a malformed or malleable (high-s) signature
            address signer = ECDSA.recoverCalldata(hash, signatures[i]);
            OperatorInfo memory info = _operatorInfo[signer];
            // the zero address and former operators carry another version and never match
            if (info.configVersion != version) revert OperatorsUnknownSigner(signer);
            uint256 bit = 1 << info.index;
            if (seen & bit != 0) revert OperatorsDuplicateSigner(signer);
            seen |= bit;
        }
        emit OperatorsAttested(digest, seen, version, msg.sender);
    }
}
