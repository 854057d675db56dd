// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {IGuardianPausable} from "../interfaces/governance/IGuardianPausable.sol";

/// @title GuardianPausable
/// @notice Base of every Peper contract that can be paused in an emergency. See {IGuardianPausable}.
/// @dev The owner is the DAO's Timelock. Inheritors put `whenNotPaused` on the functions that move
/// funds in; withdrawals of a user's own funds should stay open during a pause where possible.
abstract contract GuardianPausable is IGuardianPausable, Ownable, Pausable {
    address private _guardian;

    /// @param owner_ The owner (the Timelock).
    /// @param guardian_ The initial guardian (may be zero).
    constructor(address owner_, address guardian_) Ownable(owner_) {
        _guardian = guardian_;
        emit GuardianChanged(address(0), guardian_);
    }

    /// @inheritdoc IGuardianPausable
    function guardian() external view returns (address) {
        return _guardian;
    }

    /// @inheritdoc IGuardianPausable
    function setGuardian(address newGuardian) external onlyOwner {
        address previous = _guardian;
        _guardian = newGuardian;
        emit GuardianChanged(previous, newGuardian);
    }

    /// @inheritdoc IGuardianPausable
    function pause() external {
        if (msg.sender != _guardian && msg.sender != owner()) revert GuardianUnauthorized(msg.sender);
        _pause();
    }

    /// @inheritdoc IGuardianPausable
    function unpause() external onlyOwner {
        _unpause();
    }
}
