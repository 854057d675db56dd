// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPeperFactory} from "../interfaces/defi/IPeperFactory.sol";
import {PeperPair} from "./PeperPair.sol";

/// @title PeperFactory
/// @notice Creates Peper AMM pairs. See {IPeperFactory}.
contract PeperFactory is IPeperFactory {
    /// @inheritdoc IPeperFactory
    address public feeTo;
    /// @inheritdoc IPeperFactory
    address public feeToSetter;
    /// @inheritdoc IPeperFactory
    bytes32 public immutable INIT_CODE_PAIR_HASH;

    /// @inheritdoc IPeperFactory
    mapping(address tokenA => mapping(address tokenB => address pair)) public getPair;
    /// @inheritdoc IPeperFactory
    address[] public allPairs;

    address private transient _pendingToken0;
    address private transient _pendingToken1;

    /// @param feeToSetter_ The account that may switch the protocol fee: the Timelock.
    constructor(address feeToSetter_) {
        feeToSetter = feeToSetter_;
        INIT_CODE_PAIR_HASH = keccak256(type(PeperPair).creationCode);
        emit FeeToSetterChanged(address(0), feeToSetter_);
    }

    /// @inheritdoc IPeperFactory
    function allPairsLength() external view returns (uint256) {
        return allPairs.length;
    }

    /// @inheritdoc IPeperFactory
    function pairTokens() external view returns (address token0, address token1) {
        return (_pendingToken0, _pendingToken1);
    }

    /// @inheritdoc IPeperFactory
    function createPair(address tokenA, address tokenB) external returns (address pair) {
        if (tokenA == tokenB) revert FactoryIdenticalAddresses(tokenA);
        (address token0, address token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (token0 == address(0)) revert FactoryZeroAddress();
        address existing = getPair[token0][token1];
        if (existing != address(0)) revert FactoryPairExists(existing);

        _pendingToken0 = token0;
        _pendingToken1 = token1;
        pair = address(new PeperPair{salt: keccak256(abi.encodePacked(token0, token1))}());
        _pendingToken0 = address(0);
        _pendingToken1 = address(0);

        getPair[token0][token1] = pair;
        getPair[token1][token0] = pair;
        allPairs.push(pair);
        emit PairCreated(token0, token1, pair, allPairs.length);
    }

    /// @inheritdoc IPeperFactory
    function setFeeTo(address newFeeTo) external {
        if (msg.sender != feeToSetter) revert FactoryForbidden(msg.sender);
        emit FeeToChanged(feeTo, newFeeTo);
        feeTo = newFeeTo;
    }

    /// @inheritdoc IPeperFactory
    function setFeeToSetter(address newFeeToSetter) external {
        if (msg.sender != feeToSetter) revert FactoryForbidden(msg.sender);
        emit FeeToSetterChanged(feeToSetter, newFeeToSetter);
        feeToSetter = newFeeToSetter;
    }
}
