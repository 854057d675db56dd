// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SSTORE2} from "solady/src/utils/SSTORE2.sol";

import {IOracleFeed} from "../interfaces/oracle/IOracleFeed.sol";
import {IOracleHub} from "../interfaces/oracle/IOracleHub.sol";

/// @title OracleHub
/// @notice Verifies M-of-N signed oracle reports and forwards them to their feeds. See {IOracleHub}.
/// @dev Gas (docs: BENCHMARKS.md, oracle): the operator list lives in the code of a data contract
/// (Solady's SSTORE2), so a report reads all operators with one EXTCODECOPY instead of one cold SLOAD
/// per signer; the submitter names the signers in a bitmap and sends EIP-2098 compact signatures in
/// bit order, so each signature is checked against exactly one operator and duplicates cannot be
/// expressed; a feed's address and last round share one slot, and the data pointer, threshold,
/// version and maximum age another. The configuration's version is part of the signed struct.
contract OracleHub is IOracleHub, Ownable, EIP712 {
    /// @notice The most operators a configuration may have (the signer bitmap's width budget).
    uint256 public constant MAX_OPERATORS = 31;

    bytes32 private constant _REPORT_TYPEHASH = keccak256(
        "Report(bytes32 feedId,uint64 round,uint64 observedAt,bytes32 inputsHash,bytes payload,uint32 configVersion)"
    );

    struct FeedState {
        address feed;
        uint64 lastRound;
    }

    /// @dev The data contract holding the operators packed (20 bytes each, index order); zero before
    /// the first config.
    address private _operatorsPointer;
    /// @inheritdoc IOracleHub
    uint8 public threshold;
    /// @inheritdoc IOracleHub
    uint32 public configVersion;
    uint56 private _maxReportAge;

    mapping(bytes32 feedId => FeedState) private _feeds;

    /// @param owner_ The Timelock.
    /// @param maxReportAge_ Initial maximum report age, in seconds.
    constructor(address owner_, uint64 maxReportAge_) Ownable(owner_) EIP712("Peper OracleHub", "1") {
        _setMaxReportAge(maxReportAge_);
    }

    /// @inheritdoc IOracleHub
    function operators() public view returns (address[] memory) {
        bytes memory packed = _packedOperators();
        address[] memory list = new address[](packed.length / 20);
        for (uint256 i; i < list.length; ++i) {
            list[i] = _operatorAt(packed, i);
        }
        return list;
    }

    /// @notice How old a report may be when it arrives.
    /// @return Seconds.
    function maxReportAge() external view returns (uint64) {
        return _maxReportAge;
    }

    /// @notice The feed contract registered for a feed id (zero when none).
    /// @param feedId The id.
    /// @return The feed.
    function feeds(bytes32 feedId) external view returns (address) {
        return _feeds[feedId].feed;
    }

    /// @inheritdoc IOracleHub
    function lastRound(bytes32 feedId) external view returns (uint64) {
        return _feeds[feedId].lastRound;
    }

    /// @inheritdoc IOracleHub
    function reportDigest(Report calldata report) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        _REPORT_TYPEHASH,
                        report.feedId,
                        report.round,
                        report.observedAt,
                        report.inputsHash,
                        keccak256(report.payload),
                        configVersion
                    )
                )
            );
    }

    /// @inheritdoc IOracleHub
    function submit(Report calldata report, uint256 signers, Signature[] calldata signatures) external {
        FeedState memory state = _feeds[report.feedId];
        if (state.feed == address(0)) revert HubUnknownFeed(report.feedId);
        if (report.round <= state.lastRound) revert HubStaleRound(report.round, state.lastRound);
        if (report.observedAt > block.timestamp) revert HubFutureReport(report.observedAt, block.timestamp);
        if (block.timestamp - report.observedAt > _maxReportAge) {
            revert HubStaleReport(report.observedAt, _maxReportAge);
        }
        uint256 count = signatures.length;
        if (count < threshold) revert HubTooFewSignatures(count, threshold);

        bytes memory ops = _packedOperators(); // one EXTCODECOPY for the whole list
        // every set bit names an operator, and there is one signature per set bit
        if (signers >> (ops.length / 20) != 0) revert HubInvalidSigners(signers, count);
        bytes32 digest = reportDigest(report);
        uint256 next;
        for (uint256 rest = signers; rest != 0; rest &= rest - 1) {
            if (next == count) revert HubInvalidSigners(signers, count);
            // the lowest set bit's index (`rest & ~rest + 1` isolates it; `rest` is not zero here)
            uint256 index = Math.log2(rest & (~rest + 1));
            Signature calldata signature = signatures[next++];
            address signer = ECDSA.recover(digest, signature.r, signature.yParityAndS);
            if (signer != _operatorAt(ops, index)) revert HubUnknownSigner(signer);
        }
        if (next != count) revert HubInvalidSigners(signers, count);

        _feeds[report.feedId].lastRound = report.round;
        emit ReportAccepted(
            report.feedId,
            report.round,
            report.observedAt,
            report.inputsHash,
            signers,
            configVersion,
            msg.sender
        );
        IOracleFeed(state.feed).onReport(report.round, report.observedAt, report.payload);
    }

    /// @inheritdoc IOracleHub
    function setConfig(address[] calldata newOperators, uint8 newThreshold) external onlyOwner {
        uint256 n = newOperators.length;
        if (n == 0 || n > MAX_OPERATORS || newThreshold == 0 || newThreshold > n) revert HubInvalidConfig();
        // at most 31 × 30 / 2 comparisons: bounded by MAX_OPERATORS, and only the owner calls this
        bytes memory packed;
        for (uint256 i; i < n; ++i) {
            address op = newOperators[i];
            if (op == address(0)) revert HubInvalidConfig();
            for (uint256 j; j < i; ++j) {
                if (newOperators[j] == op) revert HubInvalidConfig();
            }
            packed = bytes.concat(packed, bytes20(op)); // (abi.encodePacked pads array elements)
        }
        uint32 version = configVersion + 1;
        // Signatures of the old set are worthless from here: the version is part of what is signed.
        _operatorsPointer = SSTORE2.write(packed);
        threshold = newThreshold;
        configVersion = version;
        emit ConfigSet(version, newOperators, newThreshold);
    }

    /// @inheritdoc IOracleHub
    function setFeed(bytes32 feedId, address feed) external onlyOwner {
        _feeds[feedId].feed = feed;
        emit FeedSet(feedId, feed);
    }

    /// @inheritdoc IOracleHub
    function setMaxReportAge(uint64 maxAge) external onlyOwner {
        _setMaxReportAge(maxAge);
    }

    function _setMaxReportAge(uint64 maxAge) private {
        if (maxAge > type(uint56).max) revert HubInvalidConfig();
        _maxReportAge = uint56(maxAge);
        emit MaxReportAgeSet(maxAge);
    }

    /// @dev The operators packed 20 bytes each; empty before the first config.
    function _packedOperators() private view returns (bytes memory) {
        address pointer = _operatorsPointer;
        return pointer == address(0) ? new bytes(0) : SSTORE2.read(pointer);
    }

    /// @dev The operator at `index` of a packed list; the caller keeps `index` below the list's length.
    function _operatorAt(bytes memory packed, uint256 index) private pure returns (address operator) {
        // One MLOAD of the 32 bytes at 20 × index; the address is its top 20 bytes. Reading past the
        // end for the last entry is harmless: those 12 bytes are shifted out. Solidity has no
        // conversion of a memory `bytes` range to `bytes20` without copying it, hence assembly.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            operator := shr(96, mload(add(add(packed, 0x20), mul(index, 20))))
        }
    }
}
