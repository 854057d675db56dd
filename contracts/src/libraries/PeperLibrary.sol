// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPeperPair} from "../interfaces/defi/IPeperPair.sol";

/// @title PeperLibrary
/// @notice Pair addresses and constant-product quotes with the 0.3 % fee: Uniswap V2's formulas,
/// so quotes match the v2 SDK to the wei.
library PeperLibrary {
    /// @notice Both tokens are the same.
    /// @param token The token given twice.
    error LibraryIdenticalAddresses(address token);
    /// @notice A token is the zero address.
    error LibraryZeroAddress();
    /// @notice An amount in or out is zero.
    error LibraryInsufficientAmount();
    /// @notice A reserve is zero (no liquidity yet), or the output asked for is not below it.
    error LibraryInsufficientLiquidity();
    /// @notice A path needs at least two tokens.
    /// @param length The path's length.
    error LibraryInvalidPath(uint256 length);

    /// @notice Sorts two tokens as pairs do.
    /// @param tokenA One token.
    /// @param tokenB The other.
    /// @return token0 The lower address.
    /// @return token1 The higher address.
    function sortTokens(address tokenA, address tokenB) internal pure returns (address token0, address token1) {
        if (tokenA == tokenB) revert LibraryIdenticalAddresses(tokenA);
        (token0, token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (token0 == address(0)) revert LibraryZeroAddress();
    }

    /// @notice The CREATE2 address of a pair, without any call.
    /// @param factory The factory.
    /// @param initCodeHash The factory's INIT_CODE_PAIR_HASH.
    /// @param tokenA One token.
    /// @param tokenB The other.
    /// @return pair The pair's address (whether or not it exists yet).
    function pairFor(
        address factory,
        bytes32 initCodeHash,
        address tokenA,
        address tokenB
    ) internal pure returns (address pair) {
        (address token0, address token1) = sortTokens(tokenA, tokenB);
        pair = address(
            uint160(
                uint256(
                    keccak256(
                        abi.encodePacked(hex"ff", factory, keccak256(abi.encodePacked(token0, token1)), initCodeHash)
                    )
                )
            )
        );
    }

    /// @notice The reserves of a pair in the order of the tokens given.
    /// @param factory The factory.
    /// @param initCodeHash The factory's INIT_CODE_PAIR_HASH.
    /// @param tokenA One token.
    /// @param tokenB The other.
    /// @return reserveA Reserve of tokenA.
    /// @return reserveB Reserve of tokenB.
    function getReserves(
        address factory,
        bytes32 initCodeHash,
        address tokenA,
        address tokenB
    ) internal view returns (uint256 reserveA, uint256 reserveB) {
        (address token0, ) = sortTokens(tokenA, tokenB);
        (uint256 reserve0, uint256 reserve1, ) = IPeperPair(pairFor(factory, initCodeHash, tokenA, tokenB))
            .getReserves();
        (reserveA, reserveB) = tokenA == token0 ? (reserve0, reserve1) : (reserve1, reserve0);
    }

    /// @notice The amount of B worth `amountA` at the current reserves (no fee).
    /// @param amountA Amount of A.
    /// @param reserveA Reserve of A.
    /// @param reserveB Reserve of B.
    /// @return amountB The equivalent amount of B.
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) internal pure returns (uint256 amountB) {
        if (amountA == 0) revert LibraryInsufficientAmount();
        if (reserveA == 0 || reserveB == 0) revert LibraryInsufficientLiquidity();
        amountB = (amountA * reserveB) / reserveA;
    }

    /// @notice The most output for an input, after the 0.3 % fee.
    /// @param amountIn Input amount.
    /// @param reserveIn Input reserve.
    /// @param reserveOut Output reserve.
    /// @return amountOut Output amount.
    function getAmountOut(
        uint256 amountIn,
        uint256 reserveIn,
        uint256 reserveOut
    ) internal pure returns (uint256 amountOut) {
        if (amountIn == 0) revert LibraryInsufficientAmount();
        if (reserveIn == 0 || reserveOut == 0) revert LibraryInsufficientLiquidity();
        uint256 amountInWithFee = amountIn * 997;
        amountOut = (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
    }

    /// @notice The least input for an output, after the 0.3 % fee.
    /// @param amountOut Output amount.
    /// @param reserveIn Input reserve.
    /// @param reserveOut Output reserve.
    /// @return amountIn Input amount.
    function getAmountIn(
        uint256 amountOut,
        uint256 reserveIn,
        uint256 reserveOut
    ) internal pure returns (uint256 amountIn) {
        if (amountOut == 0) revert LibraryInsufficientAmount();
        if (reserveIn == 0 || reserveOut == 0 || amountOut >= reserveOut) revert LibraryInsufficientLiquidity();
        amountIn = (reserveIn * amountOut * 1000) / ((reserveOut - amountOut) * 997) + 1;
    }

    /// @notice Chained getAmountOut along a path.
    /// @param factory The factory.
    /// @param initCodeHash The factory's INIT_CODE_PAIR_HASH.
    /// @param amountIn Input amount.
    /// @param path Tokens from input to output.
    /// @return amounts The amount at each step, amounts[0] == amountIn.
    function getAmountsOut(
        address factory,
        bytes32 initCodeHash,
        uint256 amountIn,
        address[] memory path
    ) internal view returns (uint256[] memory amounts) {
        if (path.length < 2) revert LibraryInvalidPath(path.length);
        amounts = new uint256[](path.length);
        amounts[0] = amountIn;
        for (uint256 i; i < path.length - 1; ++i) {
            (uint256 reserveIn, uint256 reserveOut) = getReserves(factory, initCodeHash, path[i], path[i + 1]);
            amounts[i + 1] = getAmountOut(amounts[i], reserveIn, reserveOut);
        }
    }

    /// @notice Chained getAmountIn along a path, from the output back.
    /// @param factory The factory.
    /// @param initCodeHash The factory's INIT_CODE_PAIR_HASH.
    /// @param amountOut Output amount.
    /// @param path Tokens from input to output.
    /// @return amounts The amount at each step, amounts[last] == amountOut.
    function getAmountsIn(
        address factory,
        bytes32 initCodeHash,
        uint256 amountOut,
        address[] memory path
    ) internal view returns (uint256[] memory amounts) {
        if (path.length < 2) revert LibraryInvalidPath(path.length);
        amounts = new uint256[](path.length);
        amounts[amounts.length - 1] = amountOut;
        for (uint256 i = path.length - 1; i > 0; --i) {
            (uint256 reserveIn, uint256 reserveOut) = getReserves(factory, initCodeHash, path[i - 1], path[i]);
            amounts[i - 1] = getAmountIn(amounts[i], reserveIn, reserveOut);
        }
    }
}
