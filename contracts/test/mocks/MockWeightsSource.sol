// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPortfolioWeightsSource} from "../../src/interfaces/defi/IPortfolioWeightsSource.sol";

/// @notice Test stand-in for the oracle's PortfolioFeed: returns whatever weights it was given.
contract MockWeightsSource is IPortfolioWeightsSource {
    address[] private _assets;
    uint16[] private _weights;
    uint256 private _updatedAt;

    function set(address[] calldata assets, uint16[] calldata weights, uint256 updatedAt) external {
        _assets = assets;
        _weights = weights;
        _updatedAt = updatedAt;
    }

    function latestWeights() external view returns (address[] memory, uint16[] memory, uint256) {
        return (_assets, _weights, _updatedAt);
    }
}
