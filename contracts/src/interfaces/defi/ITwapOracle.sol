// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITwapOracle
/// @notice Time-weighted average prices of Peper pairs, from their cumulative prices (Uniswap V2's
/// TWAP recipe). Anyone calls `update` once per period; `consult` answers with the average of the
/// last completed period and refuses one that is too old. Because a pair's accumulator only counts
/// reserves as they stood at the start of each block, a flash swap cannot move these prices.
interface ITwapOracle {
    /// @notice The pair has no average yet (fewer than one period observed).
    /// @param pair The pair.
    error TwapNotReady(address pair);
    /// @notice The latest average is older than the maximum age.
    /// @param pair The pair.
    /// @param age Seconds since it was computed.
    /// @param maxAge The maximum allowed.
    error TwapStale(address pair, uint256 age, uint256 maxAge);
    /// @notice The token is not one of the pair's.
    /// @param pair The pair.
    /// @param token The token.
    error TwapInvalidToken(address pair, address token);
    /// @notice The pair has no liquidity.
    /// @param pair The pair.
    error TwapNoReserves(address pair);

    /// @notice A pair's average price was updated.
    /// @param pair The pair.
    /// @param price0Average token1 per token0 (UQ112x112) over the period.
    /// @param price1Average token0 per token1 (UQ112x112) over the period.
    /// @param period Seconds the average covers.
    event TwapUpdated(address indexed pair, uint256 price0Average, uint256 price1Average, uint256 period);

    /// @notice Minimum seconds an average covers.
    /// @return Seconds.
    // solhint-disable-next-line func-name-mixedcase
    function PERIOD() external view returns (uint256);

    /// @notice Maximum age of an average that `consult` accepts.
    /// @return Seconds.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_AGE() external view returns (uint256);

    /// @notice Records the pair's accumulators and, when a period has passed, its new average.
    /// @param pair The pair.
    /// @return updated Whether a new average was computed.
    function update(address pair) external returns (bool updated);

    /// @notice `amountIn` of `tokenIn` valued in the pair's other token at the average price.
    /// @param pair The pair.
    /// @param tokenIn One of the pair's tokens.
    /// @param amountIn Amount of tokenIn.
    /// @return amountOut Value in the other token.
    function consult(address pair, address tokenIn, uint256 amountIn) external view returns (uint256 amountOut);
}
