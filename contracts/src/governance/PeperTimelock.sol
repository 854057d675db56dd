// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title PeperTimelock
/// @notice The DAO's treasury and the owner of every protocol parameter: OpenZeppelin's
/// TimelockController, unchanged. After deployment the Governor is its only proposer and canceller,
/// anyone may execute a ready operation, and no admin remains (see contracts/ignition/modules/Governance.ts).
contract PeperTimelock is TimelockController {
    /// @param minDelay Seconds between queueing and execution.
    /// @param proposers Accounts granted the proposer and canceller roles.
    /// @param executors Accounts granted the executor role (address(0) = anyone).
    /// @param admin Optional temporary admin for setup; renounced at the end of deployment.
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}
