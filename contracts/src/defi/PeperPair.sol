// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IPeperCallee} from "../interfaces/defi/IPeperCallee.sol";
import {IPeperFactory} from "../interfaces/defi/IPeperFactory.sol";
import {IPeperPair} from "../interfaces/defi/IPeperPair.sol";

/// @title PeperPair
/// @notice A Uniswap-V2-compatible constant-product pair. See {IPeperPair}.
/// @dev Gas choices (measured in BENCHMARKS.md): tokens and factory are immutables read from the
/// factory during construction, so the CREATE2 init code is the same for every pair; the lock is
/// transient storage; reserves and timestamp are written with one SSTORE.
contract PeperPair is IPeperPair, ERC20Permit, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IPeperPair
    uint256 public constant MINIMUM_LIQUIDITY = 1000;

    /// @dev Where the minimum liquidity is locked (OpenZeppelin's ERC-20 refuses to mint to zero).
    address private constant _DEAD = 0x000000000000000000000000000000000000dEaD;

    /// @inheritdoc IPeperPair
    address public immutable factory;
    /// @inheritdoc IPeperPair
    address public immutable token0;
    /// @inheritdoc IPeperPair
    address public immutable token1;

    struct Slot0 {
        uint112 reserve0;
        uint112 reserve1;
        uint32 blockTimestampLast;
    }

    Slot0 private _slot0;

    /// @inheritdoc IPeperPair
    uint256 public price0CumulativeLast;
    /// @inheritdoc IPeperPair
    uint256 public price1CumulativeLast;
    /// @inheritdoc IPeperPair
    uint256 public kLast;

    constructor() ERC20("Peper LP", "PEPER-LP") ERC20Permit("Peper LP") {
        factory = msg.sender;
        (token0, token1) = IPeperFactory(msg.sender).pairTokens();
    }

    /// @inheritdoc IPeperPair
    function getReserves() public view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast) {
        return _load();
    }

    /// @inheritdoc IPeperPair
    // solhint-disable-next-line func-name-mixedcase
    function PERMIT_TYPEHASH() external pure returns (bytes32) {
        return keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    }

    /// @inheritdoc IPeperPair
    function mint(address to) external nonReentrant returns (uint256 liquidity) {
        (uint112 reserve0, uint112 reserve1, uint32 last) = _load();
        uint256 balance0 = _balanceOf(token0);
        uint256 balance1 = _balanceOf(token1);
        if (balance0 < reserve0 || balance1 < reserve1) revert PairBalanceBelowReserve(balance0, balance1);
        uint256 amount0;
        uint256 amount1;
        // cannot underflow: checked just above
        unchecked {
            amount0 = balance0 - reserve0;
            amount1 = balance1 - reserve1;
        }

        bool feeOn = _mintFee(reserve0, reserve1);
        uint256 supply = totalSupply(); // after _mintFee, which may mint
        if (supply == 0) {
            uint256 root = Math.sqrt(amount0 * amount1);
            if (root <= MINIMUM_LIQUIDITY) revert PairInsufficientLiquidityMinted();
            // cannot underflow: root > MINIMUM_LIQUIDITY
            unchecked {
                liquidity = root - MINIMUM_LIQUIDITY;
            }
            _mint(_DEAD, MINIMUM_LIQUIDITY);
        } else {
            liquidity = Math.min((amount0 * supply) / reserve0, (amount1 * supply) / reserve1);
        }
        if (liquidity == 0) revert PairInsufficientLiquidityMinted();
        _mint(to, liquidity);

        _update(balance0, balance1, reserve0, reserve1, last);
        if (feeOn) kLast = balance0 * balance1;
        emit Mint(msg.sender, amount0, amount1);
    }

    /// @inheritdoc IPeperPair
    function burn(address to) external nonReentrant returns (uint256 amount0, uint256 amount1) {
        (uint112 reserve0, uint112 reserve1, uint32 last) = _load();
        uint256 balance0 = _balanceOf(token0);
        uint256 balance1 = _balanceOf(token1);
        uint256 liquidity = balanceOf(address(this));

        bool feeOn = _mintFee(reserve0, reserve1);
        uint256 supply = totalSupply();
        // no supply means no liquidity to burn (the pair's LP balance is part of the supply)
        if (supply == 0) revert PairInsufficientLiquidityBurned();
        amount0 = (liquidity * balance0) / supply;
        amount1 = (liquidity * balance1) / supply;
        if (amount0 == 0 || amount1 == 0) revert PairInsufficientLiquidityBurned();
        _burn(address(this), liquidity);
        IERC20(token0).safeTransfer(to, amount0);
        IERC20(token1).safeTransfer(to, amount1);
        balance0 = _balanceOf(token0);
        balance1 = _balanceOf(token1);

        _update(balance0, balance1, reserve0, reserve1, last);
        if (feeOn) kLast = balance0 * balance1;
        emit Burn(msg.sender, amount0, amount1, to);
    }

    /// @inheritdoc IPeperPair
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external nonReentrant {
        if (amount0Out == 0 && amount1Out == 0) revert PairInsufficientOutputAmount();
        uint256 amount0In;
        uint256 amount1In;
        {
            (uint112 reserve0, uint112 reserve1, uint32 last) = _load();
            if (amount0Out >= reserve0 || amount1Out >= reserve1) {
                revert PairInsufficientLiquidity(amount0Out, amount1Out, reserve0, reserve1);
            }
            if (to == token0 || to == token1) revert PairInvalidTo(to);
            // optimistic transfers: the input is checked after the callback
            if (amount0Out > 0) IERC20(token0).safeTransfer(to, amount0Out);
            if (amount1Out > 0) IERC20(token1).safeTransfer(to, amount1Out);
            if (data.length > 0) IPeperCallee(to).uniswapV2Call(msg.sender, amount0Out, amount1Out, data);
            uint256 balance0 = _balanceOf(token0);
            uint256 balance1 = _balanceOf(token1);
            (amount0In, amount1In) = _checkK(balance0, balance1, amount0Out, amount1Out, reserve0, reserve1);
            _write(balance0, balance1, reserve0, reserve1, last); // _checkK proved balances < 2**112
        }
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /// @dev The inputs of a swap, reverting unless there is one and the constant product, less the
    /// 0.3 % fee on the inputs, did not shrink.
    function _checkK(
        uint256 balance0,
        uint256 balance1,
        uint256 amount0Out,
        uint256 amount1Out,
        uint256 reserve0,
        uint256 reserve1
    ) private pure returns (uint256 amount0In, uint256 amount1In) {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert PairOverflow(balance0, balance1);
        // cannot overflow or underflow: outputs < reserves, balances and reserves < 2**112, so every
        // product below is < 2**244
        unchecked {
            uint256 rest0 = reserve0 - amount0Out;
            uint256 rest1 = reserve1 - amount1Out;
            amount0In = balance0 > rest0 ? balance0 - rest0 : 0;
            amount1In = balance1 > rest1 ? balance1 - rest1 : 0;
            if (amount0In == 0 && amount1In == 0) revert PairInsufficientInputAmount();
            uint256 adjusted0 = balance0 * 1000 - amount0In * 3;
            uint256 adjusted1 = balance1 * 1000 - amount1In * 3;
            if (adjusted0 * adjusted1 < reserve0 * reserve1 * 1_000_000) revert PairK();
        }
    }

    /// @inheritdoc IPeperPair
    function skim(address to) external nonReentrant {
        (uint112 reserve0, uint112 reserve1, ) = _load();
        uint256 excess0 = _balanceOf(token0);
        uint256 excess1 = _balanceOf(token1);
        // a balance below its reserve skims nothing of that token
        excess0 = excess0 > reserve0 ? excess0 - reserve0 : 0;
        excess1 = excess1 > reserve1 ? excess1 - reserve1 : 0;
        if (excess0 > 0) IERC20(token0).safeTransfer(to, excess0);
        if (excess1 > 0) IERC20(token1).safeTransfer(to, excess1);
    }

    /// @inheritdoc IPeperPair
    function sync() external nonReentrant {
        (uint112 reserve0, uint112 reserve1, uint32 last) = _load();
        _update(_balanceOf(token0), _balanceOf(token1), reserve0, reserve1, last);
    }

    /// @dev `IERC20(token).balanceOf(address(this))` as a plain static call, with the checks of the
    /// high-level call it replaces: a failing token reverts with its own reason, and an answer
    /// shorter than a word (as from an address without code) reverts.
    function _balanceOf(address token) private view returns (uint256 amount) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, 0x70a08231) // balanceOf(address)
            mstore(0x20, address())
            if iszero(and(gt(returndatasize(), 0x1f), staticcall(gas(), token, 0x1c, 0x24, 0x00, 0x20))) {
                let m := mload(0x40)
                returndatacopy(m, 0x00, returndatasize())
                revert(m, returndatasize())
            }
            amount := mload(0x00)
        }
    }

    /// @dev Reserves and the time of their last update, from one storage slot.
    function _load() private view returns (uint112 reserve0, uint112 reserve1, uint32 last) {
        Slot0 storage s = _slot0;
        return (s.reserve0, s.reserve1, s.blockTimestampLast);
    }

    /// @dev {_write} after checking that both balances fit in 112 bits.
    function _update(uint256 balance0, uint256 balance1, uint112 reserve0, uint112 reserve1, uint32 last) private {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert PairOverflow(balance0, balance1);
        _write(balance0, balance1, reserve0, reserve1, last);
    }

    /// @dev Writes reserves and timestamp in one SSTORE and, once per block, grows the price
    /// accumulators with the reserves as they were before this block's first change. The caller
    /// has checked that both balances are below 2**112.
    function _write(uint256 balance0, uint256 balance1, uint112 reserve0, uint112 reserve1, uint32 last) private {
        uint32 blockTimestamp = uint32(block.timestamp);
        // overflow is intended: the timestamp and the accumulators wrap, and TWAP readers subtract
        unchecked {
            uint32 timeElapsed = blockTimestamp - last;
            if (timeElapsed > 0 && reserve0 != 0 && reserve1 != 0) {
                price0CumulativeLast += ((uint256(reserve1) << 112) / reserve0) * timeElapsed;
                price1CumulativeLast += ((uint256(reserve0) << 112) / reserve1) * timeElapsed;
            }
        }
        // through a storage pointer, not a memory struct copied to storage: still one SSTORE, 109 gas less
        Slot0 storage s = _slot0;
        (s.reserve0, s.reserve1, s.blockTimestampLast) = (uint112(balance0), uint112(balance1), blockTimestamp);
        emit Sync(uint112(balance0), uint112(balance1));
    }

    /// @dev `IPeperFactory(factory).feeTo()` as a plain static call to our own factory.
    function _feeTo() private view returns (address feeTo) {
        address factory_ = factory;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, 0x017e7e58) // feeTo()
            if iszero(and(gt(returndatasize(), 0x1f), staticcall(gas(), factory_, 0x1c, 0x04, 0x00, 0x20))) {
                revert(0x00, 0x00)
            }
            feeTo := and(mload(0x00), 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }

    /// @dev Mints the protocol's share (1/6 of the growth of sqrt(k)) when the fee is on.
    function _mintFee(uint112 reserve0, uint112 reserve1) private returns (bool feeOn) {
        address feeTo = _feeTo();
        feeOn = feeTo != address(0);
        uint256 k = kLast;
        if (feeOn) {
            if (k != 0) {
                uint256 rootK = Math.sqrt(uint256(reserve0) * reserve1);
                uint256 rootKLast = Math.sqrt(k);
                if (rootK > rootKLast) {
                    uint256 liquidity = (totalSupply() * (rootK - rootKLast)) / (rootK * 5 + rootKLast);
                    if (liquidity > 0) _mint(feeTo, liquidity);
                }
            }
        } else if (k != 0) {
            kLast = 0;
        }
    }
}
