// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

import {IPeperToken} from "../interfaces/governance/IPeperToken.sol";

/// @title PeperToken (PEPER)
/// @notice The governance token of the Peper DAO.
/// @dev ERC-6372 clock in timestamp mode so that every chain (with different block times) agrees on
/// voting periods. The supply cap is enforced in {_update}, so no mint path can bypass it.
contract PeperToken is IPeperToken, ERC20, ERC20Permit, ERC20Votes, Ownable {
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
    ) ERC20("Peper", "PEPER") ERC20Permit("Peper") Ownable(timelock) {
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

    /// @notice The ERC-6372 clock: the block timestamp.
    /// @return The current timestamp as uint48.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice The ERC-6372 clock mode.
    /// @return "mode=timestamp".
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev Enforces the cap on every mint; ERC20Votes moves the voting units.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
        if (from == address(0) && totalSupply() > _cap) {
            revert PeperTokenCapExceeded(totalSupply(), _cap);
        }
    }
}
