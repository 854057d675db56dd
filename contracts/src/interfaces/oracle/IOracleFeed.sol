// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IOracleFeed
/// @notice What the OracleHub calls on a feed with an accepted report.
interface IOracleFeed {
    /// @notice Stores an accepted report. Only the hub.
    /// @param round The report's round (strictly increasing).
    /// @param observedAt When its inputs were observed.
    /// @param payload The feed's ABI-encoded result.
    function onReport(uint64 round, uint64 observedAt, bytes calldata payload) external;
}
