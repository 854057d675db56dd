// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../../src/demo/DemoToken.sol";
import {IndexVault} from "../../src/defi/IndexVault.sol";
import {PeperFactory} from "../../src/defi/PeperFactory.sol";
import {PeperRouter} from "../../src/defi/PeperRouter.sol";
import {TwapOracle} from "../../src/defi/TwapOracle.sol";
import {WETH9} from "../../src/defi/WETH9.sol";
import {IPeperFactory} from "../../src/interfaces/defi/IPeperFactory.sol";
import {IPeperRouter} from "../../src/interfaces/defi/IPeperRouter.sol";
import {ITwapOracle} from "../../src/interfaces/defi/ITwapOracle.sol";
import {PeperTest} from "../utils/PeperTest.sol";
import {Vm} from "../utils/Vm.sol";

/// @dev Random deposits, redemptions (in USDC and in kind), donations, trades that move the spot
/// price, time passing and rebalances, by three users against an index vault over one token.
contract VaultHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    DemoToken public immutable usdc;
    DemoToken public immutable peper;
    PeperRouter public immutable router;
    TwapOracle public immutable twap;
    IndexVault public immutable vault;
    address public immutable pair;
    address[3] public actors;

    /// @dev Set when a redemption paid more than the vault said the shares were worth.
    bool public overpaid;

    constructor() {
        actors = [address(0xA11CE), address(0xB0B), address(0xCA401)];
        address[] memory holders = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        holders[0] = address(this);
        amounts[0] = 1e36;
        usdc = new DemoToken("USD", "USDC", 6, holders, amounts);
        peper = new DemoToken("Peper", "PEPER", 18, holders, amounts);
        PeperFactory factory = new PeperFactory(address(this));
        router = new PeperRouter(address(factory), address(new WETH9()));
        usdc.approve(address(router), type(uint256).max);
        peper.approve(address(router), type(uint256).max);
        router.addLiquidity(address(peper), address(usdc), 20_000_000e18, 2_000_000e6, 0, 0, address(this), 2 ** 40);
        pair = factory.getPair(address(peper), address(usdc));
        twap = new TwapOracle(1800, 1 days);
        vault = new IndexVault(
            usdc,
            "Index",
            "IDX",
            address(this),
            address(0),
            IPeperFactory(address(factory)),
            IPeperRouter(address(router)),
            ITwapOracle(address(twap))
        );
        address[] memory basket = new address[](1);
        uint16[] memory weights = new uint16[](1);
        basket[0] = address(peper);
        weights[0] = 5000;
        vault.setBasket(basket, weights);
        vault.setRebalanceParams(500, 1 days, 0);
        twap.update(pair);
        vm.warp(vm.getBlockTimestamp() + 1801);
        twap.update(pair);
        for (uint256 i; i < 3; ++i) {
            usdc.transfer(actors[i], 1e12);
            vm.prank(actors[i]);
            usdc.approve(address(vault), type(uint256).max);
        }
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % 3];
    }

    function deposit(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        amount = 1 + (amount % 1e10);
        vm.prank(a);
        vault.deposit(amount, a);
    }

    function redeem(uint256 seed, uint256 shares) external {
        address a = _actor(seed);
        uint256 max = vault.maxRedeem(a);
        if (max == 0) return;
        shares = 1 + (shares % max);
        uint256 owed = vault.previewRedeem(shares);
        uint256 before = usdc.balanceOf(a);
        vm.prank(a);
        vault.redeem(shares, a, a);
        if (usdc.balanceOf(a) - before > owed) overpaid = true;
    }

    function redeemInKind(uint256 seed, uint256 shares) external {
        address a = _actor(seed);
        uint256 balance = vault.balanceOf(a);
        if (balance == 0) return;
        shares = 1 + (shares % balance);
        uint256 owed = vault.convertToAssets(shares);
        uint256 usdcBefore = usdc.balanceOf(a);
        uint256 peperBefore = peper.balanceOf(a);
        vm.prank(a);
        vault.redeemInKind(shares, a, a);
        uint256 got = usdc.balanceOf(a) - usdcBefore;
        uint256 peperGot = peper.balanceOf(a) - peperBefore;
        if (peperGot != 0) got += twap.consult(pair, address(peper), peperGot);
        // one unit of rounding per token
        if (got > owed + 2) overpaid = true;
    }

    function donate(uint256 amount) external {
        usdc.transfer(address(vault), amount % 1e10);
    }

    function trade(bool buyPeper, uint256 amount) external {
        address[] memory path = new address[](2);
        (path[0], path[1]) = buyPeper ? (address(usdc), address(peper)) : (address(peper), address(usdc));
        amount = 1e6 + (amount % (buyPeper ? 1e11 : 1e23));
        router.swapExactTokensForTokens(amount, 0, path, address(this), 2 ** 40);
    }

    function passTime(uint256 secondsAhead) external {
        vm.warp(vm.getBlockTimestamp() + 1 + (secondsAhead % 4 hours));
        twap.update(pair);
    }

    function rebalance() external {
        vault.rebalance();
    }
}

contract VaultInvariantsTest is PeperTest {
    VaultHandler internal handler;

    function setUp() public {
        handler = new VaultHandler();
        targetContract(address(handler));
    }

    // no redemption, in USDC or in kind, ever paid more than the shares were worth
    function invariant_noUserWithdrawsMoreThanOwed() public view {
        assertTrue(!handler.overpaid(), "a redemption paid more than the shares were worth");
    }

    // what the shareholders are owed together never exceeds what the vault holds
    function invariant_sharesBackedByAssets() public view {
        IndexVault vault = handler.vault();
        uint256 owed;
        for (uint256 i; i < 3; ++i) owed += vault.convertToAssets(vault.balanceOf(handler.actors(i)));
        assertLe(owed, vault.totalAssets(), "shares owe more than the vault holds");
    }

    // the idle asset always covers what maxWithdraw promises each user
    function invariant_maxWithdrawIsPayable() public view {
        IndexVault vault = handler.vault();
        uint256 idle = handler.usdc().balanceOf(address(vault));
        for (uint256 i; i < 3; ++i) assertLe(vault.maxWithdraw(handler.actors(i)), idle, "maxWithdraw > idle");
    }
}
