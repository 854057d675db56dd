// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MockERC1271Wallet} from "./MockERC1271Wallet.sol";

/// @notice A contract wallet whose ERC-1271 answer is the magic value in a shape that OpenZeppelin's
/// SignatureChecker (and so the Marketplace) does not accept: with `shortAnswer` only the four bytes of
/// the selector are returned; otherwise the selector followed by non-zero bytes in the same word. An
/// off-chain check that reads just the first four bytes would take such a wallet's orders, and every
/// fill would revert.
contract MockERC1271LooseWallet is MockERC1271Wallet {
    bool public immutable shortAnswer;

    constructor(address owner_, bool shortAnswer_) MockERC1271Wallet(owner_, false) {
        shortAnswer = shortAnswer_;
    }

    /// @notice Answers the magic value 0x1626ba7e for any hash, in a non-standard encoding.
    function isValidSignature(bytes32, bytes calldata) external view override returns (bytes4) {
        bool short = shortAnswer;
        // solhint-disable-next-line no-inline-assembly
        assembly {
            mstore(0x00, 0x1626ba7e00000000000000000000000000000000000000000000000000000001)
            if short {
                return(0x00, 0x04)
            }
            return(0x00, 0x20)
        }
    }
}
