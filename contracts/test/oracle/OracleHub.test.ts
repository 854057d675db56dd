import { expect } from "chai";

import {
  deployOracle,
  ethers,
  MAX_AGE,
  networkHelpers,
  operatorWallets,
  PEPER_USD,
  REPORT_TYPES,
} from "./oracleFixture.ts";

const { time, loadFixture } = networkHelpers;
// loadFixture passes the connection as an argument, so the defaults are bound here
const threeOfFive = () => deployOracle(5, 3);

describe("OracleHub", () => {
  it("accepts a report signed by the threshold of operators and forwards it to the feed", async () => {
    const o = await loadFixture(threeOfFive);
    const report = await o.priceReport(1n, 10_000_000n); // $0.10 with 8 decimals
    const sigs = await o.sign(report);
    await expect(o.hub.connect(o.stranger).submit(report, ...sigs))
      .to.emit(o.hub, "ReportAccepted")
      .withArgs(PEPER_USD, 1n, report.observedAt, report.inputsHash, 0b111n, 1n, o.stranger.address);
    expect(await o.hub.lastRound(PEPER_USD)).to.equal(1n);
    const [roundId, answer, startedAt, , answeredInRound] = await o.price.latestRoundData();
    expect([roundId, answer, startedAt, answeredInRound]).to.deep.equal([1n, 10_000_000n, report.observedAt, 1n]);
  });

  it("the digest it checks equals ethers' independent EIP-712 hash", async () => {
    const o = await loadFixture(threeOfFive);
    const report = await o.priceReport(1n, 1n);
    const expected = ethers.TypedDataEncoder.hash(o.domain, REPORT_TYPES, { ...report, configVersion: 1n });
    expect(await o.hub.reportDigest(report)).to.equal(expected);
  });

  it("rejects too few signatures, unknown signers, and an operator's signature in another's place", async () => {
    const o = await loadFixture(threeOfFive);
    const report = await o.priceReport(1n, 1n);
    const [op0, op1, op2] = o.operators;
    const two = await o.sign(report, o.operators.slice(0, 2));
    await expect(o.hub.submit(report, ...two))
      .to.be.revertedWithCustomError(o.hub, "HubTooFewSignatures")
      .withArgs(2, 3);
    const outsider = operatorWallets(1, 500)[0]!;
    const withOutsider = await o.signAt(report, [
      [0, op0!],
      [1, op1!],
      [2, outsider],
    ]);
    await expect(o.hub.submit(report, ...withOutsider))
      .to.be.revertedWithCustomError(o.hub, "HubUnknownSigner")
      .withArgs(outsider.address);
    // A duplicate cannot be named (one bit per operator): the same signature under a second bit
    // must recover to that bit's operator, and does not.
    const dup = await o.signAt(report, [
      [0, op0!],
      [1, op1!],
      [2, op0!],
    ]);
    await expect(o.hub.submit(report, ...dup))
      .to.be.revertedWithCustomError(o.hub, "HubUnknownSigner")
      .withArgs(op0!.address);
    // right operators, wrong order: each signature is checked against its bit's operator only
    const swapped = await o.signAt(report, [
      [0, op1!],
      [1, op0!],
      [2, op2!],
    ]);
    await expect(o.hub.submit(report, ...swapped))
      .to.be.revertedWithCustomError(o.hub, "HubUnknownSigner")
      .withArgs(op1!.address);
  });

  it("rejects a signer bitmap that does not match the signatures or names no operator", async () => {
    const o = await loadFixture(threeOfFive);
    const report = await o.priceReport(1n, 1n);
    const [bits, sigs] = await o.sign(report, o.operators.slice(0, 4)); // 0b1111, four signatures
    // more bits than signatures, fewer bits than signatures
    for (const [bitmap, given] of [
      [0b11111n, sigs],
      [0b111n, sigs],
      [bits, sigs.slice(0, 3)],
    ] as const) {
      await expect(o.hub.submit(report, bitmap, [...given]))
        .to.be.revertedWithCustomError(o.hub, "HubInvalidSigners")
        .withArgs(bitmap, given.length);
    }
    // a bit past the five operators
    const beyond = bits | (1n << 5n);
    await expect(o.hub.submit(report, beyond, [...sigs, sigs[0]!]))
      .to.be.revertedWithCustomError(o.hub, "HubInvalidSigners")
      .withArgs(beyond, 5);
    await expect(o.hub.submit(report, 1n << 255n, [...sigs]))
      .to.be.revertedWithCustomError(o.hub, "HubInvalidSigners")
      .withArgs(1n << 255n, 4);
    // the right bitmap is accepted
    await expect(o.hub.submit(report, bits, [...sigs]))
      .to.emit(o.hub, "ReportAccepted")
      .withArgs(PEPER_USD, 1n, report.observedAt, report.inputsHash, 0b1111n, 1n, o.owner.address);
  });

  it("refuses the malleable twin of an operator's signature (high s)", async () => {
    const o = await loadFixture(threeOfFive);
    const report = await o.priceReport(1n, 1n);
    const [bits, sigs] = await o.sign(report);
    const sig = ethers.Signature.from({ r: sigs[0]!.r, yParityAndS: sigs[0]!.yParityAndS });
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = n - BigInt(sig.s);
    // the twin flips the recovery bit; it fits the compact form only when s' < 2^255
    const yParityAndS = ethers.toBeHex(((sig.yParity === 0 ? 1n : 0n) << 255n) | highS, 32);
    const twin = [{ r: sig.r, yParityAndS }, ...sigs.slice(1)];
    await expect(o.hub.submit(report, bits, twin)).to.be.revert(ethers);
    await o.hub.submit(report, bits, [...sigs]); // the canonical one passes
  });

  it("rejects a signature over a different report", async () => {
    const o = await loadFixture(threeOfFive);
    const report = await o.priceReport(1n, 100n);
    const sigs = await o.sign(report);
    const tampered = { ...report, payload: ethers.AbiCoder.defaultAbiCoder().encode(["int256"], [999n]) };
    await expect(o.hub.submit(tampered, ...sigs)).to.be.revertedWithCustomError(o.hub, "HubUnknownSigner");
  });

  it("requires rounds to increase, and refuses stale and future reports", async () => {
    const o = await loadFixture(threeOfFive);
    const r2 = await o.priceReport(2n, 5n);
    await o.hub.submit(r2, ...(await o.sign(r2)));
    for (const round of [1n, 2n]) {
      const r = await o.priceReport(round, 5n);
      await expect(o.hub.submit(r, ...(await o.sign(r))))
        .to.be.revertedWithCustomError(o.hub, "HubStaleRound")
        .withArgs(round, 2n);
    }
    const old = { ...(await o.priceReport(3n, 5n)), observedAt: (await o.now()) - BigInt(MAX_AGE) - 10n };
    await expect(o.hub.submit(old, ...(await o.sign(old)))).to.be.revertedWithCustomError(o.hub, "HubStaleReport");
    const future = { ...(await o.priceReport(3n, 5n)), observedAt: (await o.now()) + 600n };
    await expect(o.hub.submit(future, ...(await o.sign(future)))).to.be.revertedWithCustomError(
      o.hub,
      "HubFutureReport",
    );
  });

  it("refuses reports for a feed id nobody registered", async () => {
    const o = await loadFixture(threeOfFive);
    const r = { ...(await o.priceReport(1n, 5n)), feedId: ethers.id("NOPE") };
    await expect(o.hub.submit(r, ...(await o.sign(r)))).to.be.revertedWithCustomError(o.hub, "HubUnknownFeed");
  });

  it("a new config bumps the version: old signatures and removed operators stop counting", async () => {
    const o = await loadFixture(threeOfFive);
    const report = await o.priceReport(1n, 5n);
    const oldSigs = await o.sign(report); // version 1
    // drop operator 0, threshold 2 of 4
    await expect(
      o.hub.setConfig(
        o.operators.slice(1).map((w) => w.address),
        2,
      ),
    )
      .to.emit(o.hub, "ConfigSet")
      .withArgs(
        2n,
        o.operators.slice(1).map((w) => w.address),
        2,
      );
    expect(await o.hub.configVersion()).to.equal(2n);
    await expect(o.hub.submit(report, ...oldSigs)).to.be.revertedWithCustomError(o.hub, "HubUnknownSigner");
    // the removed operator 0 signing in the place of index 0 (now operator 1)
    const removed = await o.signAt(report, [
      [0, o.operators[0]!],
      [1, o.operators[2]!],
    ]);
    await expect(o.hub.submit(report, ...removed))
      .to.be.revertedWithCustomError(o.hub, "HubUnknownSigner")
      .withArgs(o.operators[0]!.address);
    // two of the remaining four now suffice
    await o.hub.submit(report, ...(await o.sign(report, [o.operators[1]!, o.operators[4]!])));
  });

  it("only the owner configures, with a valid operator set", async () => {
    const o = await loadFixture(threeOfFive);
    const addrs = o.operators.map((w) => w.address);
    await expect(o.hub.connect(o.stranger).setConfig(addrs, 2)).to.be.revertedWithCustomError(
      o.hub,
      "OwnableUnauthorizedAccount",
    );
    await expect(o.hub.connect(o.stranger).setFeed(PEPER_USD, o.stranger.address)).to.be.revertedWithCustomError(
      o.hub,
      "OwnableUnauthorizedAccount",
    );
    for (const [ops, t] of [
      [[], 1],
      [addrs, 0],
      [addrs, 6],
      [[addrs[0]!, addrs[0]!], 1],
      [[ethers.ZeroAddress], 1],
    ] as const) {
      await expect(o.hub.setConfig([...ops], t)).to.be.revertedWithCustomError(o.hub, "HubInvalidConfig");
    }
    await expect(o.hub.setMaxReportAge(60)).to.emit(o.hub, "MaxReportAgeSet").withArgs(60);
    expect(await o.hub.maxReportAge()).to.equal(60n);
    // the age shares a slot with the operator list's pointer: 56 bits (2.3 billion years) at most
    await expect(o.hub.setMaxReportAge(2n ** 56n)).to.be.revertedWithCustomError(o.hub, "HubInvalidConfig");
    expect(await o.hub.operators()).to.deep.equal(addrs);
    expect(await o.hub.feeds(PEPER_USD)).to.equal(await o.price.getAddress());
  });
});

describe("OracleHub before its first config", () => {
  it("takes no feed, so a report with no signatures is refused; configured, the threshold refuses it", async () => {
    const [owner] = await ethers.getSigners();
    const hub = await ethers.deployContract("OracleHub", [owner!.address, MAX_AGE]);
    const price = await ethers.deployContract("PriceFeed", [hub, 8, "PEPER / USD"]);
    expect(await hub.threshold()).to.equal(0n);
    expect(await hub.configVersion()).to.equal(0n);
    await expect(hub.setFeed(PEPER_USD, price)).to.be.revertedWithCustomError(hub, "HubNotConfigured");
    const report = {
      feedId: PEPER_USD,
      round: 1n,
      observedAt: BigInt(await time.latest()),
      inputsHash: ethers.id("inputs-1"),
      payload: ethers.AbiCoder.defaultAbiCoder().encode(["int256"], [1n]),
    };
    await expect(hub.submit(report, 0n, []))
      .to.be.revertedWithCustomError(hub, "HubUnknownFeed")
      .withArgs(PEPER_USD);
    expect(await hub.lastRound(PEPER_USD)).to.equal(0n);
    await expect(price.latestRoundData()).to.be.revertedWithCustomError(price, "FeedNoData");

    // once configured (a zero threshold is refused), the feed is taken and no signatures are too few
    const operators = operatorWallets(3).map((w) => w.address);
    await expect(hub.setConfig(operators, 0)).to.be.revertedWithCustomError(hub, "HubInvalidConfig");
    await hub.setConfig(operators, 2);
    await expect(hub.setFeed(PEPER_USD, price))
      .to.emit(hub, "FeedSet")
      .withArgs(PEPER_USD, await price.getAddress());
    await expect(hub.submit(report, 0n, []))
      .to.be.revertedWithCustomError(hub, "HubTooFewSignatures")
      .withArgs(0n, 2n);
  });
});

describe("Feeds", () => {
  it("PriceFeed answers like a Chainlink aggregator", async () => {
    const o = await loadFixture(threeOfFive);
    expect(await o.price.decimals()).to.equal(8n);
    expect(await o.price.description()).to.equal("PEPER / USD");
    expect(await o.price.version()).to.equal(1n);
    await expect(o.price.latestRoundData()).to.be.revertedWithCustomError(o.price, "FeedNoData");
    for (const [round, answer] of [
      [1n, 10_000_000n],
      [2n, 11_000_000n],
    ] as const) {
      const r = await o.priceReport(round, answer);
      await o.hub.submit(r, ...(await o.sign(r)));
    }
    expect((await o.price.getRoundData(1))[1]).to.equal(10_000_000n);
    expect((await o.price.latestRoundData())[1]).to.equal(11_000_000n);
    await expect(o.price.getRoundData(3)).to.be.revertedWithCustomError(o.price, "FeedNoData").withArgs(3);
    const bad = await o.priceReport(3n, -1n);
    await expect(o.hub.submit(bad, ...(await o.sign(bad)))).to.be.revertedWithCustomError(o.price, "FeedInvalidAnswer");
    // a round is one slot: the answer is an int128, and the largest one is kept exactly
    const huge = await o.priceReport(3n, 2n ** 127n);
    await expect(o.hub.submit(huge, ...(await o.sign(huge))))
      .to.be.revertedWithCustomError(o.price, "FeedInvalidAnswer")
      .withArgs(2n ** 127n);
    const max = await o.priceReport(3n, 2n ** 127n - 1n);
    await o.hub.submit(max, ...(await o.sign(max)));
    expect((await o.price.latestRoundData())[1]).to.equal(2n ** 127n - 1n);
  });

  it("PriceFeed round ids are contiguous when report rounds have gaps; a consumer walks back every round", async () => {
    const o = await loadFixture(threeOfFive);
    // the operators number report rounds by the clock: 5, 7, 19
    const answers = [10_000_000n, 11_000_000n, 12_000_000n];
    const reportRounds = [5n, 7n, 19n];
    for (const [i, round] of reportRounds.entries()) {
      const r = await o.priceReport(round, answers[i]!);
      await expect(o.hub.submit(r, ...(await o.sign(r))))
        .to.emit(o.price, "AnswerUpdated")
        .withArgs(BigInt(i + 1), answers[i]!, r.observedAt, round);
    }
    const [latest] = await o.price.latestRoundData();
    expect(latest).to.equal(3n);
    for (const [i, round] of reportRounds.entries()) {
      const [roundId, answer, , , answeredInRound] = await o.price.getRoundData(i + 1);
      expect([roundId, answer, answeredInRound]).to.deep.equal([BigInt(i + 1), answers[i], BigInt(i + 1)]);
      expect(await o.price.reportRoundOf(i + 1)).to.equal(round);
    }
    const walker = await ethers.deployContract("RoundWalker");
    expect(await walker.walk(o.price)).to.deep.equal([3n, 10_000_000n]);
    await expect(o.price.reportRoundOf(4)).to.be.revertedWithCustomError(o.price, "FeedNoData").withArgs(4);
  });

  it("feeds accept reports only from the hub", async () => {
    const o = await loadFixture(threeOfFive);
    await expect(o.price.onReport(1, 1, "0x")).to.be.revertedWithCustomError(o.hub, "FeedOnlyHub");
  });

  it("DecisionFeed stores the decision per asset and validates it", async () => {
    const o = await loadFixture(threeOfFive);
    const asset = o.stranger.address;
    const encode = (action: number, size: number, conf: number) =>
      ethers.AbiCoder.defaultAbiCoder().encode(
        ["address", "uint8", "uint16", "uint16", "string", "uint32"],
        [asset, action, size, conf, "bafkreigh2akiscaildc", 3],
      );
    const base = { feedId: ethers.id("DECISIONS"), inputsHash: ethers.ZeroHash };
    const good = { ...base, round: 1n, observedAt: await o.now(), payload: encode(1, 2500, 7300) };
    await expect(o.hub.submit(good, ...(await o.sign(good)))).to.emit(o.decisions, "DecisionUpdated");
    const d = await o.decisions.latestDecision(asset);
    expect([d.action, d.sizeBps, d.confidenceBps, d.modelVersion, d.reasoningCid]).to.deep.equal([
      1n,
      2500n,
      7300n,
      3n,
      "bafkreigh2akiscaildc",
    ]);
    const bad = { ...base, round: 2n, observedAt: await o.now(), payload: encode(3, 0, 0) };
    await expect(o.hub.submit(bad, ...(await o.sign(bad)))).to.be.revertedWithCustomError(
      o.decisions,
      "FeedInvalidDecision",
    );
    await expect(o.decisions.latestDecision(o.owner.address)).to.be.revertedWithCustomError(
      o.decisions,
      "FeedNoDecision",
    );
  });

  it("PortfolioFeed stores weights summing to 10 000 with measured metrics, and serves the vault", async () => {
    const o = await loadFixture(threeOfFive);
    const [a, b] = [o.stranger.address, o.owner.address];
    const metricsType = "tuple(int32,uint32,uint32,uint32,uint8,uint32,uint32)";
    const encode = (weights: number[]) =>
      ethers.AbiCoder.defaultAbiCoder().encode(
        ["address[]", "uint16[]", metricsType],
        [[a, b], weights, [850, 4200, 310, 450, 2, 981_000, 420_000]],
      );
    await expect(o.portfolio.latestWeights()).to.be.revertedWithCustomError(o.portfolio, "FeedNoPortfolio");
    const good = {
      feedId: ethers.id("PORTFOLIO"),
      round: 1n,
      observedAt: await o.now(),
      inputsHash: ethers.ZeroHash,
      payload: encode([6000, 4000]),
    };
    await o.hub.submit(good, ...(await o.sign(good)));
    const [assets, weights, at] = await o.portfolio.latestWeights();
    expect([...assets]).to.deep.equal([a, b]);
    expect([...weights]).to.deep.equal([6000n, 4000n]);
    expect(at).to.equal(good.observedAt);
    const m = await o.portfolio.metrics();
    expect(m.speedupPpm).to.equal(420_000n); // a measured speedup below 1 is reported as it is
    const bad = { ...good, round: 2n, payload: encode([6000, 3000]) };
    await expect(o.hub.submit(bad, ...(await o.sign(bad))))
      .to.be.revertedWithCustomError(o.portfolio, "FeedInvalidPortfolio")
      .withArgs(9000);
  });
});

describe("OracleHub gas per signer stays flat", () => {
  it("a 7-of-13 report is accepted with the signer bitmap of the counted operators", async () => {
    const o = await deployOracle(13, 7);
    const r = await o.priceReport(1n, 42n);
    const signers = [0, 2, 4, 6, 8, 10, 12].map((i) => o.operators[i]!);
    await time.increase(1);
    await expect(o.hub.submit(r, ...(await o.sign(r, signers))))
      .to.emit(o.hub, "ReportAccepted")
      .withArgs(
        PEPER_USD,
        1n,
        r.observedAt,
        r.inputsHash,
        0b1010101010101n,
        1n,
        (await ethers.getSigners())[0]!.address,
      );
  });
});
