import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;
const CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

async function deploy() {
  const [creator, buyer] = await ethers.getSigners();
  const nft = await ethers.deployContract("Collectibles");
  return { nft, creator: creator!, buyer: buyer! };
}

describe("Collectibles", () => {
  it("anyone mints with their own royalty; tokenURI is ipfs://<CID>", async () => {
    const { nft, creator } = await loadFixture(deploy);
    await expect(nft.mint(CID, 750, 1))
      .to.emit(nft, "Minted")
      .withArgs(1n, creator.address, CID, 750n, 1n);
    expect(await nft.ownerOf(1)).to.equal(creator.address);
    expect(await nft.tokenURI(1)).to.equal(`ipfs://${CID}`);
    expect(await nft.kindOf(1)).to.equal(1n); // Strategy
    expect(await nft.creatorOf(1)).to.equal(creator.address);
    const [receiver, amount] = await nft.royaltyInfo(1, 10n ** 18n);
    expect([receiver, amount]).to.deep.equal([creator.address, 75n * 10n ** 15n]);
  });

  it("caps royalties at 10 % and refuses an empty or oversized CID", async () => {
    const { nft } = await loadFixture(deploy);
    await expect(nft.mint(CID, 1001, 0))
      .to.be.revertedWithCustomError(nft, "CollectiblesRoyaltyTooHigh")
      .withArgs(1001, 1000);
    await expect(nft.mint("", 0, 0)).to.be.revertedWithCustomError(nft, "CollectiblesInvalidCid");
    await expect(nft.mint("x".repeat(129), 0, 0)).to.be.revertedWithCustomError(nft, "CollectiblesInvalidCid");
    await expect(nft.tokenURI(1)).to.be.revertedWithCustomError(nft, "ERC721NonexistentToken");
  });

  it("supports ERC-721, its metadata and ERC-2981", async () => {
    const { nft } = await loadFixture(deploy);
    for (const id of ["0x80ac58cd", "0x5b5e139f", "0x2a55205a", "0x01ffc9a7"]) {
      expect(await nft.supportsInterface(id), id).to.equal(true);
    }
    expect(await nft.supportsInterface("0xb45a3c0e")).to.equal(false);
  });

  it("trades like any ERC-721", async () => {
    const { nft, creator, buyer } = await loadFixture(deploy);
    await nft.mint(CID, 0, 0);
    await nft.transferFrom(creator.address, buyer.address, 1);
    expect(await nft.ownerOf(1)).to.equal(buyer.address);
  });
});
