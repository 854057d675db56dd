// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BridgeMessage} from "./BridgeMessage.sol";
import {GovernanceMessage} from "./GovernanceMessage.sol";

/// @title IBridgeVerifier
/// @notice One independent way of confirming that a bridge message was really sent on its source
/// chain (the "transceiver" of Wormhole's Native Token Transfers). A BridgeManager executes a
/// message only when `threshold` of its configured verifiers attested the same message digest.
/// A verifier proves origin in its own way (an M-of-N operator signature, a messaging protocol's
/// own security module, …) and then calls {IBridgeManager.attest} on the destination manager.
interface IBridgeVerifier {
    /// @notice Called by the source chain's manager when it sends a message. Verifiers that carry the
    /// message themselves (a messaging protocol) dispatch it here and spend `msg.value` on their
    /// protocol's fee; passive verifiers (operators that watch the manager's events) do nothing.
    /// @param message The message, as the manager emitted it.
    function onSend(BridgeMessage calldata message) external payable;

    /// @notice The native-token fee {onSend} needs for a message to `dstChainId`.
    /// @param dstChainId The destination chain id.
    /// @return fee Wei of the native token.
    function quoteSend(uint256 dstChainId) external view returns (uint256 fee);

    /// @notice Called by the home chain's GovernanceSender when it sends a governance message; as {onSend}.
    /// @param message The message.
    function onSendGovernance(GovernanceMessage calldata message) external payable;

    /// @notice The native-token fee {onSendGovernance} needs for `message`.
    /// @param message The message (its size may matter to the protocol's fee).
    /// @return fee Wei of the native token.
    function quoteSendGovernance(GovernanceMessage calldata message) external view returns (uint256 fee);
}
