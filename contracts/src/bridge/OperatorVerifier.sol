// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SSTORE2} from "solady/src/utils/SSTORE2.sol";

import {BridgeMessage, BridgeMessageLib} from "../interfaces/bridge/BridgeMessage.sol";
import {GovernanceMessage, GovernanceMessageLib} from "../interfaces/bridge/GovernanceMessage.sol";
import {IBridgeManager} from "../interfaces/bridge/IBridgeManager.sol";
import {IBridgeVerifier} from "../interfaces/bridge/IBridgeVerifier.sol";
import {IGovernanceReceiver} from "../interfaces/bridge/IGovernanceReceiver.sol";
import {IOperatorVerifier} from "../interfaces/bridge/IOperatorVerifier.sol";

/// @title OperatorVerifier
/// @notice The Peper operators' M-of-N attestation of bridge messages. See {IOperatorVerifier}.
/// @dev Passive on the source chain (the operators watch the manager's MessageSent events). As in the
/// OracleHub: the operator list lives in the code of a data contract (Solady's SSTORE2), read with one
/// EXTCODECOPY per attestation; the relayer names the signers in a bitmap and sends EIP-2098 compact
/// signatures in bit order, so each signature is checked against exactly one operator and a duplicate
/// cannot be expressed; the list's pointer, the threshold and the version share one storage word.
contract OperatorVerifier is IOperatorVerifier, IBridgeVerifier, Ownable, EIP712 {
    /// @notice Most operators in a configuration.
    uint256 public constant MAX_OPERATORS = 31;

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
        uint256 n = newOperators.length;
        if (n == 0 || n > MAX_OPERATORS || newThreshold == 0 || newThreshold > n) revert OperatorsInvalidConfig();
        // at most 31 × 30 / 2 comparisons: bounded by MAX_OPERATORS, and only the owner calls this
        bytes memory packed;
        for (uint256 i; i < n; ++i) {
            address op = newOperators[i];
            if (op == address(0)) revert OperatorsInvalidConfig();
            for (uint256 j; j < i; ++j) {
                if (newOperators[j] == op) revert OperatorsInvalidConfig();
            }
            packed = bytes.concat(packed, bytes20(op)); // (abi.encodePacked pads array elements)
        }
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
        bytes memory packed = _packedOperators();
        address[] memory list = new address[](packed.length / 20);
        for (uint256 i; i < list.length; ++i) {
            list[i] = _operatorAt(packed, i);
        }
        return list;
    }

    /// @dev At least `threshold` distinct current operators, named by the `signers` bitmap, signed the
    /// attestation of `digest`; one signature per set bit, in bit order.
    function _verify(bytes32 digest, uint256 signers, Signature[] calldata signatures) private {
        uint32 version = configVersion;
        if (version == 0) revert OperatorsNotConfigured();
        uint256 count = signatures.length;
        if (count < threshold) revert OperatorsTooFewSignatures(count, threshold);
        bytes memory ops = SSTORE2.read(_operatorsPointer); // one EXTCODECOPY for the whole list
        // every set bit names an operator, and there is one signature per set bit
        if (signers >> (ops.length / 20) != 0) revert OperatorsInvalidSigners(signers, count);
        bytes32 hash = _hashTypedDataV4(keccak256(abi.encode(_ATTESTATION_TYPEHASH, digest, version)));
        uint256 next;
        for (uint256 rest = signers; rest != 0; rest &= rest - 1) {
            if (next == count) revert OperatorsInvalidSigners(signers, count);
            // the lowest set bit's index (`rest & ~rest + 1` isolates it; `rest` is not zero here)
            uint256 index = Math.log2(rest & (~rest + 1));
            Signature calldata signature = signatures[next++];
            // recover(hash, r, vs) reverts on a malleable (high-s) or unrecoverable signature
            address signer = ECDSA.recover(hash, signature.r, signature.yParityAndS);
            if (signer != _operatorAt(ops, index)) revert OperatorsUnknownSigner(signer);
        }
        if (next != count) revert OperatorsInvalidSigners(signers, count);
        emit OperatorsAttested(digest, signers, version, msg.sender);
    }

    /// @dev The operators packed 20 bytes each; empty before the first configuration.
    function _packedOperators() private view returns (bytes memory) {
        address pointer = _operatorsPointer;
        return pointer == address(0) ? new bytes(0) : SSTORE2.read(pointer);
    }

    /// @dev The operator at `index` of a packed list; the caller keeps `index` below the list's length.
    function _operatorAt(bytes memory packed, uint256 index) private pure returns (address operator) {
        // One MLOAD of the 32 bytes at 20 × index; the address is its top 20 bytes (as in the OracleHub).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            operator := shr(96, mload(add(add(packed, 0x20), mul(index, 20))))
        }
    }
}
