// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title DemoToken
/// @notice An ERC-20 with permit for the local stack's demo markets (for example a USDC-like token
/// with 6 decimals). The whole supply is minted at deployment; there is no owner and no later mint.
contract DemoToken is ERC20, ERC20Permit {
    uint8 private immutable _decimals;

    /// @notice The recipient and amount lists differ in length.
    /// @param recipients Number of recipients.
    /// @param amounts Number of amounts.
    error DemoTokenDistributionMismatch(uint256 recipients, uint256 amounts);

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Decimals (6 for a USDC-like token).
    /// @param recipients Who receives the supply.
    /// @param amounts How much each receives, in the token's smallest unit.
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        address[] memory recipients,
        uint256[] memory amounts
    ) ERC20(name_, symbol_) ERC20Permit(name_) {
        if (recipients.length != amounts.length) {
            revert DemoTokenDistributionMismatch(recipients.length, amounts.length);
        }
        _decimals = decimals_;
        // bounded: the deploy-time list
        for (uint256 i = 0; i < recipients.length; ++i) _mint(recipients[i], amounts[i]);
    }

    /// @notice The token's decimals.
    /// @return The decimals set at deployment.
    function decimals() public view override returns (uint8) {
        return _decimals;
    }
}
