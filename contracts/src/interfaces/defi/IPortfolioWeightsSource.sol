// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPortfolioWeightsSource
/// @notice Target weights for the index vault: the oracle network's PortfolioFeed implements it.
interface IPortfolioWeightsSource {
    /// @notice The latest accepted portfolio.
    /// @return assets The tokens.
    /// @return weightsBps Their weights in basis points (summing to 10 000).
    /// @return updatedAt When the report was observed (unix seconds).
    function latestWeights()
        external
        view
        returns (address[] memory assets, uint16[] memory weightsBps, uint256 updatedAt);
}
