// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../../src/demo/DemoToken.sol";
import {PeperFactory} from "../../src/defi/PeperFactory.sol";
import {PeperPair} from "../../src/defi/PeperPair.sol";
import {PeperRouter} from "../../src/defi/PeperRouter.sol";
import {WETH9} from "../../src/defi/WETH9.sol";
import {PeperTest} from "../utils/PeperTest.sol";
import {Vm} from "../utils/Vm.sol";

/// @dev Random liquidity adds and removals, swaps both ways, and donations followed by sync or skim,
/// by three users on one pair. Ghosts record any swap that lowered k.
contract AmmHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    address internal constant DEAD = 0x000000000000000000000000000000000000dEaD;

    DemoToken public immutable tokenA;
    DemoToken public immutable tokenB;
    PeperRouter public immutable router;
    PeperPair public immutable pair;
    address[3] public actors;
    bool public kDecreasedOnSwap;

    constructor() {
        actors = [address(0xA11CE), address(0xB0B), address(0xCA401)];
        address[] memory holders = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        holders[0] = address(this);
        amounts[0] = 1e40;
        tokenA = new DemoToken("A", "A", 18, holders, amounts);
        tokenB = new DemoToken("B", "B", 18, holders, amounts);
        PeperFactory factory = new PeperFactory(address(this));
        factory.setFeeTo(address(0xFEE));
        router = new PeperRouter(address(factory), address(new WETH9()));
        pair = PeperPair(factory.createPair(address(tokenA), address(tokenB)));
        for (uint256 i; i < 3; ++i) {
            tokenA.transfer(actors[i], 1e32);
            tokenB.transfer(actors[i], 1e32);
            vm.startPrank(actors[i]);
            tokenA.approve(address(router), type(uint256).max);
            tokenB.approve(address(router), type(uint256).max);
            pair.approve(address(router), type(uint256).max);
            vm.stopPrank();
        }
        vm.prank(actors[0]);
        router.addLiquidity(address(tokenA), address(tokenB), 1e24, 1e24, 0, 0, actors[0], type(uint256).max);
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % 3];
    }

    function _k() private view returns (uint256) {
        (uint112 r0, uint112 r1, ) = pair.getReserves();
        return uint256(r0) * r1;
    }

    function add(uint256 seed, uint256 amountA, uint256 amountB) external {
        address a = _actor(seed);
        vm.prank(a);
        router.addLiquidity(
            address(tokenA),
            address(tokenB),
            1e3 + (amountA % 1e26),
            1e3 + (amountB % 1e26),
            0,
            0,
            a,
            type(uint256).max
        );
    }

    function remove(uint256 seed, uint256 fraction) external {
        address a = _actor(seed);
        uint256 lp = pair.balanceOf(a);
        if (lp == 0) return;
        uint256 amount = 1 + (fraction % lp);
        vm.prank(a);
        router.removeLiquidity(address(tokenA), address(tokenB), amount, 0, 0, a, type(uint256).max);
    }

    function swap(uint256 seed, bool aToB, uint256 amountIn) external {
        address a = _actor(seed);
        address[] memory path = new address[](2);
        (path[0], path[1]) = aToB ? (address(tokenA), address(tokenB)) : (address(tokenB), address(tokenA));
        uint256 kBefore = _k();
        vm.prank(a);
        router.swapExactTokensForTokens(1 + (amountIn % 1e26), 0, path, a, type(uint256).max);
        if (_k() < kBefore) kDecreasedOnSwap = true;
    }

    function donateAndSettle(uint256 amount, bool useSkim) external {
        tokenA.transfer(address(pair), amount % 1e24);
        if (useSkim) pair.skim(address(this));
        else pair.sync();
    }
}

contract AmmInvariantsTest is PeperTest {
    AmmHandler internal handler;

    function setUp() public {
        handler = new AmmHandler();
        targetContract(address(handler));
    }

    // the pair's reserves equal its token balances after every settled operation
    function invariant_reservesEqualBalances() public view {
        PeperPair pair = handler.pair();
        (uint112 r0, uint112 r1, ) = pair.getReserves();
        assertEq(r0, DemoToken(pair.token0()).balanceOf(address(pair)), "reserve0 != balance0");
        assertEq(r1, DemoToken(pair.token1()).balanceOf(address(pair)), "reserve1 != balance1");
    }

    // k never decreases on a swap
    function invariant_kNeverDecreasesOnSwap() public view {
        assertTrue(!handler.kDecreasedOnSwap(), "a swap lowered k");
    }

    // the LP supply equals the LP held by the users, the locked minimum and the fee recipient
    function invariant_lpSupplyMatchesHolders() public view {
        PeperPair pair = handler.pair();
        uint256 sum = pair.balanceOf(0x000000000000000000000000000000000000dEaD) + pair.balanceOf(address(0xFEE));
        for (uint256 i; i < 3; ++i) sum += pair.balanceOf(handler.actors(i));
        assertEq(sum, pair.totalSupply(), "LP supply != sum of holders");
    }

    // every LP position is worth a non-zero amount of both tokens, so it can always be burned
    function invariant_lpCanBeBurned() public view {
        PeperPair pair = handler.pair();
        (uint112 r0, uint112 r1, ) = pair.getReserves();
        uint256 supply = pair.totalSupply();
        for (uint256 i; i < 3; ++i) {
            uint256 lp = pair.balanceOf(handler.actors(i));
            if (lp * r0 < supply || lp * r1 < supply) continue; // dust too small to burn is allowed
            assertGe((lp * r0) / supply, 1, "burn would pay nothing");
        }
    }
}

contract PeperPairFuzzTest is PeperTest {
    DemoToken internal tokenA;
    DemoToken internal tokenB;
    PeperPair internal pair;

    function setUp() public {
        address[] memory holders = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        holders[0] = address(this);
        amounts[0] = type(uint128).max;
        tokenA = new DemoToken("A", "A", 18, holders, amounts);
        tokenB = new DemoToken("B", "B", 18, holders, amounts);
        PeperFactory factory = new PeperFactory(address(this));
        pair = PeperPair(factory.createPair(address(tokenA), address(tokenB)));
    }

    function _seed(uint256 r0, uint256 r1) private {
        DemoToken(pair.token0()).transfer(address(pair), r0);
        DemoToken(pair.token1()).transfer(address(pair), r1);
        pair.mint(address(this));
    }

    function testFuzz_swapAtTheQuotedOutputNeverLowersK(uint256 r0, uint256 r1, uint256 amountIn) public {
        r0 = bound(r0, 1e6, 1e30);
        r1 = bound(r1, 1e6, 1e30);
        amountIn = bound(amountIn, 1, 1e30);
        _seed(r0, r1);
        uint256 out = (amountIn * 997 * r1) / (r0 * 1000 + amountIn * 997);
        vm.assume(out > 0);
        DemoToken(pair.token0()).transfer(address(pair), amountIn);
        pair.swap(0, out, address(this), "");
        (uint112 n0, uint112 n1, ) = pair.getReserves();
        assertGe(uint256(n0) * n1, r0 * r1, "k decreased");
    }

    function testFuzz_mintThenBurnNeverReturnsMoreThanDeposited(uint256 a, uint256 b, uint256 c, uint256 d) public {
        a = bound(a, 1e6, 1e30);
        b = bound(b, 1e6, 1e30);
        _seed(a, b);
        c = bound(c, 1e3, 1e30);
        d = bound(d, 1e3, 1e30);
        DemoToken t0 = DemoToken(pair.token0());
        DemoToken t1 = DemoToken(pair.token1());
        address lp = address(0xB0B);
        t0.transfer(address(pair), c);
        t1.transfer(address(pair), d);
        try pair.mint(lp) returns (uint256 liquidity) {
            vm.prank(lp);
            pair.transfer(address(pair), liquidity);
            try pair.burn(lp) returns (uint256 out0, uint256 out1) {
                assertLe(out0, c, "burn returned more token0 than deposited");
                assertLe(out1, d, "burn returned more token1 than deposited");
            } catch {
                // a position worth less than one unit of a token cannot be burned: nothing paid
            }
        } catch {
            // too small to mint any liquidity: nothing to check
        }
    }
}
