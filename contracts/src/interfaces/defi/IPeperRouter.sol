// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPeperRouter
/// @notice Uniswap V2 Router02's functions, with the same signatures and semantics, over Peper
/// pairs. Amounts are in token units (wei); `deadline` is a unix timestamp; `path` lists tokens from
/// input to output; every function that pays out checks the caller's minimum (slippage bound).
interface IPeperRouter {
    /// @notice The deadline has passed.
    /// @param deadline The deadline given.
    /// @param timestamp The block's timestamp.
    error RouterExpired(uint256 deadline, uint256 timestamp);
    /// @notice The output would be below the caller's minimum.
    /// @param amountOut What the swap or removal gives.
    /// @param amountOutMin The minimum asked for.
    error RouterInsufficientOutputAmount(uint256 amountOut, uint256 amountOutMin);
    /// @notice The input needed is above the caller's maximum.
    /// @param amountIn What the swap needs.
    /// @param amountInMax The maximum allowed.
    error RouterExcessiveInputAmount(uint256 amountIn, uint256 amountInMax);
    /// @notice Liquidity at the current price would use less of A than the caller's minimum.
    /// @param amountA Amount of A at the current price.
    /// @param amountAMin The minimum asked for.
    error RouterInsufficientAAmount(uint256 amountA, uint256 amountAMin);
    /// @notice Liquidity at the current price would use less of B than the caller's minimum.
    /// @param amountB Amount of B at the current price.
    /// @param amountBMin The minimum asked for.
    error RouterInsufficientBAmount(uint256 amountB, uint256 amountBMin);
    /// @notice An ETH function's path does not start or end with WETH.
    /// @param token The token found where WETH is needed.
    error RouterInvalidPath(address token);
    /// @notice Ether was sent to the router by someone other than WETH.
    /// @param sender Who sent it.
    error RouterEtherNotAccepted(address sender);
    /// @notice Sending ether failed.
    /// @param to The recipient.
    /// @param amount The amount.
    error RouterEtherTransferFailed(address to, uint256 amount);

    /// @notice The factory whose pairs the router uses.
    /// @return The factory.
    function factory() external view returns (address);

    /// @notice Wrapped ether.
    /// @return WETH's address.
    // solhint-disable-next-line func-name-mixedcase
    function WETH() external view returns (address);

    /// @notice Adds liquidity at the current price (creating the pair if needed).
    /// @param tokenA One token.
    /// @param tokenB The other.
    /// @param amountADesired Most of A to add.
    /// @param amountBDesired Most of B to add.
    /// @param amountAMin Least of A to add.
    /// @param amountBMin Least of B to add.
    /// @param to LP recipient.
    /// @param deadline Latest timestamp.
    /// @return amountA A added.
    /// @return amountB B added.
    /// @return liquidity LP minted.
    function addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountA, uint256 amountB, uint256 liquidity);

    /// @notice Adds liquidity to a token/WETH pair with ether; unused ether is refunded.
    /// @param token The token.
    /// @param amountTokenDesired Most of the token to add.
    /// @param amountTokenMin Least of the token to add.
    /// @param amountETHMin Least ether to add.
    /// @param to LP recipient.
    /// @param deadline Latest timestamp.
    /// @return amountToken Token added.
    /// @return amountETH Ether added.
    /// @return liquidity LP minted.
    function addLiquidityETH(
        address token,
        uint256 amountTokenDesired,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external payable returns (uint256 amountToken, uint256 amountETH, uint256 liquidity);

    /// @notice Burns LP (pulled from the caller) for both tokens.
    /// @param tokenA One token.
    /// @param tokenB The other.
    /// @param liquidity LP to burn.
    /// @param amountAMin Least A to receive.
    /// @param amountBMin Least B to receive.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    /// @return amountA A received.
    /// @return amountB B received.
    function removeLiquidity(
        address tokenA,
        address tokenB,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountA, uint256 amountB);

    /// @notice Burns LP of a token/WETH pair for the token and ether.
    /// @param token The token.
    /// @param liquidity LP to burn.
    /// @param amountTokenMin Least token to receive.
    /// @param amountETHMin Least ether to receive.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    /// @return amountToken Token received.
    /// @return amountETH Ether received.
    function removeLiquidityETH(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountToken, uint256 amountETH);

    /// @notice removeLiquidity with an EIP-2612 permit for the LP instead of an approval.
    /// @param tokenA One token.
    /// @param tokenB The other.
    /// @param liquidity LP to burn.
    /// @param amountAMin Least A.
    /// @param amountBMin Least B.
    /// @param to Recipient.
    /// @param deadline Latest timestamp (also the permit's).
    /// @param approveMax Whether the permit is for the maximum amount.
    /// @param v Signature v.
    /// @param r Signature r.
    /// @param s Signature s.
    /// @return amountA A received.
    /// @return amountB B received.
    function removeLiquidityWithPermit(
        address tokenA,
        address tokenB,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline,
        bool approveMax,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 amountA, uint256 amountB);

    /// @notice removeLiquidityETH with an EIP-2612 permit for the LP.
    /// @param token The token.
    /// @param liquidity LP to burn.
    /// @param amountTokenMin Least token.
    /// @param amountETHMin Least ether.
    /// @param to Recipient.
    /// @param deadline Latest timestamp (also the permit's).
    /// @param approveMax Whether the permit is for the maximum amount.
    /// @param v Signature v.
    /// @param r Signature r.
    /// @param s Signature s.
    /// @return amountToken Token received.
    /// @return amountETH Ether received.
    function removeLiquidityETHWithPermit(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline,
        bool approveMax,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 amountToken, uint256 amountETH);

    /// @notice removeLiquidityETH for tokens that take a fee on transfer: pays the token balance
    /// the router actually received.
    /// @param token The token.
    /// @param liquidity LP to burn.
    /// @param amountTokenMin Least token (before the token's own transfer fee to `to`).
    /// @param amountETHMin Least ether.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    /// @return amountETH Ether received.
    function removeLiquidityETHSupportingFeeOnTransferTokens(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountETH);

    /// @notice The permit variant of removeLiquidityETHSupportingFeeOnTransferTokens.
    /// @param token The token.
    /// @param liquidity LP to burn.
    /// @param amountTokenMin Least token.
    /// @param amountETHMin Least ether.
    /// @param to Recipient.
    /// @param deadline Latest timestamp (also the permit's).
    /// @param approveMax Whether the permit is for the maximum amount.
    /// @param v Signature v.
    /// @param r Signature r.
    /// @param s Signature s.
    /// @return amountETH Ether received.
    function removeLiquidityETHWithPermitSupportingFeeOnTransferTokens(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline,
        bool approveMax,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 amountETH);

    /// @notice Swaps an exact input along a path for at least `amountOutMin`.
    /// @param amountIn Input amount.
    /// @param amountOutMin Least output.
    /// @param path Tokens from input to output.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    /// @return amounts The amount at each step.
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Swaps at most `amountInMax` for an exact output.
    /// @param amountOut Output amount.
    /// @param amountInMax Most input.
    /// @param path Tokens from input to output.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    /// @return amounts The amount at each step.
    function swapTokensForExactTokens(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Swaps the ether sent for at least `amountOutMin` of the path's last token.
    /// @param amountOutMin Least output.
    /// @param path WETH first.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    /// @return amounts The amount at each step.
    function swapExactETHForTokens(
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable returns (uint256[] memory amounts);

    /// @notice Swaps at most `amountInMax` tokens for an exact amount of ether.
    /// @param amountOut Ether out.
    /// @param amountInMax Most input.
    /// @param path WETH last.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    /// @return amounts The amount at each step.
    function swapTokensForExactETH(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Swaps an exact amount of tokens for at least `amountOutMin` ether.
    /// @param amountIn Input amount.
    /// @param amountOutMin Least ether.
    /// @param path WETH last.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    /// @return amounts The amount at each step.
    function swapExactTokensForETH(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Swaps ether for an exact amount of tokens; unused ether is refunded.
    /// @param amountOut Output amount.
    /// @param path WETH first.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    /// @return amounts The amount at each step.
    function swapETHForExactTokens(
        uint256 amountOut,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable returns (uint256[] memory amounts);

    /// @notice swapExactTokensForTokens for tokens that take a fee on transfer (checks the
    /// recipient's balance change).
    /// @param amountIn Input amount.
    /// @param amountOutMin Least output received.
    /// @param path Tokens from input to output.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    function swapExactTokensForTokensSupportingFeeOnTransferTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external;

    /// @notice swapExactETHForTokens for fee-on-transfer output tokens.
    /// @param amountOutMin Least output received.
    /// @param path WETH first.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    function swapExactETHForTokensSupportingFeeOnTransferTokens(
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable;

    /// @notice swapExactTokensForETH for fee-on-transfer input tokens.
    /// @param amountIn Input amount.
    /// @param amountOutMin Least ether.
    /// @param path WETH last.
    /// @param to Recipient.
    /// @param deadline Latest timestamp.
    function swapExactTokensForETHSupportingFeeOnTransferTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external;

    /// @notice The amount of B worth `amountA` at given reserves (no fee).
    /// @param amountA Amount of A.
    /// @param reserveA Reserve of A.
    /// @param reserveB Reserve of B.
    /// @return amountB Amount of B.
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) external pure returns (uint256 amountB);

    /// @notice Output for an input at given reserves, after the 0.3 % fee.
    /// @param amountIn Input.
    /// @param reserveIn Input reserve.
    /// @param reserveOut Output reserve.
    /// @return amountOut Output.
    function getAmountOut(
        uint256 amountIn,
        uint256 reserveIn,
        uint256 reserveOut
    ) external pure returns (uint256 amountOut);

    /// @notice Input needed for an output at given reserves, after the 0.3 % fee.
    /// @param amountOut Output.
    /// @param reserveIn Input reserve.
    /// @param reserveOut Output reserve.
    /// @return amountIn Input.
    function getAmountIn(
        uint256 amountOut,
        uint256 reserveIn,
        uint256 reserveOut
    ) external pure returns (uint256 amountIn);

    /// @notice Outputs along a path for an input, at current reserves.
    /// @param amountIn Input.
    /// @param path Tokens from input to output.
    /// @return amounts The amount at each step.
    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts);

    /// @notice Inputs along a path for an output, at current reserves.
    /// @param amountOut Output.
    /// @param path Tokens from input to output.
    /// @return amounts The amount at each step.
    function getAmountsIn(uint256 amountOut, address[] calldata path) external view returns (uint256[] memory amounts);
}
