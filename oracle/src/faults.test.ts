// Fault tests with real operator processes on loopback: a Hardhat node of our own, an OracleHub with
// the portfolio feed, three `peper-oracle` processes (threshold 2) reaching the chain through a TCP
// proxy the test can cut. Each scenario checks what the issue asks:
//   - one operator reports a wrong value → every accepted report is the honest one;
//   - the leader dies after collecting signatures → the next leader submits that round;
//   - the RPC endpoint is down for ten seconds → the nodes recover by themselves;
//   - a node is killed mid-round and restarted → no round twice, its signing record survives.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";

import {
  createPublicClient,
  createWalletClient,
  decodeFunctionData,
  http,
  parseAbi,
  parseAbiItem,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { feedId } from "../../offchain/src/protocol/feeds.ts";
import { ROOT, rpc } from "../../scripts/lib/runtime.ts";
import {
  artifact,
  ChainProxy,
  DEV_KEYS,
  TEST_MARKETS as markets,
  freePort,
  startChain,
  type TestChain,
} from "../test/chain.ts";
import type { OperatorActivity } from "./activity.ts";
import { observePortfolio } from "./engines.ts";
import { roundAt } from "./leader.ts";
import { hubAbi as nodeHubAbi } from "./node.ts";

const INTERVAL = 6; // seconds of chain time per round
const LEADER_TIMEOUT = 2; // three attempts per round, one per operator
const PORTFOLIO = feedId("portfolio");
const settings = { riskTolerance: 0.3, lookbackDays: 250, maxWeight: 1 };
const operatorKeys = [DEV_KEYS[1], DEV_KEYS[2], DEV_KEYS[3]] as const;
const operators = operatorKeys.map((k) => privateKeyToAccount(k).address);
const hubAbi = [
  ...nodeHubAbi,
  ...parseAbi([
    "function setConfig(address[] operators, uint8 threshold)",
    "function setFeed(bytes32 feedId, address feed)",
  ]),
] as const;
const acceptedEvent = parseAbiItem(
  "event ReportAccepted(bytes32 indexed feedId, uint64 indexed round, uint64 observedAt, bytes32 inputsHash, uint256 signers, uint32 configVersion, address transmitter)",
);

interface Operator {
  index: number;
  child: ChildProcess;
  port: number;
  stateDir: string;
  output: string[];
  exited: Promise<number | null>;
}

describe("oracle network under faults (real processes)", { timeout: 600_000 }, () => {
  let chain: TestChain;
  let proxy: ChainProxy;
  let client: PublicClient;
  let hub: Address;
  let miner: NodeJS.Timeout;
  let workDir: string;
  const ports: number[] = [];
  const running: Operator[] = [];

  before(async () => {
    chain = await startChain();
    workDir = mkdtempSync(join(tmpdir(), "peper-oracle-faults-"));
    proxy = new ChainProxy(await freePort(), chain.port, "reset");
    await proxy.up();
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    const transport = http(chain.url);
    client = createPublicClient({ transport }) as PublicClient;
    const deployer = createWalletClient({ account: privateKeyToAccount(DEV_KEYS[0]), transport });
    const deploy = async (path: string, args: unknown[]) => {
      const { abi, bytecode } = artifact(path);
      const hash = await deployer.deployContract({ abi, bytecode, args, chain: null });
      return (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    };
    hub = await deploy("oracle/OracleHub.sol/OracleHub.json", [deployer.account.address, 3600n]);
    const feed = await deploy("oracle/PortfolioFeed.sol/PortfolioFeed.json", [hub]);
    const configure = [
      await deployer.writeContract({
        address: hub,
        abi: hubAbi,
        chain: null,
        functionName: "setConfig",
        args: [operators, 2],
      }),
      await deployer.writeContract({
        address: hub,
        abi: hubAbi,
        chain: null,
        functionName: "setFeed",
        args: [PORTFOLIO, feed],
      }),
    ];
    for (const hash of configure) await client.waitForTransactionReceipt({ hash });
    // Chain time moves with a block every second, as on a real chain.
    miner = setInterval(() => void rpc(chain.url, "evm_mine").catch(() => {}), 1000);
  });

  // A failed scenario must not leave its operators holding the ports the next one needs.
  afterEach(async () => {
    await Promise.all([...running].map(stopOperator));
  });

  after(async () => {
    clearInterval(miner);
    await Promise.all(running.map(stopOperator));
    await proxy.close();
    await chain.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  function startOperator(index: number, fault?: string, stateDir?: string): Operator {
    const dir = stateDir ?? join(workDir, `op${index}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    const config = {
      chainId: 31337,
      hub,
      operators,
      threshold: 2,
      peers: operators
        .map((operator, j) => ({ operator, url: `http://127.0.0.1:${ports[j]}` }))
        .filter((_, j) => j !== index),
      feeds: ["portfolio"],
      intervalSeconds: INTERVAL,
      leaderTimeoutSeconds: LEADER_TIMEOUT,
      markets,
      portfolio: settings,
    };
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    const child = spawn(process.execPath, ["oracle/test/operator.ts", "--config", join(dir, "config.json")], {
      cwd: ROOT,
      env: {
        ...process.env,
        PEPER_ORACLE_KEY: operatorKeys[index],
        PEPER_ORACLE_RPC_URL: `http://127.0.0.1:${proxy.port}`,
        PEPER_ORACLE_PORT: String(ports[index]),
        PEPER_ORACLE_STATE_DIR: dir,
        ...(fault ? { PEPER_TEST_FAULT: fault } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    child.stdout!.on("data", (d: Buffer) => output.push(...d.toString().split("\n").filter(Boolean)));
    child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const op = { index, child, port: ports[index]!, stateDir: dir, output, exited };
    running.push(op);
    return op;
  }

  async function stopOperator(op: Operator): Promise<void> {
    if (op.child.exitCode === null && op.child.signalCode === null) op.child.kill("SIGTERM");
    await op.exited;
    const at = running.indexOf(op);
    if (at >= 0) running.splice(at, 1);
  }

  const lastRound = () =>
    client.readContract({ address: hub, abi: hubAbi, functionName: "lastRound", args: [PORTFOLIO] });

  async function untilRound(target: bigint, seconds: number): Promise<bigint> {
    const end = Date.now() + seconds * 1000;
    let now = await lastRound();
    while (now < target && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 250));
      now = await lastRound();
    }
    return now;
  }

  /** Waits until every node has finished a tick (its /health shows the round it read on chain). */
  async function untilTicked(ops: Operator[], seconds: number): Promise<void> {
    const end = Date.now() + seconds * 1000;
    const ticked = async (op: Operator) => {
      try {
        const health = (await (await fetch(`http://127.0.0.1:${op.port}/health`)).json()) as OperatorActivity;
        return health.chainRound.portfolio !== undefined;
      } catch {
        return false; // not listening yet
      }
    };
    while (Date.now() < end) {
      if ((await Promise.all(ops.map(ticked))).every(Boolean)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.fail(`a node did not read the chain within ${seconds} s`);
  }

  /** Every accepted portfolio report from block `fromBlock` on: its round and the payload submitted. */
  async function acceptedSince(fromBlock: bigint): Promise<{ round: bigint; payload: Hex }[]> {
    const logs = await client.getLogs({ address: hub, event: acceptedEvent, args: { feedId: PORTFOLIO }, fromBlock });
    return Promise.all(
      logs.map(async (log) => {
        const tx = await client.getTransaction({ hash: log.transactionHash! });
        const call = decodeFunctionData({ abi: nodeHubAbi, data: tx.input });
        assert.equal(call.functionName, "submit");
        const [report] = call.args as readonly [{ round: bigint; payload: Hex }, ...unknown[]];
        return { round: report.round, payload: report.payload };
      }),
    );
  }

  it("one operator reporting a wrong value: every accepted report is the honest one", async () => {
    const from = await client.getBlockNumber();
    const ops = [startOperator(0), startOperator(1), startOperator(2, "wrong-value")];
    const start = await untilRound(1n, 60); // the first report
    // The liar leads one round in three; honest operators refuse its report and take over.
    const reached = await untilRound(start + 4n, 90);
    assert.ok(reached >= start + 4n, `rounds ${start} → ${reached}`);
    const accepted = await acceptedSince(from);
    assert.ok(accepted.length >= 4);
    for (const { round, payload } of accepted) {
      assert.equal(payload, observePortfolio(markets, settings, round).payload, `round ${round} is the honest report`);
    }
    // Each honest node reports its own last signed report with that report's own round: two that
    // signed the same round report the same thing, and what they submitted was accepted.
    const healths = await Promise.all(
      ops
        .slice(0, 2)
        .map(async (op) => (await (await fetch(`http://127.0.0.1:${op.port}/health`)).json()) as OperatorActivity),
    );
    // not a future round: at most the one the chain's clock is in now (a round the liar led is not
    // accepted, so the next honest one may be two past the hub's last accepted round)
    const chainRound = roundAt((await client.getBlock()).timestamp, INTERVAL);
    for (const h of healths) {
      const signed = h.lastSigned.portfolio;
      assert.ok(signed, "an honest node signed portfolio reports");
      assert.ok(BigInt(signed.round) <= chainRound + 1n, `its own round ${signed.round}, not a future one`);
      assert.equal(signed.summary, observePortfolio(markets, settings, BigInt(signed.round)).summary);
      const submitted = h.lastSubmitted.portfolio;
      if (submitted) assert.equal(submitted.accepted, true, `round ${submitted.round} was accepted`);
    }
    await Promise.all(ops.map(stopOperator));
  });

  it("the leader dies holding enough signatures: the next leader submits that round", async () => {
    const ops = [startOperator(0), startOperator(1), startOperator(2, "die-before-submit")];
    const code = await Promise.race([ops[2]!.exited, new Promise<null>((r) => setTimeout(() => r(null), 60_000))]);
    assert.equal(code, 3, `the faulty leader died before submitting: ${ops[2]!.output.slice(-5).join("\n")}`);
    const line = ops[2]!.output.find((l) => l.includes("dying before submitting"))!;
    const round = BigInt((JSON.parse(line) as { round: string }).round);
    // The next leader's turn can be several intervals away on a loaded machine: wait up to 60 polls.
    const reached = await untilRound(round, 60);
    assert.ok(reached >= round, `round ${round} was submitted by a surviving operator (hub at ${reached})`);
    const logs = await client.getLogs({
      address: hub,
      event: acceptedEvent,
      args: { feedId: PORTFOLIO, round },
      fromBlock: 0n,
    });
    assert.equal(logs.length, 1);
    assert.notEqual(logs[0]!.args.transmitter!.toLowerCase(), operators[2]!.toLowerCase());
    await Promise.all(ops.map(stopOperator));
  });

  it("the RPC endpoint is down for ten seconds: the nodes recover by themselves", async () => {
    const ops = [startOperator(0), startOperator(1), startOperator(2)];
    const first = await untilRound((await lastRound()) + 1n, 60);
    assert.ok(first > 0n);
    // Cut only once every node has read the chain: on a loaded machine one node can still be
    // starting when two others already report, and a node that never saw the outage proves nothing.
    await untilTicked(ops, 60);
    await proxy.down();
    await new Promise((r) => setTimeout(r, 10_000));
    await proxy.up();
    const resumed = await untilRound(first + 2n, 60);
    assert.ok(resumed >= first + 2n, `rounds resumed: ${first} → ${resumed}`);
    const metrics = await Promise.all(
      ops.map(async (op) => (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text()),
    );
    // A node waiting for its own transaction's receipt rides out the outage inside viem's polling,
    // so the outage is noticed by the nodes that were idle: at least one, usually all three.
    const errors = metrics.map((m) => Number(/peper_oracle_rpc_errors_total (\d+)/.exec(m)?.[1] ?? 0));
    assert.ok(
      errors.some((n) => n > 0),
      `the outage was noticed (rpc errors per node: ${errors.join(", ")})`,
    );
    assert.match(metrics[0]!, /peper_oracle_peers_seen [12]\n/);
    assert.match(metrics[0]!, /peper_oracle_round_latency_seconds_count \d+/);
    for (const op of ops) assert.equal(op.child.exitCode, null, `no node died: ${op.output.slice(-6).join("\n")}`);
    await Promise.all(ops.map(stopOperator));
  });

  it("a node killed mid-round and restarted: no round twice, and its signing record survives", async () => {
    const from = await client.getBlockNumber();
    const ops = [startOperator(0), startOperator(1), startOperator(2)];
    await untilRound((await lastRound()) + 1n, 60);
    // Kill operator 1 in the middle of a round (half an interval after a report), then restart it.
    await new Promise((r) => setTimeout(r, (INTERVAL / 2) * 1000));
    const stateFile = join(ops[1]!.stateDir, "state.json");
    ops[1]!.child.kill("SIGKILL");
    await ops[1]!.exited;
    running.splice(running.indexOf(ops[1]!), 1);
    const readState = () =>
      existsSync(stateFile)
        ? (JSON.parse(readFileSync(stateFile, "utf8")) as { feeds: Record<string, { signedRound: string }> })
        : { feeds: {} as Record<string, { signedRound: string }> };
    const before = readState();
    const restarted = startOperator(1, undefined, ops[1]!.stateDir);
    const target = (await lastRound()) + 3n;
    assert.ok((await untilRound(target, 90)) >= target);
    const afterState = readState();
    const signedBefore = BigInt(before.feeds[PORTFOLIO]?.signedRound ?? "0");
    assert.ok(BigInt(afterState.feeds[PORTFOLIO]?.signedRound ?? "0") >= signedBefore, "the record did not go back");
    const rounds = (await acceptedSince(from)).map((a) => a.round);
    assert.equal(new Set(rounds).size, rounds.length, "no round accepted twice");
    assert.ok(!restarted.output.some((l) => l.includes("Equivocation")), "no conflicting signature was even attempted");
    await Promise.all([ops[0]!, ops[2]!, restarted].map(stopOperator));
  });
});
