// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A token transfer between two BridgeManagers. Everything that makes a message unique is
/// in it — both chain ids, both managers, the per-route sequence — so its digest can never be valid
/// on another chain, for another manager or twice on the same route.
/// @param sequence Per route (this source manager → `dstChainId`), starting at 1.
/// @param srcChainId The chain the tokens left.
/// @param srcManager The manager that locked or burned them.
/// @param dstChainId The chain where they are released or minted.
/// @param dstManager The manager that releases or mints them (the source's configured peer).
/// @param sender Who sent them on the source chain.
/// @param recipient Who receives them on the destination chain.
/// @param amount How many tokens, in wei units (18 decimals on every chain).
struct BridgeMessage {
    uint64 sequence;
    uint64 srcChainId;
    address srcManager;
    uint64 dstChainId;
    address dstManager;
    address sender;
    address recipient;
    uint256 amount;
}

/// @title BridgeMessageLib
/// @notice The digest of a {BridgeMessage}: the EIP-712 struct hash of `BridgeMessage(...)`, the one
/// identifier every verifier attests and the manager executes at most once.
library BridgeMessageLib {
    bytes32 internal constant TYPEHASH = keccak256(
        "BridgeMessage(uint64 sequence,uint64 srcChainId,address srcManager,uint64 dstChainId,address dstManager,address sender,address recipient,uint256 amount)"
    );

    /// @notice The message's digest.
    /// @param m The message.
    /// @return The struct hash.
    function digest(BridgeMessage memory m) internal pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    TYPEHASH,
                    m.sequence,
                    m.srcChainId,
                    m.srcManager,
                    m.dstChainId,
                    m.dstManager,
                    m.sender,
                    m.recipient,
                    m.amount
                )
            );
    }
}
