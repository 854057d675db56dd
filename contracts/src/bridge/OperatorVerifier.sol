// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SSTORE2} from "solady/src/utils/SSTORE2.sol";

import {BridgeMessage, BridgeMessageLib} from "../interfaces/bridge/BridgeMessage.sol";
import {GovernanceMessage, GovernanceMessageLib} from "../interfaces/bridge/GovernanceMessage.sol";
import {IBridgeManager} from "../interfaces/bridge/IBridgeManager.sol";
import {IBridgeVerifier} from "../interfaces/bridge/IBridgeVerifier.sol";
import {IGovernanceReceiver} from "../interfaces/bridge/IGovernanceReceiver.sol";
import {IOperatorVerifier} from "../interfaces/bridge/IOperatorVerifier.sol";
import {OperatorSignatures} from "../libraries/OperatorSignatures.sol";

/// @title OperatorVerifier
/// @notice The Peper operators' M-of-N attestation of bridge messages. See {IOperatorVerifier}.
/// @dev Passive on the source chain (the operators watch the manager's MessageSent events). The
/// signatures are checked as {OperatorSignatures} does for the OracleHub too: the operator list lives in
/// the code of a data contract (SSTORE2), read with one EXTCODECOPY per attestation; the relayer names
/// the signers in a bitmap and sends EIP-2098 compact signatures in bit order, so each signature is
/// checked against exactly one operator and a duplicate cannot be expressed. The list's pointer, the
/// threshold and the version share one storage word.
contract OperatorVerifier is IOperatorVerifier, IBridgeVerifier, Ownable, EIP712 {
    /// @notice Most operators in a configuration.
    uint256 public constant MAX_OPERATORS = OperatorSignatures.MAX_OPERATORS;

    bytes32 private constant _ATTESTATION_TYPEHASH = keccak256(
        "Attestation(bytes32 messageDigest,uint32 configVersion)"
    );

    /// @inheritdoc IOperatorVerifier
    address public immutable manager;

    /// @dev The data contract holding the operators packed (20 bytes each, index order); zero before
    /// the first configuration.
    address private _operatorsPointer;
    /// @inheritdoc IOperatorVerifier
    uint8 public threshold;
    /// @inheritdoc IOperatorVerifier
    uint32 public configVersion;
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
    function attest(BridgeMessage calldata message, uint256 signers, Signature[] calldata signatures) external {
        bytes32 digest = BridgeMessageLib.digest(message);
        _verify(digest, signers, signatures);
        IBridgeManager(manager).attest(message);
    }

    /// @inheritdoc IOperatorVerifier
    function attestGovernance(
        GovernanceMessage calldata message,
        uint256 signers,
        Signature[] calldata signatures
    ) external {
        address receiver = governanceReceiver;
        if (receiver == address(0)) revert OperatorsUnexpectedCall(msg.sender);
        bytes32 digest = GovernanceMessageLib.digest(message);
        _verify(digest, signers, signatures);
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
        (bool valid, bytes memory packed) = OperatorSignatures.pack(newOperators, newThreshold);
        if (!valid) revert OperatorsInvalidConfig();
        uint32 version = configVersion + 1;
        // Signatures of the old set are worthless from here: the version is part of what is signed.
        _operatorsPointer = SSTORE2.write(packed);
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
        return OperatorSignatures.unpack(OperatorSignatures.read(_operatorsPointer));
    }

    /// @dev At least `threshold` distinct current operators, named by the `signers` bitmap, signed the
    /// attestation of `digest`; one signature per set bit, in bit order.
    function _verify(bytes32 digest, uint256 signers, Signature[] calldata signatures) private {
        uint32 version = configVersion;
        if (version == 0) revert OperatorsNotConfigured();
        uint256 count = signatures.length;
        if (count < threshold) revert OperatorsTooFewSignatures(count, threshold);
        OperatorSignatures.Compact[] calldata compact;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // the library's view of our Signature[]: the same calldata layout, two words per signature
            compact.offset := signatures.offset
            compact.length := signatures.length
        }
        (bool valid, address signer) = OperatorSignatures.verify(
            _operatorsPointer,
            _hashTypedDataV4(keccak256(abi.encode(_ATTESTATION_TYPEHASH, digest, version))),
            signers,
            compact
        );
        if (!valid) {
            if (signer == address(0)) revert OperatorsInvalidSigners(signers, count);
            revert OperatorsUnknownSigner(signer);
        }
        emit OperatorsAttested(digest, signers, version, msg.sender);
    }
}
