// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A contract that uses the router in tests: makes several calls in one transaction and
/// records what each returned, and on receiving ether accepts it, refuses it, or re-enters.
contract RouterClient {
    enum OnEther {
        Accept,
        Refuse,
        Reenter
    }

    error NoEther();

    OnEther public onEther;
    address public reentryTarget;
    uint256 public reentryValue;
    bytes public reentryData;
    /// @notice What the re-entrant call returned, the last time it was made.
    bytes public reentryResult;
    /// @notice How many times it received ether (and re-entered, in Reenter mode).
    uint256 public received;
    /// @notice What each call of the last `run` returned.
    bytes[] public results;

    /// @notice Sets what it does when it receives ether; in Reenter mode it calls `target` with
    /// `data` and `value` of its own ether, bubbling up a failure.
    function setOnEther(OnEther mode, address target, uint256 value, bytes calldata data) external {
        onEther = mode;
        reentryTarget = target;
        reentryValue = value;
        reentryData = data;
    }

    /// @notice Makes every call in order in this one transaction, with its ether (from the ether
    /// sent and what it holds), bubbling up the first failure; records and returns their results.
    function run(
        address target,
        bytes[] calldata calls,
        uint256[] calldata values
    ) external payable returns (bytes[] memory out) {
        delete results;
        out = new bytes[](calls.length);
        for (uint256 i; i < calls.length; ++i) {
            out[i] = _call(target, values[i], calls[i]);
            results.push(out[i]);
        }
    }

    function resultsLength() external view returns (uint256) {
        return results.length;
    }

    receive() external payable {
        _onEther();
    }

    function _onEther() private {
        OnEther mode = onEther;
        if (mode == OnEther.Refuse) revert NoEther();
        ++received;
        if (mode == OnEther.Reenter) reentryResult = _call(reentryTarget, reentryValue, reentryData);
    }

    function _call(address target, uint256 value, bytes memory data) private returns (bytes memory ret) {
        bool ok;
        // solhint-disable-next-line avoid-low-level-calls
        (ok, ret) = target.call{value: value}(data);
        if (!ok) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
    }
}
