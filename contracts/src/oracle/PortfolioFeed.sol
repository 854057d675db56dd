// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPortfolioWeightsSource} from "../interfaces/defi/IPortfolioWeightsSource.sol";
import {OracleFeedBase} from "./OracleFeedBase.sol";

/// @title PortfolioFeed
/// @notice The portfolio engine's latest allocation as agreed by the oracle network; the index vault
/// reads its weights. Payload: `abi.encode(address[] assets, uint16[] weightsBps, Metrics metrics)`.
/// Weights sum to 10 000. `speedupPpm` is the measured classical/QAOA time ratio × 10^6 (it may be
/// below 10^6: never a claimed figure, always a measured one).
contract PortfolioFeed is IPortfolioWeightsSource, OracleFeedBase {
    /// @notice Too many assets, mismatched lengths, or weights not summing to 10 000.
    /// @param sumBps The weights' sum.
    error FeedInvalidPortfolio(uint256 sumBps);
    /// @notice No portfolio was reported yet.
    error FeedNoPortfolio();

    /// @notice The most assets a portfolio may hold.
    uint256 public constant MAX_ASSETS = 16;

    /// @notice Risk and quality figures of the portfolio (fixed-point integers).
    struct Metrics {
        int32 expectedReturnBps; // annualised
        uint32 volatilityBps; // annualised
        uint32 varBps; // 95 % one-day value at risk
        uint32 cvarBps; // 95 % one-day conditional value at risk
        uint8 algorithmId; // 1 = exact mean-variance, 2 = QAOA on a state-vector simulator
        uint32 approximationRatioPpm; // QAOA objective / exact optimum × 10^6
        uint32 speedupPpm; // measured time ratio × 10^6
    }

    /// @notice A portfolio was stored.
    /// @param round The round.
    /// @param assets The assets.
    /// @param weightsBps Their weights.
    /// @param metrics The figures.
    event PortfolioUpdated(uint64 indexed round, address[] assets, uint16[] weightsBps, Metrics metrics);

    address[] private _assets;
    uint16[] private _weights;
    /// @notice The latest figures.
    Metrics public metrics;
    /// @notice The latest round.
    uint64 public round;
    /// @notice When the latest portfolio was observed.
    uint64 public observedAt;

    /// @param hub_ The OracleHub.
    constructor(address hub_) OracleFeedBase(hub_) {}

    /// @inheritdoc IPortfolioWeightsSource
    function latestWeights() external view returns (address[] memory, uint16[] memory, uint256) {
        if (round == 0) revert FeedNoPortfolio();
        return (_assets, _weights, observedAt);
    }

    function _store(uint64 round_, uint64 observedAt_, bytes calldata payload) internal override {
        (address[] memory assets, uint16[] memory weights, Metrics memory m) = abi.decode(
            payload,
            (address[], uint16[], Metrics)
        );
        uint256 sum;
        for (uint256 i; i < weights.length; ++i) sum += weights[i];
        if (assets.length == 0 || assets.length > MAX_ASSETS || weights.length != assets.length || sum != 10_000) {
            revert FeedInvalidPortfolio(sum);
        }
        _assets = assets;
        _weights = weights;
        metrics = m;
        round = round_;
        observedAt = observedAt_;
        emit PortfolioUpdated(round_, assets, weights, m);
    }
}
