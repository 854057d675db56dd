// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOracleFeed} from "../interfaces/oracle/IOracleFeed.sol";
import {IOracleHub} from "../interfaces/oracle/IOracleHub.sol";

/// @title OracleFeedBase
/// @notice Base of the feeds: only the hub may deliver reports.
abstract contract OracleFeedBase is IOracleFeed {
    /// @notice The hub whose accepted reports this feed stores.
    address public immutable hub;

    /// @param hub_ The OracleHub.
    constructor(address hub_) {
        hub = hub_;
    }

    /// @inheritdoc IOracleFeed
    function onReport(uint64 round, uint64 observedAt, bytes calldata payload) external {
        if (msg.sender != hub) revert IOracleHub.FeedOnlyHub(msg.sender);
        _store(round, observedAt, payload);
    }

    function _store(uint64 round, uint64 observedAt, bytes calldata payload) internal virtual;
}
