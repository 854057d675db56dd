import { expect } from "chai";
import { network } from "hardhat";

import { ORDER_TYPES as ORDER } from "../../../offchain/src/protocol/typedData.ts";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const E18 = 10n ** 18n;
const FEE_BPS = 250n; // 2.5 %

const ORDER_TYPES = { Order: [...ORDER.Order] }; // ethers wants mutable arrays

async function deploy() {
  const [owner, guardian, treasury, seller, buyer, creator, stranger] = await ethers.getSigners();
  const market = await ethers.deployContract("Marketplace", [
    owner!.address,
    guardian!.address,
    treasury!.address,
    FEE_BPS,
  ]);
  const nft = await ethers.deployContract("RoyaltyNFT");
  for (const id of [1, 2, 3]) await nft.mint(seller!.address, id, creator!.address, 500); // 5 % royalty
  await nft.connect(seller!).setApprovalForAll(market, true);
  const usd = await ethers.deployContract("DemoToken", ["USD", "USD", 6, [buyer!.address], [10n ** 15n]]);
  await usd.connect(buyer!).approve(market, ethers.MaxUint256);
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "Peper Marketplace", version: "1", chainId, verifyingContract: await market.getAddress() };
  const expiry = BigInt(await time.latest()) + 3600n;
  return {
    market,
    nft,
    usd,
    domain,
    expiry,
    owner: owner!,
    guardian: guardian!,
    treasury: treasury!,
    seller: seller!,
    buyer: buyer!,
    creator: creator!,
    stranger: stranger!,
  };
}

type F = Awaited<ReturnType<typeof deploy>>;

const order = async (f: F, over: Partial<Record<string, unknown>> = {}) => ({
  seller: f.seller.address,
  collection: await f.nft.getAddress(),
  tokenId: 1n,
  currency: ethers.ZeroAddress,
  price: E18,
  expiry: f.expiry,
  nonce: 0n,
  ...over,
});

describe("Marketplace", () => {
  it("sells a listing for ETH, paying royalty, fee and proceeds to the wei", async () => {
    const f = await loadFixture(deploy);
    await expect(f.market.connect(f.seller).list(f.nft, 1, ethers.ZeroAddress, E18, f.expiry)).to.emit(
      f.market,
      "Listed",
    );
    const fee = (E18 * FEE_BPS) / 10_000n;
    const royalty = E18 / 20n;
    const tx = f.market.connect(f.buyer).buy(1, { value: E18 });
    await expect(tx).to.changeEtherBalances(
      ethers,
      [f.buyer, f.treasury, f.creator, f.seller],
      [-E18, fee, royalty, E18 - fee - royalty],
    );
    await expect(tx)
      .to.emit(f.market, "Sale")
      .withArgs(
        await f.nft.getAddress(),
        1n,
        f.seller.address,
        f.buyer.address,
        ethers.ZeroAddress,
        E18,
        royalty,
        f.creator.address,
        fee,
      );
    expect(await f.nft.ownerOf(1)).to.equal(f.buyer.address);
    await expect(f.market.connect(f.buyer).buy(1, { value: E18 })).to.be.revertedWithCustomError(
      f.market,
      "MarketInactive",
    );
  });

  it("sells for an ERC-20 and refuses wrong payment, expired and cancelled listings", async () => {
    const f = await loadFixture(deploy);
    await f.market.connect(f.seller).list(f.nft, 1, f.usd, 1_000_000n, f.expiry);
    await expect(f.market.connect(f.buyer).buy(1, { value: 1n }))
      .to.be.revertedWithCustomError(f.market, "MarketWrongPayment")
      .withArgs(1n, 0n);
    await expect(f.market.connect(f.buyer).buy(1)).to.changeTokenBalances(
      ethers,
      f.usd,
      [f.buyer, f.treasury, f.creator, f.seller],
      [-1_000_000n, 25_000n, 50_000n, 925_000n],
    );
    await f.market.connect(f.seller).list(f.nft, 2, ethers.ZeroAddress, E18, f.expiry);
    await expect(f.market.connect(f.stranger).cancelListing(2)).to.be.revertedWithCustomError(
      f.market,
      "MarketUnauthorized",
    );
    await f.market.connect(f.seller).cancelListing(2);
    await expect(f.market.connect(f.buyer).buy(2, { value: E18 })).to.be.revertedWithCustomError(
      f.market,
      "MarketInactive",
    );
    await f.market.connect(f.seller).list(f.nft, 3, ethers.ZeroAddress, E18, f.expiry);
    await time.increaseTo(f.expiry + 1n);
    await expect(f.market.connect(f.buyer).buy(3, { value: E18 })).to.be.revertedWithCustomError(
      f.market,
      "MarketExpired",
    );
    await expect(
      f.market.connect(f.stranger).list(f.nft, 3, ethers.ZeroAddress, E18, f.expiry + 99n),
    ).to.be.revertedWithCustomError(f.market, "MarketUnauthorized");
  });

  describe("signed orders", () => {
    it("a valid order fills once; a replay is refused", async () => {
      const f = await loadFixture(deploy);
      const o = await order(f);
      const sig = await f.seller.signTypedData(f.domain, ORDER_TYPES, o);
      expect(await f.market.orderHash(o)).to.equal(ethers.TypedDataEncoder.hash(f.domain, ORDER_TYPES, o));
      await expect(f.market.connect(f.buyer).fillOrder(o, sig, { value: E18 })).to.emit(f.market, "Sale");
      await expect(f.market.connect(f.buyer).fillOrder(o, sig, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "MarketOrderUnavailable",
      );
    });

    it("refuses an expired order, a wrong signer, and another chain or contract", async () => {
      const f = await loadFixture(deploy);
      const o = await order(f);
      const wrongSigner = await f.stranger.signTypedData(f.domain, ORDER_TYPES, o);
      await expect(f.market.fillOrder(o, wrongSigner, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "MarketInvalidSignature",
      );
      for (const d of [
        { ...f.domain, chainId: 1n },
        { ...f.domain, verifyingContract: f.stranger.address },
      ]) {
        const sig = await f.seller.signTypedData(d, ORDER_TYPES, o);
        await expect(f.market.fillOrder(o, sig, { value: E18 })).to.be.revertedWithCustomError(
          f.market,
          "MarketInvalidSignature",
        );
      }
      const old = await order(f, { expiry: BigInt(await time.latest()) - 1n });
      const sig = await f.seller.signTypedData(f.domain, ORDER_TYPES, old);
      await expect(f.market.fillOrder(old, sig, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "MarketExpired",
      );
    });

    it("cancel one order, or all below a nonce", async () => {
      const f = await loadFixture(deploy);
      const one = await order(f, { nonce: 5n });
      const sigOne = await f.seller.signTypedData(f.domain, ORDER_TYPES, one);
      await expect(f.market.connect(f.stranger).cancelOrder(one)).to.be.revertedWithCustomError(
        f.market,
        "MarketUnauthorized",
      );
      await expect(f.market.connect(f.seller).cancelOrder(one)).to.emit(f.market, "OrderCancelled");
      await expect(f.market.fillOrder(one, sigOne, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "MarketOrderUnavailable",
      );
      const two = await order(f, { tokenId: 2n, nonce: 6n });
      const sigTwo = await f.seller.signTypedData(f.domain, ORDER_TYPES, two);
      await expect(f.market.connect(f.seller).bumpNonce(7))
        .to.emit(f.market, "NonceBumped")
        .withArgs(f.seller.address, 7n);
      await expect(f.market.fillOrder(two, sigTwo, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "MarketOrderUnavailable",
      );
      await expect(f.market.connect(f.seller).bumpNonce(7)).to.be.revertedWithCustomError(
        f.market,
        "MarketOrderUnavailable",
      );
    });
  });

  it("offers escrow funds, are accepted by the owner, or refunded on cancel", async () => {
    const f = await loadFixture(deploy);
    await expect(
      f.market.connect(f.buyer).makeOffer(f.nft, 1, ethers.ZeroAddress, E18, f.expiry, { value: E18 - 1n }),
    ).to.be.revertedWithCustomError(f.market, "MarketWrongPayment");
    await f.market.connect(f.buyer).makeOffer(f.nft, 1, ethers.ZeroAddress, E18, f.expiry, { value: E18 });
    await f.market.connect(f.buyer).makeOffer(f.nft, 2, f.usd, 500_000n, f.expiry);
    await expect(f.market.connect(f.seller).acceptOffer(1)).to.changeEtherBalances(
      ethers,
      [f.market, f.seller],
      [-E18, E18 - E18 / 40n - E18 / 20n],
    );
    expect(await f.nft.ownerOf(1)).to.equal(f.buyer.address);
    await expect(f.market.connect(f.seller).cancelOffer(2)).to.be.revertedWithCustomError(
      f.market,
      "MarketUnauthorized",
    );
    await expect(f.market.connect(f.buyer).cancelOffer(2)).to.changeTokenBalance(ethers, f.usd, f.buyer, 500_000n);
    await expect(f.market.connect(f.seller).acceptOffer(2)).to.be.revertedWithCustomError(f.market, "MarketInactive");
  });

  it("a plain third-party ERC-721 without royalties trades", async () => {
    const f = await loadFixture(deploy);
    const plain = await ethers.deployContract("PlainNFT");
    await plain.mint(f.seller.address, 9);
    await plain.connect(f.seller).setApprovalForAll(f.market, true);
    await f.market.connect(f.seller).list(plain, 9, ethers.ZeroAddress, E18, f.expiry);
    await expect(f.market.connect(f.buyer).buy(1, { value: E18 })).to.changeEtherBalance(
      ethers,
      f.seller,
      E18 - E18 / 40n,
    );
    expect(await plain.ownerOf(9)).to.equal(f.buyer.address);
  });

  it("a royalty receiver that reverts does not block the sale: its ether waits for withdrawal", async () => {
    const f = await loadFixture(deploy);
    const rejecting = await ethers.deployContract("RejectingReceiver");
    await f.nft.mint(f.seller.address, 10, rejecting, 1000);
    await f.market.connect(f.seller).list(f.nft, 10, ethers.ZeroAddress, E18, f.expiry);
    await expect(f.market.connect(f.buyer).buy(1, { value: E18 }))
      .to.emit(f.market, "PaymentDeferred")
      .withArgs(await rejecting.getAddress(), E18 / 10n);
    expect(await f.market.pendingWithdrawals(rejecting)).to.equal(E18 / 10n);
    await expect(f.market.connect(f.stranger).withdraw()).to.be.revertedWithCustomError(
      f.market,
      "MarketNothingToWithdraw",
    );
  });

  it("a buyer re-entering the marketplace from onERC721Received is stopped", async () => {
    const f = await loadFixture(deploy);
    await f.market.connect(f.seller).list(f.nft, 1, ethers.ZeroAddress, E18, f.expiry);
    await f.market.connect(f.seller).list(f.nft, 2, ethers.ZeroAddress, E18, f.expiry);
    const hostile = await ethers.deployContract("HostileBuyer");
    await expect(hostile.attack(f.market, 1, 2, { value: E18 })).to.be.revertedWithCustomError(
      f.market,
      "ReentrancyGuardReentrantCall",
    );
    expect(await f.nft.ownerOf(1)).to.equal(f.seller.address);
  });

  it("the fee is capped and set only by the owner (the Timelock); the guardian pauses sales", async () => {
    const f = await loadFixture(deploy);
    await expect(f.market.setFee(501, f.treasury.address)).to.be.revertedWithCustomError(f.market, "MarketFeeTooHigh");
    await expect(f.market.connect(f.stranger).setFee(1, f.treasury.address)).to.be.revertedWithCustomError(
      f.market,
      "OwnableUnauthorizedAccount",
    );
    await expect(f.market.setFee(100, f.stranger.address))
      .to.emit(f.market, "FeeSet")
      .withArgs(100n, f.stranger.address);
    await f.market.connect(f.seller).list(f.nft, 1, ethers.ZeroAddress, E18, f.expiry);
    await f.market.connect(f.guardian).pause();
    await expect(f.market.connect(f.buyer).buy(1, { value: E18 })).to.be.revertedWithCustomError(
      f.market,
      "EnforcedPause",
    );
    await f.market.connect(f.seller).cancelListing(1); // cancelling stays open
  });
});
