import { expect } from "chai";

import { deployAmm, E18, ethers, networkHelpers, pairWithLiquidity } from "./ammFixture.ts";
import { PERMIT_TYPES } from "../../../offchain/src/protocol/typedData.ts";

const { time, loadFixture } = networkHelpers;
const DEAD = "0x000000000000000000000000000000000000dEaD";
const Q112 = 2n ** 112n;

const sqrt = (y: bigint): bigint => {
  if (y < 4n) return y === 0n ? 0n : 1n;
  let z = y;
  let x = y / 2n + 1n;
  while (x < z) [z, x] = [x, (y / x + x) / 2n];
  return z;
};

const amountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);

describe("PeperPair", () => {
  it("first mint locks MINIMUM_LIQUIDITY at 0x…dEaD and gives sqrt(a·b) − 1000", async () => {
    const amm = await loadFixture(deployAmm);
    await amm.factory.createPair(amm.tokenA, amm.tokenB);
    const pair = await ethers.getContractAt("PeperPair", await amm.factory.getPair(amm.tokenA, amm.tokenB));
    await amm.tokenA.transfer(pair, E18);
    await amm.tokenB.transfer(pair, 4n * E18);
    await expect(pair.mint(amm.alice.address))
      .to.emit(pair, "Mint")
      .withArgs(amm.owner.address, E18, 4n * E18)
      .and.to.emit(pair, "Sync")
      .withArgs(E18, 4n * E18);
    expect(await pair.balanceOf(DEAD)).to.equal(1000n);
    expect(await pair.balanceOf(amm.alice.address)).to.equal(2n * E18 - 1000n);
    expect(await pair.totalSupply()).to.equal(2n * E18);
    const [r0, r1] = await pair.getReserves();
    expect([r0, r1]).to.deep.equal([E18, 4n * E18]);
    expect(await pair.MINIMUM_LIQUIDITY()).to.equal(1000n);
    expect(await pair.name()).to.equal("Peper LP");
  });

  it("refuses a first deposit too small to mint, and later deposits of nothing", async () => {
    const amm = await loadFixture(deployAmm);
    await amm.factory.createPair(amm.tokenA, amm.tokenB);
    const pair = await ethers.getContractAt("PeperPair", await amm.factory.getPair(amm.tokenA, amm.tokenB));
    await amm.tokenA.transfer(pair, 1000n);
    await amm.tokenB.transfer(pair, 1000n);
    await expect(pair.mint(amm.alice.address)).to.be.revertedWithCustomError(pair, "PairInsufficientLiquidityMinted");
    await amm.tokenA.transfer(pair, E18);
    await amm.tokenB.transfer(pair, E18);
    await pair.mint(amm.alice.address);
    await expect(pair.mint(amm.alice.address)).to.be.revertedWithCustomError(pair, "PairInsufficientLiquidityMinted");
  });

  it("later mints are proportional to the smaller side", async () => {
    const amm = await loadFixture(deployAmm);
    const pair = await pairWithLiquidity(amm, 10n * E18, 40n * E18);
    await amm.tokenA.transfer(pair, E18);
    await amm.tokenB.transfer(pair, 8n * E18); // twice the B needed: the extra is a donation
    await pair.mint(amm.bob.address);
    expect(await pair.balanceOf(amm.bob.address)).to.equal((await pair.totalSupply()) / 11n);
  });

  it("burn pays out in proportion and refuses a burn of nothing", async () => {
    const amm = await loadFixture(deployAmm);
    const pair = await pairWithLiquidity(amm, 3n * E18, 3n * E18);
    await expect(pair.burn(amm.alice.address)).to.be.revertedWithCustomError(pair, "PairInsufficientLiquidityBurned");
    const liquidity = await pair.balanceOf(amm.owner.address);
    await pair.transfer(pair, liquidity);
    await expect(pair.burn(amm.alice.address))
      .to.emit(pair, "Burn")
      .withArgs(amm.owner.address, 3n * E18 - 1000n, 3n * E18 - 1000n, amm.alice.address);
    expect(await amm.tokenA.balanceOf(pair)).to.equal(1000n);
    expect(await pair.totalSupply()).to.equal(1000n);
  });

  it("swaps token0 for token1 at the constant-product price with the 0.3 % fee", async () => {
    const amm = await loadFixture(deployAmm);
    const pair = await pairWithLiquidity(amm, 5n * E18, 10n * E18);
    const out = amountOut(E18, 5n * E18, 10n * E18);
    expect(out).to.equal(1662497915624478906n); // Uniswap V2's own test vector
    await amm.tokenA.transfer(pair, E18);
    await expect(pair.swap(0, out + 1n, amm.alice.address, "0x")).to.be.revertedWithCustomError(pair, "PairK");
    await expect(pair.swap(0, out, amm.alice.address, "0x"))
      .to.emit(pair, "Swap")
      .withArgs(amm.owner.address, E18, 0, 0, out, amm.alice.address);
    expect(await amm.tokenB.balanceOf(amm.alice.address)).to.equal(10n ** 30n + out);
  });

  it("swaps token1 for token0", async () => {
    const amm = await loadFixture(deployAmm);
    const pair = await pairWithLiquidity(amm, 5n * E18, 10n * E18);
    const out = amountOut(E18, 10n * E18, 5n * E18);
    expect(out).to.equal(453305446940074565n); // Uniswap V2's own test vector
    await amm.tokenB.transfer(pair, E18);
    await pair.swap(out, 0, amm.alice.address, "0x");
    const [r0, r1] = await pair.getReserves();
    expect([r0, r1]).to.deep.equal([5n * E18 - out, 11n * E18]);
  });

  it("refuses swaps with no output, too much output, a token as recipient, or no input", async () => {
    const amm = await loadFixture(deployAmm);
    const pair = await pairWithLiquidity(amm, 5n * E18, 10n * E18);
    await expect(pair.swap(0, 0, amm.alice.address, "0x")).to.be.revertedWithCustomError(
      pair,
      "PairInsufficientOutputAmount",
    );
    await expect(pair.swap(5n * E18, 0, amm.alice.address, "0x"))
      .to.be.revertedWithCustomError(pair, "PairInsufficientLiquidity")
      .withArgs(5n * E18, 0, 5n * E18, 10n * E18);
    await expect(pair.swap(1, 0, await amm.tokenA.getAddress(), "0x"))
      .to.be.revertedWithCustomError(pair, "PairInvalidTo")
      .withArgs(await amm.tokenA.getAddress());
    await expect(pair.swap(1, 0, amm.alice.address, "0x")).to.be.revertedWithCustomError(
      pair,
      "PairInsufficientInputAmount",
    );
  });

  it("flash swaps: repaid with the fee works, underpaid reverts PairK, reentry reverts", async () => {
    const amm = await loadFixture(deployAmm);
    const pair = await pairWithLiquidity(amm, 100n * E18, 100n * E18);
    const callee = await ethers.deployContract("FlashSwapCallee");
    await amm.tokenA.transfer(callee, 10n * E18);
    const borrow = 10n * E18;
    const fee = (borrow * 3n) / 997n + 1n; // repay borrow / 0.997
    await callee.configure(amm.tokenA, borrow + fee, false);
    await pair.swap(borrow, 0, callee, "0x01");
    await callee.configure(amm.tokenA, borrow + fee - 2n, false);
    await expect(pair.swap(borrow, 0, callee, "0x01")).to.be.revertedWithCustomError(pair, "PairK");
    await callee.configure(amm.tokenA, borrow + fee, true);
    await expect(pair.swap(borrow, 0, callee, "0x01")).to.be.revertedWithCustomError(
      pair,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("skim sends the excess over the reserves; sync adopts the balances", async () => {
    const amm = await loadFixture(deployAmm);
    const pair = await pairWithLiquidity(amm, 5n * E18, 5n * E18);
    await amm.tokenA.transfer(pair, 7n);
    await expect(pair.skim(amm.bob.address)).to.changeTokenBalance(ethers, amm.tokenA, amm.bob, 7n);
    await amm.tokenB.transfer(pair, 9n);
    await expect(pair.sync())
      .to.emit(pair, "Sync")
      .withArgs(5n * E18, 5n * E18 + 9n);
  });

  it("accumulates UQ112x112 prices × seconds once per block", async () => {
    const amm = await loadFixture(deployAmm);
    const pair = await pairWithLiquidity(amm, 3n * E18, 6n * E18);
    const [, , t0] = await pair.getReserves();
    await time.increase(99);
    await pair.sync();
    const [, , t1] = await pair.getReserves();
    const elapsed = t1 - t0;
    expect(await pair.price0CumulativeLast()).to.equal(((6n * E18 * Q112) / (3n * E18)) * elapsed);
    expect(await pair.price1CumulativeLast()).to.equal(((3n * E18 * Q112) / (6n * E18)) * elapsed);
  });

  it("mints the protocol fee (1/6 of sqrt(k) growth) to feeTo when the switch is on", async () => {
    const amm = await loadFixture(deployAmm);
    await amm.factory.setFeeTo(amm.feeTo.address);
    const pair = await pairWithLiquidity(amm, 1000n * E18, 1000n * E18);
    expect(await pair.kLast()).to.equal(1000n * E18 * 1000n * E18);
    const out = amountOut(E18, 1000n * E18, 1000n * E18);
    await amm.tokenA.transfer(pair, E18);
    await pair.swap(0, out, amm.alice.address, "0x");
    const [r0, r1] = await pair.getReserves();
    const supply = await pair.totalSupply();
    const rootK = sqrt(r0 * r1);
    const rootKLast = 1000n * E18;
    const expected = (supply * (rootK - rootKLast)) / (rootK * 5n + rootKLast);
    // any liquidity event mints it
    await pair.transfer(pair, 1000n);
    await pair.burn(amm.owner.address);
    expect(await pair.balanceOf(amm.feeTo.address)).to.equal(expected);
    // switching the fee off clears kLast at the next event
    await amm.factory.setFeeTo(ethers.ZeroAddress);
    await pair.transfer(pair, 1000n);
    await pair.burn(amm.owner.address);
    expect(await pair.kLast()).to.equal(0n);
  });

  it("has an EIP-2612 LP permit with Uniswap's PERMIT_TYPEHASH", async () => {
    const amm = await loadFixture(deployAmm);
    const pair = await pairWithLiquidity(amm, E18, E18);
    expect(await pair.PERMIT_TYPEHASH()).to.equal(
      ethers.id("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
    );
    const { chainId } = await ethers.provider.getNetwork();
    const deadline = (await time.latest()) + 100;
    const sig = ethers.Signature.from(
      await amm.owner.signTypedData(
        { name: "Peper LP", version: "1", chainId, verifyingContract: await pair.getAddress() },
        { Permit: [...PERMIT_TYPES.Permit] },
        { owner: amm.owner.address, spender: amm.bob.address, value: 5n, nonce: 0n, deadline },
      ),
    );
    await pair.permit(amm.owner.address, amm.bob.address, 5n, deadline, sig.v, sig.r, sig.s);
    expect(await pair.allowance(amm.owner.address, amm.bob.address)).to.equal(5n);
  });

  it("reads balances with the checks of a high-level call: a token address without code reverts mint", async () => {
    const { factory, tokenA, owner, bob } = await loadFixture(deployAmm);
    await factory.createPair(tokenA, bob.address); // bob is an account, not a contract
    const pair = await ethers.getContractAt("PeperPair", await factory.getPair(tokenA, bob.address));
    await tokenA.transfer(pair, E18);
    await expect(pair.mint(owner.address)).to.be.revert(ethers);
    await expect(pair.sync()).to.be.revert(ethers);
  });
});
