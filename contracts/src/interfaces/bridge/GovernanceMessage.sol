// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A batch of calls the home chain's DAO sends to another chain, to be scheduled on that
/// chain's Timelock (which runs it after its own delay). Both chains, both endpoints and the per-route
/// nonce are inside, so its digest is valid on one chain, for one receiver, once. The Timelock
/// operation's salt is the digest, so every message is its own operation.
/// @param nonce Per route (the sender → `dstChainId`), starting at 1.
/// @param srcChainId The home chain.
/// @param srcSender The home chain's GovernanceSender.
/// @param dstChainId The chain that runs the calls.
/// @param dstReceiver That chain's GovernanceReceiver.
/// @param targets The calls' targets.
/// @param values Native tokens sent with each call (from the destination Timelock's balance).
/// @param calldatas The calls' data.
struct GovernanceMessage {
    uint64 nonce;
    uint64 srcChainId;
    address srcSender;
    uint64 dstChainId;
    address dstReceiver;
    address[] targets;
    uint256[] values;
    bytes[] calldatas;
}

/// @title GovernanceMessageLib
/// @notice The digest of a {GovernanceMessage}: its EIP-712 struct hash (arrays hashed as EIP-712 says).
/// Its type hash differs from a token message's, so a token digest can never pass for a governance one.
library GovernanceMessageLib {
    bytes32 internal constant TYPEHASH = keccak256(
        "GovernanceMessage(uint64 nonce,uint64 srcChainId,address srcSender,uint64 dstChainId,address dstReceiver,address[] targets,uint256[] values,bytes[] calldatas)"
    );

    /// @notice The message's digest.
    /// @param m The message.
    /// @return The struct hash.
    function digest(GovernanceMessage memory m) internal pure returns (bytes32) {
        bytes32[] memory dataHashes = new bytes32[](m.calldatas.length);
        for (uint256 i; i < dataHashes.length; ++i) dataHashes[i] = keccak256(m.calldatas[i]);
        return
            keccak256(
                abi.encode(
                    TYPEHASH,
                    m.nonce,
                    m.srcChainId,
                    m.srcSender,
                    m.dstChainId,
                    m.dstReceiver,
                    keccak256(abi.encodePacked(m.targets)),
                    keccak256(abi.encodePacked(m.values)),
                    keccak256(abi.encodePacked(dataHashes))
                )
            );
    }
}
