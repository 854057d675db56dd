// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IIndexVault
/// @notice An ERC-4626 vault over a basket of tokens, valued at the AMM's TWAP (never spot, so a
/// flash loan cannot move the share price), rebalanced by anyone through the AMM toward target
/// weights from the oracle's portfolio feed (or a Timelock-set fallback), within a maximum slippage
/// and refusing weights older than a maximum age. Deposits and withdrawals are in the asset.
interface IIndexVault {
    /// @notice The basket is empty, too long, contains the asset or a duplicate, or a token has no pair.
    /// @param token The offending token (zero when the length is wrong).
    error VaultInvalidBasket(address token);
    /// @notice Weights do not match the basket or do not sum to 10 000 bps (with the asset's share).
    /// @param sumBps Their sum.
    error VaultInvalidWeights(uint256 sumBps);
    /// @notice The feed's weights are older than allowed.
    /// @param age Their age in seconds.
    /// @param maxAge The maximum.
    error VaultWeightsStale(uint256 age, uint256 maxAge);
    /// @notice Rebalancing again too soon.
    /// @param nextAllowed When it is allowed again.
    error VaultRebalanceTooSoon(uint256 nextAllowed);
    /// @notice A slippage setting above the cap.
    /// @param bps The value given.
    /// @param maxBps The cap.
    error VaultSlippageTooHigh(uint256 bps, uint256 maxBps);
    /// @notice A withdrawal needs more of the asset than selling the basket within slippage gives.
    /// @param needed Asset needed.
    /// @param available Asset available.
    error VaultInsufficientLiquidity(uint256 needed, uint256 available);

    /// @notice The basket and the fallback weights changed.
    /// @param tokens The basket.
    /// @param weightsBps Fallback weights per token (the rest stays in the asset).
    event BasketChanged(address[] tokens, uint16[] weightsBps);
    /// @notice The holdings are within the rebalance band of the targets: trading now would cost fees for
    /// a move smaller than the DAO wants to follow.
    /// @param driftBps How far the holdings are from the targets (share of value that would trade, bps).
    /// @param bandBps The band.
    error VaultWithinBand(uint256 driftBps, uint256 bandBps);
    /// @notice The band is above {MAX_BAND_BPS}.
    /// @param bandBps The band asked for.
    error VaultBandTooWide(uint256 bandBps);

    /// @notice The rebalance band changed.
    /// @param bandBps The new band (bps of total value; 0 = always trade).
    event RebalanceBandChanged(uint256 bandBps);
    /// @notice The weights source changed (zero: use the fallback).
    /// @param source The new source.
    event WeightsSourceChanged(address indexed source);
    /// @notice Rebalancing parameters changed.
    /// @param maxSlippageBps Maximum slippage vs TWAP per trade.
    /// @param maxWeightAge Maximum age of the feed's weights.
    /// @param minInterval Minimum seconds between rebalances.
    event RebalanceParamsChanged(uint256 maxSlippageBps, uint256 maxWeightAge, uint256 minInterval);
    /// @notice The vault traded toward its targets.
    /// @param caller Who called rebalance.
    /// @param totalAssetsBefore Value before, in the asset.
    /// @param totalAssetsAfter Value after, in the asset.
    event Rebalanced(address indexed caller, uint256 totalAssetsBefore, uint256 totalAssetsAfter);

    /// @notice Trades toward the target weights. Anyone may call, at most once per interval, and only
    /// when the holdings drifted from the targets by at least the rebalance band.
    function rebalance() external;

    /// @notice What a rebalance would do now, at the current TWAP: how far the holdings are from the
    /// targets, how much value would trade, and what the AMM's 0.3 % fee on that would cost.
    /// @return driftBps Share of the vault's value that would trade, in bps (half the L1 distance
    /// between current and target weights, the asset's share included).
    /// @return turnover That value, in the asset.
    /// @return feeCost The AMM fee on it, in the asset (slippage comes on top, bounded by maxSlippageBps).
    /// @return bandBps The band a rebalance needs (it reverts with VaultWithinBand below it).
    function rebalancePreview()
        external
        view
        returns (uint256 driftBps, uint256 turnover, uint256 feeCost, uint256 bandBps);

    /// @notice Sets the rebalance band: a rebalance trades only when the holdings drifted from the
    /// targets by at least this share of value, which bounds turnover when targets move a little from
    /// round to round. Owner (the Timelock).
    /// @param bandBps The band, at most {MAX_BAND_BPS} (0 = always trade).
    function setRebalanceBand(uint256 bandBps) external;

    /// @notice Sets the basket and its fallback weights (bps of total value; the rest is held in the
    /// asset). The vault must hold none of the removed tokens. Only the owner (the Timelock).
    /// @param tokens The basket.
    /// @param weightsBps Fallback weights.
    function setBasket(address[] calldata tokens, uint16[] calldata weightsBps) external;

    /// @notice Sets the weights source (the oracle's PortfolioFeed), zero for the fallback. Owner.
    /// @param source The source.
    function setWeightsSource(address source) external;

    /// @notice Sets the rebalancing limits. Owner.
    /// @param maxSlippageBps Maximum slippage vs TWAP per trade (at most 500).
    /// @param maxWeightAge Maximum age of the feed's weights, in seconds.
    /// @param minInterval Minimum seconds between rebalances.
    function setRebalanceParams(uint256 maxSlippageBps, uint256 maxWeightAge, uint256 minInterval) external;

    /// @notice The basket's tokens.
    /// @return The tokens.
    function basket() external view returns (address[] memory);

    /// @notice The weights rebalance would aim for now.
    /// @return tokens The basket.
    /// @return weightsBps Target weight per token.
    function targetWeights() external view returns (address[] memory tokens, uint16[] memory weightsBps);
}
