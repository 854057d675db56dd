// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SSTORE2} from "solady/src/utils/SSTORE2.sol";

import {IOracleFeed} from "../interfaces/oracle/IOracleFeed.sol";
import {IOracleHub} from "../interfaces/oracle/IOracleHub.sol";
import {OperatorSignatures} from "../libraries/OperatorSignatures.sol";

/// @title OracleHub
/// @notice Verifies M-of-N signed oracle reports and forwards them to their feeds. See {IOracleHub}.
/// @dev Gas (docs: BENCHMARKS.md, oracle): the signatures are checked as {OperatorSignatures} does
/// for the bridge's operators too: the operator list lives in the code of a data contract (SSTORE2),
/// read with one EXTCODECOPY instead of one cold SLOAD per signer; the submitter names the signers in
/// a bitmap and sends EIP-2098 compact signatures in bit order, so each signature is checked against
/// exactly one operator and duplicates cannot be expressed. A feed's address and last round share one
/// slot, and the data pointer, threshold, version and maximum age another. The configuration's
/// version is part of the signed struct.
contract OracleHub is IOracleHub, Ownable, EIP712 {
    /// @notice The most operators a configuration may have (the signer bitmap's width budget).
    uint256 public constant MAX_OPERATORS = OperatorSignatures.MAX_OPERATORS;

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
        return OperatorSignatures.unpack(OperatorSignatures.read(_operatorsPointer));
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
        // The threshold is at least 1 here: the feed is registered, setFeed refuses before the first
        // config and setConfig refuses a zero threshold, so no signatures never pass (and this path pays
        // nothing for it).
        if (count < threshold) revert HubTooFewSignatures(count, threshold);

        OperatorSignatures.Compact[] calldata compact;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // the library's view of our Signature[]: the same calldata layout, two words per signature
            compact.offset := signatures.offset
            compact.length := signatures.length
        }
        (bool valid, address signer) = OperatorSignatures.verify(
            _operatorsPointer,
            reportDigest(report),
            signers,
            compact
        );
        if (!valid) {
            if (signer == address(0)) revert HubInvalidSigners(signers, count);
            revert HubUnknownSigner(signer);
        }

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
        (bool valid, bytes memory packed) = OperatorSignatures.pack(newOperators, newThreshold);
        if (!valid) revert HubInvalidConfig();
        uint32 version = configVersion + 1;
        // Signatures of the old set are worthless from here: the version is part of what is signed.
        _operatorsPointer = SSTORE2.write(packed);
        threshold = newThreshold;
        configVersion = version;
        emit ConfigSet(version, newOperators, newThreshold);
    }

    /// @inheritdoc IOracleHub
    function setFeed(bytes32 feedId, address feed) external onlyOwner {
        // Until the first config the threshold is zero: a feed registered then would take reports with
        // no signature at all. Refused here, so submit needs no check of its own.
        if (configVersion == 0) revert HubNotConfigured();
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
}
