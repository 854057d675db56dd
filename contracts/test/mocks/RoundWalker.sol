// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "../../src/interfaces/oracle/AggregatorV3Interface.sol";

/// @notice A Chainlink consumer that walks history the way Liquity's PriceFeed does: the latest round,
/// then `getRoundData(roundId - 1)` back to round 1. It reverts if any round in between is missing.
contract RoundWalker {
    /// @notice Walks every round from the latest back to 1.
    /// @param feed The aggregator.
    /// @return rounds How many rounds it read.
    /// @return oldestAnswer The first round's answer.
    function walk(AggregatorV3Interface feed) external view returns (uint256 rounds, int256 oldestAnswer) {
        (uint80 roundId, int256 answer, , , ) = feed.latestRoundData();
        rounds = 1;
        while (roundId > 1) {
            (roundId, answer, , , ) = feed.getRoundData(roundId - 1);
            ++rounds;
        }
        oldestAnswer = answer;
    }
}
