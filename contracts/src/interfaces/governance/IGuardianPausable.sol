// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IGuardianPausable
/// @notice An emergency brake shared by Peper's money-moving contracts. The guardian (an address set
/// at deploy) can only pause; the owner (the DAO's Timelock) can pause, unpause and replace or revoke
/// the guardian. Pausing never moves funds.
interface IGuardianPausable {
    /// @notice The caller is neither the guardian nor the owner.
    /// @param caller The address that tried to pause.
    error GuardianUnauthorized(address caller);

    /// @notice The guardian changed (to the zero address when governance revoked it).
    /// @param previousGuardian The guardian before.
    /// @param newGuardian The guardian now.
    event GuardianChanged(address indexed previousGuardian, address indexed newGuardian);

    /// @notice The current guardian, or the zero address when none.
    /// @return The guardian.
    function guardian() external view returns (address);

    /// @notice Replaces the guardian; the zero address revokes it. Only the owner (the Timelock).
    /// @param newGuardian The new guardian.
    function setGuardian(address newGuardian) external;

    /// @notice Pauses the contract. The guardian or the owner.
    function pause() external;

    /// @notice Ends a pause. Only the owner (the Timelock), so that a guardian cannot undo governance.
    function unpause() external;
}
