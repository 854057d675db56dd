// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IOracleFeed} from "../interfaces/oracle/IOracleFeed.sol";
import {IOracleHub} from "../interfaces/oracle/IOracleHub.sol";

/// @title OracleHub
/// @notice Verifies M-of-N signed oracle reports and forwards them to their feeds. See {IOracleHub}.
/// @dev Operators are looked up through a packed index (one SLOAD per signer), duplicates are caught
/// with a bitmap, and the configuration's version is part of the signed struct.
contract OracleHub is IOracleHub, Ownable, EIP712 {
    /// @notice The most operators a configuration may have (the signer bitmap's width budget).
    uint256 public constant MAX_OPERATORS = 31;

    bytes32 private constant _REPORT_TYPEHASH = keccak256(
        "Report(bytes32 feedId,uint64 round,uint64 observedAt,bytes32 inputsHash,bytes payload,uint32 configVersion)"
    );

    struct OperatorInfo {
        uint32 configVersion; // the version in which this index is valid
        uint8 index;
    }

    address[] private _operators;
    /// @inheritdoc IOracleHub
    uint8 public threshold;
    /// @inheritdoc IOracleHub
    uint32 public configVersion;
    /// @notice How old a report may be when it arrives, in seconds.
    uint64 public maxReportAge;

    mapping(address operator => OperatorInfo) private _operatorInfo;
    /// @notice The feed contract of each feed id.
    mapping(bytes32 feedId => address feed) public feeds;
    /// @inheritdoc IOracleHub
    mapping(bytes32 feedId => uint64 round) public lastRound;

    /// @param owner_ The Timelock.
    /// @param maxReportAge_ Initial maximum report age, in seconds.
    constructor(address owner_, uint64 maxReportAge_) Ownable(owner_) EIP712("Peper OracleHub", "1") {
        maxReportAge = maxReportAge_;
        emit MaxReportAgeSet(maxReportAge_);
    }

    /// @inheritdoc IOracleHub
    function operators() external view returns (address[] memory) {
        return _operators;
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
    function submit(Report calldata report, bytes[] calldata signatures) external {
        address feed = feeds[report.feedId];
        if (feed == address(0)) revert HubUnknownFeed(report.feedId);
        uint64 last = lastRound[report.feedId];
        if (report.round <= last) revert HubStaleRound(report.round, last);
        if (report.observedAt > block.timestamp) revert HubFutureReport(report.observedAt, block.timestamp);
        if (block.timestamp - report.observedAt > maxReportAge) revert HubStaleReport(report.observedAt, maxReportAge);
        uint256 needed = threshold;
        if (signatures.length < needed) revert HubTooFewSignatures(signatures.length, needed);

        bytes32 digest = reportDigest(report);
        uint32 version = configVersion;
        uint256 seen;
        for (uint256 i; i < signatures.length; ++i) {
            address signer = ECDSA.recoverCalldata(digest, signatures[i]);
            OperatorInfo memory info = _operatorInfo[signer];
            if (info.configVersion != version) revert HubUnknownSigner(signer);
            uint256 bit = 1 << info.index;
            if (seen & bit != 0) revert HubDuplicateSigner(signer);
            seen |= bit;
        }

        lastRound[report.feedId] = report.round;
        emit ReportAccepted(
            report.feedId,
            report.round,
            report.observedAt,
            report.inputsHash,
            seen,
            version,
            msg.sender
        );
        IOracleFeed(feed).onReport(report.round, report.observedAt, report.payload);
    }

    /// @inheritdoc IOracleHub
    function setConfig(address[] calldata newOperators, uint8 newThreshold) external onlyOwner {
        uint256 n = newOperators.length;
        if (n == 0 || n > MAX_OPERATORS || newThreshold == 0 || newThreshold > n) revert HubInvalidConfig();
        uint32 version = configVersion + 1;
        for (uint256 i; i < n; ++i) {
            address op = newOperators[i];
            // a duplicate already carries this version
            if (op == address(0) || _operatorInfo[op].configVersion == version) revert HubInvalidConfig();
            _operatorInfo[op] = OperatorInfo(version, uint8(i));
        }
        // Old operators need no clean-up: their entries carry an older version and stop matching.
        _operators = newOperators;
        threshold = newThreshold;
        configVersion = version;
        emit ConfigSet(version, newOperators, newThreshold);
    }

    /// @inheritdoc IOracleHub
    function setFeed(bytes32 feedId, address feed) external onlyOwner {
        feeds[feedId] = feed;
        emit FeedSet(feedId, feed);
    }

    /// @inheritdoc IOracleHub
    function setMaxReportAge(uint64 maxAge) external onlyOwner {
        maxReportAge = maxAge;
        emit MaxReportAgeSet(maxAge);
    }
}
