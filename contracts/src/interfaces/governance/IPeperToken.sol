// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPeperToken
/// @notice The PEPER governance token: ERC-20 with ERC-2612 permit, ERC-5805 votes and an ERC-6372
/// clock in timestamp mode, a hard supply cap, and minting only by its owner (the DAO's Timelock).
interface IPeperToken {
    /// @notice The initial distribution's recipient and amount lists differ in length.
    /// @param recipients Number of recipients given.
    /// @param amounts Number of amounts given.
    error PeperTokenDistributionMismatch(uint256 recipients, uint256 amounts);

    /// @notice The cap is zero, or the initial distribution exceeds it.
    /// @param cap The cap asked for.
    /// @param distributed The sum of the initial distribution.
    error PeperTokenInvalidCap(uint256 cap, uint256 distributed);

    /// @notice A mint would take the total supply above the cap.
    /// @param supply The total supply the mint would reach.
    /// @param cap The cap.
    error PeperTokenCapExceeded(uint256 supply, uint256 cap);

    /// @notice The DAO minted new PEPER.
    /// @param to Who received the tokens.
    /// @param amount How many tokens (18 decimals).
    event Minted(address indexed to, uint256 amount);

    /// @notice Mints `amount` PEPER to `to`. Only the owner (the Timelock) may call it, and the total
    /// supply may never exceed {cap}.
    /// @param to The recipient.
    /// @param amount The amount, in wei units of PEPER (18 decimals).
    function mint(address to, uint256 amount) external;

    /// @notice The hard cap on total supply.
    /// @return The cap, in wei units of PEPER.
    function cap() external view returns (uint256);
}
