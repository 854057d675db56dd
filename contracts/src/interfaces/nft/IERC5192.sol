// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC5192
/// @notice Minimal soulbound NFTs (ERC-5192): interface id 0xb45a3c0e.
interface IERC5192 {
    /// @notice A token was locked (cannot be transferred).
    /// @param tokenId The token.
    event Locked(uint256 tokenId);

    /// @notice A token was unlocked.
    /// @param tokenId The token.
    event Unlocked(uint256 tokenId);

    /// @notice Whether a token is locked.
    /// @param tokenId The token.
    /// @return True when it cannot be transferred.
    function locked(uint256 tokenId) external view returns (bool);
}
