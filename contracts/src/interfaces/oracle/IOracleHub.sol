// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IOracleHub
/// @notice Accepts only reports signed by at least `threshold` distinct operators of the current
/// configuration (M-of-N), checks their round and freshness, and forwards them to the feed
/// registered for the report's feed id. Operators, threshold, feeds and limits belong to the
/// Timelock. Every configuration change bumps `configVersion`, which is part of what operators sign,
/// so signatures made for an older operator set are worthless.
interface IOracleHub {
    /// @notice What operators sign (EIP-712 struct `Report`, domain "Peper OracleHub" v1 bound to the
    /// chain id and this hub's address).
    /// @param feedId Which feed (e.g. keccak256("PEPER/USD")).
    /// @param round Strictly increasing per feed.
    /// @param observedAt When the inputs were observed (unix seconds).
    /// @param inputsHash Hash of the observed inputs, so anyone can recompute the result.
    /// @param payload The feed's ABI-encoded result.
    struct Report {
        bytes32 feedId;
        uint64 round;
        uint64 observedAt;
        bytes32 inputsHash;
        bytes payload;
    }

    /// @notice The operator list is empty, too long, has a zero or duplicate address, or the
    /// threshold is zero or above the number of operators.
    error HubInvalidConfig();
    /// @notice A signature does not recover to the operator its bit in the signer bitmap names.
    /// @param signer The recovered signer.
    error HubUnknownSigner(address signer);
    /// @notice The signer bitmap names an index past the operator list, or its number of set bits is
    /// not the number of signatures.
    /// @param signers The bitmap.
    /// @param signatures How many signatures were given.
    error HubInvalidSigners(uint256 signers, uint256 signatures);
    /// @notice Fewer valid signatures than the threshold.
    /// @param signatures How many were given.
    /// @param threshold How many are needed.
    error HubTooFewSignatures(uint256 signatures, uint256 threshold);
    /// @notice The round is not above the feed's last accepted round.
    /// @param round The report's round.
    /// @param lastRound The feed's last round.
    error HubStaleRound(uint64 round, uint64 lastRound);
    /// @notice The report was observed too long ago.
    /// @param observedAt When it was observed.
    /// @param maxAge The maximum age in seconds.
    error HubStaleReport(uint64 observedAt, uint64 maxAge);
    /// @notice The report claims to be observed in the future.
    /// @param observedAt When it claims.
    /// @param nowTimestamp The block's timestamp.
    error HubFutureReport(uint64 observedAt, uint256 nowTimestamp);
    /// @notice No feed is registered for the id.
    /// @param feedId The id.
    error HubUnknownFeed(bytes32 feedId);
    /// @notice No operator configuration was set yet: no feed can be registered before the first
    /// `setConfig`, so no report reaches a hub whose threshold is still zero.
    error HubNotConfigured();
    /// @notice A feed refused to be called by anyone but the hub.
    /// @param caller Who called.
    error FeedOnlyHub(address caller);

    /// @notice A new operator set and threshold took effect.
    /// @param configVersion The new version (signatures for older versions are invalid).
    /// @param operators The operators, in index order (bit i of a signer bitmap is operators[i]).
    /// @param threshold Signatures needed.
    event ConfigSet(uint32 indexed configVersion, address[] operators, uint8 threshold);
    /// @notice A feed was registered, replaced or removed (zero address).
    /// @param feedId The id.
    /// @param feed The feed contract.
    event FeedSet(bytes32 indexed feedId, address feed);
    /// @notice The maximum report age changed.
    /// @param maxAge Seconds.
    event MaxReportAgeSet(uint64 maxAge);
    /// @notice A report was accepted and forwarded to its feed.
    /// @param feedId The feed.
    /// @param round The round.
    /// @param observedAt When observed.
    /// @param inputsHash Hash of the inputs.
    /// @param signers Bitmap of the operators (indexes in the config) whose signatures were counted.
    /// @param configVersion The configuration the signatures belong to.
    /// @param transmitter Who submitted it.
    event ReportAccepted(
        bytes32 indexed feedId,
        uint64 indexed round,
        uint64 observedAt,
        bytes32 inputsHash,
        uint256 signers,
        uint32 configVersion,
        address transmitter
    );

    /// @notice An operator's ECDSA signature in EIP-2098's compact form: `r`, and `s` with the
    /// recovery bit (v - 27) in its top bit. Any 65-byte (r, s, v) signature with a low `s` has one.
    /// @param r The signature's r.
    /// @param yParityAndS The signature's s, with v - 27 in bit 255.
    struct Signature {
        bytes32 r;
        bytes32 yParityAndS;
    }

    /// @notice Verifies `signatures` over `report` and forwards it to its feed. Anyone may submit.
    /// @dev Duplicates cannot be expressed: each operator has one bit, and the signatures come in the
    /// order of the set bits (lowest index first).
    /// @param report The report.
    /// @param signers Bitmap of the signing operators: bit i is `operators()[i]`.
    /// @param signatures One compact signature of the report's EIP-712 digest per set bit, in bit order.
    function submit(Report calldata report, uint256 signers, Signature[] calldata signatures) external;

    /// @notice Sets the operators and threshold, bumping the config version. Only the owner.
    /// @param operators The operators (at most 31).
    /// @param threshold Signatures needed (f + 1 of N).
    function setConfig(address[] calldata operators, uint8 threshold) external;

    /// @notice Registers (or removes, with zero) the feed contract for a feed id. Only the owner, and
    /// only after the first `setConfig` (else {HubNotConfigured}): a report is accepted only for a
    /// registered feed, so an unconfigured hub (threshold zero) accepts no report.
    /// @param feedId The id.
    /// @param feed The feed.
    function setFeed(bytes32 feedId, address feed) external;

    /// @notice Sets how old a report may be when it arrives. Only the owner.
    /// @param maxAge Seconds.
    function setMaxReportAge(uint64 maxAge) external;

    /// @notice The EIP-712 digest operators sign for a report under the current config version.
    /// @param report The report.
    /// @return The digest.
    function reportDigest(Report calldata report) external view returns (bytes32);

    /// @notice The current operators.
    /// @return The operators in index order.
    function operators() external view returns (address[] memory);

    /// @notice The current threshold.
    /// @return Signatures needed.
    function threshold() external view returns (uint8);

    /// @notice The current config version.
    /// @return The version.
    function configVersion() external view returns (uint32);

    /// @notice The last accepted round of a feed.
    /// @param feedId The feed.
    /// @return The round (0 when none).
    function lastRound(bytes32 feedId) external view returns (uint64);
}
