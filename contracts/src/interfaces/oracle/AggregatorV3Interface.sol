// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title AggregatorV3Interface
/// @notice Chainlink's price feed interface (the five functions consumers call), declared here
/// because Chainlink's npm package cannot be installed from the registry alone (docs/toolchain.md).
// solhint-disable-next-line interface-starts-with-i
interface AggregatorV3Interface {
    /// @notice Decimals of the answer.
    /// @return The decimals.
    function decimals() external view returns (uint8);

    /// @notice What the feed measures, e.g. "PEPER / USD".
    /// @return The description.
    function description() external view returns (string memory);

    /// @notice The feed implementation's version.
    /// @return The version.
    function version() external view returns (uint256);

    /// @notice One round's data.
    /// @param roundId The round.
    /// @return roundId_ The round.
    /// @return answer The answer.
    /// @return startedAt When its inputs were observed.
    /// @return updatedAt When it was accepted on chain.
    /// @return answeredInRound The round (equal to roundId).
    function getRoundData(
        uint80 roundId
    )
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The latest round's data.
    /// @return roundId The round.
    /// @return answer The answer.
    /// @return startedAt When its inputs were observed.
    /// @return updatedAt When it was accepted on chain.
    /// @return answeredInRound The round (equal to roundId).
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
