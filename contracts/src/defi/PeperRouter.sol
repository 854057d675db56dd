// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IPeperFactory} from "../interfaces/defi/IPeperFactory.sol";
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
        _wrap(amountETH);
        IERC20(WETH).safeTransfer(pair, amountETH);
        liquidity = _pairMint(pair, to);
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
        (address token0, address token1) = PeperLibrary.sortTokens(tokenA, tokenB);
        address pair = _pairForSorted(token0, token1);
        IERC20(pair).safeTransferFrom(msg.sender, pair, liquidity);
        (uint256 amount0, uint256 amount1) = _pairBurn(pair, to);
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
        _unwrapAndSend(to, amountETH);
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
        _unwrapAndSend(to, amountETH);
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
        if (path.length == 2) {
            uint256 amountOut = _oneHopExactIn(amountIn, amountOutMin, path[0], path[1], false, to);
            _returnAmounts(amountIn, amountOut);
        }
        amounts = _exactIn(amountIn, amountOutMin, path, false, to);
    }

    /// @inheritdoc IPeperRouter
    function swapTokensForExactTokens(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        if (path.length == 2) {
            uint256 amountIn = _oneHopExactOut(amountOut, amountInMax, path[0], path[1], false, to);
            _returnAmounts(amountIn, amountOut);
        }
        amounts = _exactOut(amountOut, amountInMax, path, false, to);
    }

    /// @inheritdoc IPeperRouter
    function swapExactETHForTokens(
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) returns (uint256[] memory amounts) {
        address weth = WETH;
        if (path[0] != weth) revert RouterInvalidPath(path[0]);
        if (path.length == 2) {
            uint256 amountOut = _oneHopExactIn(msg.value, amountOutMin, weth, path[1], true, to);
            _returnAmounts(msg.value, amountOut);
        }
        amounts = _exactIn(msg.value, amountOutMin, path, true, to);
    }

    /// @inheritdoc IPeperRouter
    function swapTokensForExactETH(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        address weth = WETH;
        if (path[path.length - 1] != weth) revert RouterInvalidPath(path[path.length - 1]);
        if (path.length == 2) {
            uint256 amountIn = _oneHopExactOut(amountOut, amountInMax, path[0], weth, false, address(this));
            _unwrapAndSend(to, amountOut);
            _returnAmounts(amountIn, amountOut);
        }
        amounts = _exactOut(amountOut, amountInMax, path, false, address(this));
        _unwrapAndSend(to, amountOut);
    }

    /// @inheritdoc IPeperRouter
    function swapExactTokensForETH(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        address weth = WETH;
        if (path[path.length - 1] != weth) revert RouterInvalidPath(path[path.length - 1]);
        if (path.length == 2) {
            uint256 amountOut = _oneHopExactIn(amountIn, amountOutMin, path[0], weth, false, address(this));
            _unwrapAndSend(to, amountOut);
            _returnAmounts(amountIn, amountOut);
        }
        amounts = _exactIn(amountIn, amountOutMin, path, false, address(this));
        _unwrapAndSend(to, amounts[amounts.length - 1]);
    }

    /// @inheritdoc IPeperRouter
    function swapETHForExactTokens(
        uint256 amountOut,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) returns (uint256[] memory amounts) {
        address weth = WETH;
        if (path[0] != weth) revert RouterInvalidPath(path[0]);
        if (path.length == 2) {
            uint256 amountIn = _oneHopExactOut(amountOut, msg.value, weth, path[1], true, to);
            _refundETH(amountIn);
            _returnAmounts(amountIn, amountOut);
        }
        amounts = _exactOut(amountOut, msg.value, path, true, to);
        _refundETH(amounts[0]);
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
        _payIn(WETH, _pairFor(path[0], path[1]), msg.value, true);
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
        _payIn(path[0], _pairFor(path[0], path[1]), amountIn, false);
        _swapSupportingFeeOnTransferTokens(path, address(this));
        uint256 amountOut = IERC20(WETH).balanceOf(address(this));
        _checkOut(amountOut, amountOutMin);
        _unwrapAndSend(to, amountOut);
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
    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts) {
        (amounts, ) = _amountsOut(amountIn, path);
    }

    /// @inheritdoc IPeperRouter
    function getAmountsIn(uint256 amountOut, address[] calldata path) external view returns (uint256[] memory amounts) {
        (amounts, ) = _amountsIn(amountOut, path);
    }

    // ---- internals ----
    //
    // Gas (BENCHMARKS.md, decision 0003): the router computes every pair's address once, from the
    // factory and INIT_CODE_PAIR_HASH (CREATE2), and talks to pairs with plain calls: `getReserves`
    // and `swap` are Peper pairs' own functions at an address only the factory can have deployed
    // to, so the extcodesize check and ABI coder of a high-level call buy nothing there. Token
    // transfers stay on OpenZeppelin's SafeERC20 (assembly since 5.x, same checks as Solady's).
    // A one-hop swap (a path of two tokens) skips the path's arrays and loops and returns its two
    // amounts already encoded (`_oneHopExactIn`/`_oneHopExactOut`, then `_returnAmounts`): from
    // round 2 of issue 20 in `swapExactETHForTokens` (~2,360 gas less than the general path), from
    // round 3 in the other five plain swaps; the fee-on-transfer swaps keep one loop for any length.

    /// @dev The pair of two sorted tokens: CREATE2 from the factory, salt keccak(token0 ++ token1).
    function _pairForSorted(address token0, address token1) private view returns (address pair) {
        address factory_ = factory;
        bytes32 initCodeHash = _initCodeHash;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x14, token1)
            mstore(0x00, token0)
            let salt := keccak256(0x0c, 0x28)
            let m := mload(0x40)
            mstore(m, or(shl(160, 0xff), factory_))
            mstore(add(m, 0x20), salt)
            mstore(add(m, 0x40), initCodeHash)
            pair := and(keccak256(add(m, 0x0b), 0x55), 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }

    function _pairFor(address tokenA, address tokenB) private view returns (address) {
        (address token0, address token1) = PeperLibrary.sortTokens(tokenA, tokenB);
        return _pairForSorted(token0, token1);
    }

    /// @dev A pair's reserves; `exists` is false when nothing is deployed at `pair` (an empty call
    /// returns no data) and then both reserves are zero.
    function _tryReserves(address pair) private view returns (bool exists, uint256 reserve0, uint256 reserve1) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, 0x0902f1ac) // getReserves()
            let ok := staticcall(gas(), pair, 0x1c, 0x04, 0x00, 0x40)
            exists := and(ok, gt(returndatasize(), 0x5f))
            if exists {
                reserve0 := mload(0x00)
                reserve1 := mload(0x20)
            }
        }
    }

    /// @dev One hop from `input` to `output`: their pair (CREATE2, the tokens sorted once), its
    /// reserves in that order, and whether `input` is the pair's token0. No pair counts as no liquidity.
    function _hop(
        address input,
        address output
    ) private view returns (address pair, uint256 reserveIn, uint256 reserveOut, bool inputIs0) {
        if (input == output) revert PeperLibrary.LibraryIdenticalAddresses(input);
        inputIs0 = input < output;
        (address token0, address token1) = inputIs0 ? (input, output) : (output, input);
        if (token0 == address(0)) revert PeperLibrary.LibraryZeroAddress();
        pair = _pairForSorted(token0, token1);
        (bool exists, uint256 reserve0, uint256 reserve1) = _tryReserves(pair);
        if (!exists) revert PeperLibrary.LibraryInsufficientLiquidity();
        (reserveIn, reserveOut) = inputIs0 ? (reserve0, reserve1) : (reserve1, reserve0);
    }

    /// @dev Chained getAmountOut along a path, with the pair of each hop.
    function _amountsOut(
        uint256 amountIn,
        address[] calldata path
    ) private view returns (uint256[] memory amounts, address[] memory pairs) {
        uint256 hops = path.length;
        if (hops < 2) revert PeperLibrary.LibraryInvalidPath(hops);
        // cannot underflow: path.length >= 2
        unchecked {
            --hops;
        }
        amounts = new uint256[](hops + 1);
        pairs = new address[](hops);
        amounts[0] = amountIn;
        for (uint256 i; i < hops;) {
            (address pair, uint256 reserveIn, uint256 reserveOut, ) = _hop(path[i], path[i + 1]);
            pairs[i] = pair;
            amountIn = PeperLibrary.getAmountOut(amountIn, reserveIn, reserveOut);
            // cannot overflow: i < hops < path.length
            unchecked {
                ++i;
            }
            amounts[i] = amountIn;
        }
    }

    /// @dev Chained getAmountIn along a path from the output back, with the pair of each hop.
    function _amountsIn(
        uint256 amountOut,
        address[] calldata path
    ) private view returns (uint256[] memory amounts, address[] memory pairs) {
        uint256 hops = path.length;
        if (hops < 2) revert PeperLibrary.LibraryInvalidPath(hops);
        // cannot underflow: path.length >= 2
        unchecked {
            --hops;
        }
        amounts = new uint256[](hops + 1);
        pairs = new address[](hops);
        amounts[hops] = amountOut;
        for (uint256 i = hops; i > 0;) {
            // cannot underflow: i > 0
            unchecked {
                --i;
            }
            (address pair, uint256 reserveIn, uint256 reserveOut, ) = _hop(path[i], path[i + 1]);
            pairs[i] = pair;
            amountOut = PeperLibrary.getAmountIn(amountOut, reserveIn, reserveOut);
            amounts[i] = amountOut;
        }
    }

    /// @dev A swap of exactly `amountIn` along `path` (the general path, any number of hops), paid by the
    /// caller in `path[0]` or, `fromETH`, from the ether sent; the last token to `to`.
    function _exactIn(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        bool fromETH,
        address to
    ) private returns (uint256[] memory amounts) {
        address[] memory pairs;
        (amounts, pairs) = _amountsOut(amountIn, path);
        _checkOut(amounts[amounts.length - 1], amountOutMin);
        _payIn(path[0], pairs[0], amountIn, fromETH);
        _swap(amounts, pairs, path, to);
    }

    /// @dev A swap for exactly `amountOut` along `path` (the general path), for at most `amountInMax`
    /// paid as in {_exactIn}.
    function _exactOut(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        bool fromETH,
        address to
    ) private returns (uint256[] memory amounts) {
        address[] memory pairs;
        (amounts, pairs) = _amountsIn(amountOut, path);
        _checkIn(amounts[0], amountInMax);
        _payIn(path[0], pairs[0], amounts[0], fromETH);
        _swap(amounts, pairs, path, to);
    }

    /// @dev {_exactIn} over one hop, `input` to `output`, without the path's arrays and loops: the same
    /// amount out as getAmountsOut, the same checks in the same order.
    function _oneHopExactIn(
        uint256 amountIn,
        uint256 amountOutMin,
        address input,
        address output,
        bool fromETH,
        address to
    ) private returns (uint256 amountOut) {
        (address pair, uint256 reserveIn, uint256 reserveOut, bool inputIs0) = _hop(input, output);
        amountOut = PeperLibrary.getAmountOut(amountIn, reserveIn, reserveOut);
        _checkOut(amountOut, amountOutMin);
        _payIn(input, pair, amountIn, fromETH);
        _hopSwap(pair, inputIs0, amountOut, to);
    }

    /// @dev {_exactOut} over one hop, as {_oneHopExactIn}: the same amount in as getAmountsIn.
    function _oneHopExactOut(
        uint256 amountOut,
        uint256 amountInMax,
        address input,
        address output,
        bool fromETH,
        address to
    ) private returns (uint256 amountIn) {
        (address pair, uint256 reserveIn, uint256 reserveOut, bool inputIs0) = _hop(input, output);
        amountIn = PeperLibrary.getAmountIn(amountOut, reserveIn, reserveOut);
        _checkIn(amountIn, amountInMax);
        _payIn(input, pair, amountIn, fromETH);
        _hopSwap(pair, inputIs0, amountOut, to);
    }

    /// @dev Ends the call returning `[amountIn, amountOut]` as the ABI encoding of a `uint256[]`,
    /// what a one-hop swap returns, without building the array in memory and running the generic
    /// encoder over it (~500 gas). Only for the last statement of an external function whose
    /// modifiers have no code after `_`.
    function _returnAmounts(uint256 amountIn, uint256 amountOut) private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x20) // offset of the array
            mstore(add(m, 0x20), 2) // its length
            mstore(add(m, 0x40), amountIn)
            mstore(add(m, 0x60), amountOut)
            return(m, 0x80)
        }
    }

    function _checkOut(uint256 amountOut, uint256 amountOutMin) private pure {
        if (amountOut < amountOutMin) revert RouterInsufficientOutputAmount(amountOut, amountOutMin);
    }

    function _checkIn(uint256 amountIn, uint256 amountInMax) private pure {
        if (amountIn > amountInMax) revert RouterExcessiveInputAmount(amountIn, amountInMax);
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
        uint256 reserveA;
        uint256 reserveB;
        (pair, reserveA, reserveB) = _pairAndReserves(tokenA, tokenB);
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

    /// @dev The pair of two tokens and its reserves in their order, creating it if it does not exist.
    /// Whether it exists is read from the CREATE2 address itself (no code there, no reserves), not
    /// from the factory's `getPair`: one cold account and one cold slot fewer.
    function _pairAndReserves(
        address tokenA,
        address tokenB
    ) private returns (address pair, uint256 reserveA, uint256 reserveB) {
        (address token0, address token1) = PeperLibrary.sortTokens(tokenA, tokenB);
        pair = _pairForSorted(token0, token1);
        (bool exists, uint256 reserve0, uint256 reserve1) = _tryReserves(pair);
        if (!exists) return (IPeperFactory(factory).createPair(tokenA, tokenB), 0, 0);
        (reserveA, reserveB) = tokenA == token0 ? (reserve0, reserve1) : (reserve1, reserve0);
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
        return _pairMint(pair, to);
    }

    /// @dev Swaps along the path; the first pair must already hold the input.
    function _swap(uint256[] memory amounts, address[] memory pairs, address[] calldata path, address to_) private {
        uint256 last = pairs.length - 1;
        for (uint256 i; i <= last;) {
            address next = i < last ? pairs[i + 1] : to_;
            _hopSwap(pairs[i], path[i] < path[i + 1], amounts[i + 1], next);
            // cannot overflow: i <= last < path.length
            unchecked {
                ++i;
            }
        }
    }

    /// @dev One hop's `swap` on `pair`: `amountOut` of the token that is not the input, to `to`.
    function _hopSwap(address pair, bool inputIs0, uint256 amountOut, address to) private {
        (uint256 amount0Out, uint256 amount1Out) = inputIs0 ? (uint256(0), amountOut) : (amountOut, uint256(0));
        _pairSwap(pair, amount0Out, amount1Out, to);
    }

    /// @dev `IPeperPair(pair).swap(amount0Out, amount1Out, to, "")`, reverting with the pair's reason.
    function _pairSwap(address pair, uint256 amount0Out, uint256 amount1Out, address to) private {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x022c0d9f) // swap(uint256,uint256,address,bytes)
            mstore(add(m, 0x20), amount0Out)
            mstore(add(m, 0x40), amount1Out)
            mstore(add(m, 0x60), to)
            mstore(add(m, 0x80), 0x80) // offset of the empty bytes
            mstore(add(m, 0xa0), 0) // its length
            if iszero(call(gas(), pair, 0, add(m, 0x1c), 0xa4, 0x00, 0x00)) {
                returndatacopy(m, 0x00, returndatasize())
                revert(m, returndatasize())
            }
        }
    }

    /// @dev `IPeperPair(pair).mint(to)`, reverting with the pair's reason (the pair has code: it
    /// was just read or created).
    function _pairMint(address pair, address to) private returns (uint256 liquidity) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, 0x6a627842) // mint(address)
            mstore(0x20, to)
            if iszero(and(gt(returndatasize(), 0x1f), call(gas(), pair, 0, 0x1c, 0x24, 0x00, 0x20))) {
                let m := mload(0x40)
                returndatacopy(m, 0x00, returndatasize())
                revert(m, returndatasize())
            }
            liquidity := mload(0x00)
        }
    }

    /// @dev `IPeperPair(pair).burn(to)`, reverting with the pair's reason; an address without code
    /// (no pair) returns nothing and reverts too.
    function _pairBurn(address pair, address to) private returns (uint256 amount0, uint256 amount1) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, 0x89afcb44) // burn(address)
            mstore(0x20, to)
            if iszero(and(gt(returndatasize(), 0x3f), call(gas(), pair, 0, 0x1c, 0x24, 0x00, 0x40))) {
                let m := mload(0x40)
                returndatacopy(m, 0x00, returndatasize())
                revert(m, returndatasize())
            }
            amount0 := mload(0x00)
            amount1 := mload(0x20)
        }
    }

    /// @dev `IWETH(WETH).deposit{value: amount}()` (WETH is ours: an immutable with code).
    function _wrap(uint256 amount) private {
        address weth = WETH;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, 0xd0e30db0) // deposit()
            if iszero(call(gas(), weth, amount, 0x1c, 0x04, 0x00, 0x00)) {
                let m := mload(0x40)
                returndatacopy(m, 0x00, returndatasize())
                revert(m, returndatasize())
            }
        }
    }

    /// @dev Pays a swap's input into its first pair: `amount` of `token` from the caller, or, `fromETH`
    /// (then `token` is WETH), `amount` of the ether sent, wrapped.
    function _payIn(address token, address pair, uint256 amount, bool fromETH) private {
        if (fromETH) {
            _wrap(amount);
            IERC20(token).safeTransfer(pair, amount);
        } else {
            IERC20(token).safeTransferFrom(msg.sender, pair, amount);
        }
    }

    /// @dev Unwraps the router's `amount` of WETH (a swap's output) and sends the ether to `to`.
    function _unwrapAndSend(address to, uint256 amount) private {
        IWETH(WETH).withdraw(amount);
        _sendETH(to, amount);
    }

    /// @dev Returns to the caller the ether sent above `amountIn` (checked to be at most `msg.value`).
    function _refundETH(uint256 amountIn) private {
        // cannot underflow: amountIn <= msg.value was checked
        unchecked {
            if (msg.value > amountIn) _sendETH(msg.sender, msg.value - amountIn);
        }
    }

    /// @dev Swaps along the path reading each pair's actual input (for fee-on-transfer tokens).
    function _swapSupportingFeeOnTransferTokens(address[] calldata path, address to_) private {
        uint256 last = path.length - 1;
        for (uint256 i; i < last; ++i) {
            (address input, address output) = (path[i], path[i + 1]);
            (address pair, uint256 reserveIn, uint256 reserveOut, bool inputIs0) = _hop(input, output);
            uint256 amountOut;
            {
                uint256 amountIn = IERC20(input).balanceOf(pair) - reserveIn;
                amountOut = PeperLibrary.getAmountOut(amountIn, reserveIn, reserveOut);
            }
            address next = i < last - 1 ? _pairFor(output, path[i + 2]) : to_;
            _hopSwap(pair, inputIs0, amountOut, next);
        }
    }

    function _sendETH(address to, uint256 amount) private {
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert RouterEtherTransferFailed(to, amount);
    }
}
