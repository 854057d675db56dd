// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {AggregatorV3Interface} from "../interfaces/oracle/AggregatorV3Interface.sol";
import {OracleFeedBase} from "./OracleFeedBase.sol";

/// @title PriceFeed
/// @notice A price answered by the oracle network, behind Chainlink's AggregatorV3Interface so
/// existing consumers work unchanged. Payload: `abi.encode(int256 answer)` (median of operators'
/// observations, in `decimals`).
/// @dev Round ids are the feed's own counter (1, 2, 3, … with no gaps), so consumers that walk history
/// with `getRoundData(latestRound - 1)` (Liquity's PriceFeed does) find every round. The hub's report
/// round (numbered by the operators' clock, with gaps) is kept as data: {reportRoundOf} and the event.
contract PriceFeed is AggregatorV3Interface, OracleFeedBase {
    /// @notice No data for the round asked for.
    /// @param roundId The round.
    error FeedNoData(uint80 roundId);
    /// @notice The answer is not positive.
    /// @param answer The answer.
    error FeedInvalidAnswer(int256 answer);

    /// @notice A new answer was stored.
    /// @param roundId The feed's round (contiguous).
    /// @param answer The answer.
    /// @param observedAt When observed.
    /// @param reportRound The hub's report round that carried it.
    event AnswerUpdated(uint80 indexed roundId, int256 answer, uint64 observedAt, uint64 reportRound);

    /// @dev One storage slot per round (as Chainlink OCR2's `Transmission`): an answer up to 2^127 − 1
    /// in `decimals` (1.7e30 at 8 decimals) and 32-bit timestamps (until 2106), like OCR2's.
    struct Round {
        int128 answer;
        uint32 observedAt;
        uint32 updatedAt;
        uint64 reportRound;
    }

    /// @inheritdoc AggregatorV3Interface
    uint8 public immutable decimals;
    /// @inheritdoc AggregatorV3Interface
    // solhint-disable-next-line const-name-snakecase
    uint256 public constant version = 1;
    string private _description;
    uint80 private _latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    /// @param hub_ The OracleHub.
    /// @param decimals_ Decimals of the answer.
    /// @param description_ E.g. "PEPER / USD".
    constructor(address hub_, uint8 decimals_, string memory description_) OracleFeedBase(hub_) {
        decimals = decimals_;
        _description = description_;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId) public view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = _rounds[roundId];
        if (r.updatedAt == 0) revert FeedNoData(roundId);
        return (roundId, r.answer, r.observedAt, r.updatedAt, roundId);
    }

    /// @notice The hub's report round that delivered a feed round.
    /// @param roundId The feed's round.
    /// @return The report round.
    function reportRoundOf(uint80 roundId) external view returns (uint64) {
        Round memory r = _rounds[roundId];
        if (r.updatedAt == 0) revert FeedNoData(roundId);
        return r.reportRound;
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return getRoundData(_latestRound);
    }

    function _store(uint64 round, uint64 observedAt, bytes calldata payload) internal override {
        int256 answer = abi.decode(payload, (int256));
        if (answer <= 0 || answer > type(int128).max) revert FeedInvalidAnswer(answer);
        uint80 roundId = _latestRound + 1;
        _rounds[roundId] = Round(
            int128(answer),
            SafeCast.toUint32(observedAt),
            SafeCast.toUint32(block.timestamp),
            round
        );
        _latestRound = roundId;
        emit AnswerUpdated(roundId, answer, observedAt, round);
    }
}
