// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {LibBit} from "solady/src/utils/LibBit.sol";
import {SSTORE2} from "solady/src/utils/SSTORE2.sol";

/// @title OperatorSignatures
/// @notice M-of-N operator signatures as the OracleHub and the bridge's OperatorVerifier check them.
/// The operator list is stored packed (20 bytes each, index order) in the code of a data contract
/// (Solady's SSTORE2), so one EXTCODECOPY reads all of it instead of one cold SLOAD per signer. A
/// submitter names the signers in a bitmap (bit i is operator i) and sends one EIP-2098 compact
/// signature per set bit, in bit order: each signature is checked against exactly one operator, and a
/// duplicate signer cannot be expressed.
/// @dev Nothing here reverts with an error of its own: failures come back as `false` (with what went
/// wrong) and each contract reverts with its own custom errors.
library OperatorSignatures {
    /// @notice The most operators a list may hold (the signer bitmap's budget).
    uint256 internal constant MAX_OPERATORS = 31;

    /// @notice An EIP-2098 compact signature: `r`, then `s` with the recovery bit (v − 27) on top. The
    /// same layout as the contracts' own `Signature` structs, whose calldata arrays callers view as this.
    struct Compact {
        bytes32 r;
        bytes32 yParityAndS;
    }

    /// @notice Checks a new configuration and packs its operators for {SSTORE2.write}.
    /// @param operators The operators, in index order.
    /// @param threshold How many must sign.
    /// @return valid False when the list is empty, longer than {MAX_OPERATORS}, holds the zero address
    /// or an operator twice, or the threshold is zero or above the list's length.
    /// @return packed The operators packed 20 bytes each.
    function pack(
        address[] calldata operators,
        uint8 threshold
    ) internal pure returns (bool valid, bytes memory packed) {
        uint256 n = operators.length;
        if (n == 0 || n > MAX_OPERATORS || threshold == 0 || threshold > n) return (false, packed);
        // at most 31 × 30 / 2 comparisons: bounded by MAX_OPERATORS, and only an owner configures
        for (uint256 i; i < n; ++i) {
            address op = operators[i];
            if (op == address(0)) return (false, packed);
            for (uint256 j; j < i; ++j) {
                if (operators[j] == op) return (false, packed);
            }
            packed = bytes.concat(packed, bytes20(op)); // (abi.encodePacked pads array elements)
        }
        return (true, packed);
    }

    /// @notice The packed operator list stored at `pointer`; empty when `pointer` is zero (no
    /// configuration yet).
    /// @param pointer The SSTORE2 data contract.
    /// @return packed The operators packed 20 bytes each.
    function read(address pointer) internal view returns (bytes memory packed) {
        return pointer == address(0) ? new bytes(0) : SSTORE2.read(pointer);
    }

    /// @notice A packed list as an array.
    /// @param packed The operators packed 20 bytes each.
    /// @return list The operators in index order.
    function unpack(bytes memory packed) internal pure returns (address[] memory list) {
        list = new address[](packed.length / 20);
        for (uint256 i; i < list.length; ++i) {
            list[i] = _operatorAt(packed, i);
        }
    }

    /// @notice Whether the operators named by `signers` signed `hash`, one signature per set bit in bit
    /// order. The caller checks the threshold against `signatures.length`.
    /// @dev No signatures with an empty bitmap count as valid (nothing to check), also against an
    /// empty list (no configuration yet): only the caller's threshold refuses them, so the caller must
    /// never get here unconfigured. {pack} refuses a zero threshold; before the first configuration the
    /// OracleHub registers no feed (HubNotConfigured) and the OperatorVerifier refuses
    /// (OperatorsNotConfigured).
    /// @param pointer The SSTORE2 data contract of the operator list (read with one EXTCODECOPY).
    /// @param hash What each operator signed.
    /// @param signers Bit i set: operator i signed.
    /// @param signatures The signatures, in bit order.
    /// @return valid True when every signature is its operator's.
    /// @return signer When not valid: the address a signature recovered to that is not its operator's,
    /// or zero when `signers` does not fit the list or does not name one operator per signature.
    function verify(
        address pointer,
        bytes32 hash,
        uint256 signers,
        Compact[] calldata signatures
    ) internal view returns (bool valid, address signer) {
        bytes memory packed = read(pointer);
        uint256 count = signatures.length;
        // every set bit names an operator, and there is one signature per set bit
        if (signers >> (packed.length / 20) != 0) return (false, address(0));
        uint256 next;
        for (uint256 rest = signers; rest != 0; rest &= rest - 1) {
            if (next == count) return (false, address(0));
            // the lowest set bit's index (`rest` is not zero here); a De Bruijn lookup, ~70 gas less than
            // isolating the bit and taking Math.log2 of it
            uint256 index = LibBit.ffs(rest);
            Compact calldata signature = signatures[next++];
            // recover(hash, r, vs) reverts on a malleable (high-s) or unrecoverable signature, and never
            // returns zero
            signer = ECDSA.recover(hash, signature.r, signature.yParityAndS);
            if (signer != _operatorAt(packed, index)) return (false, signer);
        }
        return (next == count, address(0));
    }

    /// @dev The operator at `index` of a packed list; the caller keeps `index` below the list's length.
    function _operatorAt(bytes memory packed, uint256 index) private pure returns (address operator) {
        // One MLOAD of the 32 bytes at 20 × index; the address is its top 20 bytes. Reading past the
        // end for the last entry is harmless: those 12 bytes are shifted out. Solidity has no
        // conversion of a memory `bytes` range to `bytes20` without copying it, hence assembly.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            operator := shr(96, mload(add(add(packed, 0x20), mul(index, 20))))
        }
    }
}
