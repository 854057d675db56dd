// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title PeperVotesToken
/// @notice What PEPER is on every chain: "Peper" (PEPER), ERC-20 with ERC-2612 permit (domain "Peper"
/// v1, bound to the chain id and the token's address), ERC-5805 votes and an ERC-6372 clock in
/// timestamp mode, so that voting periods agree across chains with different block times. The home
/// chain's {PeperToken} and the other chains' {PeperBridgedToken} add how supply is created.
abstract contract PeperVotesToken is ERC20, ERC20Permit, ERC20Votes {
    constructor() ERC20("Peper", "PEPER") ERC20Permit("Peper") {}

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

    /// @dev ERC20Votes moves the voting units.
    function _update(address from, address to, uint256 value) internal virtual override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
