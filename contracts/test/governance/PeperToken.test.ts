import { expect } from "chai";

import { PERMIT_TYPES } from "../../../offchain/src/protocol/typedData.ts";
import { CAP, deployDao, E18, ethers, networkHelpers } from "./fixtures.ts";

const { time, loadFixture } = networkHelpers;

describe("PeperToken", () => {
  it("is PEPER, 18 decimals, with the initial distribution and the cap", async () => {
    const { token, alice, bob, timelock } = await loadFixture(deployDao);
    expect(await token.name()).to.equal("Peper");
    expect(await token.symbol()).to.equal("PEPER");
    expect(await token.decimals()).to.equal(18n);
    expect(await token.totalSupply()).to.equal(72_050_000n * E18);
    expect(await token.balanceOf(bob.address)).to.equal(30_000_000n * E18);
    expect(await token.balanceOf(alice.address)).to.equal(39_000_000n * E18); // 1M went to the treasury
    expect(await token.cap()).to.equal(CAP);
    expect(await token.owner()).to.equal(await timelock.getAddress());
  });

  it("keeps its ERC-6372 clock in timestamps", async () => {
    const { token } = await loadFixture(deployDao);
    expect(await token.CLOCK_MODE()).to.equal("mode=timestamp");
    expect(await token.clock()).to.equal(BigInt(await time.latest()));
  });

  it("mints only by the owner (the Timelock) and never above the cap", async () => {
    const { token, timelock, alice } = await loadFixture(deployDao);
    await expect(token.connect(alice).mint(alice.address, 1n))
      .to.be.revertedWithCustomError(token, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
    await networkHelpers.impersonateAccount(await timelock.getAddress());
    const asTimelock = await ethers.getSigner(await timelock.getAddress());
    const room = CAP - (await token.totalSupply());
    await expect(token.connect(asTimelock).mint(alice.address, room))
      .to.emit(token, "Minted")
      .withArgs(alice.address, room);
    await expect(token.connect(asTimelock).mint(alice.address, 1n))
      .to.be.revertedWithCustomError(token, "PeperTokenCapExceeded")
      .withArgs(CAP + 1n, CAP);
  });

  it("refuses a bad initial distribution", async () => {
    const [a] = await ethers.getSigners();
    const factory = await ethers.getContractFactory("PeperToken");
    await expect(factory.deploy(a!.address, CAP, [a!.address], [])).to.be.revertedWithCustomError(
      factory,
      "PeperTokenDistributionMismatch",
    );
    await expect(factory.deploy(a!.address, 10n, [a!.address], [11n]))
      .to.be.revertedWithCustomError(factory, "PeperTokenInvalidCap")
      .withArgs(10n, 11n);
    await expect(factory.deploy(a!.address, 0n, [], [])).to.be.revertedWithCustomError(factory, "PeperTokenInvalidCap");
  });

  it("accepts an EIP-2612 permit and rejects a wrong signer or an expired one", async () => {
    const { token, carol, stranger } = await loadFixture(deployDao);
    const { chainId } = await ethers.provider.getNetwork();
    const domain = { name: "Peper", version: "1", chainId, verifyingContract: await token.getAddress() };
    const types = { Permit: [...PERMIT_TYPES.Permit] };
    const deadline = BigInt(await time.latest()) + 3600n;
    const message = { owner: carol.address, spender: stranger.address, value: 5n * E18, nonce: 0n, deadline };
    const good = ethers.Signature.from(await carol.signTypedData(domain, types, message));
    const bad = ethers.Signature.from(await stranger.signTypedData(domain, types, message));
    await expect(
      token.permit(carol.address, stranger.address, 5n * E18, deadline, bad.v, bad.r, bad.s),
    ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
    await token.permit(carol.address, stranger.address, 5n * E18, deadline, good.v, good.r, good.s);
    expect(await token.allowance(carol.address, stranger.address)).to.equal(5n * E18);
    const past = BigInt(await time.latest()) - 1n;
    const old = ethers.Signature.from(
      await carol.signTypedData(domain, types, { ...message, nonce: 1n, deadline: past }),
    );
    await expect(token.permit(carol.address, stranger.address, 5n * E18, past, old.v, old.r, old.s))
      .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
      .withArgs(past);
  });

  it("tracks votes by delegation and past votes by timestamp", async () => {
    const { token, bob, dave } = await loadFixture(deployDao);
    const before = await time.latest();
    await time.increase(10);
    await token.connect(dave).delegate(bob.address);
    expect(await token.getVotes(bob.address)).to.equal(30_050_000n * E18);
    expect(await token.getVotes(dave.address)).to.equal(0n);
    expect(await token.getPastVotes(bob.address, before)).to.equal(30_000_000n * E18);
    expect(await token.delegates(dave.address)).to.equal(bob.address);
  });
});
