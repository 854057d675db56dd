import { expect } from "chai";
import { network } from "hardhat";

import { bulkOrderTree, orderLeaf } from "../../../offchain/src/protocol/bulkOrder.ts";
import { BULK_ORDER_TYPES as BULK, ORDER_TYPES as ORDER } from "../../../offchain/src/protocol/typedData.ts";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const E18 = 10n ** 18n;
const FEE_BPS = 250n; // 2.5 %

const ORDER_TYPES = { Order: [...ORDER.Order] }; // ethers wants mutable arrays
const BULK_TYPES = { BulkOrder: [...BULK.BulkOrder] };

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

  describe("contract wallets (ERC-1271)", () => {
    async function walletSeller(f: F, wrongMagic = false, tokenId = 20n) {
      const wallet = await ethers.deployContract("MockERC1271Wallet", [f.stranger.address, wrongMagic]);
      await f.nft.mint(wallet, tokenId, f.creator.address, 500);
      await wallet
        .connect(f.stranger)
        .execute(f.nft, f.nft.interface.encodeFunctionData("setApprovalForAll", [await f.market.getAddress(), true]));
      const o = await order(f, { seller: await wallet.getAddress(), tokenId });
      // the wallet's owner signs the order's digest; the wallet vouches for it (isValidSignature)
      return { wallet, o, sig: await f.stranger.signTypedData(f.domain, ORDER_TYPES, o) };
    }

    it("an order signed by a contract wallet's owner fills; the wallet gets the proceeds", async () => {
      const f = await loadFixture(deploy);
      const { wallet, o, sig } = await walletSeller(f);
      const before = await ethers.provider.getBalance(wallet);
      await expect(f.market.connect(f.buyer).fillOrder(o, sig, { value: E18 }))
        .to.emit(f.market, "Sale")
        .withArgs(
          await f.nft.getAddress(),
          20n,
          await wallet.getAddress(),
          f.buyer.address,
          ethers.ZeroAddress,
          E18,
          E18 / 20n,
          f.creator.address,
          (E18 * FEE_BPS) / 10_000n,
        );
      expect(await f.nft.ownerOf(20)).to.equal(f.buyer.address);
      expect((await ethers.provider.getBalance(wallet)) - before).to.equal(E18 - E18 / 20n - (E18 * FEE_BPS) / 10_000n);
      await expect(f.market.connect(f.buyer).fillOrder(o, sig, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "MarketOrderUnavailable",
      );
    });

    it("refuses a signature the wallet rejects, a wallet answering the wrong magic value, and the owner's key signing as the wallet elsewhere", async () => {
      const f = await loadFixture(deploy);
      const { o } = await walletSeller(f);
      const notOwner = await f.seller.signTypedData(f.domain, ORDER_TYPES, o);
      await expect(f.market.connect(f.buyer).fillOrder(o, notOwner, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "MarketInvalidSignature",
      );
      const bad = await walletSeller(f, true, 21n);
      await expect(f.market.connect(f.buyer).fillOrder(bad.o, bad.sig, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "MarketInvalidSignature",
      );
      // the owner's signature does not let anyone sell the owner's own tokens as if the owner were the seller
      const asOwner = await order(f, { seller: f.stranger.address, tokenId: 20n });
      const sigAsWallet = await f.stranger.signTypedData(f.domain, ORDER_TYPES, o);
      await expect(
        f.market.connect(f.buyer).fillOrder(asOwner, sigAsWallet, { value: E18 }),
      ).to.be.revertedWithCustomError(f.market, "MarketInvalidSignature");
    });

    it("the wallet cancels its order through a transaction of its own", async () => {
      const f = await loadFixture(deploy);
      const { wallet, o, sig } = await walletSeller(f);
      await wallet.connect(f.stranger).execute(f.market, f.market.interface.encodeFunctionData("cancelOrder", [o]));
      await expect(f.market.connect(f.buyer).fillOrder(o, sig, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "MarketOrderUnavailable",
      );
    });
  });

  describe("bulk listing (one signature, a Merkle tree of orders)", () => {
    async function bulk(f: F, count = 3, first = 100n) {
      const orders = [];
      for (let i = 0; i < count; i++) {
        const id = first + BigInt(i);
        await f.nft.mint(f.seller.address, id, f.creator.address, 500);
        orders.push(await order(f, { tokenId: id, price: E18 + BigInt(i) }));
      }
      const tree = bulkOrderTree(orders as never);
      const sig = await f.seller.signTypedData(f.domain, BULK_TYPES, { root: tree.root, height: tree.height });
      return { orders, tree, sig };
    }

    it("every leaf fills with its proof and the one signature; a filled leaf cannot refill", async () => {
      const f = await loadFixture(deploy);
      const { orders, tree, sig } = await bulk(f, 5); // padded to 8 leaves, height 3
      expect(tree.height).to.equal(3);
      expect(await f.market.bulkOrderHash(tree.root, tree.height)).to.equal(
        ethers.TypedDataEncoder.hash(f.domain, BULK_TYPES, { root: tree.root, height: tree.height }),
      );
      for (const [i, o] of orders.entries()) {
        await expect(f.market.connect(f.buyer).fillBulkOrder(o, tree.proofs[i]!, sig, { value: o.price })).to.emit(
          f.market,
          "Sale",
        );
        expect(await f.nft.ownerOf(o.tokenId)).to.equal(f.buyer.address);
        // filled under the order's own digest: neither the bulk nor a single signature fills it again
        expect(await f.market.orderUsed(await f.market.orderHash(o))).to.equal(true);
        await expect(
          f.market.connect(f.buyer).fillBulkOrder(o, tree.proofs[i]!, sig, { value: o.price }),
        ).to.be.revertedWithCustomError(f.market, "MarketOrderUnavailable");
      }
      expect(await ethers.provider.getBalance(f.market)).to.equal(0n);
    });

    it("a single order is a tree of height 1", async () => {
      const f = await loadFixture(deploy);
      const { orders, tree, sig } = await bulk(f, 1);
      expect(tree.height).to.equal(1);
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(orders[0]!, tree.proofs[0]!, sig, { value: orders[0]!.price }),
      ).to.emit(f.market, "Sale");
    });

    it("refuses a leaf not in the tree, a proof for another root, a wrong height, an empty or too long proof", async () => {
      const f = await loadFixture(deploy);
      const { orders, tree, sig } = await bulk(f, 4);
      const outsider = await order(f, { tokenId: 1n });
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(outsider, tree.proofs[0]!, sig, { value: E18 }),
      ).to.be.revertedWithCustomError(f.market, "MarketInvalidSignature");
      // an order changed after signing (a lower price) is another leaf
      const cheaper = { ...orders[0]!, price: 1n };
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(cheaper, tree.proofs[0]!, sig, { value: 1n }),
      ).to.be.revertedWithCustomError(f.market, "MarketInvalidSignature");
      // another tree's proof with this tree's signature
      const other = await bulk(f, 4, 200n);
      await expect(
        f.market
          .connect(f.buyer)
          .fillBulkOrder(other.orders[1]!, other.tree.proofs[1]!, sig, { value: other.orders[1]!.price }),
      ).to.be.revertedWithCustomError(f.market, "MarketInvalidSignature");
      // the root signed with another height
      const wrongHeight = await f.seller.signTypedData(f.domain, BULK_TYPES, {
        root: tree.root,
        height: tree.height + 1,
      });
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(orders[1]!, tree.proofs[1]!, wrongHeight, { value: orders[1]!.price }),
      ).to.be.revertedWithCustomError(f.market, "MarketInvalidSignature");
      // a stranger's signature over the right root
      const stranger = await f.stranger.signTypedData(f.domain, BULK_TYPES, { root: tree.root, height: tree.height });
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(orders[1]!, tree.proofs[1]!, stranger, { value: orders[1]!.price }),
      ).to.be.revertedWithCustomError(f.market, "MarketInvalidSignature");
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(orders[1]!, [], sig, { value: orders[1]!.price }),
      ).to.be.revertedWithCustomError(f.market, "MarketInvalidProof");
      await expect(
        f.market
          .connect(f.buyer)
          .fillBulkOrder(orders[1]!, Array(17).fill(ethers.ZeroHash), sig, { value: orders[1]!.price }),
      ).to.be.revertedWithCustomError(f.market, "MarketInvalidProof");
      // an inner node passed as a leaf's proof start does not verify either
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(orders[0]!, tree.proofs[0]!.slice(1), sig, { value: orders[0]!.price }),
      ).to.be.revertedWithCustomError(f.market, "MarketInvalidSignature");
      expect(orderLeaf(orders[0]! as never)).to.not.equal(tree.root);
    });

    it("a cancelled leaf, or one below the seller's nonce floor, cannot fill; the others still do", async () => {
      const f = await loadFixture(deploy);
      const { orders, tree, sig } = await bulk(f, 3);
      await expect(f.market.connect(f.seller).cancelOrder(orders[0]!)).to.emit(f.market, "OrderCancelled");
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(orders[0]!, tree.proofs[0]!, sig, { value: orders[0]!.price }),
      ).to.be.revertedWithCustomError(f.market, "MarketOrderUnavailable");
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(orders[1]!, tree.proofs[1]!, sig, { value: orders[1]!.price }),
      ).to.emit(f.market, "Sale");
      await f.market.connect(f.seller).bumpNonce(1);
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(orders[2]!, tree.proofs[2]!, sig, { value: orders[2]!.price }),
      ).to.be.revertedWithCustomError(f.market, "MarketOrderUnavailable");
    });

    it("a contract wallet signs a bulk listing too (ERC-1271)", async () => {
      const f = await loadFixture(deploy);
      const wallet = await ethers.deployContract("MockERC1271Wallet", [f.stranger.address, false]);
      for (const id of [30n, 31n]) await f.nft.mint(wallet, id, f.creator.address, 500);
      await wallet
        .connect(f.stranger)
        .execute(f.nft, f.nft.interface.encodeFunctionData("setApprovalForAll", [await f.market.getAddress(), true]));
      const orders = [
        await order(f, { seller: await wallet.getAddress(), tokenId: 30n }),
        await order(f, { seller: await wallet.getAddress(), tokenId: 31n }),
      ];
      const tree = bulkOrderTree(orders as never);
      const sig = await f.stranger.signTypedData(f.domain, BULK_TYPES, { root: tree.root, height: tree.height });
      for (const [i, o] of orders.entries()) {
        await expect(f.market.connect(f.buyer).fillBulkOrder(o, tree.proofs[i]!, sig, { value: E18 })).to.emit(
          f.market,
          "Sale",
        );
      }
    });
  });

  describe("hostile parties", () => {
    it("a buyer contract re-entering fillOrder from onERC721Received is stopped", async () => {
      const f = await loadFixture(deploy);
      const hostile = await ethers.deployContract("ReentrantCaller");
      const first = await order(f);
      const second = await order(f, { tokenId: 2n });
      const sig1 = await f.seller.signTypedData(f.domain, ORDER_TYPES, first);
      const sig2 = await f.seller.signTypedData(f.domain, ORDER_TYPES, second);
      await hostile.arm(f.market, f.market.interface.encodeFunctionData("fillOrder", [second, sig2]));
      await expect(
        hostile.attack(f.market, f.market.interface.encodeFunctionData("fillOrder", [first, sig1]), { value: E18 }),
      ).to.be.revertedWithCustomError(f.market, "ReentrancyGuardReentrantCall");
      expect(await f.nft.ownerOf(1)).to.equal(f.seller.address);
    });

    it("a royalty receiver re-entering on payment is stopped: its royalty is deferred, the sale stands", async () => {
      const f = await loadFixture(deploy);
      const hostile = await ethers.deployContract("ReentrantCaller");
      await f.nft.mint(f.seller.address, 40, hostile, 1000);
      const o = await order(f, { tokenId: 40n });
      const sig = await f.seller.signTypedData(f.domain, ORDER_TYPES, o);
      const second = await order(f, { tokenId: 2n });
      const sig2 = await f.seller.signTypedData(f.domain, ORDER_TYPES, second);
      await hostile.arm(f.market, f.market.interface.encodeFunctionData("fillOrder", [second, sig2]));
      await expect(f.market.connect(f.buyer).fillOrder(o, sig, { value: E18 }))
        .to.emit(f.market, "PaymentDeferred")
        .withArgs(await hostile.getAddress(), E18 / 10n);
      expect(await f.nft.ownerOf(40)).to.equal(f.buyer.address);
      expect(await f.nft.ownerOf(2)).to.equal(f.seller.address);
      expect(await f.market.orderUsed(await f.market.orderHash(second))).to.equal(false);
      expect(await ethers.provider.getBalance(f.market)).to.equal(await f.market.pendingWithdrawals(hostile));
    });

    it("a royalty receiver that reverts does not block a signed order", async () => {
      const f = await loadFixture(deploy);
      const rejecting = await ethers.deployContract("RejectingReceiver");
      await f.nft.mint(f.seller.address, 41, rejecting, 500);
      const o = await order(f, { tokenId: 41n });
      const sig = await f.seller.signTypedData(f.domain, ORDER_TYPES, o);
      await expect(f.market.connect(f.buyer).fillOrder(o, sig, { value: E18 }))
        .to.emit(f.market, "PaymentDeferred")
        .withArgs(await rejecting.getAddress(), E18 / 20n);
      expect(await f.market.pendingWithdrawals(rejecting)).to.equal(E18 / 20n);
    });

    it("pausing stops signed and bulk fills; the fee, treasury and pause share one slot without clobbering", async () => {
      const f = await loadFixture(deploy);
      const o = await order(f);
      const sig = await f.seller.signTypedData(f.domain, ORDER_TYPES, o);
      await f.market.connect(f.guardian).pause();
      expect(await f.market.paused()).to.equal(true);
      expect(await f.market.feeBps()).to.equal(FEE_BPS);
      expect(await f.market.treasury()).to.equal(f.treasury.address);
      await expect(f.market.connect(f.guardian).pause()).to.be.revertedWithCustomError(f.market, "EnforcedPause");
      await expect(f.market.connect(f.buyer).fillOrder(o, sig, { value: E18 })).to.be.revertedWithCustomError(
        f.market,
        "EnforcedPause",
      );
      await expect(
        f.market.connect(f.buyer).fillBulkOrder(o, [ethers.ZeroHash], sig, { value: E18 }),
      ).to.be.revertedWithCustomError(f.market, "EnforcedPause");
      await f.market.setFee(100, f.stranger.address);
      expect(await f.market.paused()).to.equal(true);
      await expect(f.market.unpause()).to.emit(f.market, "Unpaused");
      await expect(f.market.unpause()).to.be.revertedWithCustomError(f.market, "ExpectedPause");
      expect(await f.market.feeBps()).to.equal(100n);
      expect(await f.market.treasury()).to.equal(f.stranger.address);
      await expect(f.market.connect(f.buyer).fillOrder(o, sig, { value: E18 })).to.emit(f.market, "Sale");
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
