// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPeperFactory
/// @notice Creates and lists Peper AMM pairs. Function signatures and events are Uniswap V2's
/// factory's, so wallets, aggregators and the v2 SDK work unchanged. The protocol-fee switch
/// (`feeTo`) and its setter belong to the DAO's Timelock.
interface IPeperFactory {
    /// @notice Both tokens of a pair are the same.
    /// @param token The token given twice.
    error FactoryIdenticalAddresses(address token);

    /// @notice A token of the pair is the zero address.
    error FactoryZeroAddress();

    /// @notice The pair exists already.
    /// @param pair Its address.
    error FactoryPairExists(address pair);

    /// @notice The caller is not `feeToSetter`.
    /// @param caller Who called.
    error FactoryForbidden(address caller);

    /// @notice A pair was created.
    /// @param token0 The lower-sorted token.
    /// @param token1 The higher-sorted token.
    /// @param pair The pair's address.
    /// @param allPairsLength The number of pairs after this one (Uniswap V2's unnamed last field).
    event PairCreated(address indexed token0, address indexed token1, address pair, uint256 allPairsLength);

    /// @notice The protocol fee's recipient changed (the zero address turns the fee off).
    /// @param previousFeeTo The recipient before.
    /// @param newFeeTo The recipient now.
    event FeeToChanged(address indexed previousFeeTo, address indexed newFeeTo);

    /// @notice The account allowed to set `feeTo` changed.
    /// @param previousSetter The setter before.
    /// @param newSetter The setter now.
    event FeeToSetterChanged(address indexed previousSetter, address indexed newSetter);

    /// @notice Recipient of the protocol fee (1/6 of the 0.3 % fee); zero when the fee is off.
    /// @return The recipient.
    function feeTo() external view returns (address);

    /// @notice The account allowed to change `feeTo` and itself: the Timelock.
    /// @return The setter.
    function feeToSetter() external view returns (address);

    /// @notice The pair of two tokens, in either order; zero when none.
    /// @param tokenA One token.
    /// @param tokenB The other token.
    /// @return pair The pair's address.
    function getPair(address tokenA, address tokenB) external view returns (address pair);

    /// @notice The i-th pair created.
    /// @param index Zero-based index.
    /// @return pair The pair's address.
    function allPairs(uint256 index) external view returns (address pair);

    /// @notice How many pairs exist.
    /// @return The number of pairs.
    function allPairsLength() external view returns (uint256);

    /// @notice Creates the pair of two tokens at a CREATE2 address derived from them.
    /// @param tokenA One token.
    /// @param tokenB The other token.
    /// @return pair The new pair's address.
    function createPair(address tokenA, address tokenB) external returns (address pair);

    /// @notice Turns the protocol fee on (a recipient) or off (zero). Only `feeToSetter`.
    /// @param newFeeTo The new recipient.
    function setFeeTo(address newFeeTo) external;

    /// @notice Hands the fee switch to another account. Only `feeToSetter`.
    /// @param newFeeToSetter The new setter.
    function setFeeToSetter(address newFeeToSetter) external;

    /// @notice keccak256 of the pair's creation code, for computing pair addresses off chain.
    /// @return The hash.
    // solhint-disable-next-line func-name-mixedcase
    function INIT_CODE_PAIR_HASH() external view returns (bytes32);

    /// @notice The tokens of the pair being created; read by the pair's constructor (valid only
    /// during `createPair`, kept in transient storage).
    /// @return token0 The lower-sorted token.
    /// @return token1 The higher-sorted token.
    function pairTokens() external view returns (address token0, address token1);
}
