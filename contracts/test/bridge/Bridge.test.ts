// The bridge between two in-process chains, with both verifiers (the operators' M-of-N signatures and
// Hyperlane's Mailbox + MessageIdMultisigIsm) and the attacks that emptied other bridges as tests.
import { expect } from "chai";
import type { Address, Hex } from "viem";

import { bridgeMessageDigest, type BridgeMessage } from "../../../offchain/src/protocol/bridge.ts";
import { PERMIT_TYPES } from "../../../offchain/src/protocol/typedData.ts";
import { packSignatures } from "../../../oracle/src/report.ts";
import {
  type Bridge,
  chainA,
  chainB,
  compact,
  DAY,
  deployBridge,
  E18,
  HOME,
  hyperlaneDelivery,
  LIMIT,
  operatorSignatures,
  packAttestation,
  REMOTE,
  sentMessage,
  signAttestation,
  type Side,
  SUPPLY,
} from "./bridgeFixture.ts";

const signersA = await chainA.ethers.getSigners();
const signersB = await chainB.ethers.getSigners();
const need = <T>(x: T | undefined): T => {
  if (x === undefined) throw new Error("the test chain has too few accounts");
  return x;
};
const ownerA = need(signersA[0]);
const guardianA = need(signersA[1]);
const alice = need(signersA[2]);
const bob = need(signersA[3]);
const mallory = need(signersA[4]);
const ownerB = need(signersB[0]);
const guardianB = need(signersB[1]);
const aliceB = need(signersB[2]);
const bobB = need(signersB[3]);
const malloryB = need(signersB[4]);

/** Sends from `src` and returns the tx hash and the message. */
async function send(
  src: Side,
  from: typeof alice,
  amount: bigint,
  dstChainId: bigint,
  recipient: string,
  queue = false,
) {
  const fee = await src.manager.getFunction("quoteTransfer")(dstChainId);
  const tx = await (src.manager.connect(from) as typeof src.manager).getFunction("transfer")(
    amount,
    dstChainId,
    recipient,
    queue,
    { value: fee },
  );
  return { hash: tx.hash as string, message: await sentMessage(src, tx.hash) };
}

async function approveHome(b: Bridge, amount = SUPPLY) {
  await (b.a.token.connect(alice) as typeof b.a.token).getFunction("approve")(b.a.manager, amount);
}

/** Both verifiers deliver a message from src to dst. */
async function deliver(src: Side, dst: Side, sent: { hash: string; message: BridgeMessage }) {
  const sigs = await operatorSignatures(dst, sent.message);
  await dst.operators.getFunction("attest")(sent.message, ...sigs);
  const { message, metadata } = await hyperlaneDelivery(src, sent.hash);
  return dst.mailbox.getFunction("process")(metadata, message);
}

const balance = (side: Side, who: { address: string } | string) =>
  side.token.getFunction("balanceOf")(typeof who === "string" ? who : who.address) as Promise<bigint>;

/** The bridge's invariant: PEPER locked at home covers the bridged supply. */
async function expectCovered(b: Bridge) {
  const locked = await balance(b.a, await b.a.manager.getAddress());
  const bridged = (await b.b.token.getFunction("totalSupply")()) as bigint;
  expect(locked >= bridged, `locked ${locked} < bridged ${bridged}`).to.equal(true);
}

let snapshots: { restore(): Promise<void> }[] = [];
let bridge: Bridge;
let bridgeOperatorsOnly: Bridge;

describe("Bridge (home 31337 ↔ remote 31338, operators + Hyperlane)", () => {
  before(async () => {
    bridge = await deployBridge();
    snapshots = [await chainA.networkHelpers.takeSnapshot(), await chainB.networkHelpers.takeSnapshot()];
  });
  beforeEach(async () => {
    for (const s of snapshots) await s.restore();
  });

  it("runs on two chains with their own ids", async () => {
    expect((await chainA.ethers.provider.getNetwork()).chainId).to.equal(HOME);
    expect((await chainB.ethers.provider.getNetwork()).chainId).to.equal(REMOTE);
    expect(await bridge.a.manager.getFunction("isHome")()).to.equal(true);
    expect(await bridge.b.manager.getFunction("isHome")()).to.equal(false);
  });

  it("home → remote: locks, and mints only when both verifiers attested (2 of 2)", async () => {
    const b = bridge;
    await approveHome(b);
    const amount = 1234n * E18;
    const sent = await send(b.a, alice, amount, REMOTE, aliceB.address);
    expect(sent.message.sequence).to.equal(1n);
    expect(await balance(b.a, alice)).to.equal(SUPPLY - amount);
    expect(await balance(b.a, await b.a.manager.getAddress())).to.equal(amount);
    // the digest computed off chain equals the contract's
    const digest = bridgeMessageDigest(sent.message);
    expect(await b.b.manager.getFunction("messageDigest")(sent.message)).to.equal(digest);

    const sigs = await operatorSignatures(b.b, sent.message);
    await expect(b.b.operators.getFunction("attest")(sent.message, ...sigs))
      .to.emit(b.b.manager, "MessageAttested")
      .withArgs(digest, await b.b.operators.getAddress(), 1n);
    expect(await balance(b.b, aliceB)).to.equal(0n); // one of two: nothing minted

    const { message, metadata } = await hyperlaneDelivery(b.a, sent.hash);
    await expect(b.b.mailbox.getFunction("process")(metadata, message))
      .to.emit(b.b.manager, "MessageExecuted")
      .withArgs(digest, HOME, 1n, aliceB.address, amount, false);
    expect(await balance(b.b, aliceB)).to.equal(amount);
    // the operators' attestation is recorded; Hyperlane's, which executed it, is not (nothing reads it again)
    expect(
      await b.b.manager.getFunction("messageState")(digest, HOME, await b.a.manager.getAddress(), 1n),
    ).to.deep.equal([1n, true]);
    await expectCovered(b);
  });

  it("remote → home: burns, and releases the locked PEPER", async () => {
    const b = bridge;
    await approveHome(b);
    await deliver(b.a, b.b, await send(b.a, alice, 500n * E18, REMOTE, aliceB.address));
    const back = await send(b.b, aliceB, 200n * E18, HOME, bob.address);
    expect(await b.b.token.getFunction("totalSupply")()).to.equal(300n * E18);
    await deliver(b.b, b.a, back);
    expect(await balance(b.a, bob)).to.equal(200n * E18);
    expect(await balance(b.a, await b.a.manager.getAddress())).to.equal(300n * E18);
    await expectCovered(b);
  });

  it("bridged PEPER delegates, votes on a timestamp clock and permits like PEPER", async () => {
    const b = bridge;
    await approveHome(b);
    await deliver(b.a, b.b, await send(b.a, alice, 100n * E18, REMOTE, aliceB.address));
    const t = b.b.token.connect(aliceB) as typeof b.b.token;
    await t.getFunction("delegate")(aliceB.address);
    expect(await t.getFunction("getVotes")(aliceB.address)).to.equal(100n * E18);
    expect(await t.getFunction("CLOCK_MODE")()).to.equal("mode=timestamp");
    expect(await t.getFunction("symbol")()).to.equal("PEPER");
    const deadline = BigInt((await chainB.networkHelpers.time.latest()) + 3600);
    const domain = { name: "Peper", version: "1", chainId: REMOTE, verifyingContract: await t.getAddress() };
    const sig = await aliceB.signTypedData(
      domain,
      { Permit: [...PERMIT_TYPES.Permit] },
      { owner: aliceB.address, spender: bobB.address, value: 5n, nonce: 0n, deadline },
    );
    const { v, r, s } = chainB.ethers.Signature.from(sig);
    await t.getFunction("permit")(aliceB.address, bobB.address, 5n, deadline, v, r, s);
    expect(await t.getFunction("allowance")(aliceB.address, bobB.address)).to.equal(5n);
    // nobody but the manager mints or burns
    await expect(t.getFunction("mint")(malloryB.address, 1n)).to.be.revertedWithCustomError(
      t,
      "BridgedTokenOnlyBridge",
    );
    await expect(t.getFunction("burn")(aliceB.address, 1n)).to.be.revertedWithCustomError(t, "BridgedTokenOnlyBridge");
  });

  describe("exactly once, and only with k of n", () => {
    it("one verifier alone executes nothing; execute() says how many attested", async () => {
      const b = bridge;
      await approveHome(b);
      const sent = await send(b.a, alice, 10n * E18, REMOTE, aliceB.address);
      await b.b.operators.getFunction("attest")(sent.message, ...(await operatorSignatures(b.b, sent.message)));
      await expect(b.b.manager.getFunction("execute")(sent.message))
        .to.be.revertedWithCustomError(b.b.manager, "BridgeNotAttested")
        .withArgs(bridgeMessageDigest(sent.message), 1n, 2n);
    });

    it("a delivered message cannot run again by any path", async () => {
      const b = bridge;
      await approveHome(b);
      const sent = await send(b.a, alice, 10n * E18, REMOTE, aliceB.address);
      await deliver(b.a, b.b, sent);
      const digest = bridgeMessageDigest(sent.message);
      await expect(b.b.operators.getFunction("attest")(sent.message, ...(await operatorSignatures(b.b, sent.message))))
        .to.be.revertedWithCustomError(b.b.manager, "BridgeAlreadyExecuted")
        .withArgs(digest);
      await expect(b.b.manager.getFunction("execute")(sent.message))
        .to.be.revertedWithCustomError(b.b.manager, "BridgeAlreadyExecuted")
        .withArgs(digest);
      const { message, metadata } = await hyperlaneDelivery(b.a, sent.hash);
      await expect(b.b.mailbox.getFunction("process")(metadata, message)).to.be.revert(chainB.ethers);
      expect(await balance(b.b, aliceB)).to.equal(10n * E18);
    });

    it("a verifier attesting twice counts once", async () => {
      const b = await deployBridge({ verifiers: ["operators", "hyperlane"], threshold: 2 });
      await (b.a.token.connect(alice) as typeof b.a.token).getFunction("approve")(b.a.manager, SUPPLY);
      const sent = await send(b.a, alice, 1n, REMOTE, aliceB.address);
      const sigs = await operatorSignatures(b.b, sent.message);
      await b.b.operators.getFunction("attest")(sent.message, ...sigs);
      await expect(b.b.operators.getFunction("attest")(sent.message, ...sigs)).to.be.revertedWithCustomError(
        b.b.manager,
        "BridgeDuplicateAttestation",
      );
      expect(
        await b.b.manager.getFunction("messageState")(
          bridgeMessageDigest(sent.message),
          HOME,
          sent.message.srcManager,
          sent.message.sequence,
        ),
      ).to.deep.equal([1n, false]);
    });

    it("sequences count per route", async () => {
      const b = bridge;
      await approveHome(b);
      const one = await send(b.a, alice, 1n, REMOTE, aliceB.address);
      const two = await send(b.a, alice, 1n, REMOTE, aliceB.address);
      expect([one.message.sequence, two.message.sequence]).to.deep.equal([1n, 2n]);
      expect(await b.a.manager.getFunction("outboundSequence")(REMOTE)).to.equal(2n);
    });
  });

  describe("what the hacks teach", () => {
    it("a compromised operator set mints nothing on its own (Ronin, Harmony)", async () => {
      const b = bridge;
      // every operator key signs a message that was never sent
      const forged: BridgeMessage = {
        sequence: 77n,
        srcChainId: HOME,
        srcManager: (await b.a.manager.getAddress()) as Address,
        dstChainId: REMOTE,
        dstManager: (await b.b.manager.getAddress()) as Address,
        sender: mallory.address as Address,
        recipient: malloryB.address as Address,
        amount: 1_000_000n * E18,
      };
      await b.b.operators.getFunction("attest")(
        forged,
        ...(await operatorSignatures(b.b, forged, b.b.operatorWallets)),
      );
      expect(await balance(b.b, malloryB)).to.equal(0n);
      await expect(b.b.manager.getFunction("execute")(forged)).to.be.revertedWithCustomError(
        b.b.manager,
        "BridgeNotAttested",
      );
      expect(await b.b.token.getFunction("totalSupply")()).to.equal(0n);
    });

    it("an unset peer, verifier or zero manager is never valid (Nomad)", async () => {
      const b = bridge;
      const base: BridgeMessage = {
        sequence: 1n,
        srcChainId: 999n,
        srcManager: "0x0000000000000000000000000000000000000000",
        dstChainId: REMOTE,
        dstManager: (await b.b.manager.getAddress()) as Address,
        sender: mallory.address as Address,
        recipient: malloryB.address as Address,
        amount: 1n,
      };
      const sigs = await operatorSignatures(b.b, base);
      await expect(b.b.operators.getFunction("attest")(base, ...sigs))
        .to.be.revertedWithCustomError(b.b.manager, "BridgeUnknownPeer")
        .withArgs(999n, base.srcManager);
      const zeroManager = { ...base, srcChainId: HOME };
      await expect(b.b.operators.getFunction("attest")(zeroManager, ...(await operatorSignatures(b.b, zeroManager))))
        .to.be.revertedWithCustomError(b.b.manager, "BridgeUnknownPeer")
        .withArgs(HOME, base.srcManager);
      // a stranger is not a verifier, and the zero address cannot be configured as one
      await expect((b.b.manager.connect(malloryB) as typeof b.b.manager).getFunction("attest")(base))
        .to.be.revertedWithCustomError(b.b.manager, "BridgeUnknownVerifier")
        .withArgs(malloryB.address);
      await expect(
        b.b.manager.getFunction("setVerifiers")([chainB.ethers.ZeroAddress], 1),
      ).to.be.revertedWithCustomError(b.b.manager, "BridgeInvalidVerifierConfig");
      await expect(b.b.manager.getFunction("setPeer")(999n, chainB.ethers.ZeroAddress)).to.be.revertedWithCustomError(
        b.b.manager,
        "BridgeInvalidPeer",
      );
      await expect(b.b.manager.getFunction("setPeer")(REMOTE, malloryB.address)).to.be.revertedWithCustomError(
        b.b.manager,
        "BridgeInvalidPeer",
      );
      await expect(b.b.operators.getFunction("setConfig")([], 0)).to.be.revertedWithCustomError(
        b.b.operators,
        "OperatorsInvalidConfig",
      );
    });

    it("an unconfigured operator verifier or manager refuses every message, even one with no signatures", async () => {
      const b = bridge;
      const e = chainB.ethers;
      /** A fresh remote manager (peer and inbound limit set, so only the k-of-n check stands in the way). */
      const freshManager = async () => {
        const token = await e.deployContract("PeperBridgedToken", [ownerB.address, e.ZeroAddress]);
        const manager = await e.deployContract("BridgeManager", [token, false, ownerB.address, guardianB.address]);
        await token.getFunction("setBridge")(manager);
        await manager.getFunction("setPeer")(HOME, b.a.manager);
        await manager.getFunction("setInboundLimit")(HOME, LIMIT);
        return { token, manager };
      };
      const forged = async (manager: { getAddress(): Promise<string> }): Promise<BridgeMessage> => ({
        sequence: 1n,
        srcChainId: HOME,
        srcManager: (await b.a.manager.getAddress()) as Address,
        dstChainId: REMOTE,
        dstManager: (await manager.getAddress()) as Address,
        sender: mallory.address as Address,
        recipient: malloryB.address as Address,
        amount: 1_000n * E18,
      });

      // A verifier whose operators were never set: its threshold is 0 and its list empty.
      const one = await freshManager();
      const verifier = await e.deployContract("OperatorVerifier", [ownerB.address, one.manager]);
      await one.manager.getFunction("setVerifiers")([verifier], 1);
      expect(await verifier.getFunction("threshold")()).to.equal(0n);
      const message = await forged(one.manager);
      await expect(verifier.getFunction("attest")(message, 0n, [])).to.be.revertedWithCustomError(
        verifier,
        "OperatorsNotConfigured",
      );
      // and a zero threshold can never be configured
      await expect(
        verifier.getFunction("setConfig")(
          b.b.operatorWallets.map((w) => w.address),
          0,
        ),
      ).to.be.revertedWithCustomError(verifier, "OperatorsInvalidConfig");
      expect(await one.token.getFunction("totalSupply")()).to.equal(0n);

      // A manager whose verifiers were never set: its threshold is 0 and nobody attested.
      const two = await freshManager();
      const unattested = await forged(two.manager);
      await expect(two.manager.getFunction("execute")(unattested))
        .to.be.revertedWithCustomError(two.manager, "BridgeNotAttested")
        .withArgs(bridgeMessageDigest(unattested), 0n, 0n);
      expect(await two.token.getFunction("totalSupply")()).to.equal(0n);
    });

    it("every input to signature verification is checked (Wormhole 2022)", async () => {
      const b = bridge;
      await approveHome(b);
      const sent = await send(b.a, alice, 1n, REMOTE, aliceB.address);
      const signed = await signAttestation(b.b, sent.message);
      const [bits, sigs] = await packAttestation(b.b.operators, signed);
      const ops = b.b.operators;
      expect(bits).to.equal(0b111n);
      await expect(ops.getFunction("attest")(sent.message, 0b11n, sigs.slice(0, 2)))
        .to.be.revertedWithCustomError(ops, "OperatorsTooFewSignatures")
        .withArgs(2n, 3n);
      // the bitmap must name exactly one operator per signature, in bit order: one operator twice cannot
      // be expressed, and the same signature twice recovers to operator 0 where operator 1 is expected
      await expect(ops.getFunction("attest")(sent.message, 0b111n, [sigs[0], sigs[0], sigs[1]]))
        .to.be.revertedWithCustomError(ops, "OperatorsUnknownSigner")
        .withArgs(b.b.operatorWallets[0]!.address);
      // more set bits than signatures, or fewer
      await expect(ops.getFunction("attest")(sent.message, 0b1111n, sigs))
        .to.be.revertedWithCustomError(ops, "OperatorsInvalidSigners")
        .withArgs(0b1111n, 3n);
      await expect(ops.getFunction("attest")(sent.message, 0b11n, sigs))
        .to.be.revertedWithCustomError(ops, "OperatorsInvalidSigners")
        .withArgs(0b11n, 3n);
      // a bitmap naming other operators than the signers: operator 2's signature is checked against 3
      await expect(ops.getFunction("attest")(sent.message, 0b1011n, sigs))
        .to.be.revertedWithCustomError(ops, "OperatorsUnknownSigner")
        .withArgs(b.b.operatorWallets[2]!.address);
      // a bit beyond the five operators names nobody
      await expect(ops.getFunction("attest")(sent.message, 0b11n | (1n << 5n), sigs))
        .to.be.revertedWithCustomError(ops, "OperatorsInvalidSigners")
        .withArgs(0b100011n, 3n);
      // in another order than the bitmap's, each recovers to an operator it is not checked against
      await expect(
        ops.getFunction("attest")(sent.message, bits, [sigs[1], sigs[0], sigs[2]]),
      ).to.be.revertedWithCustomError(ops, "OperatorsUnknownSigner");
      // a high s is refused, not recovered to some address: s just above n / 2 fits the compact form
      const halfN = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
      const highS = { r: sigs[2]!.r, yParityAndS: chainB.ethers.toBeHex(halfN + 1n, 32) };
      await expect(
        ops.getFunction("attest")(sent.message, bits, [sigs[0], sigs[1], highS]),
      ).to.be.revertedWithCustomError(ops, "ECDSAInvalidSignatureS");
      // the malleable twin of a real signature (n - s, the other recovery bit) is refused too
      const sig = chainB.ethers.Signature.from(signed[2]!.signature);
      const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
      const twin = {
        r: sig.r,
        yParityAndS: chainB.ethers.toBeHex(
          (((sig.yParity === 0 ? 1n : 0n) << 255n) | (n - BigInt(sig.s))) & ((1n << 256n) - 1n),
          32,
        ),
      };
      await expect(ops.getFunction("attest")(sent.message, bits, [sigs[0], sigs[1], twin])).to.be.revert(chainB.ethers);
      // the packer refuses a high s before it is ever sent
      expect(() =>
        packSignatures(
          b.b.operatorWallets.map((w) => w.address as Address),
          [
            {
              signer: signed[2]!.signer,
              signature: chainB.ethers.concat([
                sig.r,
                chainB.ethers.toBeHex(n - BigInt(sig.s), 32),
                sig.v === 27 ? "0x1c" : "0x1b",
              ]) as Hex,
            },
          ],
        ),
      ).to.throw(/high s/);
      // a stranger's key in an operator's place
      const stranger = chainB.ethers.Wallet.createRandom();
      const [strangerSigned] = await signAttestation(b.b, sent.message, [stranger as never]);
      await expect(
        ops.getFunction("attest")(sent.message, bits, [sigs[0], sigs[1], compact(strangerSigned!.signature)]),
      )
        .to.be.revertedWithCustomError(ops, "OperatorsUnknownSigner")
        .withArgs(stranger.address);
      // the message's amount, recipient or sequence changed after signing: the signers recover differently
      for (const tampered of [
        { ...sent.message, amount: sent.message.amount + 1n },
        { ...sent.message, recipient: malloryB.address as Address },
        { ...sent.message, sequence: 2n },
      ]) {
        await expect(ops.getFunction("attest")(tampered, bits, sigs)).to.be.revertedWithCustomError(
          ops,
          "OperatorsUnknownSigner",
        );
      }
    });

    it("signatures bind the chain, the verifier and the configuration version", async () => {
      const b = bridge;
      await approveHome(b);
      const sent = await send(b.a, alice, 1n, REMOTE, aliceB.address);
      const sigs = await operatorSignatures(b.b, sent.message);
      // the same operators run the home chain's verifier: B's signatures are worthless there
      await expect(b.a.operators.getFunction("attest")(sent.message, ...sigs)).to.be.revertedWithCustomError(
        b.a.operators,
        "OperatorsUnknownSigner",
      );
      // a second manager + verifier on B with the same operators: the message names the first manager
      const owner = ownerB;
      const manager2 = await chainB.ethers.deployContract("BridgeManager", [
        b.b.token,
        false,
        owner.address,
        owner.address,
      ]);
      const ops2 = await chainB.ethers.deployContract("OperatorVerifier", [owner.address, manager2]);
      await ops2.getFunction("setConfig")(
        b.b.operatorWallets.map((w) => w.address),
        3,
      );
      await manager2.getFunction("setPeer")(HOME, b.a.manager);
      await manager2.getFunction("setVerifiers")([ops2], 1);
      await expect(ops2.getFunction("attest")(sent.message, ...sigs)).to.be.revertedWithCustomError(
        ops2,
        "OperatorsUnknownSigner",
      );
      const resigned = await operatorSignatures({ ...b.b, operators: ops2 } as unknown as Side, sent.message);
      await expect(ops2.getFunction("attest")(sent.message, ...resigned))
        .to.be.revertedWithCustomError(manager2, "BridgeWrongDestination")
        .withArgs(REMOTE, await b.b.manager.getAddress());
      // a new configuration (even of the same operators) makes older signatures worthless
      await b.b.operators.getFunction("setConfig")(
        b.b.operatorWallets.map((w) => w.address),
        3,
      );
      await expect(b.b.operators.getFunction("attest")(sent.message, ...sigs)).to.be.revertedWithCustomError(
        b.b.operators,
        "OperatorsUnknownSigner",
      );
    });

    it("a message for another chain fails, and so does a Hyperlane delivery from a stranger", async () => {
      const b = bridge;
      await approveHome(b);
      const sent = await send(b.a, alice, 1n, REMOTE, aliceB.address);
      // replay on the source chain itself
      await expect(
        b.a.operators.getFunction("attest")(sent.message, ...(await operatorSignatures(b.a, sent.message))),
      ).to.be.revertedWithCustomError(b.a.manager, "BridgeWrongDestination");
      // only the Mailbox calls handle(), and only the peer adapter's messages count
      const body = chainB.ethers.AbiCoder.defaultAbiCoder().encode(
        ["tuple(uint64,uint64,address,uint64,address,address,address,uint256)"],
        [Object.values(sent.message)],
      );
      const peer = chainB.ethers.zeroPadValue(await b.a.hyperlane.getAddress(), 32);
      await expect(b.b.hyperlane.getFunction("handle")(Number(HOME), peer, body))
        .to.be.revertedWithCustomError(b.b.hyperlane, "HyperlaneUnauthorized")
        .withArgs(ownerB.address);
      // the Mailbox refuses a delivery whose checkpoint is signed by too few validators
      const short = await hyperlaneDelivery(b.a, sent.hash, b.a.validatorWallets.slice(0, 1));
      await expect(b.b.mailbox.getFunction("process")(short.metadata, short.message)).to.be.revert(chainB.ethers);
      // and one signed by the operators instead of Hyperlane's validators
      const byOperators = await hyperlaneDelivery(b.a, sent.hash, b.a.operatorWallets.slice(0, 2));
      await expect(b.b.mailbox.getFunction("process")(byOperators.metadata, byOperators.message)).to.be.revert(
        chainB.ethers,
      );
    });

    it("a removed verifier's attestation stops counting", async () => {
      const b = await deployBridge({ threshold: 1 });
      await (b.a.token.connect(alice) as typeof b.a.token).getFunction("approve")(b.a.manager, SUPPLY);
      await b.b.manager.getFunction("pause")();
      const sent = await send(b.a, alice, 1n, REMOTE, aliceB.address);
      await b.b.operators.getFunction("attest")(sent.message, ...(await operatorSignatures(b.b, sent.message)));
      await b.b.manager.getFunction("setVerifiers")([b.b.hyperlane], 1);
      await b.b.manager.getFunction("unpause")();
      await expect(b.b.manager.getFunction("execute")(sent.message)).to.be.revertedWithCustomError(
        b.b.manager,
        "BridgeNotAttested",
      );
      // Hyperlane's delivery, recorded whatever the set, now executes it
      const { message, metadata } = await hyperlaneDelivery(b.a, sent.hash);
      await b.b.mailbox.getFunction("process")(metadata, message);
      expect(await balance(b.b, aliceB)).to.equal(1n);
    });
  });

  describe("rate limits (24 h linear refill)", () => {
    it("refuses an outbound transfer above the capacity, leaving the balance untouched", async () => {
      const b = bridge;
      await approveHome(b);
      const before = await balance(b.a, alice);
      await expect(send(b.a, alice, LIMIT + 1n, REMOTE, aliceB.address))
        .to.be.revertedWithCustomError(b.a.manager, "BridgeOutboundLimitExceeded")
        .withArgs(LIMIT + 1n, LIMIT);
      expect(await balance(b.a, alice)).to.equal(before);
    });

    it("refills linearly and traffic one way frees capacity the other way", async () => {
      const b = bridge;
      await approveHome(b);
      const sent = await send(b.a, alice, LIMIT, REMOTE, aliceB.address);
      expect(await b.a.manager.getFunction("outboundCapacity")(REMOTE)).to.equal(0n);
      await chainA.networkHelpers.time.increase(DAY / 4);
      const quarter = (await b.a.manager.getFunction("outboundCapacity")(REMOTE)) as bigint;
      expect(quarter >= LIMIT / 4n && quarter <= LIMIT / 4n + LIMIT / BigInt(DAY)).to.equal(true);
      await deliver(b.a, b.b, sent);
      expect(await b.b.manager.getFunction("inboundCapacity")(HOME)).to.equal(0n);
      expect(await b.b.manager.getFunction("outboundCapacity")(HOME)).to.equal(LIMIT);
      // B sends half back: B's inbound from A gets that half again
      await deliver(b.b, b.a, await send(b.b, aliceB, LIMIT / 2n, HOME, alice.address));
      const inbound = (await b.b.manager.getFunction("inboundCapacity")(HOME)) as bigint;
      expect(inbound >= LIMIT / 2n).to.equal(true);
    });

    it("queues an outbound transfer on request; anyone completes it after 24 h; the sender may cancel", async () => {
      const b = bridge;
      await approveHome(b);
      const fee = await b.a.manager.getFunction("quoteTransfer")(REMOTE);
      const m = b.a.manager.connect(alice) as typeof b.a.manager;
      await expect(m.getFunction("transfer")(LIMIT + 1n, REMOTE, aliceB.address, true, { value: fee })).to.emit(
        m,
        "OutboundTransferQueued",
      );
      expect(await balance(b.a, alice)).to.equal(SUPPLY - LIMIT - 1n);
      const other = b.a.manager.connect(bob) as typeof b.a.manager;
      await expect(
        other.getFunction("completeOutboundQueuedTransfer")(1n, { value: fee }),
      ).to.be.revertedWithCustomError(m, "BridgeQueueStillLocked");
      await expect(other.getFunction("cancelOutboundQueuedTransfer")(1n))
        .to.be.revertedWithCustomError(m, "BridgeNotQueueSender")
        .withArgs(bob.address);
      await chainA.networkHelpers.time.increase(DAY);
      const tx = await other.getFunction("completeOutboundQueuedTransfer")(1n, { value: fee });
      const message = await sentMessage(b.a, tx.hash);
      expect([message.amount, message.sender, message.recipient]).to.deep.equal([
        LIMIT + 1n,
        alice.address,
        aliceB.address,
      ]);
      await expect(other.getFunction("completeOutboundQueuedTransfer")(1n)).to.be.revertedWithCustomError(
        m,
        "BridgeNotQueued",
      );

      // a second one is cancelled: the tokens come back
      await m.getFunction("transfer")(LIMIT + 2n, REMOTE, aliceB.address, true);
      const before = await balance(b.a, alice);
      await m.getFunction("cancelOutboundQueuedTransfer")(2n);
      expect(await balance(b.a, alice)).to.equal(before + LIMIT + 2n);
    });

    it("queues an inbound transfer above the capacity; anyone completes it after 24 h", async () => {
      const b = bridge;
      await approveHome(b);
      await b.b.manager.getFunction("setInboundLimit")(HOME, 100n * E18);
      const sent = await send(b.a, alice, 150n * E18, REMOTE, aliceB.address);
      const digest = bridgeMessageDigest(sent.message);
      await expect(deliver(b.a, b.b, sent)).to.emit(b.b.manager, "InboundTransferQueued");
      expect(await balance(b.b, aliceB)).to.equal(0n);
      const anyone = b.b.manager.connect(bobB) as typeof b.b.manager;
      await expect(anyone.getFunction("completeInboundQueuedTransfer")(digest)).to.be.revertedWithCustomError(
        anyone,
        "BridgeQueueStillLocked",
      );
      await chainB.networkHelpers.time.increase(DAY);
      await anyone.getFunction("completeInboundQueuedTransfer")(digest);
      expect(await balance(b.b, aliceB)).to.equal(150n * E18);
      await expect(anyone.getFunction("completeInboundQueuedTransfer")(digest)).to.be.revertedWithCustomError(
        anyone,
        "BridgeNotQueued",
      );
      await expectCovered(b);
    });

    it("only the Timelock sets limits, peers and verifiers", async () => {
      const m = bridge.b.manager.connect(malloryB) as typeof bridge.b.manager;
      for (const call of [
        () => m.getFunction("setOutboundLimit")(HOME, 1n),
        () => m.getFunction("setInboundLimit")(HOME, 1n),
        () => m.getFunction("setPeer")(HOME, malloryB.address),
        () => m.getFunction("setVerifiers")([malloryB.address], 1),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(m, "OwnableUnauthorizedAccount");
      }
    });
  });

  describe("pause", () => {
    it("the guardian pauses; attestations are kept; only the Timelock unpauses; then anyone executes", async () => {
      const b = bridge;
      await approveHome(b);
      const sent = await send(b.a, alice, 5n * E18, REMOTE, aliceB.address);
      await (b.b.manager.connect(guardianB) as typeof b.b.manager).getFunction("pause")();
      await deliver(b.a, b.b, sent);
      expect(await balance(b.b, aliceB)).to.equal(0n);
      await expect(
        (b.b.manager.connect(guardianB) as typeof b.b.manager).getFunction("unpause")(),
      ).to.be.revertedWithCustomError(b.b.manager, "OwnableUnauthorizedAccount");
      await expect(b.b.manager.getFunction("execute")(sent.message)).to.be.revertedWithCustomError(
        b.b.manager,
        "EnforcedPause",
      );
      await b.b.manager.getFunction("unpause")();
      await (b.b.manager.connect(bobB) as typeof b.b.manager).getFunction("execute")(sent.message);
      expect(await balance(b.b, aliceB)).to.equal(5n * E18);
    });

    it("refused transfers leave the sender's balance untouched, each with its own error", async () => {
      const b = bridge;
      await approveHome(b);
      const before = await balance(b.a, alice);
      const m = b.a.manager.connect(alice) as typeof b.a.manager;
      const fee = await m.getFunction("quoteTransfer")(REMOTE);
      await expect(
        m.getFunction("transfer")(0n, REMOTE, aliceB.address, false, { value: fee }),
      ).to.be.revertedWithCustomError(m, "BridgeZeroAmount");
      await expect(
        m.getFunction("transfer")(1n, REMOTE, chainA.ethers.ZeroAddress, false, { value: fee }),
      ).to.be.revertedWithCustomError(m, "BridgeZeroRecipient");
      await expect(m.getFunction("transfer")(1n, 5n, aliceB.address, false, { value: fee }))
        .to.be.revertedWithCustomError(m, "BridgeUnknownPeer")
        .withArgs(5n, chainA.ethers.ZeroAddress);
      await expect(m.getFunction("transfer")(2n ** 128n, REMOTE, aliceB.address, false)).to.be.revertedWithCustomError(
        m,
        "BridgeAmountTooLarge",
      );
      if (fee > 0n) {
        await expect(
          m.getFunction("transfer")(1n, REMOTE, aliceB.address, false, { value: fee - 1n }),
        ).to.be.revertedWithCustomError(m, "BridgeInsufficientFee");
      }
      await (b.a.manager.connect(guardianA) as typeof b.a.manager).getFunction("pause")();
      await expect(
        m.getFunction("transfer")(1n, REMOTE, aliceB.address, false, { value: fee }),
      ).to.be.revertedWithCustomError(m, "EnforcedPause");
      expect(await balance(b.a, alice)).to.equal(before);
    });
  });

  describe("hostile tokens and callers", () => {
    it("a home token that takes a fee on transfer is refused (the lock must equal the amount)", async () => {
      const owner = ownerA;
      const fot = await chainA.ethers.deployContract("FeeOnTransferToken", [alice.address, 1000n * E18]);
      const m = await chainA.ethers.deployContract("BridgeManager", [fot, true, owner.address, owner.address]);
      await m.getFunction("setPeer")(REMOTE, bridge.b.manager);
      await m.getFunction("setOutboundLimit")(REMOTE, LIMIT);
      await m.getFunction("setVerifiers")([bridge.a.operators], 1);
      await (fot.connect(alice) as typeof fot).getFunction("approve")(m, 1000n * E18);
      await expect(
        (m.connect(alice) as typeof m).getFunction("transfer")(100n * E18, REMOTE, aliceB.address, false),
      ).to.be.revertedWithCustomError(m, "BridgeTransferAmountMismatch");
      expect(await fot.getFunction("balanceOf")(alice.address)).to.equal(1000n * E18);
    });

    it("a token that reenters the manager during the lock is stopped by the guard", async () => {
      const owner = ownerA;
      const evil = await chainA.ethers.deployContract("ReentrantToken", [alice.address, 1000n * E18]);
      const m = await chainA.ethers.deployContract("BridgeManager", [evil, true, owner.address, owner.address]);
      await m.getFunction("setPeer")(REMOTE, bridge.b.manager);
      await m.getFunction("setOutboundLimit")(REMOTE, LIMIT);
      await m.getFunction("setVerifiers")([bridge.a.operators], 1);
      await (evil.connect(alice) as typeof evil).getFunction("approve")(m, 1000n * E18);
      await evil.getFunction("arm")(m, m.interface.encodeFunctionData("transfer", [1n, REMOTE, alice.address, false]));
      await expect(
        (m.connect(alice) as typeof m).getFunction("transfer")(1n, REMOTE, aliceB.address, false),
      ).to.be.revertedWithCustomError(m, "ReentrancyGuardReentrantCall");
    });
  });
});

describe("Bridge with the operator verifier alone (k = 1, the local stack without a Hyperlane relayer)", () => {
  before(async () => {
    bridgeOperatorsOnly = await deployBridge({ verifiers: ["operators"], threshold: 1 });
  });

  it("executes on the operators' M-of-N attestation, and a lying minority changes nothing", async () => {
    const b = bridgeOperatorsOnly;
    await (b.a.token.connect(alice) as typeof b.a.token).getFunction("approve")(b.a.manager, SUPPLY);
    const sent = await send(b.a, alice, 7n * E18, REMOTE, aliceB.address);
    // two operators sign another amount: with the threshold at 3 the lie cannot pass, and the honest
    // signatures for the real message still do
    const lie = { ...sent.message, amount: 7_000n * E18 };
    const liars = await operatorSignatures(b.b, lie, b.b.operatorWallets.slice(0, 2));
    await expect(b.b.operators.getFunction("attest")(lie, ...liars)).to.be.revertedWithCustomError(
      b.b.operators,
      "OperatorsTooFewSignatures",
    );
    const honest = await operatorSignatures(b.b, sent.message, b.b.operatorWallets.slice(2, 5));
    const mixed = await packAttestation(b.b.operators, [
      ...(await signAttestation(b.b, lie, b.b.operatorWallets.slice(0, 2))),
      ...(await signAttestation(b.b, sent.message, b.b.operatorWallets.slice(2, 3))),
    ]);
    await expect(b.b.operators.getFunction("attest")(lie, ...mixed)).to.be.revertedWithCustomError(
      b.b.operators,
      "OperatorsUnknownSigner",
    );
    await b.b.operators.getFunction("attest")(sent.message, ...honest);
    expect(await balance(b.b, aliceB)).to.equal(7n * E18);
  });

  describe("exactly once per route and sequence (the executed bitmap)", () => {
    /** A message from `src` (chain, manager) to B's manager; the operators sign anything, the manager checks the route. */
    const forged = async (b: Bridge, sequence: bigint, amount = 1n, src?: { chainId: bigint; manager: Address }) => ({
      sequence,
      srcChainId: src?.chainId ?? HOME,
      srcManager: src?.manager ?? ((await b.a.manager.getAddress()) as Address),
      dstChainId: REMOTE,
      dstManager: (await b.b.manager.getAddress()) as Address,
      sender: alice.address as Address,
      recipient: bobB.address as Address,
      amount,
    });
    const executed = (b: Bridge, m: BridgeMessage) =>
      b.b.manager.getFunction("isExecuted")(m.srcChainId, m.srcManager, m.sequence) as Promise<boolean>;

    it("a sequence executes once; its neighbours in the same word and across a word boundary stay open", async () => {
      const b = bridgeOperatorsOnly;
      const [m255, m256, m257, m511, m512] = await Promise.all(
        [255n, 256n, 257n, 511n, 512n].map((sequence) => forged(b, sequence)),
      );
      await b.b.operators.getFunction("attest")(m256!, ...(await operatorSignatures(b.b, m256!)));
      expect(await executed(b, m256!)).to.equal(true);
      for (const m of [m255!, m257!, m511!, m512!]) expect(await executed(b, m)).to.equal(false);
      // each neighbour executes on its own, whatever the order
      for (const m of [m257!, m255!, m512!, m511!]) {
        await expect(b.b.operators.getFunction("attest")(m, ...(await operatorSignatures(b.b, m))))
          .to.emit(b.b.manager, "MessageExecuted")
          .withArgs(bridgeMessageDigest(m), HOME, m.sequence, bobB.address, 1n, false);
        expect(await executed(b, m)).to.equal(true);
      }
      expect(await balance(b.b, bobB)).to.equal(5n);
      // the same message again, by attestation or execute, and another message with the same
      // sequence on the same route (another amount): all refused, nothing minted
      const conflicting = { ...m256!, amount: 1_000n };
      for (const m of [m256!, conflicting]) {
        await expect(b.b.operators.getFunction("attest")(m, ...(await operatorSignatures(b.b, m))))
          .to.be.revertedWithCustomError(b.b.manager, "BridgeAlreadyExecuted")
          .withArgs(bridgeMessageDigest(m));
        await expect(b.b.manager.getFunction("execute")(m))
          .to.be.revertedWithCustomError(b.b.manager, "BridgeAlreadyExecuted")
          .withArgs(bridgeMessageDigest(m));
      }
      expect(await balance(b.b, bobB)).to.equal(5n);
    });

    it("a sequence executed on one route is still open on another chain or from another peer manager", async () => {
      const b = bridgeOperatorsOnly;
      const homeManager = (await b.a.manager.getAddress()) as Address;
      const onHome = await forged(b, 900n);
      await b.b.operators.getFunction("attest")(onHome, ...(await operatorSignatures(b.b, onHome)));
      // another source chain with its own peer: its sequence 900 is its own
      const otherChain = { chainId: 999n, manager: malloryB.address as Address };
      await b.b.manager.getFunction("setPeer")(otherChain.chainId, otherChain.manager);
      const fromOther = await forged(b, 900n, 1n, otherChain);
      expect(await executed(b, fromOther)).to.equal(false);
      await b.b.operators.getFunction("attest")(fromOther, ...(await operatorSignatures(b.b, fromOther)));
      expect(await executed(b, fromOther)).to.equal(true);
      // the home chain's peer replaced by a new manager (its sequences start again): its 900 is open,
      // and the old manager's messages are refused as an unknown peer
      const newManager = bobB.address as Address;
      await b.b.manager.getFunction("setPeer")(HOME, newManager);
      const fromNew = await forged(b, 900n, 1n, { chainId: HOME, manager: newManager });
      expect(await executed(b, fromNew)).to.equal(false);
      await b.b.operators.getFunction("attest")(fromNew, ...(await operatorSignatures(b.b, fromNew)));
      const stale = await forged(b, 901n);
      await expect(b.b.operators.getFunction("attest")(stale, ...(await operatorSignatures(b.b, stale))))
        .to.be.revertedWithCustomError(b.b.manager, "BridgeUnknownPeer")
        .withArgs(HOME, homeManager);
      // back to the old peer: its 900 is still executed
      await b.b.manager.getFunction("setPeer")(HOME, homeManager);
      await expect(
        b.b.operators.getFunction("attest")(onHome, ...(await operatorSignatures(b.b, onHome))),
      ).to.be.revertedWithCustomError(b.b.manager, "BridgeAlreadyExecuted");
    });

    it("signatures of the previous operator configuration are refused, even from the same keys", async () => {
      const b = bridgeOperatorsOnly;
      const m = await forged(b, 1000n);
      const old = await operatorSignatures(b.b, m);
      await b.b.operators.getFunction("setConfig")(
        b.b.operatorWallets.map((w) => w.address),
        3,
      );
      await expect(b.b.operators.getFunction("attest")(m, ...old)).to.be.revertedWithCustomError(
        b.b.operators,
        "OperatorsUnknownSigner",
      );
      expect(await executed(b, m)).to.equal(false);
      await b.b.operators.getFunction("attest")(m, ...(await operatorSignatures(b.b, m)));
      expect(await executed(b, m)).to.equal(true);
    });
  });
});
