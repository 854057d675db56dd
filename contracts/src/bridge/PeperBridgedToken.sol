// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IPeperBridgedToken} from "../interfaces/bridge/IPeperBridgedToken.sol";
import {PeperVotesToken} from "../governance/PeperVotesToken.sol";

/// @title PeperBridgedToken (PEPER on a remote chain)
/// @notice See {IPeperBridgedToken}. Delegation, votes and permits work as on the home chain, so
/// staking, farms, the Governor's tools and wallets treat it as PEPER.
contract PeperBridgedToken is IPeperBridgedToken, PeperVotesToken, Ownable {
    address private _bridge;

    /// @param owner_ The chain's Timelock (sets the bridge manager).
    /// @param bridge_ The chain's BridgeManager (may be set later; zero until then).
    constructor(address owner_, address bridge_) Ownable(owner_) {
        _bridge = bridge_;
        emit BridgeSet(address(0), bridge_);
    }

    modifier onlyBridge() {
        if (msg.sender != _bridge) revert BridgedTokenOnlyBridge(msg.sender);
        _;
    }

    /// @inheritdoc IPeperBridgedToken
    function mint(address to, uint256 amount) external onlyBridge {
        _mint(to, amount);
    }

    /// @inheritdoc IPeperBridgedToken
    function burn(address from, uint256 amount) external onlyBridge {
        _burn(from, amount);
    }

    /// @inheritdoc IPeperBridgedToken
    function setBridge(address newBridge) external onlyOwner {
        if (newBridge == address(0)) revert BridgedTokenZeroBridge();
        emit BridgeSet(_bridge, newBridge);
        _bridge = newBridge;
    }

    /// @inheritdoc IPeperBridgedToken
    function bridge() external view returns (address) {
        return _bridge;
    }
}
