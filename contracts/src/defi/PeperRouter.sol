// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IPeperFactory} from "../interfaces/defi/IPeperFactory.sol";
import {IPeperPair} from "../interfaces/defi/IPeperPair.sol";
import {IPeperRouter} from "../interfaces/defi/IPeperRouter.sol";
import {IWETH} from "../interfaces/defi/IWETH.sol";
import {PeperLibrary} from "../libraries/PeperLibrary.sol";

/// @title PeperRouter
/// @notice Uniswap V2 Router02's interface over Peper pairs. See {IPeperRouter}.
/// @dev Stateless: holds no funds between transactions (ether only in transit from WETH).
contract PeperRouter is IPeperRouter {
    using SafeERC20 for IERC20;

    /// @inheritdoc IPeperRouter
    address public immutable factory;
    /// @inheritdoc IPeperRouter
    address public immutable WETH;
    bytes32 private immutable _initCodeHash;

    modifier ensure(uint256 deadline) {
        if (deadline < block.timestamp) revert RouterExpired(deadline, block.timestamp);
        _;
    }

    /// @param factory_ The Peper factory.
    /// @param weth Wrapped ether on this chain.
    constructor(address factory_, address weth) {
        factory = factory_;
        WETH = weth;
        _initCodeHash = IPeperFactory(factory_).INIT_CODE_PAIR_HASH();
    }

    /// @notice Accepts ether only from WETH (when unwrapping).
    receive() external payable {
        if (msg.sender != WETH) revert RouterEtherNotAccepted(msg.sender);
    }

    // ---- liquidity ----

    /// @inheritdoc IPeperRouter
    function addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity) {
        address pair;
        (amountA, amountB, pair) = _addLiquidity(
            tokenA,
            tokenB,
            amountADesired,
            amountBDesired,
            amountAMin,
            amountBMin
        );
        liquidity = _depositAndMint(pair, tokenA, tokenB, amountA, amountB, to);
    }

    /// @inheritdoc IPeperRouter
    function addLiquidityETH(
        address token,
        uint256 amountTokenDesired,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) returns (uint256 amountToken, uint256 amountETH, uint256 liquidity) {
        address pair;
        (amountToken, amountETH, pair) = _addLiquidity(
            token,
            WETH,
            amountTokenDesired,
            msg.value,
            amountTokenMin,
            amountETHMin
        );
        IERC20(token).safeTransferFrom(msg.sender, pair, amountToken);
        IWETH(WETH).deposit{value: amountETH}();
        IERC20(WETH).safeTransfer(pair, amountETH);
        liquidity = IPeperPair(pair).mint(to);
        if (msg.value > amountETH) _sendETH(msg.sender, msg.value - amountETH);
    }

    /// @inheritdoc IPeperRouter
    function removeLiquidity(
        address tokenA,
        address tokenB,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) public ensure(deadline) returns (uint256 amountA, uint256 amountB) {
        address pair = PeperLibrary.pairFor(factory, _initCodeHash, tokenA, tokenB);
        IERC20(pair).safeTransferFrom(msg.sender, pair, liquidity);
        (uint256 amount0, uint256 amount1) = IPeperPair(pair).burn(to);
        (address token0, ) = PeperLibrary.sortTokens(tokenA, tokenB);
        (amountA, amountB) = tokenA == token0 ? (amount0, amount1) : (amount1, amount0);
        if (amountA < amountAMin) revert RouterInsufficientAAmount(amountA, amountAMin);
        if (amountB < amountBMin) revert RouterInsufficientBAmount(amountB, amountBMin);
    }

    /// @inheritdoc IPeperRouter
    function removeLiquidityETH(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) public ensure(deadline) returns (uint256 amountToken, uint256 amountETH) {
        (amountToken, amountETH) = removeLiquidity(
            token,
            WETH,
            liquidity,
            amountTokenMin,
            amountETHMin,
            address(this),
            deadline
        );
        IERC20(token).safeTransfer(to, amountToken);
        IWETH(WETH).withdraw(amountETH);
        _sendETH(to, amountETH);
    }

    /// @inheritdoc IPeperRouter
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
    ) external returns (uint256 amountA, uint256 amountB) {
        {
            uint256 value = approveMax ? type(uint256).max : liquidity;
            IERC20Permit(_pairFor(tokenA, tokenB)).permit(msg.sender, address(this), value, deadline, v, r, s);
        }
        (amountA, amountB) = removeLiquidity(tokenA, tokenB, liquidity, amountAMin, amountBMin, to, deadline);
    }

    /// @inheritdoc IPeperRouter
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
    ) external returns (uint256 amountToken, uint256 amountETH) {
        {
            uint256 value = approveMax ? type(uint256).max : liquidity;
            IERC20Permit(_pairFor(token, WETH)).permit(msg.sender, address(this), value, deadline, v, r, s);
        }
        (amountToken, amountETH) = removeLiquidityETH(token, liquidity, amountTokenMin, amountETHMin, to, deadline);
    }

    /// @inheritdoc IPeperRouter
    function removeLiquidityETHSupportingFeeOnTransferTokens(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) public ensure(deadline) returns (uint256 amountETH) {
        (, amountETH) = removeLiquidity(token, WETH, liquidity, amountTokenMin, amountETHMin, address(this), deadline);
        IERC20(token).safeTransfer(to, IERC20(token).balanceOf(address(this)));
        IWETH(WETH).withdraw(amountETH);
        _sendETH(to, amountETH);
    }

    /// @inheritdoc IPeperRouter
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
    ) external returns (uint256 amountETH) {
        {
            uint256 value = approveMax ? type(uint256).max : liquidity;
            IERC20Permit(_pairFor(token, WETH)).permit(msg.sender, address(this), value, deadline, v, r, s);
        }
        amountETH = removeLiquidityETHSupportingFeeOnTransferTokens(
            token,
            liquidity,
            amountTokenMin,
            amountETHMin,
            to,
            deadline
        );
    }

    // ---- swaps ----

    /// @inheritdoc IPeperRouter
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        amounts = PeperLibrary.getAmountsOut(factory, _initCodeHash, amountIn, path);
        _checkOut(amounts[amounts.length - 1], amountOutMin);
        IERC20(path[0]).safeTransferFrom(msg.sender, _pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
    }

    /// @inheritdoc IPeperRouter
    function swapTokensForExactTokens(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        amounts = PeperLibrary.getAmountsIn(factory, _initCodeHash, amountOut, path);
        if (amounts[0] > amountInMax) revert RouterExcessiveInputAmount(amounts[0], amountInMax);
        IERC20(path[0]).safeTransferFrom(msg.sender, _pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
    }

    /// @inheritdoc IPeperRouter
    function swapExactETHForTokens(
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) returns (uint256[] memory amounts) {
        if (path[0] != WETH) revert RouterInvalidPath(path[0]);
        amounts = PeperLibrary.getAmountsOut(factory, _initCodeHash, msg.value, path);
        _checkOut(amounts[amounts.length - 1], amountOutMin);
        IWETH(WETH).deposit{value: amounts[0]}();
        IERC20(WETH).safeTransfer(_pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
    }

    /// @inheritdoc IPeperRouter
    function swapTokensForExactETH(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        if (path[path.length - 1] != WETH) revert RouterInvalidPath(path[path.length - 1]);
        amounts = PeperLibrary.getAmountsIn(factory, _initCodeHash, amountOut, path);
        if (amounts[0] > amountInMax) revert RouterExcessiveInputAmount(amounts[0], amountInMax);
        IERC20(path[0]).safeTransferFrom(msg.sender, _pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, address(this));
        IWETH(WETH).withdraw(amounts[amounts.length - 1]);
        _sendETH(to, amounts[amounts.length - 1]);
    }

    /// @inheritdoc IPeperRouter
    function swapExactTokensForETH(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        if (path[path.length - 1] != WETH) revert RouterInvalidPath(path[path.length - 1]);
        amounts = PeperLibrary.getAmountsOut(factory, _initCodeHash, amountIn, path);
        _checkOut(amounts[amounts.length - 1], amountOutMin);
        IERC20(path[0]).safeTransferFrom(msg.sender, _pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, address(this));
        IWETH(WETH).withdraw(amounts[amounts.length - 1]);
        _sendETH(to, amounts[amounts.length - 1]);
    }

    /// @inheritdoc IPeperRouter
    function swapETHForExactTokens(
        uint256 amountOut,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) returns (uint256[] memory amounts) {
        if (path[0] != WETH) revert RouterInvalidPath(path[0]);
        amounts = PeperLibrary.getAmountsIn(factory, _initCodeHash, amountOut, path);
        if (amounts[0] > msg.value) revert RouterExcessiveInputAmount(amounts[0], msg.value);
        IWETH(WETH).deposit{value: amounts[0]}();
        IERC20(WETH).safeTransfer(_pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
        if (msg.value > amounts[0]) _sendETH(msg.sender, msg.value - amounts[0]);
    }

    /// @inheritdoc IPeperRouter
    function swapExactTokensForTokensSupportingFeeOnTransferTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) {
        IERC20(path[0]).safeTransferFrom(msg.sender, _pairFor(path[0], path[1]), amountIn);
        IERC20 out = IERC20(path[path.length - 1]);
        uint256 balanceBefore = out.balanceOf(to);
        _swapSupportingFeeOnTransferTokens(path, to);
        _checkOut(out.balanceOf(to) - balanceBefore, amountOutMin);
    }

    /// @inheritdoc IPeperRouter
    function swapExactETHForTokensSupportingFeeOnTransferTokens(
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) {
        if (path[0] != WETH) revert RouterInvalidPath(path[0]);
        IWETH(WETH).deposit{value: msg.value}();
        IERC20(WETH).safeTransfer(_pairFor(path[0], path[1]), msg.value);
        IERC20 out = IERC20(path[path.length - 1]);
        uint256 balanceBefore = out.balanceOf(to);
        _swapSupportingFeeOnTransferTokens(path, to);
        _checkOut(out.balanceOf(to) - balanceBefore, amountOutMin);
    }

    /// @inheritdoc IPeperRouter
    function swapExactTokensForETHSupportingFeeOnTransferTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) {
        if (path[path.length - 1] != WETH) revert RouterInvalidPath(path[path.length - 1]);
        IERC20(path[0]).safeTransferFrom(msg.sender, _pairFor(path[0], path[1]), amountIn);
        _swapSupportingFeeOnTransferTokens(path, address(this));
        uint256 amountOut = IERC20(WETH).balanceOf(address(this));
        _checkOut(amountOut, amountOutMin);
        IWETH(WETH).withdraw(amountOut);
        _sendETH(to, amountOut);
    }

    // ---- quotes ----

    /// @inheritdoc IPeperRouter
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) external pure returns (uint256 amountB) {
        return PeperLibrary.quote(amountA, reserveA, reserveB);
    }

    /// @inheritdoc IPeperRouter
    function getAmountOut(
        uint256 amountIn,
        uint256 reserveIn,
        uint256 reserveOut
    ) external pure returns (uint256 amountOut) {
        return PeperLibrary.getAmountOut(amountIn, reserveIn, reserveOut);
    }

    /// @inheritdoc IPeperRouter
    function getAmountIn(
        uint256 amountOut,
        uint256 reserveIn,
        uint256 reserveOut
    ) external pure returns (uint256 amountIn) {
        return PeperLibrary.getAmountIn(amountOut, reserveIn, reserveOut);
    }

    /// @inheritdoc IPeperRouter
    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory) {
        return PeperLibrary.getAmountsOut(factory, _initCodeHash, amountIn, path);
    }

    /// @inheritdoc IPeperRouter
    function getAmountsIn(uint256 amountOut, address[] calldata path) external view returns (uint256[] memory) {
        return PeperLibrary.getAmountsIn(factory, _initCodeHash, amountOut, path);
    }

    // ---- internals ----

    function _pairFor(address tokenA, address tokenB) private view returns (address) {
        return PeperLibrary.pairFor(factory, _initCodeHash, tokenA, tokenB);
    }

    function _checkOut(uint256 amountOut, uint256 amountOutMin) private pure {
        if (amountOut < amountOutMin) revert RouterInsufficientOutputAmount(amountOut, amountOutMin);
    }

    /// @dev The amounts to deposit at the current price, creating the pair if it does not exist.
    function _addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin
    ) private returns (uint256 amountA, uint256 amountB, address pair) {
        pair = IPeperFactory(factory).getPair(tokenA, tokenB);
        if (pair == address(0)) pair = IPeperFactory(factory).createPair(tokenA, tokenB);
        (uint256 reserve0, uint256 reserve1, ) = IPeperPair(pair).getReserves();
        (uint256 reserveA, uint256 reserveB) = tokenA < tokenB ? (reserve0, reserve1) : (reserve1, reserve0);
        if (reserveA == 0 && reserveB == 0) {
            return (amountADesired, amountBDesired, pair);
        }
        uint256 amountBOptimal = PeperLibrary.quote(amountADesired, reserveA, reserveB);
        if (amountBOptimal <= amountBDesired) {
            if (amountBOptimal < amountBMin) revert RouterInsufficientBAmount(amountBOptimal, amountBMin);
            return (amountADesired, amountBOptimal, pair);
        }
        uint256 amountAOptimal = PeperLibrary.quote(amountBDesired, reserveB, reserveA);
        // amountAOptimal <= amountADesired holds whenever amountBOptimal > amountBDesired
        if (amountAOptimal < amountAMin) revert RouterInsufficientAAmount(amountAOptimal, amountAMin);
        return (amountAOptimal, amountBDesired, pair);
    }

    /// @dev Moves both deposits from the caller to the pair and mints LP to `to`.
    function _depositAndMint(
        address pair,
        address tokenA,
        address tokenB,
        uint256 amountA,
        uint256 amountB,
        address to
    ) private returns (uint256) {
        IERC20(tokenA).safeTransferFrom(msg.sender, pair, amountA);
        IERC20(tokenB).safeTransferFrom(msg.sender, pair, amountB);
        return IPeperPair(pair).mint(to);
    }

    /// @dev Swaps along the path; the first pair must already hold the input.
    function _swap(uint256[] memory amounts, address[] calldata path, address to_) private {
        uint256 last = path.length - 1;
        address pair = _pairFor(path[0], path[1]);
        for (uint256 i; i < last; ++i) {
            (address input, address output) = (path[i], path[i + 1]);
            uint256 amountOut = amounts[i + 1];
            (uint256 amount0Out, uint256 amount1Out) = input < output ? (uint256(0), amountOut) : (amountOut, 0);
            address next = i < last - 1 ? _pairFor(output, path[i + 2]) : to_;
            IPeperPair(pair).swap(amount0Out, amount1Out, next, "");
            pair = next;
        }
    }

    /// @dev Swaps along the path reading each pair's actual input (for fee-on-transfer tokens).
    function _swapSupportingFeeOnTransferTokens(address[] calldata path, address to_) private {
        uint256 last = path.length - 1;
        for (uint256 i; i < last; ++i) {
            (address input, address output) = (path[i], path[i + 1]);
            IPeperPair pair = IPeperPair(_pairFor(input, output));
            uint256 amountOut;
            {
                (uint256 reserve0, uint256 reserve1, ) = pair.getReserves();
                (uint256 reserveIn, uint256 reserveOut) = input < output ? (reserve0, reserve1) : (reserve1, reserve0);
                uint256 amountIn = IERC20(input).balanceOf(address(pair)) - reserveIn;
                amountOut = PeperLibrary.getAmountOut(amountIn, reserveIn, reserveOut);
            }
            (uint256 amount0Out, uint256 amount1Out) = input < output ? (uint256(0), amountOut) : (amountOut, 0);
            address next = i < last - 1 ? _pairFor(output, path[i + 2]) : to_;
            pair.swap(amount0Out, amount1Out, next, "");
        }
    }

    function _sendETH(address to, uint256 amount) private {
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert RouterEtherTransferFailed(to, amount);
    }
}
