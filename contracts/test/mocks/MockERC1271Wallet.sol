// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice A minimal contract wallet (ERC-1271): a signature is valid when its owner's key signed
/// the hash; with `wrongMagic` it answers every check with a value that is not the magic one.
contract MockERC1271Wallet is IERC1271 {
    error NotOwner();
    error CallFailed(bytes reason);

    address public immutable owner;
    bool public immutable wrongMagic;

    constructor(address owner_, bool wrongMagic_) {
        owner = owner_;
        wrongMagic = wrongMagic_;
    }

    receive() external payable {}

    /// @notice Runs a call as the wallet (owner only): approvals, cancels.
    function execute(address target, bytes calldata data) external {
        if (msg.sender != owner) revert NotOwner();
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = target.call(data);
        if (!ok) revert CallFailed(reason);
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view virtual returns (bytes4) {
        if (wrongMagic) return 0x12345678;
        (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(hash, signature);
        return err == ECDSA.RecoverError.NoError && signer == owner ? IERC1271.isValidSignature.selector : bytes4(0);
    }
}
