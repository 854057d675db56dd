// The bridge's off-chain processes against two real Hardhat nodes (chain A = 31337, home; chain B =
// 31338, remote) with the whole bridge deployed from the built artifacts and Hyperlane's own
// contracts (oracle/test/bridge.ts). The processes reach the chains through TCP proxies the test can
// cut. Scenarios (issue 16, items 5 and 6):
//   operator relaying (three `peper-oracle` processes, OperatorVerifier 2-of-3):
//     (e) below the threshold nothing executes; (a) A→B and B→A delivered; (b) a relayer killed
//     mid-flight and restarted: each message executed and attested exactly once; (c) chain B cut
//     mid-flight: delivered after it comes back; (d) one lying operator changes nothing;
//   (f) the Hyperlane validator + relayer process delivers, and with the managers at 2-of-2 a transfer
//     executes only once both verifiers attested;
//   (h) a message the operators attested while its destination manager was paused is executed by
//     the relayers after the unpause;
//   (g) the accountant pauses both managers when bridged PEPER is minted past the bridge;
//   cross-chain governance (issue 17): (i) a governance message from A's GovernanceSender that only
//     the operators attest is not scheduled on B's Timelock; (j) with the Hyperlane process too it is
//     scheduled (B's own delay) and anyone executes it.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";

import { createWalletClient, encodeFunctionData, http, parseAbi, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import {
  bridgeMessageDigest,
  type BridgeMessage,
  type GovernanceMessage,
} from "../../../offchain/src/protocol/bridge.ts";
import { rpc } from "../../../scripts/lib/runtime.ts";
import {
  deployBridgePair,
  E18,
  hyperlaneConfig,
  relayingOperatorConfig,
  Processes,
  sendGovernance,
  sendTransfer,
  setVerifiers,
  type BridgeDeployment,
  type BridgeSide,
  type Proc,
} from "../../test/bridge.ts";
import { ChainProxy, DEV_KEYS, freePort, startChain, type TestChain } from "../../test/chain.ts";
import { erc20Abi, governanceReceiverAbi, managerAbi, operatorVerifierAbi } from "./common.ts";

// Hardhat's well-known development keys #4 and #5 (public test keys, local chains only).
const GUARDIAN_KEY: Hex = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";
const HYPERLANE_RELAYER_KEY: Hex = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
const operatorKeys = [DEV_KEYS[1], DEV_KEYS[2], DEV_KEYS[3]] as const;
const operators = operatorKeys.map((k) => privateKeyToAccount(k).address);
const validatorKeys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
const deployer = privateKeyToAccount(DEV_KEYS[0]);
const guardian = privateKeyToAccount(GUARDIAN_KEY);

describe(
  "bridge relaying, Hyperlane delivery and the accountant (real processes, two chains)",
  { timeout: 900_000 },
  () => {
    let chainA: TestChain;
    let chainB: TestChain;
    let proxyA: ChainProxy;
    let proxyB: ChainProxy;
    let bridge: BridgeDeployment;
    let workDir: string;
    let miner: NodeJS.Timeout;
    const nodePorts: number[] = [];
    let hyperlanePort: number;
    const processes = new Processes();

    before(async () => {
      [chainA, chainB] = await Promise.all([
        startChain(undefined, { chainId: 31337 }),
        startChain(undefined, { chainId: 31338 }),
      ]);
      proxyA = new ChainProxy(await freePort(), chainA.port, "reset");
      proxyB = new ChainProxy(await freePort(), chainB.port, "reset");
      await Promise.all([proxyA.up(), proxyB.up()]);
      for (let i = 0; i < 3; i++) nodePorts.push(await freePort());
      hyperlanePort = await freePort();
      workDir = mkdtempSync(join(tmpdir(), "peper-bridge-"));
      bridge = await deployBridgePair(
        { url: chainA.url, chainId: 31337 },
        { url: chainB.url, chainId: 31338 },
        {
          deployerKey: DEV_KEYS[0],
          guardian: guardian.address,
          operators,
          operatorThreshold: 2,
          validators: validatorKeys.map((k) => privateKeyToAccount(k).address),
          validatorThreshold: 2,
          holders: [{ address: deployer.address, amount: 10_000_000n * E18 }],
        },
      );
      // Chain time and confirmations move with a block every second on each chain.
      miner = setInterval(() => {
        void rpc(chainA.url, "evm_mine").catch(() => {});
        void rpc(chainB.url, "evm_mine").catch(() => {});
      }, 1000);
    });

    afterEach(async () => {
      await processes.stopAll();
    });

    after(async () => {
      clearInterval(miner);
      await processes.stopAll();
      await Promise.all([proxyA.close(), proxyB.close()]);
      await Promise.all([chainA.stop(), chainB.stop()]);
      rmSync(workDir, { recursive: true, force: true });
    });

    const spawnProcess = (...args: Parameters<Processes["spawn"]>) => processes.spawn(...args);
    const stop = (proc: Proc, signal?: NodeJS.Signals) => processes.stop(proc, signal);
    const proxied = () => [`http://127.0.0.1:${proxyA.port}`, `http://127.0.0.1:${proxyB.port}`] as const;

    function startOperator(index: number, fault?: string, stateDir?: string): Proc {
      const dir = stateDir ?? join(workDir, `op${index}-${Date.now()}`);
      mkdirSync(dir, { recursive: true });
      const config = relayingOperatorConfig(bridge, operators, nodePorts, index, proxied());
      writeFileSync(join(dir, "config.json"), JSON.stringify(config));
      return spawnProcess(
        `operator ${index}`,
        "oracle/test/operator.ts",
        ["--config", join(dir, "config.json")],
        {
          PEPER_ORACLE_KEY: operatorKeys[index],
          PEPER_ORACLE_RPC_URL: `http://127.0.0.1:${proxyA.port}`,
          PEPER_ORACLE_PORT: String(nodePorts[index]),
          PEPER_ORACLE_STATE_DIR: dir,
          ...(fault ? { PEPER_TEST_FAULT: fault } : {}),
        },
        nodePorts[index]!,
        dir,
      );
    }

    const sides = () => ({ 31337: bridge.a, 31338: bridge.b }) as Record<number, BridgeSide>;

    /** Sends `amount` from the deployer on `src` to `recipient` on the other chain; returns the message. */
    const transfer = async (src: BridgeSide, dst: BridgeSide, amount: bigint, recipient: Address) =>
      (await sendTransfer(bridge, src, dst, amount, recipient)).message;

    const stateOf = async (message: BridgeMessage) => {
      const dst = sides()[Number(message.dstChainId)]!;
      const [attestations, executed] = await dst.client.readContract({
        address: dst.manager,
        abi: managerAbi,
        functionName: "messageState",
        args: [bridgeMessageDigest(message), message.srcChainId, message.srcManager, message.sequence],
      });
      return { attestations, executed };
    };

    async function untilExecuted(messages: readonly BridgeMessage[], seconds: number): Promise<boolean> {
      const end = Date.now() + seconds * 1000;
      while (Date.now() < end) {
        const states = await Promise.all(messages.map(stateOf));
        if (states.every((s) => s.executed)) return true;
        await new Promise((r) => setTimeout(r, 300));
      }
      return false;
    }

    const balanceOf = (side: BridgeSide, who: Address) =>
      side.client.readContract({ address: side.token, abi: erc20Abi, functionName: "balanceOf", args: [who] });

    /** Every (event) log about `message` on its destination: executions and operator attestations. */
    async function deliveries(message: BridgeMessage) {
      const dst = sides()[Number(message.dstChainId)]!;
      const digest = bridgeMessageDigest(message);
      const [executed, attested] = await Promise.all([
        dst.client.getContractEvents({
          address: dst.manager,
          abi: managerAbi,
          eventName: "MessageExecuted",
          args: { digest },
          fromBlock: 0n,
        }),
        dst.client.getContractEvents({
          address: dst.operatorVerifier,
          abi: operatorVerifierAbi,
          eventName: "OperatorsAttested",
          args: { digest },
          fromBlock: 0n,
        }),
      ]);
      return { executed, attested };
    }

    const output = (procs: readonly Proc[]) =>
      procs.map((p) => `${p.name}:\n${p.output.slice(-30).join("\n")}`).join("\n");

    /** Until every process answers GET /health (a loaded machine can take seconds to start one). */
    async function ready(procs: readonly Proc[]): Promise<void> {
      const up = await until(async () => {
        const answers = await Promise.all(
          procs.map((p) =>
            fetch(`http://127.0.0.1:${p.port}/health`)
              .then((r) => r.ok)
              .catch(() => false),
          ),
        );
        return answers.every(Boolean);
      }, 60);
      assert.ok(up, `processes did not start: ${output(procs)}`);
    }

    it("(e) below the operators' threshold nothing executes; a second operator completes it", async () => {
      const first = startOperator(0);
      await ready([first]);
      const recipient = privateKeyToAccount(generatePrivateKey()).address;
      const message = await transfer(bridge.a, bridge.b, 5n * E18, recipient);
      // it tries (and retries) with its own signature alone
      assert.ok(
        await until(async () => first.output.some((l) => l.includes("1 of 2 operator signatures")), 60),
        output([first]),
      );
      await new Promise((r) => setTimeout(r, 3000));
      assert.deepEqual(await stateOf(message), { attestations: 0n, executed: false }, output([first]));
      const second = startOperator(1);
      assert.ok(await untilExecuted([message], 60), output([first, second]));
      assert.equal(await balanceOf(bridge.b, recipient), 5n * E18);
    });

    it("(a) three operators deliver A→B and B→A", async () => {
      const ops = [startOperator(0), startOperator(1), startOperator(2)];
      const toB = await transfer(bridge.a, bridge.b, 100n * E18, deployer.address);
      assert.ok(await untilExecuted([toB], 60), output(ops));
      const recipient = privateKeyToAccount(generatePrivateKey()).address;
      const toA = await transfer(bridge.b, bridge.a, 40n * E18, recipient);
      assert.ok(await untilExecuted([toA], 60), output(ops));
      assert.equal(await balanceOf(bridge.a, recipient), 40n * E18);
      for (const m of [toB, toA]) {
        const { executed, attested } = await deliveries(m);
        assert.equal(executed.length, 1);
        assert.equal(attested.length, 1);
      }
    });

    it("(b) a relayer killed mid-flight and restarted: every message delivered exactly once", async () => {
      const ops = [startOperator(0), startOperator(1), startOperator(2)];
      const recipient = privateKeyToAccount(generatePrivateKey()).address;
      const messages: BridgeMessage[] = [];
      for (let i = 1n; i <= 4n; i++) messages.push(await transfer(bridge.a, bridge.b, i * E18, recipient));
      // Kill operator 0 once it has seen the messages (they are in flight), restart it on its state.
      const end = Date.now() + 30_000;
      while (!ops[0]!.output.some((l) => l.includes("bridge message seen")) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await stop(ops[0]!, "SIGKILL");
      await new Promise((r) => setTimeout(r, 1500));
      const restarted = startOperator(0, undefined, ops[0]!.stateDir);
      assert.ok(await untilExecuted(messages, 90), output([restarted, ops[1]!, ops[2]!]));
      await new Promise((r) => setTimeout(r, 4000)); // any late second delivery would show now
      for (const m of messages) {
        const { executed, attested } = await deliveries(m);
        assert.equal(executed.length, 1, `message ${m.sequence} executed once`);
        assert.equal(attested.length, 1, `message ${m.sequence} attested once`);
      }
      assert.equal(await balanceOf(bridge.b, recipient), 10n * E18);
      assert.ok(!restarted.output.some((l) => /StateFileError|Unhandled/.test(l)), output([restarted]));
    });

    it("(c) chain B cut mid-flight: the message is delivered once it is back", async () => {
      const ops = [startOperator(0), startOperator(1), startOperator(2)];
      await ready(ops);
      await proxyB.down();
      const recipient = privateKeyToAccount(generatePrivateKey()).address;
      const message = await transfer(bridge.a, bridge.b, 7n * E18, recipient);
      await new Promise((r) => setTimeout(r, 8000));
      assert.equal((await stateOf(message)).executed, false);
      await proxyB.up();
      assert.ok(await untilExecuted([message], 60), output(ops));
      assert.equal(await balanceOf(bridge.b, recipient), 7n * E18);
      assert.ok(
        ops.some((op) => op.output.some((l) => /bridge (relay attempt|scan) failed/.test(l))),
        "the outage was seen",
      );
      for (const op of ops) assert.equal(op.child.exitCode, null, `no node died: ${output([op])}`);
    });

    it("(d) one operator lying about the amount changes nothing", async () => {
      const ops = [startOperator(0), startOperator(1), startOperator(2, "bridge-lie")];
      await ready(ops);
      const recipient = privateKeyToAccount(generatePrivateKey()).address;
      const messages: BridgeMessage[] = [];
      // Enough messages that the liar relays first for some of them (the first relayer rotates by digest).
      for (let i = 1n; i <= 6n; i++) messages.push(await transfer(bridge.a, bridge.b, i * E18, recipient));
      assert.ok(await untilExecuted(messages, 180), output(ops));
      assert.equal(await balanceOf(bridge.b, recipient), 21n * E18, "exactly the amounts sent");
      for (const m of messages) {
        const { attested } = await deliveries(m);
        assert.equal(attested.length, 1);
        assert.equal((attested[0]!.args.signers! >> 2n) & 1n, 0n, "the liar's signature never counted");
      }
      assert.ok(
        ops.some((op) => op.output.some((l) => l.includes("discarded a signature") || l.includes("no MessageSent"))),
        "the lie was noticed",
      );
    });

    function startHyperlane(): Proc {
      const dir = join(workDir, `hyperlane-${Date.now()}`);
      mkdirSync(dir, { recursive: true });
      const config = hyperlaneConfig(bridge, proxied());
      writeFileSync(join(dir, "config.json"), JSON.stringify(config));
      return spawnProcess(
        "hyperlane",
        "oracle/bin/peper-hyperlane.ts",
        ["--config", join(dir, "config.json")],
        {
          PEPER_HYPERLANE_VALIDATOR_KEYS: validatorKeys.join(","),
          PEPER_HYPERLANE_RELAYER_KEY: HYPERLANE_RELAYER_KEY,
          PEPER_HYPERLANE_STATE_DIR: dir,
          PEPER_HYPERLANE_PORT: String(hyperlanePort),
        },
        hyperlanePort,
        dir,
      );
    }

    async function until(check: () => Promise<boolean>, seconds: number): Promise<boolean> {
      const end = Date.now() + seconds * 1000;
      while (Date.now() < end) {
        if (await check()) return true;
        await new Promise((r) => setTimeout(r, 300));
      }
      return false;
    }

    it("(f) Hyperlane's validator + relayer deliver; at 2-of-2 a transfer executes only after both", async () => {
      await setVerifiers(bridge.a, ["operators", "hyperlane"], 2);
      await setVerifiers(bridge.b, ["operators", "hyperlane"], 2);
      const hyperlane = startHyperlane();
      const recipient = deployer.address; // who sends it back afterwards
      const before = await balanceOf(bridge.b, recipient);
      const toB = await transfer(bridge.a, bridge.b, 11n * E18, recipient);
      const digest = bridgeMessageDigest(toB);
      const hyperlaneAttested = () =>
        bridge.b.client.readContract({
          address: bridge.b.manager,
          abi: managerAbi,
          functionName: "hasAttested",
          args: [digest, bridge.b.hyperlaneVerifier],
        });
      assert.ok(await until(hyperlaneAttested, 60), output([hyperlane]));
      await new Promise((r) => setTimeout(r, 2000));
      assert.deepEqual(await stateOf(toB), { attestations: 1n, executed: false }, "one verifier of two: not executed");
      assert.equal(await balanceOf(bridge.b, recipient), before);
      const ops = [startOperator(0), startOperator(1), startOperator(2)];
      assert.ok(await untilExecuted([toB], 60), output([...ops, hyperlane]));
      // the first attestation is recorded; the second executed it and is not written (nothing reads it again)
      assert.deepEqual(await stateOf(toB), { attestations: 1n, executed: true });
      assert.equal(await balanceOf(bridge.b, recipient), before + 11n * E18);
      // and back, with everything running
      const back = privateKeyToAccount(generatePrivateKey()).address;
      const toA = await transfer(bridge.b, bridge.a, 3n * E18, back);
      assert.ok(await untilExecuted([toA], 60), output([...ops, hyperlane]));
      assert.equal((await stateOf(toA)).attestations, 1n);
      assert.equal(await balanceOf(bridge.a, back), 3n * E18);
      // the relayer counts a delivery once its process transaction has a receipt: when that transaction
      // is the one that executed the message, the manager can show it executed a moment before
      let health = { delivered: 0, signedCheckpoints: 0 };
      await until(async () => {
        health = (await (await fetch(`http://127.0.0.1:${hyperlanePort}/health`)).json()) as typeof health;
        return health.delivered >= 2;
      }, 30);
      assert.equal(health.delivered, 2);
      assert.equal(health.signedCheckpoints, 2);
    });
    it("(h) a message attested while its destination was paused executes after the unpause", async () => {
      for (const side of [bridge.a, bridge.b]) await setVerifiers(side, ["operators"], 1);
      const pauseAbi = parseAbi(["function pause()", "function unpause()"]);
      const call = async (side: BridgeSide, key: Hex, functionName: "pause" | "unpause") => {
        const wallet = createWalletClient({ account: privateKeyToAccount(key), transport: http(side.url) });
        const hash = await wallet.writeContract({ address: side.manager, abi: pauseAbi, functionName, chain: null });
        assert.equal((await side.client.waitForTransactionReceipt({ hash })).status, "success");
      };
      await call(bridge.b, GUARDIAN_KEY, "pause");
      const ops = [startOperator(0), startOperator(1), startOperator(2)];
      await ready(ops);
      const recipient = privateKeyToAccount(generatePrivateKey()).address;
      const message = await transfer(bridge.a, bridge.b, 2n * E18, recipient);
      const attested = () =>
        bridge.b.client.readContract({
          address: bridge.b.manager,
          abi: managerAbi,
          functionName: "hasAttested",
          args: [bridgeMessageDigest(message), bridge.b.operatorVerifier],
        });
      assert.ok(await until(attested, 60), output(ops));
      await new Promise((r) => setTimeout(r, 2000));
      assert.deepEqual(
        await stateOf(message),
        { attestations: 1n, executed: false },
        "recorded, not executed, while paused",
      );
      await call(bridge.b, DEV_KEYS[0], "unpause"); // the owner (the Timelock on a real deployment)
      assert.ok(await untilExecuted([message], 60), output(ops));
      assert.equal(await balanceOf(bridge.b, recipient), 2n * E18);
    });

    it("(g) the accountant pauses both managers when bridged PEPER is minted past the bridge", async () => {
      const dir = join(workDir, `accountant-${Date.now()}`);
      mkdirSync(dir, { recursive: true });
      const config = {
        home: {
          chainId: 31337,
          rpcUrl: `http://127.0.0.1:${proxyA.port}`,
          manager: bridge.a.manager,
          fromBlock: bridge.a.fromBlock,
        },
        remotes: [
          {
            chainId: 31338,
            rpcUrl: `http://127.0.0.1:${proxyB.port}`,
            manager: bridge.b.manager,
            fromBlock: bridge.b.fromBlock,
          },
        ],
        confirmChecks: 2,
        pollMs: 300,
        maxLogRange: 50,
      };
      writeFileSync(join(dir, "config.json"), JSON.stringify(config));
      const accountantPort = await freePort();
      const accountant = spawnProcess(
        "accountant",
        "oracle/bin/peper-accountant.ts",
        ["--config", join(dir, "config.json")],
        { PEPER_ACCOUNTANT_GUARDIAN_KEY: GUARDIAN_KEY, PEPER_ACCOUNTANT_PORT: String(accountantPort) },
        accountantPort,
        dir,
      );
      assert.ok(
        await until(async () => accountant.output.some((l) => l.startsWith("bridge ok: locked")), 60),
        output([accountant]),
      );
      const paused = (side: BridgeSide) =>
        side.client.readContract({ address: side.manager, abi: managerAbi, functionName: "paused" });
      assert.equal(await paused(bridge.a), false);
      // A path that skips the bridge: bridged PEPER minted by someone who is (pretends to be) the manager.
      const attacker = privateKeyToAccount(generatePrivateKey()).address;
      await rpc(chainB.url, "hardhat_impersonateAccount", [bridge.b.manager]);
      await rpc(chainB.url, "hardhat_setBalance", [bridge.b.manager, "0xde0b6b3a7640000"]);
      const hash = await rpc<Hex>(chainB.url, "eth_sendTransaction", [
        {
          from: bridge.b.manager,
          to: bridge.b.token,
          data: encodeFunctionData({ abi: erc20Abi, functionName: "mint", args: [attacker, 1_000_000n * E18] }),
        },
      ]);
      await rpc(chainB.url, "hardhat_stopImpersonatingAccount", [bridge.b.manager]);
      assert.equal((await bridge.b.client.waitForTransactionReceipt({ hash })).status, "success");
      assert.ok(
        await until(async () => (await paused(bridge.a)) && (await paused(bridge.b)), 60),
        `both managers paused: ${output([accountant])}`,
      );
      assert.ok(
        accountant.output.some((l) => l.startsWith("bridge DISCREPANCY: locked")),
        output([accountant]),
      );
      const health = (await (await fetch(`http://127.0.0.1:${accountantPort}/health`)).json()) as {
        ok: boolean;
        paused: boolean;
      };
      assert.ok(
        await until(async () => {
          const h = (await (await fetch(`http://127.0.0.1:${accountantPort}/health`)).json()) as {
            ok: boolean;
            paused: boolean;
          };
          return !h.ok && h.paused;
        }, 20),
        JSON.stringify(health),
      );
    });

    // Cross-chain governance (issue 17): a message from A's GovernanceSender is scheduled on B's
    // Timelock only once both verifiers attested it. These come last: the first leaves a Hyperlane
    // dispatch undelivered, which any later Hyperlane process would deliver.
    const b = () => bridge.b;
    const governanceState = async (digest: Hex, message: GovernanceMessage) => {
      const [attestations, scheduled] = await b().client.readContract({
        address: b().governanceReceiver!,
        abi: governanceReceiverAbi,
        functionName: "messageState",
        args: [digest, message.srcChainId, message.srcSender, message.nonce],
      });
      return { attestations, scheduled };
    };
    const timelockAbi = parseAbi([
      "function updateDelay(uint256 newDelay)",
      "function getMinDelay() view returns (uint256)",
      "function getTimestamp(bytes32 id) view returns (uint256)",
      "function isOperationDone(bytes32 id) view returns (bool)",
      "function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt) payable",
    ]);
    /** A call for B's Timelock with an effect easy to read: its own delay. */
    const setDelay = (seconds: bigint) => ({
      target: b().timelock!,
      data: encodeFunctionData({ abi: timelockAbi, functionName: "updateDelay", args: [seconds] }),
    });
    const operationOf = (message: GovernanceMessage) =>
      b().client.readContract({
        address: b().governanceReceiver!,
        abi: governanceReceiverAbi,
        functionName: "operationId",
        args: [message],
      });

    it("(i) a governance message only the operators attest is not scheduled on B's Timelock", async () => {
      const ops = [startOperator(0), startOperator(1), startOperator(2)];
      const { message, digest } = await sendGovernance(bridge, [setDelay(6n)]);
      const operatorsAttested = () =>
        b().client.readContract({
          address: b().governanceReceiver!,
          abi: governanceReceiverAbi,
          functionName: "hasAttested",
          args: [digest, b().operatorVerifier],
        });
      assert.ok(await until(operatorsAttested, 60), output(ops));
      await new Promise((r) => setTimeout(r, 3000)); // a late second attestation would show now
      assert.deepEqual(await governanceState(digest, message), { attestations: 1n, scheduled: false });
      const timestamp = await b().client.readContract({
        address: b().timelock!,
        abi: timelockAbi,
        functionName: "getTimestamp",
        args: [await operationOf(message)],
      });
      assert.equal(timestamp, 0n, "nothing is scheduled on B's Timelock with one verifier of two");
      assert.ok(
        ops.some((op) => op.output.some((l) => l.includes("governance message attested"))),
        output(ops),
      );
    });

    it("(j) a governance message sent on A is scheduled on B's Timelock through both verifiers, then executed", async () => {
      const ops = [startOperator(0), startOperator(1), startOperator(2)];
      const hyperlane = startHyperlane();
      const { message, digest } = await sendGovernance(bridge, [setDelay(7n)]);
      assert.ok(
        await until(async () => (await governanceState(digest, message)).scheduled, 90),
        output([...ops, hyperlane]),
      );
      // the first attestation is recorded; the second scheduled it and is not written
      assert.deepEqual(await governanceState(digest, message), { attestations: 1n, scheduled: true });
      const [scheduled] = await b().client.getContractEvents({
        address: b().governanceReceiver!,
        abi: governanceReceiverAbi,
        eventName: "GovernanceMessageScheduled",
        args: { digest },
        fromBlock: 0n,
      });
      const id = await operationOf(message);
      assert.equal(scheduled!.args.operationId, id);
      // B's own delay (5 s) applies; the chains mine a block a second, then anyone executes
      const ready = await until(async () => {
        const block = await b().client.getBlock({ blockTag: "latest" });
        return block.timestamp >= scheduled!.args.readyAt!;
      }, 60);
      assert.ok(ready);
      const anyone = createWalletClient({ account: guardian, transport: http(chainB.url) });
      const hash = await anyone.writeContract({
        address: b().timelock!,
        abi: timelockAbi,
        functionName: "executeBatch",
        args: [message.targets, message.values, message.calldatas, `0x${"00".repeat(32)}`, digest],
        chain: null,
      });
      assert.equal((await b().client.waitForTransactionReceipt({ hash })).status, "success");
      assert.equal(
        await b().client.readContract({
          address: b().timelock!,
          abi: timelockAbi,
          functionName: "isOperationDone",
          args: [id],
        }),
        true,
      );
      assert.equal(
        await b().client.readContract({ address: b().timelock!, abi: timelockAbi, functionName: "getMinDelay" }),
        7n,
      );
      // the earlier message (i), attested by the operators only, got Hyperlane's attestation too now
    });
  },
);
