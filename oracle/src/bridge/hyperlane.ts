/**
 * Hyperlane's off-chain roles for the bridge's second verifier, in TypeScript. Hyperlane's own agents
 * (validator and relayer) are Rust binaries that are not published on npm, so this is our
 * implementation of those two roles against Hyperlane's unchanged contracts (Mailbox, MerkleTreeHook,
 * MessageIdMultisigIsm from @hyperlane-xyz/core), following their protocol:
 *
 *   - validator: keeps each origin's MerkleTreeHook tree off chain from its InsertedIntoTree events
 *     (once confirmed, in bounded ranges), checks its root against the hook's on chain at the end of
 *     every range, and only then signs the checkpoint (origin domain, hook, root, index, message id)
 *     of every message with EIP-191, as Hyperlane's validators do; the signed checkpoints go to a
 *     checkpoint store (a directory laid out like Hyperlane's local checkpoint syncer:
 *     <domain>/<validator>/<index>_with_id.json). Its keys are the Hyperlane validators', never the
 *     Peper operators' (a compromised operator set alone is not enough).
 *   - relayer: watches each origin Mailbox's Dispatch events, and for each message to a configured
 *     destination that is not `delivered` yet, reads the recipient's ISM validators and threshold,
 *     collects their signed checkpoints for that message in the ISM's validator order, builds the
 *     MessageIdMultisigIsm metadata and calls Mailbox.process on the destination.
 *
 * Both are idempotent (the validator resumes from its persisted tree; the relayer skips delivered
 * messages and treats "already delivered" as done) and retry with backoff.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";

import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  http,
  isHex,
  recoverAddress,
  slice,
  type Address,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  checkpointDigest,
  checkpointHash,
  hyperlaneMessageId,
  messageIdMultisigMetadata,
  parseHyperlaneMessage,
  type Checkpoint,
} from "../../../offchain/src/protocol/bridge.ts";
import { DEFAULT_SUBMIT, submitWithReplacement } from "../submit.ts";
import {
  pollLoop,
  retryPending,
  type RetryState,
  firstLine,
  jsonFile,
  mailboxAbi,
  merkleTreeHookAbi,
  multisigIsmAbi,
  nextRange,
  safeHead,
  stillOnChain,
  anchorAt,
  type Anchor,
} from "./common.ts";
import type { HyperlaneChain, HyperlaneConfig } from "./config.ts";
import { emptyTree, insert, root, type MerkleTree } from "./merkle.ts";

const later = (a: Anchor | undefined, b: Anchor): Anchor => (a && a.number > b.number ? a : b);

export type HyperlaneLogger = (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;

export const jsonLogger =
  (role: string): HyperlaneLogger =>
  (level, msg, fields = {}) =>
    console.log(
      JSON.stringify({ time: new Date().toISOString(), level, role, msg, ...fields }, (_k, v: unknown) =>
        typeof v === "bigint" ? v.toString() : v,
      ),
    );

/** A checkpoint signed by one validator, as Hyperlane's checkpoint syncers store it. */
export interface SignedCheckpointFile {
  value: {
    checkpoint: { merkle_tree_hook_address: Hex; mailbox_domain: number; root: Hex; index: number };
    message_id: Hex;
  };
  serialized_signature: Hex;
}

/** Where validators publish signed checkpoints and the relayer reads them. */
export function checkpointStore(dir: string) {
  const path = (domain: number, validator: Address, index: number) =>
    join(dir, String(domain), validator.toLowerCase(), `${index}_with_id.json`);
  return {
    write(validator: Address, c: Checkpoint, signature: Hex) {
      const file = path(c.origin, validator, c.index);
      mkdirSync(join(file, ".."), { recursive: true });
      const body: SignedCheckpointFile = {
        value: {
          checkpoint: {
            merkle_tree_hook_address: c.merkleTreeHook,
            mailbox_domain: c.origin,
            root: c.root,
            index: c.index,
          },
          message_id: c.messageId,
        },
        serialized_signature: signature,
      };
      writeFileSync(`${file}.tmp`, JSON.stringify(body, null, 1));
      renameSync(`${file}.tmp`, file);
    },
    /** The validator's signed checkpoint for `index`, if it published one. */
    read(domain: number, validator: Address, index: number): { checkpoint: Checkpoint; signature: Hex } | undefined {
      let body: SignedCheckpointFile;
      try {
        body = JSON.parse(readFileSync(path(domain, validator, index), "utf8")) as SignedCheckpointFile;
      } catch {
        return undefined;
      }
      const v = body?.value;
      if (!v?.checkpoint || !isHex(v.message_id) || !isHex(body.serialized_signature)) return undefined;
      return {
        checkpoint: {
          origin: v.checkpoint.mailbox_domain,
          merkleTreeHook: v.checkpoint.merkle_tree_hook_address as Address,
          root: v.checkpoint.root,
          index: v.checkpoint.index,
          messageId: v.message_id,
        },
        signature: body.serialized_signature,
      };
    },
  };
}

/**
 * Picks, in the ISM's validator order, the first `threshold` checkpoints that each recover to their
 * validator and agree with each other and with the message (id, index, origin hook). Pure apart from
 * signature recovery; returns undefined when fewer than `threshold` qualify.
 */
export async function selectCheckpointSignatures(
  expected: { origin: number; merkleTreeHook: Address; index: number; messageId: Hex },
  validators: readonly Address[],
  threshold: number,
  found: (validator: Address) => { checkpoint: Checkpoint; signature: Hex } | undefined,
): Promise<{ checkpoint: Checkpoint; signatures: Hex[] } | undefined> {
  let chosen: Checkpoint | undefined;
  const signatures: Hex[] = [];
  for (const validator of validators) {
    if (signatures.length === threshold) break;
    const entry = found(validator);
    if (!entry) continue;
    const c = entry.checkpoint;
    if (
      c.origin !== expected.origin ||
      c.index !== expected.index ||
      c.messageId.toLowerCase() !== expected.messageId.toLowerCase() ||
      c.merkleTreeHook.toLowerCase() !== expected.merkleTreeHook.toLowerCase() ||
      (chosen && c.root.toLowerCase() !== chosen.root.toLowerCase())
    ) {
      continue;
    }
    const signer = await recoverAddress({ hash: checkpointDigest(c), signature: entry.signature }).catch(
      () => undefined,
    );
    if (signer?.toLowerCase() !== validator.toLowerCase()) continue;
    chosen ??= c;
    signatures.push(entry.signature);
  }
  return chosen && signatures.length >= threshold ? { checkpoint: chosen, signatures } : undefined;
}

interface ChainState {
  /** The last block either role scanned (a chain without it was reset: started over). */
  anchor?: Anchor;
  /** Validator: the next block to scan and the tree over every leaf before it. */
  validatorNext: bigint;
  tree: MerkleTree;
  /** Relayer: the next block to scan for Dispatch. */
  relayerNext: bigint;
}

interface PendingDelivery {
  message: Hex;
  originChainId: number;
  index: number;
  blockNumber: bigint;
}

interface AgentState {
  version: 1;
  chains: Record<string, ChainState>;
  pending: Record<string, PendingDelivery>;
  delivered: number;
}

const isAgentState = (v: unknown): v is AgentState => {
  const s = v as Partial<AgentState> | null;
  return (
    typeof s === "object" &&
    s !== null &&
    s.version === 1 &&
    typeof s.chains === "object" &&
    Object.values(s.chains ?? {}).every(
      (c) => typeof c?.validatorNext === "bigint" && typeof c.relayerNext === "bigint" && Array.isArray(c.tree?.branch),
    ) &&
    typeof s.pending === "object" &&
    typeof s.delivered === "number"
  );
};

/** The validator's tree does not match the hook's on chain: it signs nothing until that is fixed. */
export class TreeMismatchError extends Error {
  override name = "TreeMismatchError";
}

export interface HyperlaneAgent {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Record<string, unknown>;
}

interface Chain {
  config: HyperlaneChain;
  client: PublicClient;
  wallet: WalletClient | undefined;
}

export function createHyperlaneAgent(
  config: HyperlaneConfig,
  log: HyperlaneLogger = jsonLogger("hyperlane"),
): HyperlaneAgent {
  const validators: LocalAccount[] = config.validatorKeys.map((k) => privateKeyToAccount(k));
  const relayer: LocalAccount | undefined = config.relayerKey ? privateKeyToAccount(config.relayerKey) : undefined;
  const chains = config.chains.map((c): Chain => {
    const transport = http(c.rpcUrl, { retryCount: 1, retryDelay: 300, timeout: 10_000 });
    return {
      config: c,
      client: createPublicClient({ transport }) as PublicClient,
      wallet: relayer ? createWalletClient({ account: relayer, transport }) : undefined,
    };
  });
  const byDomain = new Map(chains.map((c) => [c.config.domain, c]));
  const byChainId = new Map(chains.map((c) => [c.config.chainId, c]));
  const store = jsonFile<AgentState>(
    join(config.stateDir, "hyperlane.json"),
    () => ({ version: 1, chains: {}, pending: {}, delivered: 0 }),
    isAgentState,
  );
  const checkpoints = checkpointStore(join(config.stateDir, "checkpoints"));
  const retries: RetryState = new Map();
  const status = { signedCheckpoints: 0, lastSigned: {} as Record<string, number>, errors: 0 };
  const verifiedChainIds = new Set<number>();
  let server: Server | undefined;

  const update = (change: (s: AgentState) => AgentState) => store.set(change(store.get()));

  const chainState = async (chain: Chain): Promise<ChainState> => {
    const c = chain.config;
    if (!verifiedChainIds.has(c.chainId)) {
      const id = await chain.client.getChainId();
      if (id !== c.chainId) throw new Error(`the RPC URL of chain ${c.chainId} serves chain ${id}; fix its rpcUrl`);
      verifiedChainIds.add(c.chainId);
    }
    const key = String(c.chainId);
    const known = store.get().chains[key];
    if (known && (await stillOnChain(chain.client, known.anchor))) return known;
    if (known)
      log("warn", "chain was reset (its last scanned block is gone): starting over on it", { chainId: c.chainId });
    const fresh: ChainState = {
      validatorNext: BigInt(c.fromBlock),
      tree: emptyTree(),
      relayerNext: BigInt(c.fromBlock),
    };
    update((s) => ({
      ...s,
      chains: { ...s.chains, [key]: fresh },
      pending: known
        ? Object.fromEntries(Object.entries(s.pending).filter(([, p]) => p.originChainId !== c.chainId))
        : s.pending,
    }));
    return fresh;
  };

  /** Validator: extends the tree over new confirmed InsertedIntoTree events and signs each message's checkpoint. */
  const validate = async (chain: Chain) => {
    const c = chain.config;
    const key = String(c.chainId);
    const safe = safeHead(await chain.client.getBlockNumber(), c.confirmations);
    for (let i = 0; i < 10; i++) {
      const state = await chainState(chain);
      const range = nextRange(state.validatorNext, safe, config.maxLogRange);
      if (!range) return;
      const logs = await chain.client.getLogs({
        address: c.merkleTreeHook,
        event: merkleTreeHookAbi[0],
        fromBlock: range.from,
        toBlock: range.to,
        strict: true,
      });
      let tree = state.tree;
      const toSign: Checkpoint[] = [];
      for (const entry of logs) {
        const { messageId, index } = entry.args;
        if (index !== tree.count) {
          throw new TreeMismatchError(
            `chain ${c.chainId}: leaf ${index} arrived with ${tree.count} leaves in the tree; fromBlock must be the MerkleTreeHook's deployment block`,
          );
        }
        tree = insert(tree, messageId);
        toSign.push({ origin: c.domain, merkleTreeHook: c.merkleTreeHook, root: root(tree), index, messageId });
      }
      if (toSign.length > 0) {
        const [count, onChainRoot] = await Promise.all([
          chain.client.readContract({
            address: c.merkleTreeHook,
            abi: merkleTreeHookAbi,
            functionName: "count",
            blockNumber: range.to,
          }),
          chain.client.readContract({
            address: c.merkleTreeHook,
            abi: merkleTreeHookAbi,
            functionName: "root",
            blockNumber: range.to,
          }),
        ]);
        if (count !== tree.count || onChainRoot !== root(tree)) {
          throw new TreeMismatchError(
            `chain ${c.chainId}: my tree (${tree.count} leaves) does not match the MerkleTreeHook's at block ${range.to} (${count} leaves); signing nothing`,
          );
        }
        for (const checkpoint of toSign) {
          const hash = checkpointHash(checkpoint);
          for (const v of validators)
            checkpoints.write(v.address, checkpoint, await v.signMessage({ message: { raw: hash } }));
          status.signedCheckpoints++;
          status.lastSigned[key] = checkpoint.index;
          log("info", "checkpoint signed", {
            origin: c.domain,
            index: checkpoint.index,
            messageId: checkpoint.messageId,
            validators: validators.length,
          });
        }
      }
      const anchor = await anchorAt(chain.client, range.to);
      update((s) => ({
        ...s,
        chains: {
          ...s.chains,
          [key]: {
            ...s.chains[key]!,
            validatorNext: range.to + 1n,
            tree,
            anchor: later(s.chains[key]!.anchor, anchor),
          },
        },
      }));
    }
  };

  /** Relayer: finds new confirmed Dispatch events to configured destinations (and each one's tree index). */
  const watchDispatches = async (chain: Chain) => {
    const c = chain.config;
    const key = String(c.chainId);
    const safe = safeHead(await chain.client.getBlockNumber(), c.confirmations);
    for (let i = 0; i < 10; i++) {
      const state = await chainState(chain);
      const range = nextRange(state.relayerNext, safe, config.maxLogRange);
      if (!range) return;
      const [dispatches, inserted] = await Promise.all([
        chain.client.getLogs({
          address: c.mailbox,
          event: mailboxAbi[0],
          fromBlock: range.from,
          toBlock: range.to,
          strict: true,
        }),
        chain.client.getLogs({
          address: c.merkleTreeHook,
          event: merkleTreeHookAbi[0],
          fromBlock: range.from,
          toBlock: range.to,
          strict: true,
        }),
      ]);
      const anchor = await anchorAt(chain.client, range.to);
      const indexOf = new Map(inserted.map((l) => [l.args.messageId.toLowerCase(), l.args.index]));
      const found: Record<string, PendingDelivery> = {};
      for (const entry of dispatches) {
        const message = entry.args.message;
        const id = hyperlaneMessageId(message);
        const destination = byDomain.get(entry.args.destination);
        if (!destination) continue; // not a route this relayer serves
        const index = indexOf.get(id.toLowerCase());
        if (index === undefined) {
          log("warn", "dispatched message not in the MerkleTreeHook's tree; skipped", { origin: c.domain, id });
          continue;
        }
        if (store.get().pending[id]) continue;
        found[id] = { message, originChainId: c.chainId, index, blockNumber: entry.blockNumber };
        log("info", "message dispatched", { id, origin: c.domain, destination: entry.args.destination, index });
      }
      update((s) => ({
        ...s,
        chains: {
          ...s.chains,
          [key]: { ...s.chains[key]!, relayerNext: range.to + 1n, anchor: later(s.chains[key]!.anchor, anchor) },
        },
        pending: { ...s.pending, ...found },
      }));
    }
  };

  const done = (id: string, delivered: boolean) => {
    retries.delete(id);
    update((s) => ({
      ...s,
      pending: Object.fromEntries(Object.entries(s.pending).filter(([k]) => k !== id)),
      delivered: s.delivered + (delivered ? 1 : 0),
    }));
  };

  /** One delivery attempt: true when delivered (by us or anyone), false when the checkpoints are not there yet. */
  const deliver = async (id: Hex, p: PendingDelivery): Promise<boolean> => {
    const parsed = parseHyperlaneMessage(p.message);
    const origin = byChainId.get(p.originChainId)!;
    const dst = byDomain.get(parsed.destination)!;
    if (!dst.wallet || !relayer) return false;
    const mailbox = dst.config.mailbox;
    if (await dst.client.readContract({ address: mailbox, abi: mailboxAbi, functionName: "delivered", args: [id] })) {
      log("info", "message already delivered", { id });
      done(id, false);
      return true;
    }
    const recipient = slice(parsed.recipient, 12) as Address;
    const ism = await dst.client.readContract({
      address: mailbox,
      abi: mailboxAbi,
      functionName: "recipientIsm",
      args: [recipient],
    });
    const [validatorSet, threshold] = await dst.client.readContract({
      address: ism,
      abi: multisigIsmAbi,
      functionName: "validatorsAndThreshold",
      args: [p.message],
    });
    const selected = await selectCheckpointSignatures(
      { origin: origin.config.domain, merkleTreeHook: origin.config.merkleTreeHook, index: p.index, messageId: id },
      validatorSet,
      threshold,
      (v) => checkpoints.read(origin.config.domain, v, p.index),
    );
    if (!selected)
      throw new Error(`fewer than ${threshold} validator checkpoints for message ${id} (index ${p.index}) yet`);
    const metadata = messageIdMultisigMetadata(selected.checkpoint, selected.signatures);
    const data = encodeFunctionData({ abi: mailboxAbi, functionName: "process", args: [metadata, p.message] });
    try {
      await dst.client.call({ account: relayer.address, to: mailbox, data });
    } catch (error) {
      if (/already delivered/i.test(String((error as Error).message))) {
        done(id, false);
        return true;
      }
      throw error;
    }
    const { receipt } = await submitWithReplacement(
      dst.client,
      dst.wallet,
      relayer,
      { to: mailbox, data },
      { ...DEFAULT_SUBMIT, log: (msg, fields) => log("warn", msg, { id, ...fields }) },
    );
    if (receipt.status !== "success") throw new Error(`process transaction ${receipt.transactionHash} reverted`);
    log("info", "message delivered", {
      id,
      origin: parsed.origin,
      destination: parsed.destination,
      signatures: selected.signatures.length,
      tx: receipt.transactionHash,
    });
    done(id, true);
    return true;
  };

  const tick = async () => {
    for (const chain of chains) {
      if (stopped()) return;
      try {
        if (validators.length > 0) await validate(chain);
        if (relayer) await watchDispatches(chain);
      } catch (error) {
        status.errors++;
        log(error instanceof TreeMismatchError ? "error" : "warn", "chain scan failed; retrying", {
          chainId: chain.config.chainId,
          error: firstLine(error),
        });
      }
    }
    await retryPending(store.get().pending, retries, config, stopped, deliver, (id, attempts, retryInMs, error) => {
      status.errors++;
      log("warn", "delivery attempt failed", { id, attempts, retryInMs, error: firstLine(error) });
    });
  };

  const poller = pollLoop(tick, config.pollMs);
  const stopped = () => poller.stopped;

  const health = () => {
    const s = store.get();
    return {
      validators: validators.map((v) => v.address),
      relayer: relayer?.address ?? null,
      signedCheckpoints: status.signedCheckpoints,
      lastSignedIndex: status.lastSigned,
      pending: Object.keys(s.pending).length,
      delivered: s.delivered,
      errors: status.errors,
    };
  };

  return {
    health,
    async start() {
      server = createServer((req, res) => {
        if (req.method === "GET" && req.url === "/health") {
          res.writeHead(200, { "content-type": "application/json" });
          return res.end(JSON.stringify(health()));
        }
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "not found: GET /health" }));
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(config.port, "127.0.0.1", () => resolve());
      });
      poller.start();
      log("info", "hyperlane agent started", {
        port: config.port,
        validators: validators.map((v) => v.address),
        relayer: relayer?.address ?? null,
        chains: config.chains.map((c) => ({ chainId: c.chainId, domain: c.domain, mailbox: c.mailbox })),
      });
    },
    async stop() {
      await poller.stop();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
