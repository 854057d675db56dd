// Test helper: the whole bridge on two running chains, deployed with viem from Hardhat's artifacts
// (`npx hardhat compile` builds artifacts/) and Hyperlane's own contracts from its npm package —
// PEPER (home) or PeperBridgedToken (remote), BridgeManager, OperatorVerifier, HyperlaneVerifier,
// Mailbox, MerkleTreeHook, PausableHook and a StorageMessageIdMultisigIsm, connected both ways, as
// contracts/test/bridge/bridgeFixture.ts does in-process. The deployer owns everything (so a test can
// reconfigure); the managers start with the operators' verifier alone (threshold 1).
// Cross-chain governance too: a GovernanceSender on A (the deployer stands in for A's Timelock) whose
// messages both verifiers carry, and on B a PeperTimelock (5 s delay) whose only proposer is B's
// GovernanceReceiver, which accepts A's sender at 2 of 2 verifiers (the operators and Hyperlane).
import { spawn, type ChildProcess } from "node:child_process";

import {
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  parseAbi,
  parseEventLogs,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
  toBytes,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import type { BridgeMessage, GovernanceMessage } from "../../offchain/src/protocol/bridge.ts";
import { hyperlaneArtifact, type HyperlaneContract } from "../../offchain/src/protocol/hyperlane.ts";
import { ROOT } from "../../scripts/lib/runtime.ts";
import { erc20Abi, managerAbi } from "../src/bridge/common.ts";
import { artifact } from "./chain.ts";

export const E18 = 10n ** 18n;
export const LIMIT = 1_000_000n * E18;

export interface BridgeSide {
  chainId: number;
  url: string;
  client: PublicClient;
  deployer: WalletClient;
  token: Address;
  manager: Address;
  operatorVerifier: Address;
  hyperlaneVerifier: Address;
  mailbox: Address;
  merkleTreeHook: Address;
  pausableHook: Address;
  ism: Address;
  /** The first block of the deployment (where the off-chain processes start scanning). */
  fromBlock: number;
  /** Chain A: the GovernanceSender. */
  governanceSender?: Address;
  /** Chain B: the GovernanceReceiver and the Timelock it schedules on. */
  governanceReceiver?: Address;
  timelock?: Address;
}

/** B's Timelock delay in the test deployment (seconds). */
export const REMOTE_TIMELOCK_DELAY = 5n;

export interface BridgeDeployment {
  a: BridgeSide;
  b: BridgeSide;
}

const ownerAbi = parseAbi([
  "function setBridge(address)",
  "function setConfig(address[] operators, uint8 threshold)",
  "function initialize(address owner, address defaultIsm, address defaultHook, address requiredHook)",
  "function setPeer(uint64 chainId, address peer)",
  "function setOutboundLimit(uint64 chainId, uint96 limit)",
  "function setInboundLimit(uint64 chainId, uint96 limit)",
  "function setRemote(uint64 chainId, uint32 domain, address adapter)",
  "function setVerifiers(address[] verifiers, uint8 threshold)",
  "function setGovernanceEndpoints(address sender, address receiver)",
  "function setReceiver(uint64 chainId, address receiver)",
  "function grantRole(bytes32 role, address account)",
]);
const senderOwnerAbi = parseAbi(["function setVerifiers(address[] verifiers)"]);

async function send(side: { client: PublicClient; deployer: WalletClient }, to: Address, fn: string, args: unknown[]) {
  const hash = await side.deployer.writeContract({
    address: to,
    abi: ownerAbi,
    functionName: fn as "setPeer",
    args: args as never,
    chain: null,
    account: side.deployer.account!,
  });
  const receipt = await side.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${fn} on ${to} reverted`);
}

async function deployCode(client: PublicClient, deployer: WalletClient, abi: Abi, bytecode: Hex, args: unknown[]) {
  const hash = await deployer.deployContract({ abi, bytecode, args, chain: null, account: deployer.account! });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("deployment failed");
  return receipt.contractAddress;
}

async function deploySide(
  url: string,
  chainId: number,
  isHome: boolean,
  opts: DeployOptions,
): Promise<Omit<BridgeSide, "hyperlaneVerifier"> & { deployHyperlane: () => Promise<Address> }> {
  const transport = http(url);
  const client = createPublicClient({ transport }) as PublicClient;
  const deployer = createWalletClient({ account: privateKeyToAccount(opts.deployerKey), transport });
  const owner = deployer.account!.address;
  const fromBlock = Number(await client.getBlockNumber()) + 1;
  const ours = (path: string, args: unknown[]) => {
    const { abi, bytecode } = artifact(path);
    return deployCode(client, deployer, abi, bytecode, args);
  };
  const theirs = async (name: HyperlaneContract, args: unknown[]) => {
    const { abi, bytecode } = await hyperlaneArtifact(name);
    return deployCode(client, deployer, abi, bytecode, args);
  };
  const token = isHome
    ? await ours("governance/PeperToken.sol/PeperToken.json", [
        owner,
        1_000_000_000n * E18,
        opts.holders.map((h) => h.address),
        opts.holders.map((h) => h.amount),
      ])
    : await ours("bridge/PeperBridgedToken.sol/PeperBridgedToken.json", [
        owner,
        "0x0000000000000000000000000000000000000000",
      ]);
  const manager = await ours("bridge/BridgeManager.sol/BridgeManager.json", [token, isHome, owner, opts.guardian]);
  const side = { client, deployer };
  if (!isHome) await send(side, token, "setBridge", [manager]);
  const operatorVerifier = await ours("bridge/OperatorVerifier.sol/OperatorVerifier.json", [owner, manager]);
  await send(side, operatorVerifier, "setConfig", [opts.operators, opts.operatorThreshold]);
  const validators = [...opts.validators].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  const mailbox = await theirs("Mailbox", [chainId]);
  const merkleTreeHook = await theirs("MerkleTreeHook", [mailbox]);
  const pausableHook = await theirs("PausableHook", []);
  const ism = await theirs("StorageMessageIdMultisigIsm", [validators, opts.validatorThreshold]);
  await send(side, mailbox, "initialize", [owner, ism, pausableHook, merkleTreeHook]);
  return {
    chainId,
    url,
    client,
    deployer,
    token,
    manager,
    operatorVerifier,
    mailbox,
    merkleTreeHook,
    pausableHook,
    ism,
    fromBlock,
    deployHyperlane: () => ours("bridge/HyperlaneVerifier.sol/HyperlaneVerifier.json", [owner, mailbox, manager, ism]),
  };
}

export interface DeployOptions {
  deployerKey: Hex;
  guardian: Address;
  operators: readonly Address[];
  operatorThreshold: number;
  validators: readonly Address[];
  validatorThreshold: number;
  /** PEPER minted on the home chain at deployment. */
  holders: readonly { address: Address; amount: bigint }[];
}

/** Deploys the bridge on chain A (home) and chain B (remote) and connects them both ways. */
export async function deployBridgePair(
  a: { url: string; chainId: number },
  b: { url: string; chainId: number },
  opts: DeployOptions,
): Promise<BridgeDeployment> {
  const [x, y] = [await deploySide(a.url, a.chainId, true, opts), await deploySide(b.url, b.chainId, false, opts)];
  const sides: BridgeSide[] = [];
  for (const s of [x, y]) {
    const { deployHyperlane, ...rest } = s;
    sides.push({ ...rest, hyperlaneVerifier: await deployHyperlane() });
  }
  const [sa, sb] = sides as [BridgeSide, BridgeSide];
  await deployGovernance(sa, sb, opts.guardian);
  for (const [s, t] of [
    [sa, sb],
    [sb, sa],
  ] as const) {
    await send(s, s.manager, "setPeer", [BigInt(t.chainId), t.manager]);
    await send(s, s.manager, "setOutboundLimit", [BigInt(t.chainId), LIMIT]);
    await send(s, s.manager, "setInboundLimit", [BigInt(t.chainId), LIMIT]);
    await send(s, s.hyperlaneVerifier, "setRemote", [BigInt(t.chainId), t.chainId, t.hyperlaneVerifier]);
    await send(s, s.manager, "setVerifiers", [[s.operatorVerifier], 1]);
  }
  return { a: sa, b: sb };
}

/** The cross-chain governance contracts (see the file's head), wired to both sides' verifiers. */
async function deployGovernance(a: BridgeSide, b: BridgeSide, guardian: Address): Promise<void> {
  const deploy = (side: BridgeSide, path: string, args: unknown[]) => {
    const { abi, bytecode } = artifact(path);
    return deployCode(side.client, side.deployer, abi, bytecode, args);
  };
  const zero = "0x0000000000000000000000000000000000000000";
  const sender = await deploy(a, "bridge/GovernanceSender.sol/GovernanceSender.json", [a.deployer.account!.address]);
  const hash = await a.deployer.writeContract({
    address: sender,
    abi: senderOwnerAbi,
    functionName: "setVerifiers",
    args: [[a.operatorVerifier, a.hyperlaneVerifier]],
    chain: null,
    account: a.deployer.account!,
  });
  if ((await a.client.waitForTransactionReceipt({ hash })).status !== "success")
    throw new Error("setVerifiers reverted");
  await send(a, a.operatorVerifier, "setGovernanceEndpoints", [sender, zero]);
  await send(a, a.hyperlaneVerifier, "setGovernanceEndpoints", [sender, zero]);
  const timelock = await deploy(b, "governance/PeperTimelock.sol/PeperTimelock.json", [
    REMOTE_TIMELOCK_DELAY,
    [],
    [zero],
    b.deployer.account!.address,
  ]);
  const receiver = await deploy(b, "bridge/GovernanceReceiver.sol/GovernanceReceiver.json", [
    b.deployer.account!.address,
    guardian,
    timelock,
    BigInt(a.chainId),
    sender,
  ]);
  await send(b, timelock, "grantRole", [keccak256(toBytes("PROPOSER_ROLE")), receiver]);
  await send(b, receiver, "setVerifiers", [[b.operatorVerifier, b.hyperlaneVerifier], 2]);
  await send(b, b.operatorVerifier, "setGovernanceEndpoints", [zero, receiver]);
  await send(b, b.hyperlaneVerifier, "setGovernanceEndpoints", [zero, receiver]);
  await send(a, sender, "setReceiver", [BigInt(b.chainId), receiver]);
  a.governanceSender = sender;
  b.governanceReceiver = receiver;
  b.timelock = timelock;
}

/** Sends a governance message from A's sender (as its owner, standing in for A's Timelock) to B. */
export async function sendGovernance(
  bridge: BridgeDeployment,
  calls: readonly { target: Address; value?: bigint; data: Hex }[],
): Promise<{ message: GovernanceMessage; digest: Hex; receipt: TransactionReceipt }> {
  const { a, b } = bridge;
  const args = [
    BigInt(b.chainId),
    calls.map((c) => c.target),
    calls.map((c) => c.value ?? 0n),
    calls.map((c) => c.data),
  ] as const;
  const fee = await a.client.readContract({
    address: a.governanceSender!,
    abi: governanceSenderAbi,
    functionName: "quoteSend",
    args,
  });
  const hash = await a.deployer.writeContract({
    address: a.governanceSender!,
    abi: governanceSenderAbi,
    functionName: "send",
    args,
    value: fee,
    chain: null,
    account: a.deployer.account!,
  });
  const receipt = await a.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`the governance send reverted: ${receipt.transactionHash}`);
  const [sent] = parseEventLogs({ abi: governanceSenderAbi, eventName: "GovernanceMessageSent", logs: receipt.logs });
  const message = sent!.args.message as GovernanceMessage;
  return { message, digest: sent!.args.digest, receipt };
}

const governanceSenderAbi = parseAbi([
  "struct GovernanceMessage { uint64 nonce; uint64 srcChainId; address srcSender; uint64 dstChainId; address dstReceiver; address[] targets; uint256[] values; bytes[] calldatas; }",
  "event GovernanceMessageSent(bytes32 indexed digest, uint64 indexed dstChainId, uint64 indexed nonce, GovernanceMessage message)",
  "function send(uint64 dstChainId, address[] targets, uint256[] values, bytes[] calldatas) payable returns (uint64)",
  "function quoteSend(uint64 dstChainId, address[] targets, uint256[] values, bytes[] calldatas) view returns (uint256)",
]);

/** Sets a manager's verifiers (by name) and threshold. */
export async function setVerifiers(side: BridgeSide, which: readonly ("operators" | "hyperlane")[], threshold: number) {
  const list = which.map((w) => (w === "operators" ? side.operatorVerifier : side.hyperlaneVerifier));
  await send(side, side.manager, "setVerifiers", [list, threshold]);
}

// ------------------------------------------------------------------------------------------------
// The bridge's off-chain processes, for tests and the latency benchmark: spawned from this checkout
// with this Node, their output kept, stopped by PID.

/** A spawned process of the bridge. */
export interface Proc {
  name: string;
  child: ChildProcess;
  port: number;
  stateDir: string;
  output: string[];
  exited: Promise<number | null>;
}

/** The processes a test or benchmark started; `stopAll` ends them (SIGTERM, by PID). */
export class Processes {
  readonly running: Proc[] = [];

  spawn(name: string, script: string, args: string[], env: NodeJS.ProcessEnv, port: number, stateDir: string): Proc {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    child.stdout!.on("data", (d: Buffer) => output.push(...d.toString().split("\n").filter(Boolean)));
    child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const proc: Proc = { name, child, port, stateDir, output, exited };
    this.running.push(proc);
    return proc;
  }

  async stop(proc: Proc, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
    await proc.exited;
    const at = this.running.indexOf(proc);
    if (at >= 0) this.running.splice(at, 1);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((p) => this.stop(p)));
  }
}

/** An operator node's `bridge` section for two sides reached at `rpcUrls` (e.g. through proxies). */
export function operatorBridgeSection(bridge: BridgeDeployment, rpcUrls: readonly [string, string]) {
  const chain = (side: BridgeSide, rpcUrl: string) => ({
    chainId: side.chainId,
    rpcUrl,
    manager: side.manager,
    operatorVerifier: side.operatorVerifier,
    confirmations: 2,
    fromBlock: side.fromBlock,
    ...(side.governanceSender ? { governanceSender: side.governanceSender } : {}),
    ...(side.governanceReceiver ? { governanceReceiver: side.governanceReceiver } : {}),
  });
  return {
    chains: [chain(bridge.a, rpcUrls[0]), chain(bridge.b, rpcUrls[1])],
    maxLogRange: 20,
    pollMs: 300,
    relayTimeoutSeconds: 3,
    retryBaseMs: 300,
    retryMaxMs: 2000,
  };
}

/**
 * A relaying-only operator node's config file (no feeds: the hub is never read): operator `index` of
 * `operators`, its peers at `nodePorts`, the bridge's two sides at `rpcUrls`.
 */
export function relayingOperatorConfig(
  bridge: BridgeDeployment,
  operators: readonly Address[],
  nodePorts: readonly number[],
  index: number,
  rpcUrls: readonly [string, string],
) {
  return {
    chainId: 31337,
    hub: bridge.a.manager,
    operators,
    threshold: 2,
    peers: operators
      .map((operator, j) => ({ operator, url: `http://127.0.0.1:${nodePorts[j]}` }))
      .filter((_, j) => j !== index),
    feeds: [],
    intervalSeconds: 15,
    leaderTimeoutSeconds: 2,
    bridge: operatorBridgeSection(bridge, rpcUrls),
  };
}

/** peper-hyperlane's config for two sides reached at `rpcUrls`. */
export function hyperlaneConfig(bridge: BridgeDeployment, rpcUrls: readonly [string, string]) {
  const chain = (side: BridgeSide, rpcUrl: string) => ({
    chainId: side.chainId,
    rpcUrl,
    mailbox: side.mailbox,
    merkleTreeHook: side.merkleTreeHook,
    confirmations: 2,
    fromBlock: side.fromBlock,
  });
  return {
    chains: [chain(bridge.a, rpcUrls[0]), chain(bridge.b, rpcUrls[1])],
    maxLogRange: 20,
    pollMs: 300,
    retryBaseMs: 300,
    retryMaxMs: 2000,
  };
}

/** Sends `amount` from the deployer on `src` to `recipient` on `dst` (approving on the home chain); the message. */
export async function sendTransfer(
  bridge: BridgeDeployment,
  src: BridgeSide,
  dst: BridgeSide,
  amount: bigint,
  recipient: Address,
): Promise<{ message: BridgeMessage; receipt: TransactionReceipt }> {
  const write = async (address: Address, abi: Abi, functionName: string, args: unknown[], value = 0n) => {
    const hash = await src.deployer.writeContract({
      address,
      abi,
      functionName,
      args,
      value,
      chain: null,
      account: src.deployer.account!,
    } as never);
    return src.client.waitForTransactionReceipt({ hash });
  };
  if (src === bridge.a) await write(src.token, erc20Abi, "approve", [src.manager, amount]);
  const fee = await src.client.readContract({
    address: src.manager,
    abi: managerAbi,
    functionName: "quoteTransfer",
    args: [BigInt(dst.chainId)],
  });
  const receipt = await write(
    src.manager,
    managerAbi,
    "transfer",
    [amount, BigInt(dst.chainId), recipient, false],
    fee,
  );
  if (receipt.status !== "success") throw new Error(`the transfer reverted: ${receipt.transactionHash}`);
  const [sent] = parseEventLogs({ abi: managerAbi, eventName: "MessageSent", logs: receipt.logs });
  return { message: sent!.args.message as BridgeMessage, receipt };
}
