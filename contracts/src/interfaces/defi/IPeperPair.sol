// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPeperPair
/// @notice A constant-product pair with Uniswap V2's function signatures and events (the LP token
/// is ERC-20 with ERC-2612 permit). Same economics: 0.3 % fee, MINIMUM_LIQUIDITY locked, cumulative
/// prices for TWAP, flash swaps, optional protocol fee of 1/6 of the fee growth.
/// @dev Differences that no integrator sees: tokens and factory are immutables (there is no
/// `initialize`), the reentrancy lock is transient (EIP-1153), errors are custom errors, and the
/// locked minimum liquidity is minted to 0x…dEaD (OpenZeppelin's ERC-20 cannot mint to zero).
interface IPeperPair {
    /// @notice Both output amounts are zero.
    error PairInsufficientOutputAmount();
    /// @notice No input arrived for the swap.
    error PairInsufficientInputAmount();
    /// @notice An output is not below the reserve.
    /// @param amount0Out Token0 asked for.
    /// @param amount1Out Token1 asked for.
    /// @param reserve0 Token0 reserve.
    /// @param reserve1 Token1 reserve.
    error PairInsufficientLiquidity(uint256 amount0Out, uint256 amount1Out, uint112 reserve0, uint112 reserve1);
    /// @notice The recipient of a swap is one of the pair's tokens.
    /// @param to The recipient given.
    error PairInvalidTo(address to);
    /// @notice The constant-product invariant (with the fee) would decrease.
    error PairK();
    /// @notice A balance does not fit the 112-bit reserves.
    /// @param balance0 Token0 balance.
    /// @param balance1 Token1 balance.
    error PairOverflow(uint256 balance0, uint256 balance1);
    /// @notice The deposit is too small to mint any liquidity.
    error PairInsufficientLiquidityMinted();
    /// @notice The burn would return zero of a token.
    error PairInsufficientLiquidityBurned();
    /// @notice A balance fell below its reserve (a token that rebased down): call `sync` first.
    /// @param balance0 Token0 balance.
    /// @param balance1 Token1 balance.
    error PairBalanceBelowReserve(uint256 balance0, uint256 balance1);

    /// @notice Liquidity was added.
    /// @param sender Who called `mint` (usually the router).
    /// @param amount0 Token0 deposited.
    /// @param amount1 Token1 deposited.
    event Mint(address indexed sender, uint256 amount0, uint256 amount1);

    /// @notice Liquidity was removed.
    /// @param sender Who called `burn`.
    /// @param amount0 Token0 paid out.
    /// @param amount1 Token1 paid out.
    /// @param to The recipient.
    event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to);

    /// @notice A swap happened.
    /// @param sender Who called `swap`.
    /// @param amount0In Token0 received.
    /// @param amount1In Token1 received.
    /// @param amount0Out Token0 sent.
    /// @param amount1Out Token1 sent.
    /// @param to The recipient.
    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );

    /// @notice The reserves were updated.
    /// @param reserve0 Token0 reserve.
    /// @param reserve1 Token1 reserve.
    event Sync(uint112 reserve0, uint112 reserve1);

    /// @notice Liquidity locked forever by the first deposit (1000 wei of LP).
    /// @return 1000.
    // solhint-disable-next-line func-name-mixedcase
    function MINIMUM_LIQUIDITY() external pure returns (uint256);

    /// @notice The factory that created the pair.
    /// @return The factory.
    function factory() external view returns (address);

    /// @notice The lower-sorted token.
    /// @return The token.
    function token0() external view returns (address);

    /// @notice The higher-sorted token.
    /// @return The token.
    function token1() external view returns (address);

    /// @notice The reserves and the timestamp (mod 2**32) of their last update.
    /// @return reserve0 Token0 reserve.
    /// @return reserve1 Token1 reserve.
    /// @return blockTimestampLast Last update time.
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);

    /// @notice Sum over time of token1/token0 (UQ112x112) × seconds; overflow is intended.
    /// @return The accumulator.
    function price0CumulativeLast() external view returns (uint256);

    /// @notice Sum over time of token0/token1 (UQ112x112) × seconds; overflow is intended.
    /// @return The accumulator.
    function price1CumulativeLast() external view returns (uint256);

    /// @notice reserve0 × reserve1 after the last liquidity event, when the protocol fee is on.
    /// @return The product.
    function kLast() external view returns (uint256);

    /// @notice Mints LP tokens for the tokens sent to the pair since the last update.
    /// @param to The LP recipient.
    /// @return liquidity LP minted.
    function mint(address to) external returns (uint256 liquidity);

    /// @notice Burns the LP tokens sent to the pair and pays out both tokens.
    /// @param to The recipient of the tokens.
    /// @return amount0 Token0 paid.
    /// @return amount1 Token1 paid.
    function burn(address to) external returns (uint256 amount0, uint256 amount1);

    /// @notice Sends the outputs, optionally calls back (flash swap), and checks that enough input
    /// arrived to keep the fee-adjusted constant product.
    /// @param amount0Out Token0 to send.
    /// @param amount1Out Token1 to send.
    /// @param to The recipient.
    /// @param data Non-empty to call `uniswapV2Call` on `to`.
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;

    /// @notice Sends any balance above the reserves to `to`.
    /// @param to The recipient.
    function skim(address to) external;

    /// @notice Sets the reserves to the balances.
    function sync() external;

    /// @notice The EIP-2612 permit typehash.
    /// @return The typehash.
    // solhint-disable-next-line func-name-mixedcase
    function PERMIT_TYPEHASH() external pure returns (bytes32);
}
