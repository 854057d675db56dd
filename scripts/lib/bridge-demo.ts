// The deploy-time bootstrap of the bridge on the local chains: sends PEPER through the deployed
// BridgeManagers and delivers each message itself, doing by hand what the relaying processes do
// once the stack runs — the oracle operators sign and relay an attestation to the destination's
// OperatorVerifier, and Hyperlane's validators sign a checkpoint of the source Mailbox's merkle tree
// that a relayer hands to the destination Mailbox (`process`), which calls the HyperlaneVerifier.
// Both verifiers are required (2 of 2), so a message is executed when both deliveries are in.
//
// `npm start` uses it to bridge the demo PEPER from chain A (home) to chain B before B's demo state
// needs it: the relayer processes start after the deployment. The stack's end-to-end test uses it
// too, until it drives the relayer processes. It signs with the local stack's fixed operator and
// validator keys (scripts/lib/local-keys.ts), so it only works against the local deployment, and it
// uses the wire formats every bridge component shares (offchain/src/protocol/bridge.ts).
import {
  createPublicClient,
  createWalletClient,
  decodeEventLog,
  http,
  parseAbi,
  type Account,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  attestationTypedData,
  bridgeMessageDigest,
  checkpointHash,
  hyperlaneMessageId,
  messageIdMultisigMetadata,
  type BridgeMessage,
  type Checkpoint,
} from "../../offchain/src/protocol/bridge.ts";
import { packSignatures } from "../../oracle/src/report.ts";
import { readDeployedAddresses } from "./deployment.ts";
import { LOCAL_OPERATOR_KEYS, LOCAL_VALIDATOR_KEYS } from "./local-keys.ts";

const MESSAGE =
  "(uint64 sequence, uint64 srcChainId, address srcManager, uint64 dstChainId, address dstManager, address sender, address recipient, uint256 amount)";

const managerAbi = parseAbi([
  `event MessageSent(bytes32 indexed digest, uint64 indexed dstChainId, uint64 indexed sequence, ${MESSAGE} message)`,
  "event MessageExecuted(bytes32 indexed digest, uint64 indexed srcChainId, uint64 indexed sequence, address recipient, uint256 amount, bool queued)",
  "function transfer(uint256 amount, uint64 dstChainId, address recipient, bool shouldQueue) payable returns (uint64 sequence, uint64 queueId)",
  "function quoteTransfer(uint64 dstChainId) view returns (uint256)",
  "function isHome() view returns (bool)",
  "function messageState(bytes32 digest, uint64 srcChainId, address srcEndpoint, uint64 sequence) view returns (uint256 attestations, bool executed)",
]);
const operatorVerifierAbi = parseAbi([
  `function attest(${MESSAGE} message, uint256 signers, (bytes32 r, bytes32 yParityAndS)[] signatures)`,
  "function configVersion() view returns (uint32)",
  "function operators() view returns (address[])",
  "function threshold() view returns (uint8)",
]);
const tokenAbi = parseAbi([
  "function approve(address spender, uint256 amount) returns (bool)",
  "function allowance(address owner, address spender) view returns (uint256)",
]);
const mailboxAbi = parseAbi([
  "event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)",
  "function process(bytes metadata, bytes message) payable",
]);
const merkleTreeHookAbi = parseAbi([
  "event InsertedIntoTree(bytes32 messageId, uint32 index)",
  "function latestCheckpoint() view returns (bytes32 root, uint32 index)",
]);
const ismAbi = parseAbi(["function threshold() view returns (uint8)"]);

/** One local chain as the bootstrap reaches it. */
export interface LocalBridgeChain {
  chainId: number;
  rpcUrl: string;
  /** A short name for messages ("A"); the chain id when absent. */
  name?: string;
}

/** The bridge contracts of a local chain's deployment (Ignition ids of the Bridge module). */
export function localBridgeContracts(chainId: number) {
  const deployed = readDeployedAddresses(chainId);
  const get = (id: string): Address => {
    const address = deployed[id];
    if (!address) throw new Error(`${id} is not in the deployment of chain ${chainId}`);
    return address;
  };
  return {
    token: get("Governance#PeperToken"),
    manager: get("Bridge#BridgeManager"),
    operatorVerifier: get("Bridge#OperatorVerifier"),
    hyperlaneVerifier: get("Bridge#HyperlaneVerifier"),
    mailbox: get("Bridge#Mailbox"),
    merkleTreeHook: get("Bridge#MerkleTreeHook"),
    validatorIsm: get("Bridge#ValidatorIsm"),
  };
}

export interface BridgeTransfer {
  /** Who sends: an unlocked account of the local node (its address) or a local account (a key). */
  sender: Address | Account;
  /** Who receives on the destination chain. */
  recipient: Address;
  /** PEPER wei. */
  amount: bigint;
}

export interface BridgedMessage {
  message: BridgeMessage;
  digest: Hex;
  /** The source chain's transaction (BridgeManager.transfer). */
  sendTx: Hex;
  /** The two deliveries on the destination: OperatorVerifier.attest and Mailbox.process. */
  deliveryTxs: [Hex, Hex];
  /** Whether the destination's inbound rate limit queued the tokens (completeInboundQueuedTransfer later). */
  queued: boolean;
}

/** A viem client of a local chain (100 ms polling). */
export const clientFor = (chain: LocalBridgeChain): PublicClient =>
  createPublicClient({ transport: http(chain.rpcUrl), pollingInterval: 100 });

/** Sends a contract call from `account` (an unlocked node account or a local key); throws if it reverts. */
export async function send(
  chain: LocalBridgeChain,
  account: Address | Account,
  request: {
    address: Address;
    abi: readonly unknown[];
    functionName: string;
    args: readonly unknown[];
    value?: bigint;
  },
): Promise<TransactionReceipt> {
  const wallet = createWalletClient({ account, transport: http(chain.rpcUrl) });
  const client = clientFor(chain);
  const hash = await wallet.writeContract({ ...request, chain: null } as Parameters<typeof wallet.writeContract>[0]);
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success")
    throw new Error(`${request.functionName} on chain ${chain.chainId} reverted (${hash})`);
  return receipt;
}

/** A Hyperlane dispatch in a source-chain receipt: the Mailbox's message and its merkle tree index. */
export interface HyperlaneDispatch {
  dispatched: Hex;
  index: number;
  blockNumber: bigint;
}

/** The (single) Hyperlane dispatch of a receipt on the source chain. */
export function hyperlaneDispatchOf(receipt: TransactionReceipt, mailbox: Address, merkleTreeHook: Address) {
  let dispatched: Hex | undefined;
  let index: number | undefined;
  for (const log of receipt.logs) {
    try {
      if (log.address.toLowerCase() === mailbox.toLowerCase()) {
        const event = decodeEventLog({ abi: mailboxAbi, ...log });
        if (event.eventName === "Dispatch") dispatched = event.args.message;
      } else if (log.address.toLowerCase() === merkleTreeHook.toLowerCase()) {
        const event = decodeEventLog({ abi: merkleTreeHookAbi, ...log });
        if (event.eventName === "InsertedIntoTree") index = event.args.index;
      }
    } catch {
      // another event of these contracts
    }
  }
  if (!dispatched || index === undefined) throw new Error(`no Hyperlane dispatch in ${receipt.transactionHash}`);
  return { dispatched, index, blockNumber: receipt.blockNumber } satisfies HyperlaneDispatch;
}

/** The BridgeMessage and Hyperlane dispatch of a transfer's receipt on the source chain. */
function sentMessage(receipt: TransactionReceipt, mailbox: Address, merkleTreeHook: Address) {
  let message: BridgeMessage | undefined;
  for (const log of receipt.logs) {
    try {
      const event = decodeEventLog({ abi: managerAbi, ...log });
      if (event.eventName === "MessageSent") message = { ...event.args.message };
    } catch {
      // another contract's event
    }
  }
  if (!message) throw new Error(`no MessageSent in ${receipt.transactionHash}: the transfer was queued or failed`);
  return { message, ...hyperlaneDispatchOf(receipt, mailbox, merkleTreeHook) };
}

/**
 * Hyperlane's part of a delivery, done by hand: the source's validators (the local keys, as many as
 * the destination's ISM needs) sign the source MerkleTreeHook's checkpoint at the message, and
 * `relayer` hands the message and the signatures to the destination Mailbox (`process`).
 */
export async function deliverByHyperlane(
  src: LocalBridgeChain,
  dst: LocalBridgeChain,
  { dispatched, index, blockNumber }: HyperlaneDispatch,
  relayer: Address | Account,
): Promise<TransactionReceipt> {
  const from = localBridgeContracts(src.chainId);
  const to = localBridgeContracts(dst.chainId);
  const validatorThreshold = await clientFor(dst).readContract({
    address: to.validatorIsm,
    abi: ismAbi,
    functionName: "threshold",
  });
  const validators = LOCAL_VALIDATOR_KEYS.slice(0, validatorThreshold).map((k) => privateKeyToAccount(k));
  const [root, latest] = await clientFor(src).readContract({
    address: from.merkleTreeHook,
    abi: merkleTreeHookAbi,
    functionName: "latestCheckpoint",
    blockNumber,
  });
  if (latest !== index) throw new Error(`the checkpoint at block ${blockNumber} does not cover the message`);
  const checkpoint: Checkpoint = {
    origin: src.chainId,
    merkleTreeHook: from.merkleTreeHook,
    root,
    index,
    messageId: hyperlaneMessageId(dispatched),
  };
  const hash = checkpointHash(checkpoint);
  const validatorSignatures = await Promise.all(validators.map((v) => v.signMessage({ message: { raw: hash } })));
  return send(dst, relayer, {
    address: to.mailbox,
    abi: mailboxAbi,
    functionName: "process",
    args: [messageIdMultisigMetadata(checkpoint, validatorSignatures), dispatched],
  });
}

/**
 * Sends each transfer from `src` to `dst` through the deployed bridge and delivers it on `dst` with
 * both verifiers, signing as the local operators and Hyperlane validators; `relayer` pays for the
 * deliveries (an unlocked account of the local node; the first transfer's sender by default).
 * Resolves once every message is executed on `dst`. On the home chain it first approves the manager.
 */
export async function bridgeAndDeliver(
  src: LocalBridgeChain,
  dst: LocalBridgeChain,
  transfers: readonly BridgeTransfer[],
  options: { relayer?: Address | Account } = {},
): Promise<BridgedMessage[]> {
  if (transfers.length === 0) return [];
  const from = localBridgeContracts(src.chainId);
  const to = localBridgeContracts(dst.chainId);
  const srcClient = clientFor(src);
  const dstClient = clientFor(dst);
  const relayer = options.relayer ?? transfers[0]!.sender;
  const home = await srcClient.readContract({ address: from.manager, abi: managerAbi, functionName: "isHome" });
  const operatorThreshold = await dstClient.readContract({
    address: to.operatorVerifier,
    abi: operatorVerifierAbi,
    functionName: "threshold",
  });
  const operators = LOCAL_OPERATOR_KEYS.slice(0, operatorThreshold).map((k) => privateKeyToAccount(k));

  if (home) {
    // The home manager locks PEPER with transferFrom: one approval per sender for its transfers' sum.
    const bySender = new Map<Address, { account: Address | Account; amount: bigint }>();
    for (const t of transfers) {
      const address = typeof t.sender === "string" ? t.sender : t.sender.address;
      const entry = bySender.get(address) ?? { account: t.sender, amount: 0n };
      entry.amount += t.amount;
      bySender.set(address, entry);
    }
    for (const [address, { account, amount }] of bySender) {
      const allowance = await srcClient.readContract({
        address: from.token,
        abi: tokenAbi,
        functionName: "allowance",
        args: [address, from.manager],
      });
      if (allowance < amount) {
        await send(src, account, {
          address: from.token,
          abi: tokenAbi,
          functionName: "approve",
          args: [from.manager, amount],
        });
      }
    }
  }

  const out: BridgedMessage[] = [];
  for (const t of transfers) {
    const fee = await srcClient.readContract({
      address: from.manager,
      abi: managerAbi,
      functionName: "quoteTransfer",
      args: [BigInt(dst.chainId)],
    });
    const receipt = await send(src, t.sender, {
      address: from.manager,
      abi: managerAbi,
      functionName: "transfer",
      args: [t.amount, BigInt(dst.chainId), t.recipient, false],
      value: fee,
    });
    const { message, ...dispatch } = sentMessage(receipt, from.mailbox, from.merkleTreeHook);
    const digest = bridgeMessageDigest(message);

    // The operators: each signs the attestation for the destination's verifier; one relays them.
    const [configVersion, current] = await Promise.all([
      dstClient.readContract({ address: to.operatorVerifier, abi: operatorVerifierAbi, functionName: "configVersion" }),
      dstClient.readContract({ address: to.operatorVerifier, abi: operatorVerifierAbi, functionName: "operators" }),
    ]);
    const signed = await Promise.all(
      operators.map(async (o) => ({
        signer: o.address,
        signature: await o.signTypedData(attestationTypedData(message, to.operatorVerifier, configVersion)),
      })),
    );
    // as the relayer sends them: a bitmap of the signers and EIP-2098 compact signatures in bit order
    const packed = packSignatures(current, signed);
    const attested = await send(dst, relayer, {
      address: to.operatorVerifier,
      abi: operatorVerifierAbi,
      functionName: "attest",
      args: [message, packed.signers, packed.signatures],
    });

    // Hyperlane: the validators sign the source tree's checkpoint at the message; a relayer processes it.
    const processed = await deliverByHyperlane(src, dst, dispatch, relayer);

    let queued: boolean | undefined;
    for (const log of [...attested.logs, ...processed.logs]) {
      if (log.address.toLowerCase() !== to.manager.toLowerCase()) continue;
      try {
        const event = decodeEventLog({ abi: managerAbi, ...log });
        if (event.eventName === "MessageExecuted") queued = event.args.queued;
      } catch {
        // another manager event
      }
    }
    if (queued === undefined)
      throw new Error(`message ${digest} was delivered but not executed on chain ${dst.chainId}`);
    out.push({
      message,
      digest,
      sendTx: receipt.transactionHash,
      deliveryTxs: [attested.transactionHash, processed.transactionHash],
      queued,
    });
  }
  return out;
}

/**
 * What `npm start` bridges from chain A to chain B before B's demo state: Alice (the deployer, who
 * holds 40M PEPER on A) sends 9.5M PEPER to B's demo holders — 7.5M for herself (5M of pool
 * liquidity, 2M for B's treasury, 0.5M of votes to propose with), 1M for Bob, 0.5M each for Carol and
 * Dave. Within the local 10M-per-24 h rate limits; the demos' time travel refills them.
 */
export const DEMO_BRIDGE_TRANSFERS: readonly { recipient: Address; amount: bigint }[] = [
  { recipient: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", amount: 7_500_000n * 10n ** 18n }, // Alice
  { recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: 1_000_000n * 10n ** 18n }, // Bob
  { recipient: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", amount: 500_000n * 10n ** 18n }, // Carol
  { recipient: "0x90F79bf6EB2c4f870365E785982E1f101E93b906", amount: 500_000n * 10n ** 18n }, // Dave
];

/** Alice, the local deployer: Hardhat's account #0. */
export const LOCAL_DEPLOYER: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

/** Bridges the demo PEPER from A to B (DEMO_BRIDGE_TRANSFERS); returns the total bridged. */
export async function bridgeDemoPeper(a: LocalBridgeChain, b: LocalBridgeChain): Promise<bigint> {
  const sent = await bridgeAndDeliver(
    a,
    b,
    DEMO_BRIDGE_TRANSFERS.map((t) => ({ sender: LOCAL_DEPLOYER, ...t })),
  );
  const queued = sent.filter((m) => m.queued);
  if (queued.length > 0) throw new Error(`${queued.length} demo transfer(s) were queued by B's inbound rate limit`);
  return sent.reduce((sum, m) => sum + m.message.amount, 0n);
}

/**
 * One line about the bridge between two local chains, read from chain: which is home, both
 * managers, the verifier rule (k of n verifiers, and each verifier's own m of n).
 */
export async function describeBridge(home: LocalBridgeChain, remote: LocalBridgeChain): Promise<string> {
  const abi = parseAbi([
    "function threshold() view returns (uint8)",
    "function verifiers() view returns (address[])",
    "function operators() view returns (address[])",
    "function validatorsAndThreshold(bytes message) view returns (address[] validators, uint8 threshold)",
  ]);
  const read = async (chain: LocalBridgeChain) => {
    const c = localBridgeContracts(chain.chainId);
    const client = clientFor(chain);
    const [threshold, verifiers, operatorThreshold, operators, [validators, validatorThreshold]] = await Promise.all([
      client.readContract({ address: c.manager, abi, functionName: "threshold" }),
      client.readContract({ address: c.manager, abi, functionName: "verifiers" }),
      client.readContract({ address: c.operatorVerifier, abi, functionName: "threshold" }),
      client.readContract({ address: c.operatorVerifier, abi, functionName: "operators" }),
      client.readContract({ address: c.validatorIsm, abi, functionName: "validatorsAndThreshold", args: ["0x"] }),
    ]);
    const names = verifiers.map((v) =>
      v.toLowerCase() === c.operatorVerifier.toLowerCase()
        ? `operators (${operatorThreshold} of ${operators.length})`
        : v.toLowerCase() === c.hyperlaneVerifier.toLowerCase()
          ? `Hyperlane (${validatorThreshold} of ${validators.length} validators)`
          : v,
    );
    return { manager: c.manager, rule: `${threshold} of ${verifiers.length}: ${names.join(" + ")}` };
  };
  const [h, r] = await Promise.all([read(home), read(remote)]);
  const rule = h.rule === r.rule ? h.rule : `${h.rule} (home), ${r.rule} (remote)`;
  const name = (c: LocalBridgeChain) => (c.name ? `${c.name} (${c.chainId})` : String(c.chainId));
  return `home ${name(home)}; managers ${home.name ?? home.chainId} ${h.manager}, ${remote.name ?? remote.chainId} ${r.manager}; verifiers ${rule}`;
}
