// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IPeperToken} from "../interfaces/governance/IPeperToken.sol";
import {PeperVotesToken} from "./PeperVotesToken.sol";

/// @title PeperToken (PEPER)
/// @notice The governance token of the Peper DAO.
/// @dev The home chain's PEPER (see {PeperVotesToken} for the clock, permit and votes shared with the
/// bridged PEPER of other chains). The supply cap is enforced in {_update}, so no mint path can bypass it.
contract PeperToken is IPeperToken, PeperVotesToken, Ownable {
    uint256 private immutable _cap;

    /// @param timelock The DAO's Timelock: the only minter.
    /// @param cap_ The hard cap on total supply (wei units).
    /// @param recipients The initial distribution's holders.
    /// @param amounts What each holder receives (wei units), in the same order.
    constructor(
        address timelock,
        uint256 cap_,
        address[] memory recipients,
        uint256[] memory amounts
    ) Ownable(timelock) {
        if (recipients.length != amounts.length) {
            revert PeperTokenDistributionMismatch(recipients.length, amounts.length);
        }
        uint256 distributed;
        for (uint256 i = 0; i < recipients.length; ++i) {
            distributed += amounts[i];
        }
        if (cap_ == 0 || distributed > cap_) revert PeperTokenInvalidCap(cap_, distributed);
        _cap = cap_;
        // bounded: the deploy-time list, not user data
        for (uint256 i = 0; i < recipients.length; ++i) {
            _mint(recipients[i], amounts[i]);
        }
    }

    /// @inheritdoc IPeperToken
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
        emit Minted(to, amount);
    }

    /// @inheritdoc IPeperToken
    function cap() external view returns (uint256) {
        return _cap;
    }

    /// @dev Enforces the cap on every mint.
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from == address(0) && totalSupply() > _cap) {
            revert PeperTokenCapExceeded(totalSupply(), _cap);
        }
    }
}
