import { expect } from "chai";

import { deployAmm, ethers, networkHelpers } from "./ammFixture.ts";

const { loadFixture } = networkHelpers;

describe("PeperFactory", () => {
  it("creates a pair at the CREATE2 address derived from the sorted tokens and INIT_CODE_PAIR_HASH", async () => {
    const { factory, tokenA, tokenB } = await loadFixture(deployAmm);
    const [a, b] = [await tokenA.getAddress(), await tokenB.getAddress()];
    const salt = ethers.solidityPackedKeccak256(["address", "address"], [a, b]);
    const expected = ethers.getCreate2Address(await factory.getAddress(), salt, await factory.INIT_CODE_PAIR_HASH());
    await expect(factory.createPair(b, a)).to.emit(factory, "PairCreated").withArgs(a, b, expected, 1n);
    expect(await factory.getPair(a, b)).to.equal(expected);
    expect(await factory.getPair(b, a)).to.equal(expected);
    expect(await factory.allPairs(0)).to.equal(expected);
    expect(await factory.allPairsLength()).to.equal(1n);
    const pair = await ethers.getContractAt("PeperPair", expected);
    expect(await pair.token0()).to.equal(a);
    expect(await pair.token1()).to.equal(b);
    expect(await pair.factory()).to.equal(await factory.getAddress());
    expect(await factory.pairTokens()).to.deep.equal([ethers.ZeroAddress, ethers.ZeroAddress]);
  });

  it("refuses identical tokens, the zero address and an existing pair", async () => {
    const { factory, tokenA, tokenB } = await loadFixture(deployAmm);
    await expect(factory.createPair(tokenA, tokenA))
      .to.be.revertedWithCustomError(factory, "FactoryIdenticalAddresses")
      .withArgs(await tokenA.getAddress());
    await expect(factory.createPair(tokenA, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      factory,
      "FactoryZeroAddress",
    );
    await factory.createPair(tokenA, tokenB);
    await expect(factory.createPair(tokenB, tokenA))
      .to.be.revertedWithCustomError(factory, "FactoryPairExists")
      .withArgs(await factory.getPair(tokenA, tokenB));
  });

  it("lets only feeToSetter switch the protocol fee and hand over the switch", async () => {
    const { factory, owner, alice, feeTo } = await loadFixture(deployAmm);
    await expect(factory.connect(alice).setFeeTo(alice.address))
      .to.be.revertedWithCustomError(factory, "FactoryForbidden")
      .withArgs(alice.address);
    await expect(factory.setFeeTo(feeTo.address))
      .to.emit(factory, "FeeToChanged")
      .withArgs(ethers.ZeroAddress, feeTo.address);
    expect(await factory.feeTo()).to.equal(feeTo.address);
    await expect(factory.setFeeToSetter(alice.address))
      .to.emit(factory, "FeeToSetterChanged")
      .withArgs(owner.address, alice.address);
    await expect(factory.setFeeTo(ethers.ZeroAddress)).to.be.revertedWithCustomError(factory, "FactoryForbidden");
    await factory.connect(alice).setFeeTo(ethers.ZeroAddress);
    expect(await factory.feeTo()).to.equal(ethers.ZeroAddress);
  });
});
