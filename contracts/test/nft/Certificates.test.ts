import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;
const CID = "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq";
const COURSE = ethers.id("defi-101");

async function deploy() {
  const [admin, issuer, learner, other] = await ethers.getSigners();
  const certs = await ethers.deployContract("Certificates", [admin!.address, issuer!.address]);
  return { certs, admin: admin!, issuer: issuer!, learner: learner!, other: other! };
}

async function withCertificate() {
  const f = await deploy();
  await f.certs.connect(f.issuer).issue(f.learner.address, COURSE, 1_764_000_000, CID);
  return f;
}

describe("Certificates", () => {
  it("the issuer issues a locked certificate linking the course and completion date", async () => {
    const { certs, issuer, learner } = await loadFixture(deploy);
    await expect(certs.connect(issuer).issue(learner.address, COURSE, 1_764_000_000, CID))
      .to.emit(certs, "CertificateIssued")
      .withArgs(1n, learner.address, COURSE, 1_764_000_000n, CID)
      .and.to.emit(certs, "Locked")
      .withArgs(1n);
    expect(await certs.ownerOf(1)).to.equal(learner.address);
    expect(await certs.locked(1)).to.equal(true);
    expect(await certs.tokenURI(1)).to.equal(`ipfs://${CID}`);
    expect(await certs.certificateOf(learner.address, COURSE)).to.equal(1n);
    expect(await certs.supportsInterface("0xb45a3c0e")).to.equal(true); // ERC-5192
  });

  it("only issuers issue, once per learner and course", async () => {
    const { certs, issuer, learner, other } = await loadFixture(withCertificate);
    await expect(certs.connect(other).issue(learner.address, COURSE, 1, CID)).to.be.revertedWithCustomError(
      certs,
      "AccessControlUnauthorizedAccount",
    );
    await expect(certs.connect(issuer).issue(learner.address, COURSE, 1, CID))
      .to.be.revertedWithCustomError(certs, "CertificatesAlreadyIssued")
      .withArgs(learner.address, COURSE, 1n);
    await expect(certs.connect(issuer).issue(learner.address, ethers.id("other"), 1, "")).to.be.revertedWithCustomError(
      certs,
      "CertificatesInvalidCid",
    );
  });

  it("transfer, safeTransfer and approvals all revert", async () => {
    const { certs, learner, other } = await loadFixture(withCertificate);
    await expect(certs.connect(learner).transferFrom(learner.address, other.address, 1))
      .to.be.revertedWithCustomError(certs, "CertificatesSoulbound")
      .withArgs(1n);
    await expect(
      certs.connect(learner)["safeTransferFrom(address,address,uint256)"](learner.address, other.address, 1),
    ).to.be.revertedWithCustomError(certs, "CertificatesSoulbound");
    await expect(certs.connect(learner).approve(other.address, 1)).to.be.revertedWithCustomError(
      certs,
      "CertificatesSoulbound",
    );
    await expect(certs.connect(learner).setApprovalForAll(other.address, true)).to.be.revertedWithCustomError(
      certs,
      "CertificatesSoulbound",
    );
  });

  it("the issuer revokes with a reason; the record stays, marked revoked, and the course can be re-issued", async () => {
    const { certs, issuer, learner, other } = await loadFixture(withCertificate);
    await expect(certs.connect(other).revoke(1, "x")).to.be.revertedWithCustomError(
      certs,
      "AccessControlUnauthorizedAccount",
    );
    await expect(certs.connect(issuer).revoke(1, "exam irregularity"))
      .to.emit(certs, "CertificateRevoked")
      .withArgs(1n, issuer.address, "exam irregularity");
    await expect(certs.ownerOf(1)).to.be.revertedWithCustomError(certs, "ERC721NonexistentToken");
    const record = await certs.certificate(1);
    expect(record.revoked).to.equal(true);
    expect(record.learner).to.equal(learner.address);
    await expect(certs.connect(issuer).revoke(1, "again")).to.be.revertedWithCustomError(certs, "CertificatesUnknown");
    await certs.connect(issuer).issue(learner.address, COURSE, 2, CID);
    expect(await certs.certificateOf(learner.address, COURSE)).to.equal(2n);
  });

  it("the admin (the Timelock) grants and revokes the issuer role", async () => {
    const { certs, admin, issuer, other } = await loadFixture(deploy);
    const role = await certs.ISSUER_ROLE();
    await expect(certs.connect(issuer).grantRole(role, other.address)).to.be.revertedWithCustomError(
      certs,
      "AccessControlUnauthorizedAccount",
    );
    await certs.connect(admin).grantRole(role, other.address);
    await certs.connect(admin).revokeRole(role, issuer.address);
    expect(await certs.hasRole(role, other.address)).to.equal(true);
    expect(await certs.hasRole(role, issuer.address)).to.equal(false);
  });
});
