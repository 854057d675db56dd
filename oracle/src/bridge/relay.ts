/**
 * Bridge relaying by the operator node (issue 16, item 5). For every configured chain the node
 * scans its BridgeManager's MessageSent events once they have `confirmations` blocks on top, in
 * bounded ranges, and remembers each message until the destination has it. For each message one
 * operator relays first (the destination verifier's operator order, rotated by the digest) and the
 * next takes over after `relayTimeoutSeconds` if it is still not attested. The relayer signs the
 * destination OperatorVerifier's `Attestation(messageDigest, configVersion)`, asks its peers over
 * the operators' signed HTTP channel (POST /v1/bridge/sign, the envelope of the report signing) and
 * calls OperatorVerifier.attest once it holds the verifier's threshold.
 *
 * Safety: a node signs only a message it found itself in the source chain's logs — a peer's request
 * is checked against the source manager's MessageSent at the block it names, digest and every field,
 * with the confirmations required; every peer signature is recovered and checked against the
 * destination's operators before use. A lying or broken operator can thus only withhold its own
 * signature. Idempotent: `messageState`/`hasAttested` are read before signing and sending, and a
 * BridgeDuplicateAttestation or BridgeAlreadyExecuted revert means another relayer was first. The
 * gathered signatures go to the verifier as a signer bitmap and EIP-2098 compact signatures
 * (`packSignatures`, shared with the OracleHub's submitter). The scan position and the
 * messages in flight are persisted (bridge.json, atomic writes); signatures are deterministic over
 * (digest, config version), so re-signing after a restart can never produce a second, different one.
 *
 * Governance messages (docs/decisions/0013-one-dao.md) go the same way: on a chain configured with a
 * `governanceSender` (PEPER's home) the node also scans its GovernanceMessageSent events, and relays
 * each to the destination's OperatorVerifier.attestGovernance (its `governanceReceiver` must be the
 * one the message names), with the same turns, the same peer check (kind "governance-attestation":
 * the peer finds the same GovernanceMessageSent at the named block) and the same threshold. The
 * receiver schedules the calls on that chain's Timelock once the Hyperlane attestation is in too.
 */
import { join } from "node:path";

import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  hashTypedData,
  http,
  parseSignature,
  recoverAddress,
  size,
  type Address,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type WalletClient,
} from "viem";

import {
  attestationTypedData,
  bridgeMessageDigest,
  governanceAttestationTypedData,
  governanceMessageDigest,
  type BridgeMessage,
  type GovernanceMessage,
} from "../../../offchain/src/protocol/bridge.ts";
import { open, seal, type Envelope } from "../envelope.ts";
import { packSignatures } from "../report.ts";
import { DEFAULT_SUBMIT, submitWithReplacement } from "../submit.ts";
import {
  firstLine,
  governanceMessageSentEvent,
  governanceReceiverAbi,
  isBridgeMessage,
  isGovernanceMessage,
  operatorGovernanceAbi,
  jsonFile,
  managerAbi,
  messageSentEvent,
  nextRange,
  operatorVerifierAbi,
  revertName,
  safeHead,
  sameMessage,
  stillOnChain,
  anchorAt,
  pollLoop,
  retryPending,
  type Anchor,
  type RetryState,
} from "./common.ts";
import type { RelayChain, RelayConfig } from "./config.ts";

/** The node's structured logger (node.ts's Logger). */
export type BridgeLogger = (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;

/** What a relayer asks a peer to sign. */
export interface BridgeSignRequest {
  kind: "bridge-attestation";
  message: BridgeMessage;
  /** The source block whose logs carry the message's MessageSent. */
  blockNumber: bigint;
  /** The destination verifier's configuration version the relayer read. */
  configVersion: number;
}

/** What a relayer asks a peer to sign for a governance message. */
export interface GovernanceSignRequest {
  kind: "governance-attestation";
  message: GovernanceMessage;
  /** The source block whose logs carry the message's GovernanceMessageSent. */
  blockNumber: bigint;
  configVersion: number;
}

interface PendingGovernance {
  message: GovernanceMessage;
  blockNumber: bigint;
  seenAt: number;
}

interface PendingMessage {
  message: BridgeMessage;
  blockNumber: bigint;
  /** When this node first saw it confirmed (ms since the epoch): the relay turns count from here. */
  seenAt: number;
  /** The operators' attestation is recorded on the destination (watched until executed). */
  attested?: boolean;
}

interface RelayState {
  version: 1;
  /** Per chain id: the next block to scan and the last block scanned (a chain without it was reset: rescanned). */
  chains: Record<string, { next: bigint; anchor?: Anchor }>;
  pending: Record<string, PendingMessage>;
  delivered: number;
  /** Governance messages not yet attested by the operators on their destination (absent in older files). */
  governance?: Record<string, PendingGovernance>;
  governanceDelivered?: number;
}

const isRelayState = (v: unknown): v is RelayState => {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Partial<RelayState>;
  return (
    s.version === 1 &&
    typeof s.chains === "object" &&
    s.chains !== null &&
    Object.values(s.chains).every((c) => typeof c?.next === "bigint") &&
    typeof s.pending === "object" &&
    s.pending !== null &&
    Object.values(s.pending).every((p) => isBridgeMessage(p?.message) && typeof p.blockNumber === "bigint") &&
    typeof s.delivered === "number" &&
    (s.governance === undefined ||
      (typeof s.governance === "object" &&
        s.governance !== null &&
        Object.values(s.governance).every((p) => isGovernanceMessage(p?.message) && typeof p.blockNumber === "bigint")))
  );
};

/** Fault injection for the tests (oracle/test/operator.ts): a lying operator signs another message. */
export interface RelayHooks {
  alterMessage?: (message: BridgeMessage) => BridgeMessage;
}

/** Refusals and failures of the relay, with what to do about them in the message. */
export class RelayError extends Error {
  override name = "RelayError";
}

/**
 * Whose turn it is to relay a message: the destination verifier's operators rotated by the
 * message's digest, so that relaying spreads over the operators. Returns `self`'s position in that
 * order (0 relays at once, k after k timeouts), or the number of operators when `self` is not one.
 */
export function relayRank(operators: readonly Address[], self: Address, digest: Hex): number {
  const at = operators.findIndex((o) => o.toLowerCase() === self.toLowerCase());
  if (at < 0) return operators.length;
  const n = BigInt(operators.length);
  const first = BigInt(digest) % n;
  return Number((BigInt(at) - first + n) % n);
}

const SECP256K1_HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** A signature the verifier will accept from `operators`: 65 bytes, low s, a current operator. Returns its signer. */
export async function checkAttestationSignature(
  hash: Hex,
  signature: Hex,
  operators: readonly Address[],
): Promise<Address | undefined> {
  try {
    if (size(signature) !== 65) return undefined;
    if (BigInt(parseSignature(signature).s) > SECP256K1_HALF_N) return undefined;
    const signer = await recoverAddress({ hash, signature });
    return operators.find((o) => o.toLowerCase() === signer.toLowerCase());
  } catch {
    return undefined;
  }
}

export interface BridgeRelayerOptions {
  config: RelayConfig;
  account: LocalAccount;
  /** Who may send this node peer messages (the operators of the node's config). */
  operators: readonly Address[];
  peers: readonly { operator: Address; url: string }[];
  stateDir: string;
  log: BridgeLogger;
  peerTimeoutMs: number;
  hooks?: RelayHooks;
}

export interface BridgeRelayer {
  start(): void;
  stop(): Promise<void>;
  /** POST /v1/bridge/sign: a peer asks for this operator's attestation signature. */
  handleSign(envelope: Envelope): Promise<{ status: number; body: unknown }>;
  /** For /health. */
  health(): Record<string, unknown>;
  /** Prometheus lines. */
  metrics(): string[];
}

interface Chain {
  config: RelayChain;
  client: PublicClient;
  wallet: WalletClient;
  verifiedChainId: boolean;
}

export function createBridgeRelayer(options: BridgeRelayerOptions): BridgeRelayer {
  const { config, account, log, hooks = {} } = options;
  const chains = new Map<number, Chain>(
    config.chains.map((c) => {
      const transport = http(c.rpcUrl, { retryCount: 1, retryDelay: 300, timeout: 10_000 });
      return [
        c.chainId,
        {
          config: c,
          client: createPublicClient({ transport }) as PublicClient,
          wallet: createWalletClient({ account, transport }),
          verifiedChainId: false,
        },
      ];
    }),
  );
  const store = jsonFile<RelayState>(
    join(options.stateDir, "bridge.json"),
    () => ({ version: 1, chains: {}, pending: {}, delivered: 0 }),
    isRelayState,
  );
  const counters = {
    bridge_messages_seen_total: 0,
    bridge_attestations_sent_total: 0,
    bridge_messages_delivered_total: 0,
    bridge_messages_done_by_others_total: 0,
    bridge_sign_requests_total: 0,
    bridge_sign_refusals_total: 0,
    bridge_signatures_discarded_total: 0,
    bridge_errors_total: 0,
    bridge_governance_messages_seen_total: 0,
    bridge_governance_attestations_sent_total: 0,
    bridge_governance_done_by_others_total: 0,
  };
  const retries: RetryState = new Map();
  const governanceRetries: RetryState = new Map();
  const heads: Record<string, string> = {};

  const chainOf = (id: bigint | number): Chain | undefined => chains.get(Number(id));

  /** Checks once that each RPC URL serves the chain the config names (a swapped URL would sign for the wrong chain). */
  const ensureChainId = async (chain: Chain) => {
    if (chain.verifiedChainId) return;
    const id = await chain.client.getChainId();
    if (id !== chain.config.chainId) {
      throw new RelayError(
        `the RPC URL of bridge chain ${chain.config.chainId} serves chain ${id}; fix bridge.chains[].rpcUrl or PEPER_ORACLE_BRIDGE_RPC_URLS`,
      );
    }
    chain.verifiedChainId = true;
  };

  const update = (change: (s: RelayState) => RelayState) => store.set(change(store.get()));

  /** Scans one chain's new confirmed blocks for MessageSent (at most 10 ranges per tick). */
  const scan = async (chain: Chain) => {
    const c = chain.config;
    await ensureChainId(chain);
    const key = String(c.chainId);
    const known = store.get().chains[key];
    if (!known || !(await stillOnChain(chain.client, known.anchor))) {
      if (known)
        log("warn", "bridge chain was reset (its last scanned block is gone): rescanning it", { chainId: c.chainId });
      update((s) => ({
        ...s,
        chains: { ...s.chains, [key]: { next: BigInt(c.fromBlock) } },
        // a chain that was reset has none of the messages it sent or was sent any more
        pending: known
          ? Object.fromEntries(
              Object.entries(s.pending).filter(
                ([, p]) => Number(p.message.srcChainId) !== c.chainId && Number(p.message.dstChainId) !== c.chainId,
              ),
            )
          : s.pending,
        governance: known
          ? Object.fromEntries(
              Object.entries(s.governance ?? {}).filter(
                ([, p]) => Number(p.message.srcChainId) !== c.chainId && Number(p.message.dstChainId) !== c.chainId,
              ),
            )
          : s.governance,
      }));
    }
    const head = await chain.client.getBlockNumber();
    heads[key] = head.toString();
    const safe = safeHead(head, c.confirmations);
    for (let i = 0; i < 10; i++) {
      const range = nextRange(store.get().chains[key]!.next, safe, config.maxLogRange);
      if (!range) return;
      const logs = await chain.client.getLogs({
        address: c.manager,
        event: messageSentEvent,
        fromBlock: range.from,
        toBlock: range.to,
        strict: true,
      });
      const anchor = await anchorAt(chain.client, range.to);
      const found: Record<string, PendingMessage> = {};
      for (const entry of logs) {
        const message = entry.args.message as BridgeMessage;
        const digest = entry.args.digest;
        const problem =
          bridgeMessageDigest(message) !== digest
            ? "its digest does not match the message"
            : Number(message.srcChainId) !== c.chainId || message.srcManager.toLowerCase() !== c.manager.toLowerCase()
              ? "it names another source"
              : !chainOf(message.dstChainId)
                ? `destination chain ${message.dstChainId} is not configured`
                : message.dstManager.toLowerCase() !== chainOf(message.dstChainId)!.config.manager.toLowerCase()
                  ? "its destination manager is not the configured one"
                  : undefined;
        if (problem) {
          log("warn", "bridge message skipped", { digest, srcChainId: c.chainId, reason: problem });
          continue;
        }
        if (store.get().pending[digest]) continue;
        found[digest] = { message, blockNumber: entry.blockNumber, seenAt: Date.now() };
        counters.bridge_messages_seen_total++;
        log("info", "bridge message seen", {
          digest,
          route: `${c.chainId}->${message.dstChainId}`,
          sequence: message.sequence,
          amount: message.amount,
          block: entry.blockNumber,
        });
      }
      const governance = c.governanceSender ? await scanGovernance(c, range) : {};
      update((s) => ({
        ...s,
        chains: { ...s.chains, [key]: { next: range.to + 1n, anchor } },
        pending: { ...s.pending, ...found },
        governance: { ...s.governance, ...governance },
      }));
    }
  };

  /** The GovernanceMessageSent of one scanned range of a home chain's sender, checked like token messages. */
  const scanGovernance = async (c: RelayChain, range: { from: bigint; to: bigint }) => {
    const logs = await chainOf(c.chainId)!.client.getLogs({
      address: c.governanceSender!,
      event: governanceMessageSentEvent,
      fromBlock: range.from,
      toBlock: range.to,
      strict: true,
    });
    const found: Record<string, PendingGovernance> = {};
    for (const entry of logs) {
      const message = entry.args.message as GovernanceMessage;
      const digest = entry.args.digest;
      const dst = chainOf(message.dstChainId);
      const problem =
        governanceMessageDigest(message) !== digest
          ? "its digest does not match the message"
          : Number(message.srcChainId) !== c.chainId ||
              message.srcSender.toLowerCase() !== c.governanceSender!.toLowerCase()
            ? "it names another source"
            : !dst?.config.governanceReceiver
              ? `destination chain ${message.dstChainId} has no configured governance receiver`
              : message.dstReceiver.toLowerCase() !== dst.config.governanceReceiver.toLowerCase()
                ? "its destination receiver is not the configured one"
                : undefined;
      if (problem) {
        log("warn", "governance message skipped", { digest, srcChainId: c.chainId, reason: problem });
        continue;
      }
      if (store.get().governance?.[digest]) continue;
      found[digest] = { message, blockNumber: entry.blockNumber, seenAt: Date.now() };
      counters.bridge_governance_messages_seen_total++;
      log("info", "governance message seen", {
        digest,
        route: `${c.chainId}->${message.dstChainId}`,
        nonce: message.nonce,
        calls: message.targets.length,
        block: entry.blockNumber,
      });
    }
    return found;
  };

  const sign = (message: BridgeMessage, dst: Chain, configVersion: number): Promise<Hex> => {
    const signed = hooks.alterMessage ? hooks.alterMessage(message) : message;
    return account.signTypedData(attestationTypedData(signed, dst.config.operatorVerifier, configVersion));
  };

  const askPeer = async (url: string, request: BridgeSignRequest | GovernanceSignRequest): Promise<Hex | undefined> => {
    try {
      const res = await fetch(new URL("/v1/bridge/sign", url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(await seal(account, request)),
        signal: AbortSignal.timeout(options.peerTimeoutMs),
      });
      const body = (await res.json()) as { signature?: unknown; error?: unknown };
      if (res.ok && typeof body.signature === "string" && /^0x[0-9a-fA-F]+$/.test(body.signature)) {
        return body.signature as Hex;
      }
      log("warn", "peer refused a bridge attestation", { peer: url, status: res.status, error: String(body.error) });
    } catch (error) {
      log("warn", "peer unreachable for a bridge attestation", { peer: url, error: firstLine(error) });
    }
    return undefined;
  };

  /** The operators' attestation is on the destination: watch the message until it is executed. */
  const markAttested = (digest: string) => {
    retries.delete(digest);
    update((s) =>
      s.pending[digest] ? { ...s, pending: { ...s.pending, [digest]: { ...s.pending[digest], attested: true } } } : s,
    );
  };

  const finish = (digest: string, how: "delivered" | "done") => {
    retries.delete(digest);
    if (how === "delivered") counters.bridge_messages_delivered_total++;
    else counters.bridge_messages_done_by_others_total++;
    update((s) => {
      const pending = Object.fromEntries(Object.entries(s.pending).filter(([d]) => d !== digest));
      return { ...s, pending, delivered: s.delivered + (how === "delivered" ? 1 : 0) };
    });
  };

  /** One attempt at one message: done (true), not this node's turn yet (false), or throws to back off. */
  const relay = async (digest: Hex, p: PendingMessage): Promise<boolean> => {
    const dst = chainOf(p.message.dstChainId)!;
    await ensureChainId(dst);
    const verifier = dst.config.operatorVerifier;
    const manager = dst.config.manager;
    const hasAttested = () =>
      dst.client.readContract({
        address: manager,
        abi: managerAbi,
        functionName: "hasAttested",
        args: [digest, verifier],
      });
    const messageState = () =>
      dst.client.readContract({
        address: manager,
        abi: managerAbi,
        functionName: "messageState",
        args: [digest, p.message.srcChainId, p.message.srcManager, p.message.sequence],
      });
    const [attestations, executed] = await messageState();
    if (executed) {
      log("info", "bridge message executed on its destination", { digest });
      finish(digest, p.attested ? "delivered" : "done");
      return true;
    }
    const [operators, threshold, configVersion] = await Promise.all([
      dst.client.readContract({ address: verifier, abi: operatorVerifierAbi, functionName: "operators" }),
      dst.client.readContract({ address: verifier, abi: operatorVerifierAbi, functionName: "threshold" }),
      dst.client.readContract({ address: verifier, abi: operatorVerifierAbi, functionName: "configVersion" }),
    ]);
    const rank = relayRank(operators, account.address, digest);
    const myTurn = Date.now() >= p.seenAt + rank * config.relayTimeoutSeconds * 1000;
    if (p.attested || (await hasAttested())) {
      // The operators' part is done. The manager executes with the attestation that reaches its
      // threshold — unless it was paused then: after the pause, someone must call execute. Until the
      // message is executed it stays watched (every retryMaxMs), and the relayer in turn executes it.
      if (!p.attested) markAttested(digest);
      const [needed, paused] = await Promise.all([
        dst.client.readContract({ address: manager, abi: managerAbi, functionName: "threshold" }),
        dst.client.readContract({ address: manager, abi: managerAbi, functionName: "paused" }),
      ]);
      if (paused || attestations < BigInt(needed) || !myTurn) {
        retries.set(digest, { attempts: 0, nextAt: Date.now() + config.retryMaxMs });
        return false;
      }
      const data = encodeFunctionData({ abi: managerAbi, functionName: "execute", args: [p.message] });
      try {
        await dst.client.call({ account: account.address, to: manager, data });
      } catch (error) {
        if (revertName(error) === "BridgeAlreadyExecuted") {
          finish(digest, "done");
          return true;
        }
        throw error;
      }
      const { receipt } = await submitWithReplacement(
        dst.client,
        dst.wallet,
        account,
        { to: manager, data },
        DEFAULT_SUBMIT,
      );
      if (receipt.status !== "success") throw new RelayError(`execute transaction ${receipt.transactionHash} reverted`);
      log("info", "bridge message executed after a pause", { digest, tx: receipt.transactionHash });
      finish(digest, "delivered");
      return true;
    }
    if (!myTurn) return false;

    const hash = hashTypedData(attestationTypedData(p.message, verifier, configVersion));
    const request: BridgeSignRequest = {
      kind: "bridge-attestation",
      message: hooks.alterMessage ? hooks.alterMessage(p.message) : p.message,
      blockNumber: p.blockNumber,
      configVersion,
    };
    const isOperator = rank < operators.length;
    const candidates = await Promise.all([
      isOperator ? sign(p.message, dst, configVersion) : Promise.resolve(undefined),
      ...options.peers.map((peer) => askPeer(peer.url, request)),
    ]);
    const bySigner = new Map<string, Hex>();
    for (const signature of candidates) {
      if (!signature) continue;
      const signer = await checkAttestationSignature(hash, signature, operators);
      if (!signer) {
        counters.bridge_signatures_discarded_total++;
        log("warn", "discarded a signature that is not a current operator's over this message", { digest });
        continue;
      }
      if (bySigner.size < threshold) bySigner.set(signer.toLowerCase(), signature);
    }
    if (bySigner.size < threshold) {
      throw new RelayError(`${bySigner.size} of ${threshold} operator signatures for ${digest}; retrying`);
    }
    // The verifier takes a bitmap of the signers and their EIP-2098 compact signatures in bit order.
    const packed = packSignatures(
      operators,
      [...bySigner].map(([signer, signature]) => ({ signer: signer as Address, signature })),
    );
    // Nobody may have attested in the meantime: simulate first, so that a duplicate costs no gas.
    const data = encodeFunctionData({
      abi: operatorVerifierAbi,
      functionName: "attest",
      args: [p.message, packed.signers, packed.signatures],
    });
    try {
      await dst.client.call({ account: account.address, to: verifier, data });
    } catch (error) {
      const name = revertName(error);
      if (name === "BridgeDuplicateAttestation" || name === "BridgeAlreadyExecuted") {
        log("info", "bridge message attested by another relayer first", { digest });
        markAttested(digest);
        return true;
      }
      throw error;
    }
    const { receipt } = await submitWithReplacement(
      dst.client,
      dst.wallet,
      account,
      { to: verifier, data },
      { ...DEFAULT_SUBMIT, log: (msg, fields) => log("warn", msg, { digest, ...fields }) },
    );
    if (receipt.status !== "success") {
      // the attestation that executes a message is not recorded, only the executed sequence
      if ((await hasAttested()) || (await messageState())[1]) {
        markAttested(digest);
        return true;
      }
      throw new RelayError(`attest transaction ${receipt.transactionHash} reverted`);
    }
    log("info", "bridge message attested", {
      digest,
      route: `${p.message.srcChainId}->${p.message.dstChainId}`,
      sequence: p.message.sequence,
      amount: p.message.amount,
      signers: bySigner.size,
      tx: receipt.transactionHash,
    });
    counters.bridge_attestations_sent_total++;
    markAttested(digest);
    return true;
  };

  const finishGovernance = (digest: string, how: "delivered" | "done") => {
    governanceRetries.delete(digest);
    if (how === "done") counters.bridge_governance_done_by_others_total++;
    update((s) => ({
      ...s,
      governance: Object.fromEntries(Object.entries(s.governance ?? {}).filter(([d]) => d !== digest)),
      governanceDelivered: (s.governanceDelivered ?? 0) + (how === "delivered" ? 1 : 0),
    }));
  };

  /**
   * One attempt at one governance message: the operators' attestation on the destination's
   * OperatorVerifier (the receiver schedules at its threshold). Done once the operators' verifier has
   * attested it (by us or anyone) or the receiver has scheduled it.
   */
  const relayGovernance = async (digest: Hex, p: PendingGovernance): Promise<boolean> => {
    const dst = chainOf(p.message.dstChainId)!;
    await ensureChainId(dst);
    const verifier = dst.config.operatorVerifier;
    const receiver = dst.config.governanceReceiver!;
    const hasAttested = () =>
      dst.client.readContract({
        address: receiver,
        abi: governanceReceiverAbi,
        functionName: "hasAttested",
        args: [digest, verifier],
      });
    const scheduledNow = async () =>
      (
        await dst.client.readContract({
          address: receiver,
          abi: governanceReceiverAbi,
          functionName: "messageState",
          args: [digest, p.message.srcChainId, p.message.srcSender, p.message.nonce],
        })
      )[1];
    const scheduled = await scheduledNow();
    if (scheduled || (await hasAttested())) {
      log("info", "governance message already attested by the operators", { digest, scheduled });
      finishGovernance(digest, "done");
      return true;
    }
    const [operators, threshold, configVersion] = await Promise.all([
      dst.client.readContract({ address: verifier, abi: operatorVerifierAbi, functionName: "operators" }),
      dst.client.readContract({ address: verifier, abi: operatorVerifierAbi, functionName: "threshold" }),
      dst.client.readContract({ address: verifier, abi: operatorVerifierAbi, functionName: "configVersion" }),
    ]);
    const rank = relayRank(operators, account.address, digest);
    if (Date.now() < p.seenAt + rank * config.relayTimeoutSeconds * 1000) return false;

    const typed = governanceAttestationTypedData(p.message, verifier, configVersion);
    const hash = hashTypedData(typed);
    const request: GovernanceSignRequest = {
      kind: "governance-attestation",
      message: p.message,
      blockNumber: p.blockNumber,
      configVersion,
    };
    const candidates = await Promise.all([
      rank < operators.length ? account.signTypedData(typed) : Promise.resolve(undefined),
      ...options.peers.map((peer) => askPeer(peer.url, request)),
    ]);
    const bySigner = new Map<string, Hex>();
    for (const signature of candidates) {
      if (!signature) continue;
      const signer = await checkAttestationSignature(hash, signature, operators);
      if (!signer) {
        counters.bridge_signatures_discarded_total++;
        log("warn", "discarded a signature that is not a current operator's over this governance message", { digest });
        continue;
      }
      if (bySigner.size < threshold) bySigner.set(signer.toLowerCase(), signature);
    }
    if (bySigner.size < threshold) {
      throw new RelayError(
        `${bySigner.size} of ${threshold} operator signatures for governance message ${digest}; retrying`,
      );
    }
    const packed = packSignatures(
      operators,
      [...bySigner].map(([signer, signature]) => ({ signer: signer as Address, signature })),
    );
    const data = encodeFunctionData({
      abi: operatorGovernanceAbi,
      functionName: "attestGovernance",
      args: [p.message, packed.signers, packed.signatures],
    });
    try {
      await dst.client.call({ account: account.address, to: verifier, data });
    } catch (error) {
      const name = revertName(error);
      if (name === "BridgeDuplicateAttestation" || name === "BridgeAlreadyExecuted") {
        finishGovernance(digest, "done");
        return true;
      }
      throw error;
    }
    const { receipt } = await submitWithReplacement(
      dst.client,
      dst.wallet,
      account,
      { to: verifier, data },
      { ...DEFAULT_SUBMIT, log: (msg, fields) => log("warn", msg, { digest, ...fields }) },
    );
    if (receipt.status !== "success") {
      if ((await hasAttested()) || (await scheduledNow())) {
        finishGovernance(digest, "done");
        return true;
      }
      throw new RelayError(`attestGovernance transaction ${receipt.transactionHash} reverted`);
    }
    log("info", "governance message attested", {
      digest,
      route: `${p.message.srcChainId}->${p.message.dstChainId}`,
      nonce: p.message.nonce,
      signers: bySigner.size,
      tx: receipt.transactionHash,
    });
    counters.bridge_governance_attestations_sent_total++;
    finishGovernance(digest, "delivered");
    return true;
  };

  const tick = async () => {
    for (const chain of chains.values()) {
      if (stopped()) return;
      try {
        await scan(chain);
      } catch (error) {
        counters.bridge_errors_total++;
        log("warn", "bridge scan failed; retrying", { chainId: chain.config.chainId, error: firstLine(error) });
      }
    }
    await retryPending(store.get().pending, retries, config, stopped, relay, (digest, attempts, retryInMs, error) => {
      counters.bridge_errors_total++;
      log("warn", "bridge relay attempt failed", { digest, attempts, retryInMs, error: firstLine(error) });
    });
    await retryPending(
      store.get().governance ?? {},
      governanceRetries,
      config,
      stopped,
      relayGovernance,
      (digest, attempts, retryInMs, error) => {
        counters.bridge_errors_total++;
        log("warn", "governance relay attempt failed", { digest, attempts, retryInMs, error: firstLine(error) });
      },
    );
  };

  const poller = pollLoop(tick, config.pollMs);
  const stopped = () => poller.stopped;

  const handleSign = async (envelope: Envelope): Promise<{ status: number; body: unknown }> => {
    counters.bridge_sign_requests_total++;
    const refuse = (status: number, error: string) => {
      counters.bridge_sign_refusals_total++;
      return { status, body: { error } };
    };
    const request = await open<BridgeSignRequest | GovernanceSignRequest>(envelope, options.operators);
    if (request?.kind === "governance-attestation") return signGovernance(request, refuse);
    if (
      request?.kind !== "bridge-attestation" ||
      !isBridgeMessage(request.message) ||
      typeof request.blockNumber !== "bigint" ||
      !Number.isInteger(request.configVersion)
    ) {
      return refuse(400, "expected { kind: 'bridge-attestation', message, blockNumber, configVersion }");
    }
    const { message, blockNumber } = request;
    const src = chainOf(message.srcChainId);
    const dst = chainOf(message.dstChainId);
    if (!src || !dst) return refuse(409, `route ${message.srcChainId}->${message.dstChainId} is not relayed here`);
    if (message.srcManager.toLowerCase() !== src.config.manager.toLowerCase()) {
      return refuse(409, "the message's source manager is not the configured one");
    }
    if (message.dstManager.toLowerCase() !== dst.config.manager.toLowerCase()) {
      return refuse(409, "the message's destination manager is not the configured one");
    }
    const unconfirmed = await unconfirmedBlock(src, dst, message.srcChainId, blockNumber);
    if (unconfirmed) return refuse(409, unconfirmed);
    const digest = bridgeMessageDigest(message);
    const logs = await src.client.getLogs({
      address: src.config.manager,
      event: messageSentEvent,
      args: { digest },
      fromBlock: blockNumber,
      toBlock: blockNumber,
      strict: true,
    });
    if (!logs.some((l) => sameMessage(l.args.message as BridgeMessage, message))) {
      return refuse(409, `no MessageSent with digest ${digest} at block ${blockNumber} of chain ${message.srcChainId}`);
    }
    const configVersion = await dst.client.readContract({
      address: dst.config.operatorVerifier,
      abi: operatorVerifierAbi,
      functionName: "configVersion",
    });
    if (configVersion !== request.configVersion) {
      return refuse(409, `the verifier's configuration version is ${configVersion}, not ${request.configVersion}`);
    }
    return { status: 200, body: { signature: await sign(message, dst, configVersion) } };
  };

  /**
   * Checks both chains' ids and that `blockNumber` of the source has the configured confirmations (a
   * peer's request for a token or a governance message alike): the refusal's reason, or undefined.
   */
  const unconfirmedBlock = async (
    src: NonNullable<ReturnType<typeof chainOf>>,
    dst: NonNullable<ReturnType<typeof chainOf>>,
    srcChainId: bigint,
    blockNumber: bigint,
  ): Promise<string | undefined> => {
    await ensureChainId(src);
    await ensureChainId(dst);
    const head = await src.client.getBlockNumber();
    return blockNumber > safeHead(head, src.config.confirmations)
      ? `block ${blockNumber} of chain ${srcChainId} has fewer than ${src.config.confirmations} confirmations`
      : undefined;
  };

  /** A peer's governance request: signed only for a GovernanceMessageSent this node finds itself. */
  const signGovernance = async (
    request: GovernanceSignRequest,
    refuse: (status: number, error: string) => { status: number; body: unknown },
  ): Promise<{ status: number; body: unknown }> => {
    if (
      !isGovernanceMessage(request.message) ||
      typeof request.blockNumber !== "bigint" ||
      !Number.isInteger(request.configVersion)
    ) {
      return refuse(400, "expected { kind: 'governance-attestation', message, blockNumber, configVersion }");
    }
    const { message, blockNumber } = request;
    const src = chainOf(message.srcChainId);
    const dst = chainOf(message.dstChainId);
    if (!src?.config.governanceSender || !dst?.config.governanceReceiver) {
      return refuse(409, `governance route ${message.srcChainId}->${message.dstChainId} is not relayed here`);
    }
    if (message.srcSender.toLowerCase() !== src.config.governanceSender.toLowerCase()) {
      return refuse(409, "the message's source sender is not the configured one");
    }
    if (message.dstReceiver.toLowerCase() !== dst.config.governanceReceiver.toLowerCase()) {
      return refuse(409, "the message's destination receiver is not the configured one");
    }
    const unconfirmed = await unconfirmedBlock(src, dst, message.srcChainId, blockNumber);
    if (unconfirmed) return refuse(409, unconfirmed);
    const digest = governanceMessageDigest(message);
    const logs = await src.client.getLogs({
      address: src.config.governanceSender,
      event: governanceMessageSentEvent,
      args: { digest },
      fromBlock: blockNumber,
      toBlock: blockNumber,
      strict: true,
    });
    // the digest is the EIP-712 hash of every field: the same digest is the same message
    if (!logs.some((l) => governanceMessageDigest(l.args.message as GovernanceMessage) === digest)) {
      return refuse(
        409,
        `no GovernanceMessageSent with digest ${digest} at block ${blockNumber} of chain ${message.srcChainId}`,
      );
    }
    const configVersion = await dst.client.readContract({
      address: dst.config.operatorVerifier,
      abi: operatorVerifierAbi,
      functionName: "configVersion",
    });
    if (configVersion !== request.configVersion) {
      return refuse(409, `the verifier's configuration version is ${configVersion}, not ${request.configVersion}`);
    }
    const signature = await account.signTypedData(
      governanceAttestationTypedData(message, dst.config.operatorVerifier, configVersion),
    );
    return { status: 200, body: { signature } };
  };

  return {
    handleSign,
    start() {
      poller.start();
      log("info", "bridge relaying started", {
        chains: config.chains.map((c) => ({ chainId: c.chainId, manager: c.manager, confirmations: c.confirmations })),
      });
    },
    stop: () => poller.stop(),
    health() {
      const s = store.get();
      return {
        chains: Object.fromEntries(
          Object.entries(s.chains).map(([id, c]) => [id, { nextBlock: c.next.toString(), head: heads[id] }]),
        ),
        pending: Object.keys(s.pending).length,
        delivered: s.delivered,
        governancePending: Object.keys(s.governance ?? {}).length,
        governanceDelivered: s.governanceDelivered ?? 0,
      };
    },
    metrics() {
      return Object.entries(counters)
        .map(([k, v]) => `# TYPE peper_oracle_${k} counter\npeper_oracle_${k} ${v}`)
        .concat(
          "# TYPE peper_oracle_bridge_pending gauge",
          `peper_oracle_bridge_pending ${Object.keys(store.get().pending).length}`,
        );
    },
  };
}
