// `npm run bench -- bridge-latency`: the local latency of a bridge transfer A → B, from the block that
// holds `transfer` on chain A to the block that executes it on chain B, over 50 transfers, with the
// real off-chain processes: three operator nodes relaying OperatorVerifier attestations (2 of 3) and
// peper-hyperlane (validators + relayer), the managers at 2 of 2 (operators AND Hyperlane). Two Hardhat
// nodes on loopback mine a block every second each; each process waits for 2 confirmations. Prints a
// table; bounded in count (50 transfers) and time (each waits at most 120 s).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { bridgeMessageDigest, type BridgeMessage } from "../../offchain/src/protocol/bridge.ts";
import { managerAbi } from "../../oracle/src/bridge/common.ts";
import {
  deployBridgePair,
  E18,
  hyperlaneConfig,
  relayingOperatorConfig,
  Processes,
  sendTransfer,
  setVerifiers,
  type BridgeSide,
} from "../../oracle/test/bridge.ts";
import { DEV_KEYS, freePort, startChain } from "../../oracle/test/chain.ts";
import { assertNode22, main, rpc } from "../lib/runtime.ts";

const TRANSFERS = 50;
const CONFIRMATIONS = 2;

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

main(async () => {
  assertNode22();
  const operatorKeys = [DEV_KEYS[1]!, DEV_KEYS[2]!, DEV_KEYS[3]!];
  const operators = operatorKeys.map((k) => privateKeyToAccount(k).address);
  const validatorKeys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
  const relayerKey = generatePrivateKey();
  const deployer = privateKeyToAccount(DEV_KEYS[0]!);
  const [chainA, chainB] = await Promise.all([
    startChain(undefined, { chainId: 31337 }),
    startChain(undefined, { chainId: 31338 }),
  ]);
  const processes = new Processes();
  const workDir = mkdtempSync(join(tmpdir(), "peper-bridge-latency-"));
  let miner: NodeJS.Timeout | undefined;
  try {
    const bridge = await deployBridgePair(
      { url: chainA.url, chainId: 31337 },
      { url: chainB.url, chainId: 31338 },
      {
        deployerKey: DEV_KEYS[0]!,
        guardian: deployer.address,
        operators,
        operatorThreshold: 2,
        validators: validatorKeys.map((k) => privateKeyToAccount(k).address),
        validatorThreshold: 2,
        holders: [{ address: deployer.address, amount: 10_000_000n * E18 }],
      },
    );
    for (const side of [bridge.a, bridge.b]) await setVerifiers(side, ["operators", "hyperlane"], 2);
    // the relayer pays for Mailbox.process
    await rpc(chainA.url, "hardhat_setBalance", [privateKeyToAccount(relayerKey).address, "0x56bc75e2d63100000"]);
    await rpc(chainB.url, "hardhat_setBalance", [privateKeyToAccount(relayerKey).address, "0x56bc75e2d63100000"]);
    miner = setInterval(() => {
      void rpc(chainA.url, "evm_mine").catch(() => {});
      void rpc(chainB.url, "evm_mine").catch(() => {});
    }, 1000);

    const urls = [chainA.url, chainB.url] as const;
    const nodePorts = [await freePort(), await freePort(), await freePort()];
    operatorKeys.forEach((key, i) => {
      const dir = join(workDir, `op${i}`);
      mkdirSync(dir, { recursive: true });
      const config = relayingOperatorConfig(bridge, operators, nodePorts, i, urls);
      writeFileSync(join(dir, "config.json"), JSON.stringify(config));
      processes.spawn(
        `operator ${i}`,
        "oracle/bin/peper-oracle.ts",
        ["--config", join(dir, "config.json")],
        {
          PEPER_ORACLE_KEY: key,
          PEPER_ORACLE_RPC_URL: chainA.url,
          PEPER_ORACLE_PORT: String(nodePorts[i]),
          PEPER_ORACLE_STATE_DIR: dir,
        },
        nodePorts[i]!,
        dir,
      );
    });
    const hyperlanePort = await freePort();
    const hyperlaneDir = join(workDir, "hyperlane");
    mkdirSync(hyperlaneDir, { recursive: true });
    writeFileSync(join(hyperlaneDir, "config.json"), JSON.stringify(hyperlaneConfig(bridge, urls)));
    processes.spawn(
      "hyperlane",
      "oracle/bin/peper-hyperlane.ts",
      ["--config", join(hyperlaneDir, "config.json")],
      {
        PEPER_HYPERLANE_VALIDATOR_KEYS: validatorKeys.join(","),
        PEPER_HYPERLANE_RELAYER_KEY: relayerKey,
        PEPER_HYPERLANE_STATE_DIR: hyperlaneDir,
        PEPER_HYPERLANE_PORT: String(hyperlanePort),
      },
      hyperlanePort,
      hyperlaneDir,
    );
    for (const port of [...nodePorts, hyperlanePort]) {
      for (let i = 0; ; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/health`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) break;
        if (i > 300)
          throw new Error(
            `a bridge process on :${port} did not start: ${processes.running.map((p) => p.output.slice(-5).join("\n")).join("\n")}`,
          );
        await new Promise((r) => setTimeout(r, 200));
      }
    }

    /** Seconds from the sending block to the block of MessageExecuted, and wall-clock milliseconds. */
    const executedAt = async (dst: BridgeSide, message: BridgeMessage, deadline: number) => {
      const digest = bridgeMessageDigest(message);
      while (Date.now() < deadline) {
        const [event] = await dst.client.getContractEvents({
          address: dst.manager,
          abi: managerAbi,
          eventName: "MessageExecuted",
          args: { digest },
          fromBlock: BigInt(dst.fromBlock),
        });
        if (event) return (await dst.client.getBlock({ blockNumber: event.blockNumber! })).timestamp;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`message ${digest} was not executed within the bound`);
    };

    const chainSeconds: number[] = [];
    const wallMs: number[] = [];
    for (let i = 0; i < TRANSFERS; i++) {
      const started = Date.now();
      const recipient = privateKeyToAccount(generatePrivateKey()).address;
      const { message, receipt } = await sendTransfer(bridge, bridge.a, bridge.b, 1n * E18 + BigInt(i), recipient);
      const sentAt = (await bridge.a.client.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
      const doneAt = await executedAt(bridge.b, message, started + 120_000);
      chainSeconds.push(Number(doneAt - sentAt));
      wallMs.push(Date.now() - started);
      process.stdout.write(i % 10 === 9 ? `${i + 1}\n` : ".");
    }
    const c = [...chainSeconds].sort((x, y) => x - y);
    const w = [...wallMs].sort((x, y) => x - y);
    console.log(
      `\nBridge latency A → B, ${TRANSFERS} transfers, 2 of 2 (operators 2-of-3 + Hyperlane 2-of-3 validators),`,
    );
    console.log(`${CONFIRMATIONS} confirmations, a block per second on each chain\n`);
    console.log("| measure | p50 | p95 | max |");
    console.log("| --- | ---: | ---: | ---: |");
    console.log(
      `| chain time, sending block → executing block (s) | ${quantile(c, 0.5)} | ${quantile(c, 0.95)} | ${c[c.length - 1]} |`,
    );
    console.log(
      `| wall clock, send → executed seen (s) | ${(quantile(w, 0.5) / 1000).toFixed(1)} | ${(quantile(w, 0.95) / 1000).toFixed(1)} | ${(w[w.length - 1]! / 1000).toFixed(1)} |`,
    );
  } finally {
    if (miner) clearInterval(miner);
    await processes.stopAll();
    await Promise.all([chainA.stop(), chainB.stop()]);
    rmSync(workDir, { recursive: true, force: true });
  }
});
