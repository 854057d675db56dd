import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
const PERIOD = 1800;

async function deployVault() {
  const [owner, guardian, alice, bob, attacker] = await ethers.getSigners();
  const holders = [owner!.address, alice!.address, bob!.address, attacker!.address];
  const big = (d: bigint) => [10n ** 12n * d, 10n ** 9n * d, 10n ** 9n * d, 10n ** 9n * d];
  const peper = await ethers.deployContract("DemoToken", ["Peper", "PEPER", 18, holders, big(E18)]);
  const weth = await ethers.deployContract("DemoToken", ["Wrapped", "WETHX", 18, holders, big(E18)]);
  const usdc = await ethers.deployContract("DemoToken", ["USD", "USDC", 6, holders, big(E6)]);
  const realWeth = await ethers.deployContract("WETH9");
  const factory = await ethers.deployContract("PeperFactory", [owner!.address]);
  const router = await ethers.deployContract("PeperRouter", [factory, realWeth]);
  for (const t of [peper, weth, usdc]) {
    for (const s of [owner!, alice!, bob!, attacker!]) await t.connect(s).approve(router, ethers.MaxUint256);
  }
  const deadline = 2n ** 40n;
  // PEPER = $0.10, WETH = $3,000, deep pools.
  await router.addLiquidity(peper, usdc, 20_000_000n * E18, 2_000_000n * E6, 0, 0, owner!.address, deadline);
  await router.addLiquidity(weth, usdc, 1_000n * E18, 3_000_000n * E6, 0, 0, owner!.address, deadline);
  const twap = await ethers.deployContract("TwapOracle", [PERIOD, 4 * PERIOD]);
  const vault = await ethers.deployContract("IndexVault", [
    usdc,
    "Peper Index",
    "pINDEX",
    owner!.address,
    guardian!.address,
    factory,
    router,
    twap,
  ]);
  await vault.connect(owner!).setBasket([peper, weth], [4000, 4000]);
  const pairs = [await factory.getPair(peper, usdc), await factory.getPair(weth, usdc)];
  for (const p of pairs) await twap.update(p);
  await time.increase(PERIOD + 1);
  for (const p of pairs) await twap.update(p);
  for (const s of [alice!, bob!, attacker!]) await usdc.connect(s).approve(vault, ethers.MaxUint256);
  return {
    vault,
    twap,
    router,
    factory,
    peper,
    weth,
    usdc,
    pairs,
    deadline,
    owner: owner!,
    guardian: guardian!,
    alice: alice!,
    bob: bob!,
    attacker: attacker!,
  };
}

describe("IndexVault", () => {
  it("is an ERC-4626 vault over USDC with virtual shares (1 USDC unit = 10^6 share units at start)", async () => {
    const { vault, usdc, alice } = await loadFixture(deployVault);
    expect(await vault.asset()).to.equal(await usdc.getAddress());
    expect(await vault.decimals()).to.equal(12n);
    await expect(vault.connect(alice).deposit(1000n * E6, alice.address)).to.emit(vault, "Deposit");
    expect(await vault.balanceOf(alice.address)).to.equal(1000n * E6 * 10n ** 6n);
    expect(await vault.totalAssets()).to.equal(1000n * E6);
  });

  it("rebalance buys the basket toward the target weights, within slippage", async () => {
    const f = await loadFixture(deployVault);
    await f.vault.connect(f.alice).deposit(10_000n * E6, f.alice.address);
    await f.vault.connect(f.bob).rebalance();
    const total = await f.vault.totalAssets();
    const peperValue = await f.twap.consult(f.pairs[0]!, f.peper, await f.peper.balanceOf(f.vault));
    const wethValue = await f.twap.consult(f.pairs[1]!, f.weth, await f.weth.balanceOf(f.vault));
    // 40 % each, up to fees and price impact (well under 1 %)
    for (const v of [peperValue, wethValue]) expect(v).to.be.closeTo((total * 4000n) / 10000n, total / 100n);
    expect(total).to.be.gte((10_000n * E6 * 99n) / 100n);
    await expect(f.vault.connect(f.bob).rebalance()).to.be.revertedWithCustomError(f.vault, "VaultRebalanceTooSoon");
  });

  it("rebalance trades only when the holdings drifted by the band; the preview shows the turnover and its fee", async () => {
    const f = await loadFixture(deployVault);
    expect(await f.vault.rebalanceBandBps()).to.equal(200n);
    await f.vault.connect(f.alice).deposit(10_000n * E6, f.alice.address);
    // all in USDC, target 80 % in the basket: 80 % of the value must trade, and 0.3 % of that is the fee
    const [drift, turnover, feeCost, band] = await f.vault.rebalancePreview();
    expect([drift, turnover, feeCost, band]).to.deep.equal([8000n, 8_000n * E6, 24n * E6, 200n]);
    await f.vault.rebalance();
    const [after] = await f.vault.rebalancePreview();
    expect(after < 100n).to.equal(true);
    // the targets move by 1 % (below the 2 % band): a rebalance would only pay fees, so it is refused
    await f.vault.connect(f.owner).setBasket([f.peper, f.weth], [4100, 3900]);
    await time.increase(3601);
    const [small] = await f.vault.rebalancePreview();
    expect(small >= 50n && small < 200n).to.equal(true);
    // (rebalance refreshes the TWAP first, so its drift can differ from the preview's by a few bps)
    await expect(f.vault.rebalance()).to.be.revertedWithCustomError(f.vault, "VaultWithinBand");
    // a move of 10 % is followed
    await f.vault.connect(f.owner).setBasket([f.peper, f.weth], [5000, 3000]);
    const [big] = await f.vault.rebalancePreview();
    expect(big >= 900n).to.equal(true);
    await expect(f.vault.rebalance()).to.emit(f.vault, "Rebalanced");
  });

  it("only the owner sets the band, and at most MAX_BAND_BPS; zero trades every time", async () => {
    const f = await loadFixture(deployVault);
    await expect(f.vault.connect(f.alice).setRebalanceBand(0)).to.be.revertedWithCustomError(
      f.vault,
      "OwnableUnauthorizedAccount",
    );
    await expect(f.vault.connect(f.owner).setRebalanceBand(2001))
      .to.be.revertedWithCustomError(f.vault, "VaultBandTooWide")
      .withArgs(2001n);
    await expect(f.vault.connect(f.owner).setRebalanceBand(0)).to.emit(f.vault, "RebalanceBandChanged").withArgs(0n);
    await f.vault.connect(f.alice).deposit(10_000n * E6, f.alice.address);
    await f.vault.rebalance();
    await time.increase(3601);
    await f.vault.rebalance(); // a drift of a few bps still trades (or has nothing to trade) with no band
  });

  it("rebalance refuses to trade at a manipulated spot price", async () => {
    const f = await loadFixture(deployVault);
    await f.vault.connect(f.alice).deposit(10_000n * E6, f.alice.address);
    // The attacker pumps PEPER's spot price by 20 % just before the rebalance.
    await f.router
      .connect(f.attacker)
      .swapExactTokensForTokens(200_000n * E6, 0, [f.usdc, f.peper], f.attacker.address, f.deadline);
    await expect(f.vault.rebalance()).to.be.revertedWithCustomError(f.router, "RouterInsufficientOutputAmount");
  });

  it("a flash-swap style price manipulation around deposit and redeem does not profit", async () => {
    const f = await loadFixture(deployVault);
    await f.vault.connect(f.alice).deposit(20_000n * E6, f.alice.address);
    await f.vault.rebalance();
    const usdcBefore = await f.usdc.balanceOf(f.attacker.address);
    const peperBefore = await f.peper.balanceOf(f.attacker.address);
    const shareBefore = await f.vault.convertToAssets(E18);
    // Dump PEPER to crash its spot price, deposit, buy PEPER back, redeem.
    await f.router
      .connect(f.attacker)
      .swapExactTokensForTokens(5_000_000n * E18, 0, [f.peper, f.usdc], f.attacker.address, f.deadline);
    const proceeds = (await f.usdc.balanceOf(f.attacker.address)) - usdcBefore;
    expect(await f.vault.convertToAssets(E18)).to.equal(shareBefore); // TWAP: the share price did not move
    await f.vault.connect(f.attacker).deposit(50_000n * E6, f.attacker.address);
    await f.router
      .connect(f.attacker)
      .swapExactTokensForTokens(proceeds, 0, [f.usdc, f.peper], f.attacker.address, f.deadline);
    const shares = await f.vault.maxRedeem(f.attacker.address);
    await f.vault.connect(f.attacker).redeem(shares, f.attacker.address, f.attacker.address);
    // Value the attacker's change at the TWAP: it must be a loss.
    const usdcDelta = (await f.usdc.balanceOf(f.attacker.address)) - usdcBefore;
    const peperDelta = (await f.peper.balanceOf(f.attacker.address)) - peperBefore;
    const peperValue =
      peperDelta >= 0n
        ? await f.twap.consult(f.pairs[0]!, f.peper, peperDelta)
        : -(await f.twap.consult(f.pairs[0]!, f.peper, -peperDelta));
    const sharesLeft = await f.vault.convertToAssets(await f.vault.balanceOf(f.attacker.address));
    expect(usdcDelta + peperValue + sharesLeft).to.be.lt(0n);
  });

  it("mint and withdraw work through the same checks, and the basket is listed", async () => {
    const f = await loadFixture(deployVault);
    expect(await f.vault.basket()).to.deep.equal([await f.peper.getAddress(), await f.weth.getAddress()]);
    const shares = 500n * E6 * 10n ** 6n;
    const assets = await f.vault.previewMint(shares);
    await expect(f.vault.connect(f.alice).mint(shares, f.alice.address)).to.changeTokenBalance(
      ethers,
      f.usdc,
      f.alice,
      -assets,
    );
    await expect(f.vault.connect(f.alice).withdraw(100n * E6, f.alice.address, f.alice.address)).to.changeTokenBalance(
      ethers,
      f.usdc,
      f.alice,
      100n * E6,
    );
    await f.vault.connect(f.guardian).pause();
    expect(await f.vault.maxMint(f.alice.address)).to.equal(0n);
    await expect(f.vault.connect(f.owner).setBasket([], [])).to.be.revertedWithCustomError(
      f.vault,
      "VaultInvalidBasket",
    );
  });

  it("resists the first-depositor inflation attack", async () => {
    const f = await loadFixture(deployVault);
    await f.vault.connect(f.attacker).deposit(1n, f.attacker.address);
    await f.usdc.connect(f.attacker).transfer(f.vault, 10_000n * E6); // donation
    await f.vault.connect(f.alice).deposit(10_000n * E6, f.alice.address);
    const aliceValue = await f.vault.convertToAssets(await f.vault.balanceOf(f.alice.address));
    const attackerValue = await f.vault.convertToAssets(await f.vault.balanceOf(f.attacker.address));
    // Alice keeps nearly all of her deposit; the attacker cannot recover the donation.
    expect(aliceValue).to.be.gte((10_000n * E6 * 999n) / 1000n);
    expect(attackerValue).to.be.lt(10_000n * E6);
  });

  it("withdrawals in USDC are limited to idle USDC; redeemInKind pays a pro-rata share of everything", async () => {
    const f = await loadFixture(deployVault);
    await f.vault.connect(f.alice).deposit(10_000n * E6, f.alice.address);
    await f.vault.rebalance();
    const idle = await f.usdc.balanceOf(f.vault);
    const owned = await f.vault.convertToAssets(await f.vault.balanceOf(f.alice.address));
    expect(idle).to.be.lt(owned); // most of the value sits in the basket
    // limited to the idle USDC (OpenZeppelin derives it from maxRedeem: one unit of rounding)
    expect(await f.vault.maxWithdraw(f.alice.address)).to.be.within(idle - 1n, idle);
    await expect(
      f.vault.connect(f.alice).withdraw(idle + 1n, f.alice.address, f.alice.address),
    ).to.be.revertedWithCustomError(f.vault, "ERC4626ExceededMaxWithdraw");
    const shares = await f.vault.balanceOf(f.alice.address);
    const [p0, w0, u0] = await Promise.all([
      f.peper.balanceOf(f.vault),
      f.weth.balanceOf(f.vault),
      f.usdc.balanceOf(f.vault),
    ]);
    await f.vault.connect(f.guardian).pause(); // in-kind exit stays open while paused
    await expect(f.vault.connect(f.alice).redeemInKind(shares / 2n, f.alice.address, f.alice.address))
      .to.emit(f.vault, "RedeemedInKind")
      .withArgs(f.alice.address, f.alice.address, shares / 2n);
    // about half of every holding left, never more than half (virtual shares round in the vault's favour)
    for (const [token, was] of [
      [f.peper, p0],
      [f.weth, w0],
      [f.usdc, u0],
    ] as const) {
      const now = await token.balanceOf(f.vault);
      expect(was - now).to.be.lte(was / 2n);
      expect(was - now).to.be.gte((was * 49n) / 100n);
    }
    await expect(f.vault.connect(f.alice).deposit(1n, f.alice.address)).to.be.revertedWithCustomError(
      f.vault,
      "ERC4626ExceededMaxDeposit",
    );
  });

  it("redeemInKind of someone else's shares needs their allowance", async () => {
    const f = await loadFixture(deployVault);
    await f.vault.connect(f.alice).deposit(1000n * E6, f.alice.address);
    await expect(f.vault.connect(f.bob).redeemInKind(1n, f.bob.address, f.alice.address)).to.be.revertedWithCustomError(
      f.vault,
      "ERC20InsufficientAllowance",
    );
  });

  it("uses the feed's weights when set, and refuses stale ones", async () => {
    const f = await loadFixture(deployVault);
    const source = await ethers.deployContract("MockWeightsSource");
    await f.vault.connect(f.owner).setWeightsSource(source);
    await source.set([f.peper, f.weth], [2000, 6000], await time.latest());
    expect((await f.vault.targetWeights())[1]).to.deep.equal([2000n, 6000n]);
    await source.set([f.peper, f.weth], [2000, 6000], (await time.latest()) - 2 * 24 * 3600);
    await expect(f.vault.targetWeights()).to.be.revertedWithCustomError(f.vault, "VaultWeightsStale");
    await source.set([f.weth, f.peper], [2000, 6000], await time.latest());
    await expect(f.vault.targetWeights()).to.be.revertedWithCustomError(f.vault, "VaultInvalidBasket");
    await source.set([f.peper, f.weth], [5000, 6000], await time.latest());
    await expect(f.vault.targetWeights()).to.be.revertedWithCustomError(f.vault, "VaultInvalidWeights").withArgs(11000);
  });

  it("setBasket validates the basket, only for the owner", async () => {
    const f = await loadFixture(deployVault);
    await expect(f.vault.connect(f.alice).setBasket([f.peper], [1000])).to.be.revertedWithCustomError(
      f.vault,
      "OwnableUnauthorizedAccount",
    );
    await expect(f.vault.connect(f.owner).setBasket([f.usdc], [1000]))
      .to.be.revertedWithCustomError(f.vault, "VaultInvalidBasket")
      .withArgs(await f.usdc.getAddress());
    await expect(f.vault.connect(f.owner).setBasket([f.peper, f.peper], [1000, 1000])).to.be.revertedWithCustomError(
      f.vault,
      "VaultInvalidBasket",
    );
    await expect(f.vault.connect(f.owner).setBasket([f.peper, f.weth], [6000, 6000]))
      .to.be.revertedWithCustomError(f.vault, "VaultInvalidWeights")
      .withArgs(12000);
    const lonely = await ethers.deployContract("DemoToken", ["L", "L", 18, [f.owner.address], [1n]]);
    await expect(f.vault.connect(f.owner).setBasket([lonely], [1000]))
      .to.be.revertedWithCustomError(f.vault, "VaultInvalidBasket")
      .withArgs(await lonely.getAddress());
    // A token that leaves the basket must not strand a balance.
    await f.vault.connect(f.alice).deposit(10_000n * E6, f.alice.address);
    await f.vault.rebalance();
    await expect(f.vault.connect(f.owner).setBasket([f.weth], [5000]))
      .to.be.revertedWithCustomError(f.vault, "VaultInvalidBasket")
      .withArgs(await f.peper.getAddress());
    await expect(f.vault.connect(f.owner).setRebalanceParams(501, 1, 1)).to.be.revertedWithCustomError(
      f.vault,
      "VaultSlippageTooHigh",
    );
  });
});

describe("IndexVault against a reentrant basket token", () => {
  it("a basket token that calls back into the vault during a transfer cannot reenter it", async () => {
    const [owner, alice] = await ethers.getSigners();
    const usdc = await ethers.deployContract("DemoToken", [
      "USD",
      "USDC",
      6,
      [owner!.address, alice!.address],
      [10n ** 18n, 10n ** 18n],
    ]);
    const evil = await ethers.deployContract("ReentrantToken", [owner!.address, 10n ** 30n]);
    const factory = await ethers.deployContract("PeperFactory", [owner!.address]);
    const router = await ethers.deployContract("PeperRouter", [factory, await ethers.deployContract("WETH9")]);
    await usdc.approve(router, ethers.MaxUint256);
    await evil.approve(router, ethers.MaxUint256);
    await router.addLiquidity(evil, usdc, 1_000_000n * E18, 1_000_000n * E6, 0, 0, owner!.address, 2n ** 40n);
    const twap = await ethers.deployContract("TwapOracle", [PERIOD, 4 * PERIOD]);
    const vault = await ethers.deployContract("IndexVault", [
      usdc,
      "I",
      "I",
      owner!.address,
      owner!.address,
      factory,
      router,
      twap,
    ]);
    await vault.setBasket([evil], [5000]);
    const pair = await factory.getPair(evil, usdc);
    await twap.update(pair);
    await time.increase(PERIOD + 1);
    await usdc.connect(alice!).approve(vault, ethers.MaxUint256);
    await vault.connect(alice!).deposit(1000n * E6, alice!.address);
    // During the rebalance's purchase the token calls vault.redeemInKind: the guard stops it.
    await evil.arm(vault, vault.interface.encodeFunctionData("redeemInKind", [1n, alice!.address, alice!.address]));
    await expect(vault.rebalance()).to.be.revertedWithCustomError(vault, "ReentrancyGuardReentrantCall");
    await evil.arm(ethers.ZeroAddress, "0x");
    await vault.rebalance();
    // During an in-kind exit the token calls vault.deposit: stopped too.
    await evil.arm(vault, vault.interface.encodeFunctionData("deposit", [1n, alice!.address]));
    await expect(
      vault.connect(alice!).redeemInKind(10n ** 12n, alice!.address, alice!.address),
    ).to.be.revertedWithCustomError(vault, "ReentrancyGuardReentrantCall");
  });
});

describe("TwapOracle", () => {
  it("has no price before one period, then the average of the reserves' ratio", async () => {
    const f = await loadFixture(deployVault);
    const fresh = await ethers.deployContract("TwapOracle", [PERIOD, 4 * PERIOD]);
    await expect(fresh.consult(f.pairs[0]!, f.peper, E18)).to.be.revertedWithCustomError(fresh, "TwapNotReady");
    await fresh.update(f.pairs[0]!);
    await time.increase(PERIOD + 1);
    await expect(fresh.update(f.pairs[0]!)).to.emit(fresh, "TwapUpdated");
    // 1 PEPER = 0.1 USDC (UQ112x112 rounds down by at most one unit)
    expect(await fresh.consult(f.pairs[0]!, f.peper, 10n * E18)).to.be.closeTo(E6, 1n);
    await expect(fresh.consult(f.pairs[0]!, f.weth, E18)).to.be.revertedWithCustomError(fresh, "TwapInvalidToken");
    await time.increase(5 * PERIOD);
    await expect(fresh.consult(f.pairs[0]!, f.peper, E18)).to.be.revertedWithCustomError(fresh, "TwapStale");
  });

  it("a swap in the same block as the update does not move the average", async () => {
    const f = await loadFixture(deployVault);
    await time.increase(PERIOD + 1);
    await networkHelpers.mine(0);
    await ethers.provider.send("evm_setAutomine", [false]);
    const swap = await f.router
      .connect(f.attacker)
      .swapExactTokensForTokens(500_000n * E6, 0, [f.usdc, f.peper], f.attacker.address, f.deadline);
    const update = await f.twap.update(f.pairs[0]!);
    await networkHelpers.mine(1);
    await ethers.provider.send("evm_setAutomine", [true]);
    await swap.wait();
    await update.wait();
    // the average still says 1 PEPER = 0.1 USDC, although spot moved by about half
    expect(await f.twap.consult(f.pairs[0]!, f.peper, 10n * E18)).to.be.closeTo(E6, 1n);
  });
});
