// End-to-end test of `npm start`: the whole local stack comes up on free loopback ports, the
// contracts and demo state are there, a second stack refuses the taken ports, and SIGINT stops
// every process it started.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { freePort } from "../../offchain/src/testing/chain.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { createPublicClient, createWalletClient, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { verifyCid } from "../../offchain/src/ipfs/cid.ts";
import { readPairTwap } from "../../offchain/src/market/twap.ts";
import { abis } from "../../offchain/src/protocol/generated/abis.ts";
import { readDeployedAddresses } from "../lib/deployment.ts";
import { isPortFree, ROOT } from "../lib/runtime.ts";
import { LOCAL_ADMIN_EMAIL } from "./services.ts";

interface Stack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startStack(env: NodeJS.ProcessEnv, args: string[] = []): Stack {
  const child = spawn(process.execPath, ["scripts/start.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

const untilOutput = (stack: Stack, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const check = () => {
      if (stack.output().includes(text)) resolve();
    };
    stack.child.stdout!.on("data", check);
    stack.exited.then((code) => reject(new Error(`stack exited (${code}) before "${text}":\n${stack.output()}`)));
    check();
  });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("npm start", () => {
  const stateDir = mkdtempSync(join(tmpdir(), "peper-stack-"));
  let portA = 0;
  let portB = 0;
  let oraclePorts: number[] = [];
  let ipfsPort = 0;
  let apiPort = 0;
  let indexerPorts: number[] = [];
  let appPort = 0;
  let bridgePorts: number[] = [];
  let stack: Stack;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    portA = await freePort();
    portB = await freePort();
    oraclePorts = [await freePort(), await freePort(), await freePort()];
    ipfsPort = await freePort();
    apiPort = await freePort();
    indexerPorts = [await freePort(), await freePort()];
    appPort = await freePort();
    bridgePorts = [await freePort(), await freePort()];
    env = {
      PEPER_IPFS_PORT: String(ipfsPort),
      PEPER_API_PORT: String(apiPort),
      PEPER_STATE_DIR: stateDir,
      PEPER_CHAIN_A_PORT: String(portA),
      PEPER_CHAIN_B_PORT: String(portB),
      ...Object.fromEntries(oraclePorts.map((p, i) => [`PEPER_ORACLE_${i + 1}_PORT`, String(p)])),
      PEPER_INDEXER_A_PORT: String(indexerPorts[0]),
      PEPER_INDEXER_B_PORT: String(indexerPorts[1]),
      PEPER_APP_PORT: String(appPort),
      PEPER_HYPERLANE_PORT: String(bridgePorts[0]),
      PEPER_ACCOUNTANT_PORT: String(bridgePorts[1]),
    };
    stack = startStack(env, ["--fresh"]);
    await untilOutput(stack, "Peper is up");
  });

  /** B's bridged PEPER supply and the PEPER A's BridgeManager holds locked. */
  async function bridgeSupply(): Promise<{ supplyB: bigint; lockedA: bigint }> {
    const a = readDeployedAddresses(31337);
    const b = readDeployedAddresses(31338);
    const clientA = createPublicClient({ transport: http(`http://127.0.0.1:${portA}`) });
    const clientB = createPublicClient({ transport: http(`http://127.0.0.1:${portB}`) });
    const [supplyB, lockedA] = await Promise.all([
      clientB.readContract({ address: b["Governance#PeperToken"]!, abi: abis.PeperToken, functionName: "totalSupply" }),
      clientA.readContract({
        address: a["Governance#PeperToken"]!,
        abi: abis.PeperToken,
        functionName: "balanceOf",
        args: [a["Bridge#BridgeManager"]!],
      }),
    ]);
    return { supplyB, lockedA };
  }

  after(async () => {
    if (stack.child.exitCode === null) {
      stack.child.kill("SIGINT");
      await stack.exited;
    }
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("prints one status line per chain with its URL", () => {
    assert.match(stack.output(), new RegExp(`chain A\\s+ready\\s+http://127\\.0\\.0\\.1:${portA}\\s+chainId 31337`));
    assert.match(stack.output(), new RegExp(`chain B\\s+ready\\s+http://127\\.0\\.0\\.1:${portB}\\s+chainId 31338`));
  });

  it("deploys the DAO on chain A only, with a live demo proposal there; chain B has no Governor", async () => {
    const deployments = [31337, 31338].map((id) => readDeployedAddresses(id));
    assert.equal(deployments[1]!["Governance#PeperGovernor"], undefined, "chain B has no Governor");
    assert.ok(deployments[1]!["Bridge#GovernanceReceiver"], "chain B has the GovernanceReceiver");
    assert.ok(deployments[0]!["Bridge#GovernanceSender"], "chain A has the GovernanceSender");
    for (const [i, port] of [portA, portB].entries()) {
      const client = createPublicClient({ transport: http(`http://127.0.0.1:${port}`) });
      const token = deployments[i]!["Governance#PeperToken"]!;
      const mode = await client.readContract({ address: token, abi: abis.PeperToken, functionName: "CLOCK_MODE" });
      assert.equal(mode, "mode=timestamp");
      // Chain A: Bob holds 30M and Dave delegated his 10M to Bob. Chain B: both got their PEPER by
      // the bridge, 1M and 0.5M (their checkpoints exist there, though votes are cast on A).
      const bob = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
      const votes = await client.readContract({
        address: token,
        abi: abis.PeperToken,
        functionName: "getVotes",
        args: [bob],
      });
      assert.equal(votes, (i === 0 ? 40_000_000n : 1_500_000n) * 10n ** 18n);
    }
    const clientA = createPublicClient({ transport: http(`http://127.0.0.1:${portA}`) });
    const governorA = deployments[0]!["Governance#PeperGovernor"]!;
    // Proposals are enumerated from ProposalCreated events (docs/decisions/0002-proposals-from-events.md):
    // PIP-1 (A's launch), PIP-3 (B's launch, through the bridge), then PIP-2 (live).
    const created = await clientA.getContractEvents({
      address: governorA,
      abi: abis.PeperGovernor,
      eventName: "ProposalCreated",
      fromBlock: 0n,
    });
    assert.deepEqual(
      created.map((e) => e.args.description!.split(":")[0]),
      ["# PIP-1", "# PIP-3", "# PIP-2"],
    );
    const state = (e: (typeof created)[number]) =>
      clientA.readContract({
        address: governorA,
        abi: abis.PeperGovernor,
        functionName: "state",
        args: [e.args.proposalId!],
      });
    assert.equal(await state(created[0]!), 7, "PIP-1 was executed by the DAO");
    assert.match(created[2]!.args.description!, /^# PIP-2: Fund the community grants programme/);
    assert.equal(await state(created[2]!), 1, "the demo proposal is Active");
  });

  it("PIP-3: a proposal on A launched B's farms and staking — executed on A, delivered, Done on B's Timelock", async () => {
    const a = readDeployedAddresses(31337);
    const b = readDeployedAddresses(31338);
    const clientA = createPublicClient({ transport: http(`http://127.0.0.1:${portA}`) });
    const clientB = createPublicClient({ transport: http(`http://127.0.0.1:${portB}`) });
    const created = await clientA.getContractEvents({
      address: a["Governance#PeperGovernor"]!,
      abi: abis.PeperGovernor,
      eventName: "ProposalCreated",
      fromBlock: 0n,
    });
    const pip3 = created.find((e) => e.args.description!.startsWith("# PIP-3"));
    assert.ok(pip3, "PIP-3 was proposed on A");
    // its one action is GovernanceSender.send(31338, …)
    assert.deepEqual(pip3.args.targets, [a["Bridge#GovernanceSender"]]);
    const state = await clientA.readContract({
      address: a["Governance#PeperGovernor"]!,
      abi: abis.PeperGovernor,
      functionName: "state",
      args: [pip3.args.proposalId!],
    });
    assert.equal(state, 7, "PIP-3 is Executed on A");
    const [sent] = await clientA.getContractEvents({
      address: a["Bridge#GovernanceSender"]!,
      abi: abis.GovernanceSender,
      eventName: "GovernanceMessageSent",
      fromBlock: 0n,
    });
    assert.ok(sent, "A's GovernanceSender sent the message");
    assert.equal(sent.args.dstChainId, 31338n);
    // on B: both verifiers attested, the receiver scheduled it on B's Timelock, and it was executed
    const receiver = b["Bridge#GovernanceReceiver"]!;
    const [attestations, executed] = await clientB.readContract({
      address: receiver,
      abi: abis.GovernanceReceiver,
      functionName: "messageState",
      args: [sent.args.digest!, sent.args.message!.srcChainId, sent.args.message!.srcSender, sent.args.message!.nonce],
    });
    // the first verifier's attestation is recorded; the second scheduled the message and is not written
    assert.equal(attestations, 1n, "attested by the operators and by Hyperlane");
    assert.equal(executed, true);
    const [scheduled] = await clientB.getContractEvents({
      address: receiver,
      abi: abis.GovernanceReceiver,
      eventName: "GovernanceMessageScheduled",
      args: { digest: sent.args.digest! },
      fromBlock: 0n,
    });
    assert.ok(scheduled, "B's receiver scheduled the message");
    const done = await clientB.readContract({
      address: b["Governance#PeperTimelock"]!,
      abi: abis.PeperTimelock,
      functionName: "isOperationDone",
      args: [scheduled.args.operationId!],
    });
    assert.equal(done, true, "the operation is Done on B's Timelock");
    // B's parameters PIP-3 set: the farm's allocation (40 + 40 + 20 points) and the staking period
    const farm = b["PeperLocal#Farm"]!;
    const totalAlloc = await clientB.readContract({ address: farm, abi: abis.Farm, functionName: "totalAllocPoint" });
    assert.equal(totalAlloc, 100n);
    const rate = await clientB.readContract({
      address: b["PeperLocal#StakingPool"]!,
      abi: abis.StakingPool,
      functionName: "rewardRate",
    });
    assert.equal(rate, (500_000n * 10n ** 18n) / (30n * 24n * 3600n));
    assert.match(
      stack.output(),
      /governance\s+ready\s+one DAO on A: PIP-3 Executed on A; B: 1 message\(s\) scheduled, 1 executed/,
    );
  });

  it("creates the demo markets on both chains: PEPER/WETH, PEPER/USDC, WETH/USDC at PEPER = $0.10", async () => {
    for (const [i, port] of [portA, portB].entries()) {
      const id = i === 0 ? 31337 : 31338;
      const deployed = readDeployedAddresses(id);
      const client = createPublicClient({ transport: http(`http://127.0.0.1:${port}`) });
      const factory = deployed["PeperLocal#PeperFactory"]!;
      const pairs = await client.readContract({
        address: factory,
        abi: abis.PeperFactory,
        functionName: "allPairsLength",
      });
      assert.equal(pairs, 3n);
      // PIP-1 (A) and PIP-3 (B, from A) added a farm per pool and funded a staking period.
      const farmPools = await client.readContract({
        address: deployed["PeperLocal#Farm"]!,
        abi: abis.Farm,
        functionName: "poolLength",
      });
      assert.equal(farmPools, 3n);
      const rate = await client.readContract({
        address: deployed["PeperLocal#StakingPool"]!,
        abi: abis.StakingPool,
        functionName: "rewardRate",
      });
      assert.equal(rate, (500_000n * 10n ** 18n) / (30n * 24n * 3600n));
      // The index vault holds Bob's and Carol's 7,500 USDC, rebalanced into PEPER and WETH, valued at the
      // pairs' TWAP. On A the TWAP is observed again after the rebalance (PIP-3 moved A's clock past a
      // voting period, scripts/demo/governance.ts), so the PEPER the vault bought is valued at the price
      // its own purchase raised: up to 5 % above the deposits (7,557 USDC seen), never far below.
      const vault = deployed["PeperLocal#IndexVault"]!;
      const total = await client.readContract({ address: vault, abi: abis.IndexVault, functionName: "totalAssets" });
      assert.ok(total > 7_300_000_000n && total <= 7_875_000_000n, `vault total on chain ${id}: ${total}`);
      const peperHeld = await client.readContract({
        address: deployed["Governance#PeperToken"]!,
        abi: abis.PeperToken,
        functionName: "balanceOf",
        args: [vault],
      });
      assert.ok(peperHeld > 0n, "the vault bought PEPER");
      // The oracle hub: three local operators, threshold 2, owned by the Timelock.
      const hub = deployed["PeperLocal#OracleHub"]!;
      const [operators, threshold, owner] = await Promise.all([
        client.readContract({ address: hub, abi: abis.OracleHub, functionName: "operators" }),
        client.readContract({ address: hub, abi: abis.OracleHub, functionName: "threshold" }),
        client.readContract({ address: hub, abi: abis.OracleHub, functionName: "owner" }),
      ]);
      assert.equal(operators.length, 3);
      assert.equal(threshold, 2);
      assert.equal(owner, deployed["Governance#PeperTimelock"]);
      const [, usdcOut] = await client.readContract({
        address: deployed["PeperLocal#PeperRouter"]!,
        abi: abis.PeperRouter,
        functionName: "getAmountsOut",
        args: [1000n * 10n ** 18n, [deployed["Governance#PeperToken"]!, deployed["PeperLocal#USDC"]!]],
      });
      // 1,000 PEPER sell for about $100 (the vault's PEPER purchase moved the price up ~3 %), in 6-decimal USDC.
      assert.ok(usdcOut! > 95_000_000n && usdcOut! < 110_000_000n, `1000 PEPER -> ${usdcOut} USDC units`);
    }
  });

  it("PEPER on chain B exists only by bridging: its supply is what A's BridgeManager holds locked", async () => {
    assert.match(
      stack.output(),
      /bridge\s+ready\s+home A \(31337\); managers A 0x[0-9a-fA-F]{40}, B 0x[0-9a-fA-F]{40}; verifiers 2 of 2: operators \(2 of 3\) \+ Hyperlane \(2 of 3 validators\); demo transfer A→B done: 9,500,000 PEPER/,
    );
    const { supplyB, lockedA } = await bridgeSupply();
    assert.equal(supplyB, 9_500_000n * 10n ** 18n);
    assert.equal(supplyB, lockedA);
    const a = readDeployedAddresses(31337);
    const b = readDeployedAddresses(31338);
    const clientB = createPublicClient({ transport: http(`http://127.0.0.1:${portB}`) });
    // B's PEPER is the bridged token, minted only by B's manager; its Timelock owns it
    assert.equal(
      await clientB.readContract({
        address: b["Governance#PeperToken"]!,
        abi: abis.PeperBridgedToken,
        functionName: "bridge",
      }),
      b["Bridge#BridgeManager"],
    );
    // each manager names the other as its peer, both owned by their chain's Timelock
    for (const [own, other, peerId, port] of [
      [a, b, 31338n, portA],
      [b, a, 31337n, portB],
    ] as const) {
      const client = createPublicClient({ transport: http(`http://127.0.0.1:${port}`) });
      const manager = own["Bridge#BridgeManager"]!;
      assert.equal(
        await client.readContract({ address: manager, abi: abis.BridgeManager, functionName: "peers", args: [peerId] }),
        other["Bridge#BridgeManager"],
      );
      assert.equal(
        await client.readContract({ address: manager, abi: abis.BridgeManager, functionName: "owner" }),
        own["Governance#PeperTimelock"],
      );
    }
  });

  it("the relayer processes bridge PEPER A→B and B→A (2 of 2: operators + Hyperlane); the accountant balances", async () => {
    const a = { chainId: 31337, rpcUrl: `http://127.0.0.1:${portA}` };
    const b = { chainId: 31338, rpcUrl: `http://127.0.0.1:${portB}` };
    const deployed = { 31337: readDeployedAddresses(31337), 31338: readDeployedAddresses(31338) };
    const tokenA = deployed[31337]["Governance#PeperToken"]!;
    const tokenB = deployed[31338]["Governance#PeperToken"]!;
    const balance = (chain: typeof a, token: `0x${string}`, who: `0x${string}`) =>
      createPublicClient({ transport: http(chain.rpcUrl) }).readContract({
        address: token,
        abi: abis.PeperToken,
        functionName: "balanceOf",
        args: [who],
      });
    // Hardhat's public development keys #0 (Alice) and #1 (Bob), local chains only.
    const alice = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    const bob = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    const erin = privateKeyToAccount(generatePrivateKey()).address; // a fresh recipient on both chains
    /** Only the user's part: approve (home) and transfer. The stack's relayer processes deliver. */
    const send = async (chain: typeof a, from: typeof alice, amount: bigint, to: typeof b) => {
      const client = createPublicClient({ transport: http(chain.rpcUrl) });
      const wallet = createWalletClient({ account: from, transport: http(chain.rpcUrl) });
      const manager = deployed[chain.chainId as 31337 | 31338]["Bridge#BridgeManager"]!;
      if (chain === a) {
        const hash = await wallet.writeContract({
          address: tokenA,
          abi: abis.PeperToken,
          functionName: "approve",
          args: [manager, amount],
          chain: null,
        });
        await client.waitForTransactionReceipt({ hash });
      }
      const fee = await client.readContract({
        address: manager,
        abi: abis.BridgeManager,
        functionName: "quoteTransfer",
        args: [BigInt(to.chainId)],
      });
      const hash = await wallet.writeContract({
        address: manager,
        abi: abis.BridgeManager,
        functionName: "transfer",
        args: [amount, BigInt(to.chainId), erin, false],
        value: fee,
        chain: null,
      });
      assert.equal((await client.waitForTransactionReceipt({ hash })).status, "success");
    };
    const until = async (check: () => Promise<boolean>, what: string) => {
      const end = Date.now() + 120_000;
      while (!(await check())) {
        if (Date.now() > end) assert.fail(`${what} within 120 s:\n${stack.output().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    await send(a, alice, 1_234n * 10n ** 18n, b);
    await until(async () => (await balance(b, tokenB, erin)) === 1_234n * 10n ** 18n, "A→B delivered by the relayers");
    const bobOnB = await balance(b, tokenB, bob.address);
    await send(b, bob, 34n * 10n ** 18n, a);
    await until(async () => (await balance(a, tokenA, erin)) === 34n * 10n ** 18n, "B→A delivered by the relayers");
    assert.equal(await balance(b, tokenB, bob.address), bobOnB - 34n * 10n ** 18n);
    const { supplyB, lockedA } = await bridgeSupply();
    assert.equal(supplyB, (9_500_000n + 1_200n) * 10n ** 18n);
    assert.equal(supplyB, lockedA, "PEPER locked on A covers B's supply exactly");
    // each of the bridge's processes says what it does in a status line
    await until(
      async () => /hyperlane\s+status\s+\d+ checkpoints signed, [1-9]\d* delivered/.test(stack.output()),
      "the Hyperlane agent's status line",
    );
    await until(
      async () =>
        /accountant\s+status\s+bridge ok: locked 9,501,200 PEPER ≥ bridged 9,501,200 PEPER/.test(stack.output()),
      "the accountant's status line",
    );
  });

  it("the three oracle operators post signed PEPER/USD reports that the PriceFeed serves", async () => {
    const deployed = readDeployedAddresses(31337);
    const client = createPublicClient({ transport: http(`http://127.0.0.1:${portA}`) });
    const feed = deployed["PeperLocal#PriceFeed"]!;
    // Rounds are 15 s of chain time; wait for the first accepted report (the stack mines a block every 2 s).
    let answer = 0n;
    for (let i = 0; i < 120 && answer === 0n; i++) {
      try {
        [, answer] = await client.readContract({ address: feed, abi: abis.PriceFeed, functionName: "latestRoundData" });
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    // PEPER is about $0.10 (8 decimals); the vault's purchase moved it up a few per cent
    assert.ok(answer > 9_500_000n && answer < 11_000_000n, `PEPER/USD answer ${answer}`);
    // The market-data TWAP loader reads the same pair from chain and agrees with the feed.
    const peper = deployed["Governance#PeperToken"]!;
    const pair = await client.readContract({
      address: deployed["PeperLocal#PeperFactory"]!,
      abi: abis.PeperFactory,
      functionName: "getPair",
      args: [peper, deployed["PeperLocal#USDC"]!],
    });
    const latest = await client.getBlockNumber();
    const twap = await readPairTwap(client, pair, latest - 10n, latest);
    const peperIs0 = BigInt(peper) < BigInt(deployed["PeperLocal#USDC"]!);
    const usdPerPeper = (peperIs0 ? twap.price0 : twap.price1) * 10 ** 12; // 18 − 6 decimals
    assert.ok(Math.abs(usdPerPeper - Number(answer) / 1e8) < 0.005, `TWAP ${usdPerPeper} vs feed ${answer}`);
    const metrics = await (await fetch(`http://127.0.0.1:${oraclePorts[0]}/metrics`)).text();
    assert.match(metrics, /peper_oracle_sign_requests_total \d+/);
    const health = (await (await fetch(`http://127.0.0.1:${oraclePorts[1]}/health`)).json()) as { operator: string };
    assert.match(health.operator, /^0x[0-9a-fA-F]{40}$/);
  });

  it("the operators post model decisions (with a verifiable reasoning document) and the vault's portfolio", async () => {
    const deployed = readDeployedAddresses(31337);
    const client = createPublicClient({ transport: http(`http://127.0.0.1:${portA}`) });
    const peper = deployed["Governance#PeperToken"]!;
    const weth = deployed["PeperLocal#WETH9"]!;
    let weights: readonly [readonly `0x${string}`[], readonly number[], bigint] | undefined;
    for (let i = 0; i < 120 && !weights; i++) {
      try {
        weights = await client.readContract({
          address: deployed["PeperLocal#PortfolioFeed"]!,
          abi: abis.PortfolioFeed,
          functionName: "latestWeights",
        });
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    assert.ok(weights, "a portfolio report arrived");
    assert.deepEqual(weights[0], [peper, weth]);
    assert.equal(
      weights[1].reduce((a, b) => a + b, 0),
      10_000,
    );
    // The round's market alternates between PEPER and WETH; read whichever has a decision.
    let decision: { action: number; confidenceBps: number; reasoningCid: string } | undefined;
    for (let i = 0; i < 60 && !decision; i++) {
      for (const asset of [peper, weth]) {
        try {
          decision = await client.readContract({
            address: deployed["PeperLocal#DecisionFeed"]!,
            abi: abis.DecisionFeed,
            functionName: "latestDecision",
            args: [asset],
          });
          break;
        } catch {
          // no decision for this asset yet
        }
      }
      if (!decision) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(decision, "a decision report arrived");
    assert.ok(decision.action <= 2 && decision.confidenceBps > 0);
    // The reasoning document is served by the operators under its CID, and its bytes hash to it.
    let served: Response | undefined;
    for (const port of oraclePorts) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/documents/${decision.reasoningCid}`);
      if (res.ok) {
        served = res;
        break;
      }
    }
    assert.ok(served, `an operator serves ${decision.reasoningCid}`);
    const bytes = new Uint8Array(await served.arrayBuffer());
    assert.ok(await verifyCid(decision.reasoningCid, bytes));
    const document = JSON.parse(new TextDecoder().decode(bytes)) as { reasoning: string };
    assert.match(document.reasoning, /^(Buy|Sell|Hold) (PEPER|WETH) at \d+% confidence: /);
  });

  it("mints demo NFTs whose metadata and SVG images the IPFS gateway serves, lists two and issues a certificate", async () => {
    const deployed = readDeployedAddresses(31337);
    const client = createPublicClient({ transport: http(`http://127.0.0.1:${portA}`) });
    const collectibles = deployed["PeperLocal#Collectibles"]!;
    const minted = await client.readContract({
      address: collectibles,
      abi: abis.Collectibles,
      functionName: "totalMinted",
    });
    assert.equal(minted, 5n);
    const uri = await client.readContract({
      address: collectibles,
      abi: abis.Collectibles,
      functionName: "tokenURI",
      args: [5n],
    });
    assert.match(uri, /^ipfs:\/\/b[a-z2-7]+$/);
    const gateway = `http://127.0.0.1:${ipfsPort}/ipfs/`;
    const metadata = (await (await fetch(gateway + uri.slice(7))).json()) as {
      name: string;
      image: string;
      strategy: { backtest: { sharpe: number } };
    };
    assert.equal(metadata.name, "Strategy: DAX 20/60 trend");
    assert.ok(Number.isFinite(metadata.strategy.backtest.sharpe));
    const image = await fetch(gateway + metadata.image.slice(7));
    assert.equal(image.headers.get("content-type"), "image/svg+xml");
    assert.match(image.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    assert.match(await image.text(), /^<svg /);
    const [, listing] = await client.getContractEvents({
      address: deployed["PeperLocal#Marketplace"]!,
      abi: abis.Marketplace,
      eventName: "Listed",
      fromBlock: 0n,
    });
    assert.ok(listing, "two listings");
    const certificates = deployed["PeperLocal#Certificates"]!;
    assert.equal(
      await client.readContract({ address: certificates, abi: abis.Certificates, functionName: "locked", args: [1n] }),
      true,
    );
    // An upload through the gateway goes through the same checks.
    const refused = await fetch(`http://127.0.0.1:${ipfsPort}/upload`, {
      method: "POST",
      headers: { "content-type": "image/png" },
      body: "<svg xmlns='http://www.w3.org/2000/svg'/>",
    });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: string }).error, /sent as image\/png/);
  });

  it("serves /api/v5: OpenAPI, sign-in, a stored decision, and a course certificate minted on chain A", async () => {
    const api = `http://127.0.0.1:${apiPort}/api/v5`;
    const docs = await fetch(`${api}/docs/json`);
    assert.equal(docs.status, 200);
    const call = async <T>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
      const res = await fetch(`${api}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    };
    const password = "stack test password";
    const signIn = async (email: string) => {
      await call("POST", "/auth/register", { email, password, region: "GB" });
      return call<{ access_token: string; user_profile: { id: string; role: string } }>("POST", "/auth/global-login", {
        email,
        password,
        region: "GB",
      });
    };
    // The configured bootstrap e-mail becomes the first admin.
    const admin = await signIn(LOCAL_ADMIN_EMAIL);
    assert.equal(admin.user_profile.role, "admin");
    const teacher = await signIn("teacher@example.com");
    await call("PUT", `/admin/users/${teacher.user_profile.id}/role`, { role: "educator" }, admin.access_token);
    const learner = await signIn("learner@example.com");

    const decision = await call<{ reasoning: string; decision_id: string }>(
      "POST",
      "/ai/agi-decision",
      {
        asset: "FTSE",
        history: { market: "FTSE" },
        risk: { maxPosition: 0.1, stopLoss: 0.05, takeProfit: 0.1, maxDrawdown: 0.2, allowedAssets: ["FTSE"] },
      },
      learner.access_token,
    );
    assert.match(decision.reasoning, /FTSE at \d+% confidence/);
    const history = await call<{ decisions: { decision_id: string }[] }>(
      "GET",
      "/ai/decisions",
      undefined,
      learner.access_token,
    );
    assert.deepEqual(
      history.decisions.map((d) => d.decision_id),
      [decision.decision_id],
    );

    // The role change arrives with a fresh token.
    const educator = await call<{ access_token: string }>("POST", "/auth/global-login", {
      email: "teacher@example.com",
      password,
      region: "GB",
    });
    const course = await call<{ id: string }>(
      "POST",
      "/education/create-vr-course",
      {
        slug: "stack-101",
        title: "Stack 101",
        description: "Checks the certificate queue end to end.",
        modules: [{ id: "intro", title: "Intro", kind: "lesson", body: "Hello." }],
        vr: false,
        chain_id: 31337,
        publish: true,
      },
      educator.access_token,
    );
    await call("POST", `/education/courses/${course.id}/enrol`, {}, learner.access_token);
    await call("PUT", `/education/courses/${course.id}/progress`, { module_id: "intro" }, learner.access_token);
    const recipient = privateKeyToAccount(generatePrivateKey()).address;
    await call("POST", `/education/courses/${course.id}/complete`, { recipient }, learner.access_token);

    // The API's issuer mints it (every 5 s); wait for "confirmed", bounded by count.
    type Certificate = { status: string; token_id: string | null; last_error: string | null };
    let certificate: Certificate | undefined;
    for (let i = 0; i < 120 && certificate?.status !== "confirmed"; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 500));
      certificate = (
        await call<{ certificates: Certificate[] }>("GET", "/education/certificates", undefined, learner.access_token)
      ).certificates[0];
    }
    assert.equal(certificate?.status, "confirmed", JSON.stringify(certificate));
    const client = createPublicClient({ transport: http(`http://127.0.0.1:${portA}`) });
    const owner = await client.readContract({
      address: readDeployedAddresses(31337)["PeperLocal#Certificates"]!,
      abi: abis.Certificates,
      functionName: "ownerOf",
      args: [BigInt(certificate!.token_id!)],
    });
    assert.equal(owner, recipient);
  });

  it("indexes both chains with the subgraph and serves it in graph-node's query shape", async () => {
    const query = async (port: number, name: string, q: string): Promise<Record<string, unknown>> => {
      const res = await fetch(`http://127.0.0.1:${port}/subgraphs/name/${name}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: q }),
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      return body.data!;
    };
    for (const [i, port] of indexerPorts.entries()) {
      const name = `peper-local-${i === 0 ? "a" : "b"}`;
      assert.match(
        stack.output(),
        new RegExp(`indexer ${i === 0 ? "A" : "B"}\\s+ready\\s+http://127\\.0\\.0\\.1:${port}/subgraphs/name/${name}`),
      );
      const client = createPublicClient({ transport: http(`http://127.0.0.1:${i === 0 ? portA : portB}`) });
      // Proposals live on chain A only (B has no Governor).
      const created =
        i === 0
          ? await client.getContractEvents({
              address: readDeployedAddresses(31337)["Governance#PeperGovernor"]!,
              abi: abis.PeperGovernor,
              eventName: "ProposalCreated",
              fromBlock: 0n,
            })
          : [];
      // The indexer follows the chain: wait (bounded) until it has reached the chain's head as of now,
      // past everything the demo did (PIP-2 becomes Active in the indexer only with its first vote, a
      // few blocks after its creation).
      const last = await client.getBlockNumber();
      let data: Record<string, unknown> = {};
      for (let attempt = 0; attempt < 120; attempt++) {
        data = await query(
          port,
          name,
          "{ _meta { block { number } hasIndexingErrors } proposals(orderBy: createdBlock) { proposalId state } pairs { id } }",
        );
        if (BigInt((data["_meta"] as { block: { number: number } }).block.number) >= last) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const meta = data["_meta"] as { block: { number: number }; hasIndexingErrors: boolean };
      assert.ok(BigInt(meta.block.number) >= last, `indexer ${name} reached block ${last} (at ${meta.block.number})`);
      assert.equal(meta.hasIndexingErrors, false);
      const proposals = data["proposals"] as { proposalId: string; state: string }[];
      if (i === 0) {
        assert.deepEqual(
          proposals.map((p) => p.proposalId),
          created.map((e) => e.args.proposalId!.toString()),
        );
        // PIP-1 and PIP-3 were executed by the demo; PIP-2 is open for votes.
        assert.deepEqual(
          proposals.map((p) => p.state),
          ["Executed", "Executed", "Active"],
        );
      }
      assert.equal((data["pairs"] as unknown[]).length, 3, "PEPER/WETH, PEPER/USDC, WETH/USDC");
    }
  });

  it("reports continue when one of the three operators is killed", async () => {
    const info = JSON.parse(readFileSync(join(stateDir, "stack.json"), "utf8")) as {
      services: { name: string; pid: number }[];
    };
    const victim = info.services.find((s) => s.name === "oracle 2")!;
    const deployed = readDeployedAddresses(31337);
    const client = createPublicClient({ transport: http(`http://127.0.0.1:${portA}`) });
    const latest = async () =>
      (
        await client.readContract({
          address: deployed["PeperLocal#PriceFeed"]!,
          abi: abis.PriceFeed,
          functionName: "latestRoundData",
        })
      )[0];
    process.kill(victim.pid, "SIGKILL"); // a process this test's stack started
    await untilOutput(stack, "oracle 2     exited");
    const before = await latest();
    // two more rounds (15 s of chain time each), led by the survivors or by failover past the dead leader
    let now = before;
    for (let i = 0; i < 480 && now < before + 2n; i++) {
      await new Promise((r) => setTimeout(r, 500));
      now = await latest();
    }
    assert.ok(now >= before + 2n, `rounds went from ${before} to ${now} with one operator down`);
  });

  it("a second stack refuses the taken ports with a clear message and starts nothing", async () => {
    const second = startStack({ ...env, PEPER_STATE_DIR: join(stateDir, "second") });
    const code = await second.exited;
    assert.equal(code, 1);
    assert.match(second.output(), new RegExp(`Port ${portA} \\(chain A\\) is already in use`));
  });

  it("SIGINT stops every process it started", async () => {
    const info = JSON.parse(readFileSync(join(stateDir, "stack.json"), "utf8")) as {
      services: { name: string; pid: number }[];
    };
    const pids = info.services.map((s) => s.pid);
    // two chains, the IPFS gateway, the API, three oracle operators, the Hyperlane agent, the bridge's
    // accountant, two indexers, the dApp
    assert.equal(pids.length, 12);
    // oracle 2 was killed by the previous test; every other service still runs
    for (const pid of pids.filter((_, i) => info.services[i]!.name !== "oracle 2")) {
      assert.ok(alive(pid), `service pid ${pid} runs before SIGINT`);
    }
    stack.child.kill("SIGINT");
    assert.equal(await stack.exited, 0);
    for (const pid of pids) assert.ok(!alive(pid), `service pid ${pid} is gone after SIGINT`);
    assert.ok(await isPortFree(portA), "chain A's port is free again");
    assert.ok(await isPortFree(portB), "chain B's port is free again");
    for (const p of oraclePorts) assert.ok(await isPortFree(p), `oracle port ${p} is free again`);
    assert.ok(await isPortFree(ipfsPort), "the gateway's port is free again");
    assert.ok(await isPortFree(apiPort), "the API's port is free again");
    for (const p of indexerPorts) assert.ok(await isPortFree(p), `indexer port ${p} is free again`);
    assert.ok(await isPortFree(appPort), "the dApp's port is free again");
    for (const p of bridgePorts) assert.ok(await isPortFree(p), `bridge process port ${p} is free again`);
    assert.match(stack.output(), /chain A\s+stopped/);
  });
});
