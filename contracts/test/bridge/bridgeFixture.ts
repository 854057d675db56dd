// Two in-process chains (31337 = home, 31338 = remote) with the whole bridge on each: PEPER (home) or
// bridged PEPER (remote), a BridgeManager, the operators' verifier and the Hyperlane verifier over
// Hyperlane's own Mailbox, MerkleTreeHook and MessageIdMultisigIsm (deployed from its npm package).
// The relay helpers do what the operator nodes and Hyperlane's validators do, with the shared wire
// formats of offchain/src/protocol/bridge.ts.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { Contract, Wallet } from "ethers";
import { network } from "hardhat";
import { parseSignature, signatureToCompactSignature, type Address, type Hex } from "viem";

import {
  ATTESTATION_TYPES,
  type BridgeMessage,
  bridgeMessageDigest,
  checkpointHash,
  messageIdMultisigMetadata,
  operatorDomain,
} from "../../../offchain/src/protocol/bridge.ts";
import { hyperlaneArtifact } from "../../../offchain/src/protocol/hyperlane.ts";
import { type CompactReportSignature, packSignatures } from "../../../oracle/src/report.ts";

export const HOME = 31337n;
export const REMOTE = 31338n;
export const DAY = 24 * 3600;
export const E18 = 10n ** 18n;
export const LIMIT = 1_000_000n * E18;
export const SUPPLY = 10_000_000n * E18;

export const chainA = await network.create();
export const chainB = await network.create({ override: { chainId: Number(REMOTE) } });

const key = (i: number) => `0x${(0x1000 + i).toString(16).padStart(64, "0")}`;

export interface Side {
  ethers: HardhatEthers;
  chainId: bigint;
  token: Contract;
  manager: Contract;
  operators: Contract;
  hyperlane: Contract;
  mailbox: Contract;
  merkleHook: Contract;
  ism: Contract;
  operatorWallets: Wallet[];
  validatorWallets: Wallet[];
}

async function deployHyperlaneContract(
  ethers: HardhatEthers,
  name: Parameters<typeof hyperlaneArtifact>[0],
  args: unknown[],
) {
  const { abi, bytecode } = await hyperlaneArtifact(name);
  const [deployer] = await ethers.getSigners();
  const factory = new ethers.ContractFactory(abi as never, bytecode, deployer);
  const contract = await factory.deploy(...args);
  await contract.waitForDeployment();
  return contract as unknown as Contract;
}

async function deploySide(
  ethers: HardhatEthers,
  chainId: bigint,
  isHome: boolean,
  operatorCount: number,
  operatorThreshold: number,
): Promise<Side> {
  const [owner, guardian, alice] = await ethers.getSigners();
  const token = isHome
    ? await ethers.deployContract("PeperToken", [owner!.address, 1_000_000_000n * E18, [alice!.address], [SUPPLY]])
    : await ethers.deployContract("PeperBridgedToken", [owner!.address, ethers.ZeroAddress]);
  const manager = await ethers.deployContract("BridgeManager", [token, isHome, owner!.address, guardian!.address]);
  if (!isHome) await token.getFunction("setBridge")(manager);

  const operatorWallets = Array.from({ length: operatorCount }, (_, i) => new ethers.Wallet(key(i)));
  const operators = await ethers.deployContract("OperatorVerifier", [owner!.address, manager]);
  await operators.getFunction("setConfig")(
    operatorWallets.map((w) => w.address),
    operatorThreshold,
  );

  // Hyperlane's validators are other keys than the operators (a compromised operator set is not enough).
  const validatorWallets = Array.from({ length: 3 }, (_, i) => new ethers.Wallet(key(100 + i)));
  validatorWallets.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const mailbox = await deployHyperlaneContract(ethers, "Mailbox", [Number(chainId)]);
  const merkleHook = await deployHyperlaneContract(ethers, "MerkleTreeHook", [await mailbox.getAddress()]);
  const pausableHook = await deployHyperlaneContract(ethers, "PausableHook", []);
  const ism = await deployHyperlaneContract(ethers, "StorageMessageIdMultisigIsm", [
    validatorWallets.map((w) => w.address),
    2,
  ]);
  await mailbox.getFunction("initialize")(owner!.address, ism, pausableHook, merkleHook);
  const hyperlane = await ethers.deployContract("HyperlaneVerifier", [owner!.address, mailbox, manager, ism]);
  return {
    ethers,
    chainId,
    token,
    manager,
    operators,
    hyperlane,
    mailbox,
    merkleHook,
    ism,
    operatorWallets,
    validatorWallets,
  } as unknown as Side;
}

/** Connects two sides: peers, limits, verifiers (`verifiers` of [operators, hyperlane], `threshold`). */
async function connect(a: Side, b: Side, verifiers: ("operators" | "hyperlane")[], threshold: number) {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    await x.manager.getFunction("setPeer")(y.chainId, y.manager);
    await x.manager.getFunction("setOutboundLimit")(y.chainId, LIMIT);
    await x.manager.getFunction("setInboundLimit")(y.chainId, LIMIT);
    await x.hyperlane.getFunction("setRemote")(y.chainId, Number(y.chainId), y.hyperlane);
    await x.manager.getFunction("setVerifiers")(
      verifiers.map((v) => x[v]),
      threshold,
    );
  }
}

export interface Bridge {
  a: Side;
  b: Side;
}

export async function deployBridge(
  opts: {
    verifiers?: ("operators" | "hyperlane")[];
    threshold?: number;
    operators?: number;
    operatorThreshold?: number;
  } = {},
): Promise<Bridge> {
  const verifiers = opts.verifiers ?? ["operators", "hyperlane"];
  const a = await deploySide(chainA.ethers, HOME, true, opts.operators ?? 5, opts.operatorThreshold ?? 3);
  const b = await deploySide(chainB.ethers, REMOTE, false, opts.operators ?? 5, opts.operatorThreshold ?? 3);
  await connect(a, b, verifiers, opts.threshold ?? verifiers.length);
  return { a, b };
}

/** The BridgeMessage of a transfer's MessageSent event, as a plain object. */
export async function sentMessage(side: Side, txHash: string): Promise<BridgeMessage> {
  const receipt = await side.ethers.provider.getTransactionReceipt(txHash);
  const iface = side.manager.interface;
  for (const log of receipt!.logs) {
    const parsed = iface.parseLog(log);
    if (parsed?.name === "MessageSent") {
      const m = parsed.args.message;
      return {
        sequence: m.sequence,
        srcChainId: m.srcChainId,
        srcManager: m.srcManager as Address,
        dstChainId: m.dstChainId,
        dstManager: m.dstManager as Address,
        sender: m.sender as Address,
        recipient: m.recipient as Address,
        amount: m.amount,
      };
    }
  }
  throw new Error(`no MessageSent in ${txHash}`);
}

/** One operator's ordinary 65-byte signature of a message's attestation. */
export interface SignedAttestation {
  signer: Address;
  signature: Hex;
}

/** `OperatorVerifier.attest(message, signers, signatures)`'s last two arguments: spread them into the call. */
export type PackedAttestation = [signers: bigint, signatures: CompactReportSignature[]];

/** Operators of the destination sign the message's attestation (as the operator nodes do). */
export async function signAttestation(
  dst: Side,
  message: BridgeMessage,
  signers: readonly Wallet[] = dst.operatorWallets.slice(0, 3),
  verifier: Contract = dst.operators,
): Promise<SignedAttestation[]> {
  const version = await verifier.getFunction("configVersion")();
  const domain = operatorDomain(dst.chainId, (await verifier.getAddress()) as Address);
  const value = { messageDigest: bridgeMessageDigest(message), configVersion: version };
  const types = { Attestation: ATTESTATION_TYPES.Attestation.map((f) => ({ ...f })) };
  return Promise.all(
    signers.map(async (w) => ({
      signer: w.address as Address,
      signature: (await w.signTypedData(domain, types, value)) as Hex,
    })),
  );
}

/** Packs signatures as the relayer does: the bitmap of the signers in `verifier.operators()` and compact signatures. */
export async function packAttestation(
  verifier: Contract,
  signed: readonly SignedAttestation[],
): Promise<PackedAttestation> {
  const { signers, signatures } = packSignatures(await verifier.getFunction("operators")(), signed);
  return [signers, signatures];
}

/** The EIP-2098 form of any 65-byte signature, unchecked (for tests that build bad ones). */
export function compact(signature: Hex): CompactReportSignature {
  const { r, yParityAndS } = signatureToCompactSignature(parseSignature(signature));
  return { r, yParityAndS };
}

/** Operators of the destination sign the message, packed for `attest` (spread the result into the call). */
export async function operatorSignatures(
  dst: Side,
  message: BridgeMessage,
  signers: readonly Wallet[] = dst.operatorWallets.slice(0, 3),
): Promise<PackedAttestation> {
  return packAttestation(dst.operators, await signAttestation(dst, message, signers));
}

/** Hyperlane's part: the Dispatch of the source tx, a checkpoint signed by the source's validators, process on dst. */
export async function hyperlaneDelivery(src: Side, txHash: string, signers = src.validatorWallets.slice(0, 2)) {
  const receipt = await src.ethers.provider.getTransactionReceipt(txHash);
  let message: Hex | undefined;
  let index: number | undefined;
  for (const log of receipt!.logs) {
    const fromMailbox = log.address.toLowerCase() === (await src.mailbox.getAddress()).toLowerCase();
    if (fromMailbox) {
      const parsed = src.mailbox.interface.parseLog(log);
      if (parsed?.name === "Dispatch") message = parsed.args.message as Hex;
    } else if (log.address.toLowerCase() === (await src.merkleHook.getAddress()).toLowerCase()) {
      const parsed = src.merkleHook.interface.parseLog(log);
      if (parsed?.name === "InsertedIntoTree") index = Number(parsed.args.index);
    }
  }
  if (!message || index === undefined) throw new Error(`no Hyperlane dispatch in ${txHash}`);
  const [root, latest] = await src.merkleHook.getFunction("latestCheckpoint")({ blockTag: receipt!.blockNumber });
  if (Number(latest) !== index) throw new Error("the checkpoint does not cover the message");
  const checkpoint = {
    origin: Number(src.chainId),
    merkleTreeHook: (await src.merkleHook.getAddress()) as Address,
    root: root as Hex,
    index,
    messageId: src.ethers.keccak256(message) as Hex,
  };
  const hash = checkpointHash(checkpoint);
  // validators sign in their (sorted) order, as the ISM reads them
  const signatures = await Promise.all(signers.map((w) => w.signMessage(src.ethers.getBytes(hash))));
  return { message, metadata: messageIdMultisigMetadata(checkpoint, signatures as Hex[]), checkpoint };
}
