// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {OracleFeedBase} from "./OracleFeedBase.sol";

/// @title DecisionFeed
/// @notice The decision engine's latest call per asset, as agreed by the oracle network.
/// Payload: `abi.encode(address asset, uint8 action, uint16 sizeBps, uint16 confidenceBps,
/// string reasoningCid, uint32 modelVersion)`; action 0 = hold, 1 = buy, 2 = sell.
contract DecisionFeed is OracleFeedBase {
    /// @notice The action is not hold, buy or sell, or a bps value is above 10 000.
    error FeedInvalidDecision();
    /// @notice No decision exists for the asset.
    /// @param asset The asset.
    error FeedNoDecision(address asset);

    /// @notice A decision was stored.
    /// @param asset The asset.
    /// @param round The round.
    /// @param action 0 hold, 1 buy, 2 sell.
    /// @param sizeBps Position size in bps.
    /// @param confidenceBps Calibrated confidence in bps.
    /// @param reasoningCid IPFS CID of the plain-language reasoning.
    /// @param modelVersion The model's version.
    event DecisionUpdated(
        address indexed asset,
        uint64 indexed round,
        uint8 action,
        uint16 sizeBps,
        uint16 confidenceBps,
        string reasoningCid,
        uint32 modelVersion
    );

    /// @notice One decision.
    struct Decision {
        uint8 action;
        uint16 sizeBps;
        uint16 confidenceBps;
        uint32 modelVersion;
        uint64 round;
        uint64 observedAt;
        string reasoningCid;
    }

    mapping(address asset => Decision) private _decisions;

    /// @param hub_ The OracleHub.
    constructor(address hub_) OracleFeedBase(hub_) {}

    /// @notice The latest decision for an asset.
    /// @param asset The asset.
    /// @return The decision.
    function latestDecision(address asset) external view returns (Decision memory) {
        Decision memory d = _decisions[asset];
        if (d.round == 0) revert FeedNoDecision(asset);
        return d;
    }

    function _store(uint64 round, uint64 observedAt, bytes calldata payload) internal override {
        (address asset, uint8 action, uint16 sizeBps, uint16 confidenceBps, string memory cid, uint32 model) = abi
            .decode(payload, (address, uint8, uint16, uint16, string, uint32));
        if (action > 2 || sizeBps > 10_000 || confidenceBps > 10_000) revert FeedInvalidDecision();
        _decisions[asset] = Decision(action, sizeBps, confidenceBps, model, round, observedAt, cid);
        emit DecisionUpdated(asset, round, action, sizeBps, confidenceBps, cid, model);
    }
}
