// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {GuardianPausable} from "../governance/GuardianPausable.sol";
import {IIndexVault} from "../interfaces/defi/IIndexVault.sol";
import {IPeperFactory} from "../interfaces/defi/IPeperFactory.sol";
import {IPeperRouter} from "../interfaces/defi/IPeperRouter.sol";
import {IPortfolioWeightsSource} from "../interfaces/defi/IPortfolioWeightsSource.sol";
import {ITwapOracle} from "../interfaces/defi/ITwapOracle.sol";

/// @title IndexVault
/// @notice ERC-4626 index vault over a basket of tokens. See {IIndexVault}.
/// @dev Safety choices:
/// - Valuation is the TWAP of each token's pair with the asset (TwapOracle), never spot.
/// - Virtual shares (`_decimalsOffset` = 6) make the first-depositor / donation inflation attack
///   cost the attacker a million times what it could take.
/// - Withdrawals in the asset are paid only from the vault's idle asset (`maxWithdraw`/`maxRedeem`
///   say how much); `redeemInKind` always returns the exact pro-rata share of every holding. So a
///   withdrawal never trades, and no one can withdraw more than they own at any price.
/// - `rebalance` trades through the AMM with a minimum output of TWAP minus `maxSlippageBps`, so a
///   manipulated spot price makes it revert instead of trading at a loss.
contract IndexVault is IIndexVault, ERC4626, GuardianPausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The most tokens a basket may hold (bounds every loop over it).
    uint256 public constant MAX_TOKENS = 8;
    /// @notice Cap on `maxSlippageBps`.
    uint256 public constant MAX_SLIPPAGE_BPS = 500;
    /// @notice Differences below this share of total value (bps) are not traded.
    uint256 public constant MIN_TRADE_BPS = 10;
    /// @notice Cap on the rebalance band.
    uint256 public constant MAX_BAND_BPS = 2_000;
    /// @notice The AMM's fee per swap, in bps (what rebalancePreview charges per unit of turnover).
    uint256 public constant AMM_FEE_BPS = 30;
    uint256 private constant _BPS = 10_000;

    /// @notice The AMM factory whose pairs value and trade the basket.
    IPeperFactory public immutable ammFactory;
    /// @notice The AMM router used by rebalance.
    IPeperRouter public immutable router;
    /// @notice The TWAP oracle that values the basket.
    ITwapOracle public immutable twap;

    address[] private _basket;
    address[] private _pairs;
    uint16[] private _fallbackWeights;

    /// @notice The source of target weights (the oracle's PortfolioFeed); zero uses the fallback.
    address public weightsSource;
    /// @notice Maximum slippage vs TWAP per rebalance trade, in bps.
    uint256 public maxSlippageBps = 100;
    /// @notice Maximum age of the feed's weights, in seconds.
    uint256 public maxWeightAge = 1 days;
    /// @notice Minimum seconds between rebalances.
    uint256 public minRebalanceInterval = 1 hours;
    /// @notice When the last rebalance happened.
    uint256 public lastRebalance;
    /// @notice A rebalance trades only when the holdings drifted at least this far from the targets (bps).
    uint256 public rebalanceBandBps = 200;

    /// @notice Shares were redeemed for a pro-rata part of every holding.
    /// @param owner Whose shares.
    /// @param receiver Who got the tokens.
    /// @param shares Shares burned.
    event RedeemedInKind(address indexed owner, address indexed receiver, uint256 shares);

    /// @param asset_ The asset deposits and withdrawals use (for example USDC).
    /// @param name_ Share token name.
    /// @param symbol_ Share token symbol.
    /// @param owner_ The Timelock.
    /// @param guardian_ May pause deposits and rebalancing.
    /// @param factory_ The AMM factory.
    /// @param router_ The AMM router.
    /// @param twap_ The TWAP oracle.
    constructor(
        IERC20 asset_,
        string memory name_,
        string memory symbol_,
        address owner_,
        address guardian_,
        IPeperFactory factory_,
        IPeperRouter router_,
        ITwapOracle twap_
    ) ERC4626(asset_) ERC20(name_, symbol_) GuardianPausable(owner_, guardian_) {
        ammFactory = factory_;
        router = router_;
        twap = twap_;
        asset_.forceApprove(address(router_), type(uint256).max);
    }

    // ---- views ----

    /// @inheritdoc IIndexVault
    function basket() external view returns (address[] memory) {
        return _basket;
    }

    /// @inheritdoc IIndexVault
    function targetWeights() public view returns (address[] memory tokens, uint16[] memory weightsBps) {
        tokens = _basket;
        if (weightsSource == address(0)) return (tokens, _fallbackWeights);
        address[] memory assets;
        uint256 updatedAt;
        (assets, weightsBps, updatedAt) = IPortfolioWeightsSource(weightsSource).latestWeights();
        uint256 age = block.timestamp > updatedAt ? block.timestamp - updatedAt : 0;
        if (age > maxWeightAge) revert VaultWeightsStale(age, maxWeightAge);
        if (assets.length != tokens.length || weightsBps.length != tokens.length) {
            revert VaultInvalidBasket(address(0));
        }
        uint256 sum;
        for (uint256 i; i < tokens.length; ++i) {
            if (assets[i] != tokens[i]) revert VaultInvalidBasket(assets[i]);
            sum += weightsBps[i];
        }
        if (sum > _BPS) revert VaultInvalidWeights(sum);
    }

    /// @notice Total value in the asset: idle asset plus each basket token at its TWAP.
    /// @return total The value.
    function totalAssets() public view override returns (uint256 total) {
        total = IERC20(asset()).balanceOf(address(this));
        uint256 n = _basket.length;
        for (uint256 i; i < n; ++i) {
            uint256 balance = IERC20(_basket[i]).balanceOf(address(this));
            if (balance != 0) total += twap.consult(_pairs[i], _basket[i], balance);
        }
    }

    /// @notice Deposits close while paused.
    /// @return The most assets `receiver` may deposit.
    function maxDeposit(address receiver) public view override returns (uint256) {
        return paused() ? 0 : super.maxDeposit(receiver);
    }

    /// @notice Mints close while paused.
    /// @return The most shares `receiver` may mint.
    function maxMint(address receiver) public view override returns (uint256) {
        return paused() ? 0 : super.maxMint(receiver);
    }

    /// @notice Withdrawals in the asset are limited to the idle asset (see `redeemInKind`).
    /// @return The most assets `owner` may withdraw now.
    function maxWithdraw(address owner) public view override returns (uint256) {
        return Math.min(super.maxWithdraw(owner), IERC20(asset()).balanceOf(address(this)));
    }

    /// @notice Redemptions in the asset are limited to the idle asset (see `redeemInKind`).
    /// @return The most shares `owner` may redeem now.
    function maxRedeem(address owner) public view override returns (uint256) {
        return Math.min(balanceOf(owner), convertToShares(IERC20(asset()).balanceOf(address(this))));
    }

    // ---- user actions ----

    /// @notice Deposits `assets` for shares (refreshing the TWAPs first, so a quiet oracle never
    /// blocks the vault).
    /// @return Shares minted.
    function deposit(uint256 assets, address receiver) public override returns (uint256) {
        _refreshPrices();
        return super.deposit(assets, receiver);
    }

    /// @notice Mints `shares` for assets (refreshing the TWAPs first).
    /// @return Assets taken.
    function mint(uint256 shares, address receiver) public override returns (uint256) {
        _refreshPrices();
        return super.mint(shares, receiver);
    }

    /// @notice Withdraws `assets` (refreshing the TWAPs first).
    /// @return Shares burned.
    function withdraw(uint256 assets, address receiver, address owner) public override returns (uint256) {
        _refreshPrices();
        return super.withdraw(assets, receiver, owner);
    }

    /// @notice Redeems `shares` for assets (refreshing the TWAPs first).
    /// @return Assets paid.
    function redeem(uint256 shares, address receiver, address owner) public override returns (uint256) {
        _refreshPrices();
        return super.redeem(shares, receiver, owner);
    }

    /// @notice Burns `shares` of `owner` and sends `receiver` the same fraction of every holding
    /// (the asset and each basket token). Open even while paused; never trades.
    /// @param shares Shares to burn.
    /// @param receiver Who gets the tokens.
    /// @param owner Whose shares (the caller, or who approved the caller).
    function redeemInKind(uint256 shares, address receiver, address owner) external nonReentrant {
        if (msg.sender != owner) _spendAllowance(owner, msg.sender, shares);
        // virtual shares: the fraction is shares / (supply + 10**offset), as in convertToAssets
        uint256 denominator = totalSupply() + 10 ** _decimalsOffset();
        _burn(owner, shares);
        emit RedeemedInKind(owner, receiver, shares);
        _payFraction(IERC20(asset()), shares, denominator, receiver);
        uint256 n = _basket.length;
        for (uint256 i; i < n; ++i) _payFraction(IERC20(_basket[i]), shares, denominator, receiver);
    }

    /// @inheritdoc IIndexVault
    function rebalance() external nonReentrant whenNotPaused {
        if (block.timestamp < lastRebalance + minRebalanceInterval) {
            revert VaultRebalanceTooSoon(lastRebalance + minRebalanceInterval);
        }
        lastRebalance = block.timestamp;
        (address[] memory tokens, uint16[] memory weights) = targetWeights();
        _refreshPrices();
        uint256 before = totalAssets();
        address assetToken = asset();
        {
            (uint256 drift, ) = _drift(tokens, weights, before);
            uint256 band = rebalanceBandBps;
            if (drift < band) revert VaultWithinBand(drift, band);
        }

        // Sell what is above target first, so that the buys can use the proceeds.
        for (uint256 i; i < tokens.length; ++i) {
            uint256 balance = IERC20(tokens[i]).balanceOf(address(this));
            if (balance == 0) continue;
            uint256 value = twap.consult(_pairs[i], tokens[i], balance);
            uint256 target = (before * weights[i]) / _BPS;
            if (value <= target || (value - target) * _BPS < before * MIN_TRADE_BPS) continue;
            uint256 amountIn = Math.mulDiv(balance, value - target, value);
            uint256 minOut = ((value - target) * (_BPS - maxSlippageBps)) / _BPS;
            _swap(tokens[i], assetToken, amountIn, minOut);
        }
        for (uint256 i; i < tokens.length; ++i) {
            uint256 balance = IERC20(tokens[i]).balanceOf(address(this));
            uint256 value = balance == 0 ? 0 : twap.consult(_pairs[i], tokens[i], balance);
            uint256 target = (before * weights[i]) / _BPS;
            if (value >= target || (target - value) * _BPS < before * MIN_TRADE_BPS) continue;
            uint256 amountIn = Math.min(target - value, IERC20(assetToken).balanceOf(address(this)));
            if (amountIn == 0) continue;
            uint256 minOut = (twap.consult(_pairs[i], assetToken, amountIn) * (_BPS - maxSlippageBps)) / _BPS;
            _swap(assetToken, tokens[i], amountIn, minOut);
        }
        emit Rebalanced(msg.sender, before, totalAssets());
    }

    /// @inheritdoc IIndexVault
    function rebalancePreview()
        external
        view
        returns (uint256 driftBps, uint256 turnover, uint256 feeCost, uint256 bandBps)
    {
        (address[] memory tokens, uint16[] memory weights) = targetWeights();
        (driftBps, turnover) = _drift(tokens, weights, totalAssets());
        feeCost = (turnover * AMM_FEE_BPS) / _BPS;
        bandBps = rebalanceBandBps;
    }

    // ---- governance ----

    /// @inheritdoc IIndexVault
    function setRebalanceBand(uint256 bandBps) external onlyOwner {
        if (bandBps > MAX_BAND_BPS) revert VaultBandTooWide(bandBps);
        rebalanceBandBps = bandBps;
        emit RebalanceBandChanged(bandBps);
    }

    /// @inheritdoc IIndexVault
    function setBasket(address[] calldata tokens, uint16[] calldata weightsBps) external onlyOwner {
        if (tokens.length == 0 || tokens.length > MAX_TOKENS) revert VaultInvalidBasket(address(0));
        if (weightsBps.length != tokens.length) revert VaultInvalidWeights(weightsBps.length);
        // A token leaving the basket must not strand a balance (it would drop out of the valuation).
        for (uint256 i; i < _basket.length; ++i) {
            if (!_contains(tokens, _basket[i]) && IERC20(_basket[i]).balanceOf(address(this)) != 0) {
                revert VaultInvalidBasket(_basket[i]);
            }
        }
        address assetToken = asset();
        uint256 sum;
        delete _pairs;
        for (uint256 i; i < tokens.length; ++i) {
            address token = tokens[i];
            if (token == assetToken || _contains(tokens[:i], token)) revert VaultInvalidBasket(token);
            address pair = ammFactory.getPair(token, assetToken);
            if (pair == address(0)) revert VaultInvalidBasket(token);
            _pairs.push(pair);
            sum += weightsBps[i];
            IERC20(token).forceApprove(address(router), type(uint256).max);
        }
        if (sum > _BPS) revert VaultInvalidWeights(sum);
        _basket = tokens;
        _fallbackWeights = weightsBps;
        emit BasketChanged(tokens, weightsBps);
    }

    /// @inheritdoc IIndexVault
    function setWeightsSource(address source) external onlyOwner {
        weightsSource = source;
        emit WeightsSourceChanged(source);
    }

    /// @inheritdoc IIndexVault
    function setRebalanceParams(
        uint256 maxSlippageBps_,
        uint256 maxWeightAge_,
        uint256 minInterval
    ) external onlyOwner {
        if (maxSlippageBps_ > MAX_SLIPPAGE_BPS) revert VaultSlippageTooHigh(maxSlippageBps_, MAX_SLIPPAGE_BPS);
        maxSlippageBps = maxSlippageBps_;
        maxWeightAge = maxWeightAge_;
        minRebalanceInterval = minInterval;
        emit RebalanceParamsChanged(maxSlippageBps_, maxWeightAge_, minInterval);
    }

    // ---- internals ----

    /// @dev How much value must trade to reach the targets: half the L1 distance between the holdings
    /// and the targets (tokens at their TWAP, the rest in the asset), in the asset and in bps of `total`.
    function _drift(
        address[] memory tokens,
        uint16[] memory weights,
        uint256 total
    ) private view returns (uint256 driftBps, uint256 turnover) {
        if (total == 0) return (0, 0);
        uint256 distance;
        uint256 tokenValue;
        uint256 tokenTarget;
        for (uint256 i; i < tokens.length; ++i) {
            uint256 balance = IERC20(tokens[i]).balanceOf(address(this));
            uint256 value = balance == 0 ? 0 : twap.consult(_pairs[i], tokens[i], balance);
            uint256 target = (total * weights[i]) / _BPS;
            distance += value > target ? value - target : target - value;
            tokenValue += value;
            tokenTarget += target;
        }
        // the asset holds the rest of both
        uint256 assetValue = total > tokenValue ? total - tokenValue : 0;
        uint256 assetTarget = total - tokenTarget;
        distance += assetValue > assetTarget ? assetValue - assetTarget : assetTarget - assetValue;
        turnover = distance / 2;
        driftBps = (turnover * _BPS) / total;
    }

    /// @dev Virtual shares against the inflation attack (OpenZeppelin's ERC-4626 mitigation).
    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }

    /// @dev Deposits (and mints) close while paused and cannot be reentered.
    function _deposit(
        address caller,
        address receiver,
        uint256 assets,
        uint256 shares
    ) internal override whenNotPaused nonReentrant {
        super._deposit(caller, receiver, assets, shares);
    }

    /// @dev Withdrawals cannot be reentered (they stay open while paused).
    function _withdraw(
        address caller,
        address receiver,
        address owner,
        uint256 assets,
        uint256 shares
    ) internal override nonReentrant {
        super._withdraw(caller, receiver, owner, assets, shares);
    }

    /// @dev Lets the oracle record each pair (a new average once a period has passed). Safe against
    /// same-block manipulation: a pair's accumulator counts reserves from before the block's trades.
    function _refreshPrices() private {
        uint256 n = _pairs.length;
        for (uint256 i; i < n; ++i) twap.update(_pairs[i]);
    }

    function _swap(address tokenIn, address tokenOut, uint256 amountIn, uint256 minOut) private {
        address[] memory path = new address[](2);
        (path[0], path[1]) = (tokenIn, tokenOut);
        router.swapExactTokensForTokens(amountIn, minOut, path, address(this), block.timestamp);
    }

    function _payFraction(IERC20 token, uint256 shares, uint256 denominator, address receiver) private {
        uint256 amount = Math.mulDiv(token.balanceOf(address(this)), shares, denominator);
        if (amount != 0) token.safeTransfer(receiver, amount);
    }

    function _contains(address[] calldata list, address token) private pure returns (bool) {
        for (uint256 i; i < list.length; ++i) if (list[i] == token) return true;
        return false;
    }
}
