// Cross-chain governance: the home chain's Timelock sends a batch of calls through the bridge's
// verifiers (operators AND Hyperlane, 2 of 2), the remote GovernanceReceiver schedules it on the remote
// Timelock, which runs it after its own delay. Nothing else can schedule there.
import { expect } from "chai";
import type { Contract } from "ethers";
import type { Address, Hex } from "viem";

import {
  ATTESTATION_TYPES,
  type GovernanceMessage,
  governanceMessageDigest,
  operatorDomain,
} from "../../../offchain/src/protocol/bridge.ts";
import {
  type Bridge,
  chainA,
  chainB,
  deployBridge,
  HOME,
  hyperlaneDelivery,
  packAttestation,
  type PackedAttestation,
  REMOTE,
} from "./bridgeFixture.ts";

const accountsA = await chainA.ethers.getSigners();
const accountsB = await chainB.ethers.getSigners();

const HOME_DELAY = 60;
const REMOTE_DELAY = 3600;
const ZERO_SALT = `0x${"0".repeat(64)}`;

const need = <T>(x: T | undefined): T => {
  if (x === undefined) throw new Error("the test chain has too few accounts");
  return x;
};
const ownerA = need(accountsA[0]);
const strangerA = need(accountsA[4]);
const ownerB = need(accountsB[0]);
const strangerB = need(accountsB[4]);
const guardianB = need(accountsB[5]);

interface Gov {
  b: Bridge;
  timelockA: Contract;
  timelockB: Contract;
  sender: Contract;
  receiver: Contract;
}

/** Runs a call through the home Timelock (schedule, wait, execute) as a passed proposal would. */
async function viaHomeTimelock(g: Gov, target: Contract, data: string, value = 0n) {
  const t = g.timelockA;
  const salt = chainA.ethers.id(`op-${Math.random()}`);
  await t.getFunction("schedule")(target, value, data, ZERO_SALT, salt, HOME_DELAY);
  await chainA.networkHelpers.time.increase(HOME_DELAY);
  return t.getFunction("execute")(target, value, data, ZERO_SALT, salt, { value });
}

async function deployGovernance(): Promise<Gov> {
  const b = await deployBridge();
  const zero = chainA.ethers.ZeroAddress;
  const timelockA = await chainA.ethers.deployContract("PeperTimelock", [
    HOME_DELAY,
    [ownerA.address],
    [zero],
    ownerA.address,
  ]);
  const sender = await chainA.ethers.deployContract("GovernanceSender", [timelockA]);
  const timelockB = await chainB.ethers.deployContract("PeperTimelock", [REMOTE_DELAY, [], [zero], ownerB.address]);
  const receiver = await chainB.ethers.deployContract("GovernanceReceiver", [
    ownerB.address,
    guardianB.address,
    timelockB,
    HOME,
    sender,
  ]);
  await timelockB.getFunction("grantRole")(await timelockB.getFunction("PROPOSER_ROLE")(), receiver);
  // the remote manager now belongs to the remote Timelock: only governance from home changes it
  await b.b.manager.getFunction("transferOwnership")(timelockB);
  await receiver.getFunction("setVerifiers")([b.b.operators, b.b.hyperlane], 2);
  await receiver.getFunction("transferOwnership")(timelockB);
  await timelockB.getFunction("renounceRole")(await timelockB.getFunction("DEFAULT_ADMIN_ROLE")(), ownerB.address);
  for (const v of [b.b.operators, b.b.hyperlane]) await v.getFunction("setGovernanceEndpoints")(zero, receiver);
  for (const v of [b.a.operators, b.a.hyperlane]) await v.getFunction("setGovernanceEndpoints")(sender, zero);
  const g = { b, timelockA, timelockB, sender, receiver } as unknown as Gov;
  await viaHomeTimelock(
    g,
    g.sender,
    sender.interface.encodeFunctionData("setReceiver", [REMOTE, await receiver.getAddress()]),
  );
  await viaHomeTimelock(
    g,
    g.sender,
    sender.interface.encodeFunctionData("setVerifiers", [
      [await b.a.operators.getAddress(), await b.a.hyperlane.getAddress()],
    ]),
  );
  return g;
}

/** The home DAO sends `calls` to the remote chain; returns the tx hash and the message. */
async function sendFromHome(g: Gov, calls: { target: string; data: string; value?: bigint }[]) {
  const targets = calls.map((c) => c.target);
  const values = calls.map((c) => c.value ?? 0n);
  const datas = calls.map((c) => c.data);
  const fee = (await g.sender.getFunction("quoteSend")(REMOTE, targets, values, datas)) as bigint;
  const data = g.sender.interface.encodeFunctionData("send", [REMOTE, targets, values, datas]);
  const tx = await viaHomeTimelock(g, g.sender, data, fee);
  const receipt = await tx.wait();
  for (const log of receipt!.logs) {
    const parsed = log.address === (await g.sender.getAddress()) ? g.sender.interface.parseLog(log) : null;
    if (parsed?.name === "GovernanceMessageSent") {
      const m = parsed.args.message;
      const message: GovernanceMessage = {
        nonce: m.nonce,
        srcChainId: m.srcChainId,
        srcSender: m.srcSender,
        dstChainId: m.dstChainId,
        dstReceiver: m.dstReceiver,
        // by position: an ethers Result's `values` is a method, not the field
        targets: [...m[5]] as Address[],
        values: [...m[6]] as bigint[],
        calldatas: [...m[7]] as Hex[],
      };
      return { hash: tx.hash as string, message };
    }
  }
  throw new Error("no GovernanceMessageSent");
}

/** The operators' packed signatures of a governance message: spread them into `attestGovernance`. */
async function operatorGovernanceSigs(
  g: Gov,
  message: GovernanceMessage,
  signers = g.b.b.operatorWallets.slice(0, 3),
): Promise<PackedAttestation> {
  const ops = g.b.b.operators;
  const domain = operatorDomain(REMOTE, (await ops.getAddress()) as Address);
  const value = {
    messageDigest: governanceMessageDigest(message),
    configVersion: await ops.getFunction("configVersion")(),
  };
  const types = { Attestation: ATTESTATION_TYPES.Attestation.map((f) => ({ ...f })) };
  const signed = await Promise.all(
    signers.map(async (w) => ({
      signer: w.address as Address,
      signature: (await w.signTypedData(domain, types, value)) as Hex,
    })),
  );
  return packAttestation(ops, signed);
}

const tuple = (m: GovernanceMessage) => [
  m.nonce,
  m.srcChainId,
  m.srcSender,
  m.dstChainId,
  m.dstReceiver,
  m.targets,
  m.values,
  m.calldatas,
];

let g: Gov;
let snapshots: { restore(): Promise<void> }[] = [];

describe("Cross-chain governance (home Timelock → remote Timelock, 2 of 2)", () => {
  before(async () => {
    g = await deployGovernance();
    snapshots = [await chainA.networkHelpers.takeSnapshot(), await chainB.networkHelpers.takeSnapshot()];
  });
  beforeEach(async () => {
    for (const s of snapshots) await s.restore();
  });

  it("a passed proposal on A changes a parameter on B, after B's own Timelock delay", async () => {
    const limit = 123_456n * 10n ** 18n;
    const data = g.b.b.manager.interface.encodeFunctionData("setOutboundLimit", [HOME, limit]);
    const sent = await sendFromHome(g, [{ target: await g.b.b.manager.getAddress(), data }]);
    const digest = governanceMessageDigest(sent.message);
    expect(await g.receiver.getFunction("messageDigest")(tuple(sent.message))).to.equal(digest);

    // operators alone: recorded, nothing scheduled
    await g.b.b.operators.getFunction("attestGovernance")(
      tuple(sent.message),
      ...(await operatorGovernanceSigs(g, sent.message)),
    );
    const state = (m: GovernanceMessage, d: Hex) =>
      g.receiver.getFunction("messageState")(d, m.srcChainId, m.srcSender, m.nonce) as Promise<[bigint, boolean]>;
    expect(await state(sent.message, digest)).to.deep.equal([1n, false]);

    // Hyperlane's delivery completes 2 of 2: scheduled on B's Timelock with B's delay
    const { message, metadata } = await hyperlaneDelivery(g.b.a, sent.hash);
    await expect(g.b.b.mailbox.getFunction("process")(metadata, message)).to.emit(
      g.receiver,
      "GovernanceMessageScheduled",
    );
    const id = await g.receiver.getFunction("operationId")(tuple(sent.message));
    expect(await g.timelockB.getFunction("isOperationPending")(id)).to.equal(true);

    const execute = () =>
      (g.timelockB.connect(strangerB) as Contract).getFunction("executeBatch")(
        sent.message.targets,
        sent.message.values,
        sent.message.calldatas,
        ZERO_SALT,
        digest,
      );
    await expect(execute()).to.be.revertedWithCustomError(g.timelockB, "TimelockUnexpectedOperationState");
    await chainB.networkHelpers.time.increase(REMOTE_DELAY);
    await execute(); // anyone, once ready
    expect((await g.b.b.manager.getFunction("outboundRateLimit")(HOME)).limit).to.equal(limit);
  });

  it("only the home Timelock sends, and only the receiver proposes on B's Timelock", async () => {
    await expect(
      (g.sender.connect(strangerA) as Contract).getFunction("send")(REMOTE, [strangerA.address], [0n], ["0x"]),
    ).to.be.revertedWithCustomError(g.sender, "OwnableUnauthorizedAccount");
    await expect(
      (g.timelockB.connect(strangerB) as Contract).getFunction("schedule")(
        strangerB.address,
        0n,
        "0x",
        ZERO_SALT,
        ZERO_SALT,
        REMOTE_DELAY,
      ),
    ).to.be.revertedWithCustomError(g.timelockB, "AccessControlUnauthorizedAccount");
    // B's manager answers only to B's Timelock now
    await expect(g.b.b.manager.getFunction("setOutboundLimit")(HOME, 1n)).to.be.revertedWithCustomError(
      g.b.b.manager,
      "OwnableUnauthorizedAccount",
    );
  });

  it("a paused receiver records attestations and schedules nothing, except the home DAO's message to unpause it", async () => {
    const manager = await g.b.b.manager.getAddress();
    const receiverAddress = await g.receiver.getAddress();
    const asGuardian = g.receiver.connect(guardianB) as Contract;
    await expect((g.receiver.connect(strangerB) as Contract).getFunction("pause")()).to.be.revertedWithCustomError(
      g.receiver,
      "GuardianUnauthorized",
    );
    await asGuardian.getFunction("pause")();
    // a change for B's manager, fully attested (2 of 2) while paused: recorded, not scheduled
    const limit = 77n * 10n ** 18n;
    const data = g.b.b.manager.interface.encodeFunctionData("setOutboundLimit", [HOME, limit]);
    const held = await sendFromHome(g, [{ target: manager, data }]);
    const heldDigest = governanceMessageDigest(held.message);
    await g.b.b.operators.getFunction("attestGovernance")(
      tuple(held.message),
      ...(await operatorGovernanceSigs(g, held.message)),
    );
    const delivery = await hyperlaneDelivery(g.b.a, held.hash);
    await expect(g.b.b.mailbox.getFunction("process")(delivery.metadata, delivery.message)).not.to.emit(
      g.receiver,
      "GovernanceMessageScheduled",
    );
    expect(
      await g.receiver.getFunction("messageState")(heldDigest, HOME, held.message.srcSender, held.message.nonce),
    ).to.deep.equal([2n, false]);
    const heldId = await g.receiver.getFunction("operationId")(tuple(held.message));
    expect(await g.timelockB.getFunction("isOperation")(heldId)).to.equal(false);
    await expect(g.receiver.getFunction("execute")(tuple(held.message))).to.be.revertedWithCustomError(
      g.receiver,
      "EnforcedPause",
    );
    // the guardian cannot unpause: only the owner, B's Timelock, fed by the receiver itself
    await expect(asGuardian.getFunction("unpause")()).to.be.revertedWithCustomError(
      g.receiver,
      "OwnableUnauthorizedAccount",
    );
    // so a message whose every call is to the receiver is scheduled even while paused (anyone executes it)
    const unpauseData = g.receiver.interface.encodeFunctionData("unpause");
    const unpause = await sendFromHome(g, [{ target: receiverAddress, data: unpauseData }]);
    await g.b.b.operators.getFunction("attestGovernance")(
      tuple(unpause.message),
      ...(await operatorGovernanceSigs(g, unpause.message)),
    );
    const second = await hyperlaneDelivery(g.b.a, unpause.hash);
    await g.b.b.mailbox.getFunction("process")(second.metadata, second.message);
    await expect((g.receiver.connect(strangerB) as Contract).getFunction("execute")(tuple(unpause.message))).to.emit(
      g.receiver,
      "GovernanceMessageScheduled",
    );
    await chainB.networkHelpers.time.increase(REMOTE_DELAY);
    const run = (m: GovernanceMessage) =>
      (g.timelockB.connect(strangerB) as Contract).getFunction("executeBatch")(
        m.targets,
        m.values,
        m.calldatas,
        ZERO_SALT,
        governanceMessageDigest(m),
      );
    await run(unpause.message);
    expect(await g.receiver.getFunction("paused")()).to.equal(false);
    // the held change: anyone schedules it now, and it runs after B's delay like any other
    await expect((g.receiver.connect(strangerB) as Contract).getFunction("execute")(tuple(held.message))).to.emit(
      g.receiver,
      "GovernanceMessageScheduled",
    );
    await chainB.networkHelpers.time.increase(REMOTE_DELAY);
    await run(held.message);
    expect((await g.b.b.manager.getFunction("outboundRateLimit")(HOME)).limit).to.equal(limit);
  });

  it("a message from another sender or chain is refused, even signed by every operator", async () => {
    const forged: GovernanceMessage = {
      nonce: 1n,
      srcChainId: HOME,
      srcSender: strangerA.address as Address,
      dstChainId: REMOTE,
      dstReceiver: (await g.receiver.getAddress()) as Address,
      targets: [(await g.b.b.manager.getAddress()) as Address],
      values: [0n],
      calldatas: [g.b.b.manager.interface.encodeFunctionData("setInboundLimit", [HOME, 0n]) as Hex],
    };
    const all = g.b.b.operatorWallets;
    await expect(
      g.b.b.operators.getFunction("attestGovernance")(tuple(forged), ...(await operatorGovernanceSigs(g, forged, all))),
    )
      .to.be.revertedWithCustomError(g.receiver, "GovernanceUnknownSource")
      .withArgs(HOME, strangerA.address);
    const otherChain = { ...forged, srcSender: (await g.sender.getAddress()) as Address, srcChainId: 999n };
    await expect(
      g.b.b.operators.getFunction("attestGovernance")(
        tuple(otherChain),
        ...(await operatorGovernanceSigs(g, otherChain, all)),
      ),
    ).to.be.revertedWithCustomError(g.receiver, "GovernanceUnknownSource");
    // the genuine sender but never sent: every operator key still schedules nothing (1 of 2)
    const unsent = { ...forged, srcSender: (await g.sender.getAddress()) as Address };
    await g.b.b.operators.getFunction("attestGovernance")(
      tuple(unsent),
      ...(await operatorGovernanceSigs(g, unsent, all)),
    );
    await expect(g.receiver.getFunction("execute")(tuple(unsent))).to.be.revertedWithCustomError(
      g.receiver,
      "BridgeNotAttested",
    );
  });

  it("a receiver whose verifiers were never set schedules nothing, not even a message nobody attested", async () => {
    const e = chainB.ethers;
    const timelock = await e.deployContract("PeperTimelock", [REMOTE_DELAY, [], [e.ZeroAddress], ownerB.address]);
    const receiver = (await e.deployContract("GovernanceReceiver", [
      ownerB.address,
      guardianB.address,
      timelock,
      HOME,
      g.sender,
    ])) as unknown as Contract;
    await timelock.getFunction("grantRole")(await timelock.getFunction("PROPOSER_ROLE")(), receiver);
    expect(await receiver.getFunction("threshold")()).to.equal(0n);
    const unattested: GovernanceMessage = {
      nonce: 1n,
      srcChainId: HOME,
      srcSender: (await g.sender.getAddress()) as Address,
      dstChainId: REMOTE,
      dstReceiver: (await receiver.getAddress()) as Address,
      targets: [(await timelock.getAddress()) as Address],
      values: [0n],
      calldatas: [
        timelock.interface.encodeFunctionData("grantRole", [
          await timelock.getFunction("PROPOSER_ROLE")(),
          strangerB.address,
        ]) as Hex,
      ],
    };
    await expect((receiver.connect(strangerB) as Contract).getFunction("execute")(tuple(unattested)))
      .to.be.revertedWithCustomError(receiver, "BridgeNotAttested")
      .withArgs(governanceMessageDigest(unattested), 0n, 0n);
    const id = await receiver.getFunction("operationId")(tuple(unattested));
    expect(await timelock.getFunction("isOperation")(id)).to.equal(false);
  });

  it("a scheduled message runs once; the same batch sent again is a new message; strangers cannot attest", async () => {
    const data = g.b.b.manager.interface.encodeFunctionData("setOutboundLimit", [HOME, 7n]);
    const sent = await sendFromHome(g, [{ target: await g.b.b.manager.getAddress(), data }]);
    const sigs = await operatorGovernanceSigs(g, sent.message);
    await g.b.b.operators.getFunction("attestGovernance")(tuple(sent.message), ...sigs);
    const { message, metadata } = await hyperlaneDelivery(g.b.a, sent.hash);
    await g.b.b.mailbox.getFunction("process")(metadata, message);
    const digest = governanceMessageDigest(sent.message);
    await expect(g.b.b.operators.getFunction("attestGovernance")(tuple(sent.message), ...sigs))
      .to.be.revertedWithCustomError(g.receiver, "BridgeAlreadyExecuted")
      .withArgs(digest);
    await expect(g.receiver.getFunction("execute")(tuple(sent.message)))
      .to.be.revertedWithCustomError(g.receiver, "BridgeAlreadyExecuted")
      .withArgs(digest);
    // the same batch sent again is a new message (new nonce, new digest, new Timelock operation)
    const again = await sendFromHome(g, [{ target: await g.b.b.manager.getAddress(), data }]);
    expect(again.message.nonce).to.equal(2n);
    expect(governanceMessageDigest(again.message)).to.not.equal(digest);
    // a verifier other than the receiver's cannot attest, and the manager is not a governance receiver
    await expect((g.receiver.connect(strangerB) as Contract).getFunction("attest")(tuple(again.message)))
      .to.be.revertedWithCustomError(g.receiver, "BridgeUnknownVerifier")
      .withArgs(strangerB.address);
  });

  it("a malformed batch is refused at both ends, with nothing scheduled", async () => {
    // the sender refuses an empty batch and arrays of different lengths (through the home Timelock)
    const t = g.timelockA;
    for (const [i, args] of [
      [REMOTE, [], [], []],
      [REMOTE, [strangerA.address], [0n, 1n], ["0x"]],
    ].entries()) {
      const data = g.sender.interface.encodeFunctionData("send", args);
      const salt = chainA.ethers.id(`bad-${i}`);
      await t.getFunction("schedule")(g.sender, 0n, data, ZERO_SALT, salt, HOME_DELAY);
      await chainA.networkHelpers.time.increase(HOME_DELAY);
      await expect(t.getFunction("execute")(g.sender, 0n, data, ZERO_SALT, salt)).to.be.revertedWithCustomError(
        g.sender,
        "GovernanceInvalidBatch",
      );
    }
    await expect(
      viaHomeTimelock(
        g,
        g.sender,
        g.sender.interface.encodeFunctionData("send", [999n, [strangerA.address], [0n], ["0x"]]),
      ),
    ).to.be.revertedWithCustomError(g.sender, "GovernanceUnknownChain");
    // the receiver refuses a message whose arrays differ, even signed by every operator
    const bad: GovernanceMessage = {
      nonce: 1n,
      srcChainId: HOME,
      srcSender: (await g.sender.getAddress()) as Address,
      dstChainId: REMOTE,
      dstReceiver: (await g.receiver.getAddress()) as Address,
      targets: [(await g.b.b.manager.getAddress()) as Address],
      values: [0n, 0n],
      calldatas: ["0x"],
    };
    await expect(
      g.b.b.operators.getFunction("attestGovernance")(
        tuple(bad),
        ...(await operatorGovernanceSigs(g, bad, g.b.b.operatorWallets)),
      ),
    ).to.be.revertedWithCustomError(g.receiver, "GovernanceInvalidMessage");
    expect(
      await g.receiver.getFunction("messageState")(
        governanceMessageDigest(bad),
        bad.srcChainId,
        bad.srcSender,
        bad.nonce,
      ),
    ).to.deep.equal([0n, false]);
  });

  it("the receiver's verifiers change only through B's Timelock (so only by the home DAO)", async () => {
    await expect(g.receiver.getFunction("setVerifiers")([strangerB.address], 1)).to.be.revertedWithCustomError(
      g.receiver,
      "OwnableUnauthorizedAccount",
    );
    expect(await g.receiver.getFunction("owner")()).to.equal(await g.timelockB.getAddress());
  });
});
