// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IPeperPair} from "../interfaces/defi/IPeperPair.sol";
import {ITwapOracle} from "../interfaces/defi/ITwapOracle.sol";

/// @title TwapOracle
/// @notice Fixed-window TWAP over Peper pairs. See {ITwapOracle}.
contract TwapOracle is ITwapOracle {
    struct Observation {
        uint256 price0Cumulative;
        uint256 price1Cumulative;
        uint32 timestamp;
        uint32 averageTimestamp;
        uint224 price0Average;
        uint224 price1Average;
    }

    /// @inheritdoc ITwapOracle
    uint256 public immutable PERIOD;
    /// @inheritdoc ITwapOracle
    uint256 public immutable MAX_AGE;

    mapping(address pair => Observation) private _observations;

    /// @param period Minimum seconds an average covers (for example 30 minutes).
    /// @param maxAge Maximum age of an average that `consult` accepts (for example 2 hours).
    constructor(uint256 period, uint256 maxAge) {
        PERIOD = period;
        MAX_AGE = maxAge;
    }

    /// @notice The stored observation of a pair.
    /// @param pair The pair.
    /// @return The observation.
    function observation(address pair) external view returns (Observation memory) {
        return _observations[pair];
    }

    /// @inheritdoc ITwapOracle
    function update(address pair) external returns (bool updated) {
        (uint256 c0, uint256 c1, uint32 now32) = _currentCumulatives(pair);
        Observation storage o = _observations[pair];
        if (o.timestamp == 0) {
            (o.price0Cumulative, o.price1Cumulative, o.timestamp) = (c0, c1, now32);
            return false;
        }
        uint32 elapsed;
        // overflow is intended: timestamps wrap mod 2**32
        unchecked {
            elapsed = now32 - o.timestamp;
        }
        if (elapsed < PERIOD) return false;
        uint224 avg0;
        uint224 avg1;
        // overflow is intended: accumulators wrap, and their difference is still right
        unchecked {
            avg0 = uint224((c0 - o.price0Cumulative) / elapsed);
            avg1 = uint224((c1 - o.price1Cumulative) / elapsed);
        }
        (o.price0Cumulative, o.price1Cumulative, o.timestamp) = (c0, c1, now32);
        (o.price0Average, o.price1Average, o.averageTimestamp) = (avg0, avg1, now32);
        emit TwapUpdated(pair, avg0, avg1, elapsed);
        return true;
    }

    /// @inheritdoc ITwapOracle
    function consult(address pair, address tokenIn, uint256 amountIn) external view returns (uint256 amountOut) {
        Observation memory o = _observations[pair];
        if (o.averageTimestamp == 0) revert TwapNotReady(pair);
        uint256 age;
        // overflow is intended: timestamps wrap mod 2**32
        unchecked {
            age = uint32(block.timestamp) - o.averageTimestamp;
        }
        if (age > MAX_AGE) revert TwapStale(pair, age, MAX_AGE);
        if (tokenIn == IPeperPair(pair).token0()) return Math.mulDiv(amountIn, o.price0Average, 1 << 112);
        if (tokenIn == IPeperPair(pair).token1()) return Math.mulDiv(amountIn, o.price1Average, 1 << 112);
        revert TwapInvalidToken(pair, tokenIn);
    }

    /// @dev The pair's accumulators as of now, counting the time since its last update at the
    /// current reserves (what the pair would record if it were updated now).
    function _currentCumulatives(address pair) private view returns (uint256 c0, uint256 c1, uint32 now32) {
        now32 = uint32(block.timestamp);
        c0 = IPeperPair(pair).price0CumulativeLast();
        c1 = IPeperPair(pair).price1CumulativeLast();
        (uint112 r0, uint112 r1, uint32 last) = IPeperPair(pair).getReserves();
        if (r0 == 0 || r1 == 0) revert TwapNoReserves(pair);
        if (last != now32) {
            // overflow is intended: same arithmetic as the pair's own accumulators
            unchecked {
                uint32 elapsed = now32 - last;
                c0 += ((uint256(r1) << 112) / r0) * elapsed;
                c1 += ((uint256(r0) << 112) / r1) * elapsed;
            }
        }
    }
}
