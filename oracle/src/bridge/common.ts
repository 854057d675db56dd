/**
 * What the bridge's off-chain processes share: the contracts' ABIs (as the interfaces in
 * contracts/src/interfaces/bridge/ and Hyperlane's package declare them), bounded log ranges,
 * retry backoff, an atomically written JSON state file, and the `chainId=url` list of RPC URLs.
 * The operator relayer (relay.ts), the Hyperlane validator and relayer (hyperlane.ts) and the
 * accountant (accountant.ts) build on these.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import { BlockNotFoundError, parseAbi, parseAbiItem, type Hex, type PublicClient } from "viem";

import type { BridgeMessage, GovernanceMessage } from "../../../offchain/src/protocol/bridge.ts";

const MESSAGE_STRUCT =
  "struct BridgeMessage { uint64 sequence; uint64 srcChainId; address srcManager; uint64 dstChainId; address dstManager; address sender; address recipient; uint256 amount; }";

export const managerAbi = parseAbi([
  MESSAGE_STRUCT,
  "event MessageSent(bytes32 indexed digest, uint64 indexed dstChainId, uint64 indexed sequence, BridgeMessage message)",
  "event MessageExecuted(bytes32 indexed digest, uint64 indexed srcChainId, uint64 indexed sequence, address recipient, uint256 amount, bool queued)",
  "event OutboundTransferQueued(uint64 indexed queueId, address indexed sender, uint64 indexed dstChainId, address recipient, uint256 amount, uint256 releaseAt)",
  "event OutboundQueuedTransferCompleted(uint64 indexed queueId, bytes32 indexed digest)",
  "event OutboundQueuedTransferCancelled(uint64 indexed queueId, address indexed sender, uint256 amount)",
  "event InboundTransferQueued(bytes32 indexed digest, address indexed recipient, uint256 amount, uint256 releaseAt)",
  "event InboundQueuedTransferCompleted(bytes32 indexed digest, address indexed recipient, uint256 amount)",
  "function messageState(bytes32 digest, uint64 srcChainId, address srcEndpoint, uint64 sequence) view returns (uint256 attestations, bool executed)",
  "function isExecuted(uint64 srcChainId, address srcEndpoint, uint64 sequence) view returns (bool)",
  "function hasAttested(bytes32 digest, address verifier) view returns (bool)",
  "function token() view returns (address)",
  "function isHome() view returns (bool)",
  "function peers(uint64 chainId) view returns (address)",
  "function threshold() view returns (uint8)",
  "function verifiers() view returns (address[])",
  "function paused() view returns (bool)",
  "function pause()",
  "function transfer(uint256 amount, uint64 dstChainId, address recipient, bool shouldQueue) payable returns (uint64 sequence, uint64 queueId)",
  "function execute(BridgeMessage message)",
  "function quoteTransfer(uint64 dstChainId) view returns (uint256)",
  "error BridgeDuplicateAttestation(bytes32 digest, address verifier)",
  "error BridgeUnknownVerifier(address caller)",
  "error BridgeUnknownPeer(uint64 chainId, address manager)",
  "error BridgeWrongDestination(uint64 dstChainId, address dstManager)",
  "error BridgeAlreadyExecuted(bytes32 digest)",
  "error BridgeNotAttested(bytes32 digest, uint256 attestations, uint256 threshold)",
  "error EnforcedPause()",
  "error GuardianUnauthorized(address caller)",
]);

export const messageSentEvent = parseAbiItem([
  MESSAGE_STRUCT,
  "event MessageSent(bytes32 indexed digest, uint64 indexed dstChainId, uint64 indexed sequence, BridgeMessage message)",
]);

export const operatorVerifierAbi = parseAbi([
  MESSAGE_STRUCT,
  "struct Signature { bytes32 r; bytes32 yParityAndS; }",
  "function attest(BridgeMessage message, uint256 signers, Signature[] signatures)",
  "function configVersion() view returns (uint32)",
  "function operators() view returns (address[])",
  "function threshold() view returns (uint8)",
  "function manager() view returns (address)",
  "event OperatorsAttested(bytes32 indexed digest, uint256 signers, uint32 configVersion, address relayer)",
  "error OperatorsNotConfigured()",
  "error OperatorsUnknownSigner(address signer)",
  "error OperatorsInvalidSigners(uint256 signers, uint256 signatures)",
  "error OperatorsTooFewSignatures(uint256 signatures, uint256 threshold)",
  "error ECDSAInvalidSignature()",
  "error ECDSAInvalidSignatureS(bytes32 s)",
  // the manager's errors bubble up through attest
  "error BridgeDuplicateAttestation(bytes32 digest, address verifier)",
  "error BridgeAlreadyExecuted(bytes32 digest)",
  "error BridgeUnknownVerifier(address caller)",
  "error BridgeUnknownPeer(uint64 chainId, address manager)",
  "error BridgeWrongDestination(uint64 dstChainId, address dstManager)",
]);

// Cross-chain governance (docs/decisions/0013-one-dao.md): the home chain's GovernanceSender emits
// GovernanceMessageSent; the operators attest it on the destination's OperatorVerifier
// (attestGovernance), which hands it to that chain's GovernanceReceiver.
const GOVERNANCE_STRUCT =
  "struct GovernanceMessage { uint64 nonce; uint64 srcChainId; address srcSender; uint64 dstChainId; address dstReceiver; address[] targets; uint256[] values; bytes[] calldatas; }";

export const governanceMessageSentEvent = parseAbiItem([
  GOVERNANCE_STRUCT,
  "event GovernanceMessageSent(bytes32 indexed digest, uint64 indexed dstChainId, uint64 indexed nonce, GovernanceMessage message)",
]);

export const governanceReceiverAbi = parseAbi([
  GOVERNANCE_STRUCT,
  "event GovernanceMessageScheduled(bytes32 indexed digest, uint64 indexed nonce, bytes32 operationId, uint256 readyAt)",
  "function messageState(bytes32 digest, uint64 srcChainId, address srcEndpoint, uint64 sequence) view returns (uint256 attestations, bool executed)",
  "function hasAttested(bytes32 digest, address verifier) view returns (bool)",
  "function operationId(GovernanceMessage message) view returns (bytes32)",
  "function threshold() view returns (uint8)",
]);

export const operatorGovernanceAbi = parseAbi([
  GOVERNANCE_STRUCT,
  "struct Signature { bytes32 r; bytes32 yParityAndS; }",
  "function attestGovernance(GovernanceMessage message, uint256 signers, Signature[] signatures)",
  "error OperatorsNotConfigured()",
  "error OperatorsUnexpectedCall(address caller)",
  "error OperatorsUnknownSigner(address signer)",
  "error OperatorsInvalidSigners(uint256 signers, uint256 signatures)",
  "error OperatorsTooFewSignatures(uint256 signatures, uint256 threshold)",
  "error ECDSAInvalidSignature()",
  "error ECDSAInvalidSignatureS(bytes32 s)",
  // the receiver's errors bubble up through attestGovernance
  "error BridgeDuplicateAttestation(bytes32 digest, address verifier)",
  "error BridgeAlreadyExecuted(bytes32 digest)",
  "error BridgeUnknownVerifier(address caller)",
  "error GovernanceWrongDestination(uint64 dstChainId, address dstReceiver)",
  "error GovernanceUnknownSource(uint64 srcChainId, address srcSender)",
  "error GovernanceInvalidMessage()",
]);

export const erc20Abi = parseAbi([
  "function balanceOf(address) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function transfer(address to, uint256 amount) returns (bool)",
]);

export const mailboxAbi = parseAbi([
  "event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)",
  "function delivered(bytes32 id) view returns (bool)",
  "function process(bytes metadata, bytes message) payable",
  "function recipientIsm(address recipient) view returns (address)",
  "function localDomain() view returns (uint32)",
]);

export const merkleTreeHookAbi = parseAbi([
  "event InsertedIntoTree(bytes32 messageId, uint32 index)",
  "function root() view returns (bytes32)",
  "function count() view returns (uint32)",
]);

export const multisigIsmAbi = parseAbi([
  "function validatorsAndThreshold(bytes message) view returns (address[], uint8)",
]);

/** The next block range to scan: from `next` up to `safeHead`, at most `maxRange` blocks; none when caught up. */
export function nextRange(next: bigint, safeHead: bigint, maxRange: number): { from: bigint; to: bigint } | undefined {
  if (maxRange < 1) throw new RangeError("maxRange must be at least 1");
  if (safeHead < next) return undefined;
  const last = next + BigInt(maxRange) - 1n;
  return { from: next, to: last < safeHead ? last : safeHead };
}

/** The highest block with `confirmations` blocks on top of it (the head itself counts as one). */
export const safeHead = (head: bigint, confirmations: number): bigint => head - BigInt(Math.max(confirmations, 1) - 1);

/** A block a scanner has seen: if the chain no longer has it, the chain was reset (or reorganised that deep). */
export interface Anchor {
  number: bigint;
  hash: Hex;
}

/** Whether the chain still has `anchor` (a chain restarted from genesis has another block there, or none). */
export async function stillOnChain(client: PublicClient, anchor: Anchor | undefined): Promise<boolean> {
  if (!anchor) return true;
  try {
    return (await client.getBlock({ blockNumber: anchor.number })).hash === anchor.hash;
  } catch (error) {
    if (error instanceof BlockNotFoundError) return false;
    throw error;
  }
}

/** The anchor for the last block of a scanned range. */
export const anchorAt = async (client: PublicClient, number: bigint): Promise<Anchor> => ({
  number,
  hash: (await client.getBlock({ blockNumber: number })).hash,
});

/** Exponential backoff after `attempts` failures: base·2^(attempts−1), capped at `maxMs`. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  if (attempts <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempts - 1, 30));
}

/**
 * Runs `tick` again `pollMs` after each run settles, from `start` until `stop` (which waits for a run in
 * progress). The loop of every bridge process: the relayer, the Hyperlane agent, the accountant.
 */
export function pollLoop(tick: () => Promise<unknown>, pollMs: number) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(loop, pollMs);
    });
  };
  return {
    start() {
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    get stopped() {
      return stopped;
    },
  };
}

/** When a pending item may be tried again, after how many failed attempts. */
export type RetryState = Map<string, { attempts: number; nextAt: number }>;

/**
 * One pass over pending items: tries each one whose retry time has come, and on failure schedules the
 * next try with exponential backoff (`onFailure` logs and counts). Stops early when `stopped()`.
 */
export async function retryPending<T>(
  pending: Record<string, T>,
  retries: RetryState,
  backoff: { retryBaseMs: number; retryMaxMs: number },
  stopped: () => boolean,
  attempt: (key: Hex, item: T) => Promise<unknown>,
  onFailure: (key: string, attempts: number, retryInMs: number, error: unknown) => void,
): Promise<void> {
  const now = Date.now();
  for (const [key, item] of Object.entries(pending)) {
    if (stopped()) return;
    const retry = retries.get(key);
    if (retry && retry.nextAt > now) continue;
    try {
      await attempt(key as Hex, item);
    } catch (error) {
      const attempts = (retry?.attempts ?? 0) + 1;
      const wait = backoffMs(attempts, backoff.retryBaseMs, backoff.retryMaxMs);
      retries.set(key, { attempts, nextAt: Date.now() + wait });
      onFailure(key, attempts, wait, error);
    }
  }
}

/** Parses `31337=http://…,31338=http://…`; throws naming the bad entry. */
export function parseRpcUrls(raw: string | undefined, variable: string): Map<number, string> {
  const urls = new Map<number, string>();
  for (const entry of (raw ?? "").split(",").map((e) => e.trim())) {
    if (entry === "") continue;
    const at = entry.indexOf("=");
    const id = Number(entry.slice(0, at));
    const url = entry.slice(at + 1);
    if (at < 1 || !Number.isInteger(id) || id <= 0 || !/^https?:\/\/./.test(url)) {
      throw new Error(`${variable}: "${entry}" is not chainId=http(s)://url`);
    }
    urls.set(id, url);
  }
  return urls;
}

/** JSON with bigints as "123n" strings (the operator envelope's convention), and back. */
export const toJson = (value: unknown, space?: number): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v.toString()}n` : v), space);

export const fromJson = <T>(text: string): T =>
  JSON.parse(text, (_k, v: unknown) => (typeof v === "string" && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)) as T;

/** A state file that is unreadable or not what this version wrote: named, with what to do. */
export class StateFileError extends Error {
  override name = "StateFileError";
}

/**
 * One JSON state file, written atomically (temporary file + rename) so that a crash leaves the old
 * or the new state, never a torn one. `check` validates what was read (a bad file is an error that
 * names it, never silently replaced).
 */
export function jsonFile<T>(path: string, initial: () => T, check: (value: unknown) => value is T) {
  mkdirSync(dirname(path), { recursive: true });
  let value: T;
  if (existsSync(path)) {
    let parsed: unknown;
    try {
      parsed = fromJson<unknown>(readFileSync(path, "utf8"));
    } catch (error) {
      throw new StateFileError(`${path} is not valid JSON (${(error as Error).message}); move it away to start over`);
    }
    if (!check(parsed))
      throw new StateFileError(`${path} is not a state file of this version; move it away to start over`);
    value = parsed;
  } else {
    value = initial();
  }
  return {
    get: (): T => value,
    set(next: T): void {
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, toJson(next, 1));
      renameSync(tmp, path); // atomic on POSIX
      value = next;
    },
  };
}

/** A message as JSON carries it: every field, bigints included (checked before use). */
export function isBridgeMessage(value: unknown): value is BridgeMessage {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  const big = (k: string) => typeof m[k] === "bigint" && (m[k] as bigint) >= 0n;
  const addr = (k: string) => typeof m[k] === "string" && /^0x[0-9a-fA-F]{40}$/.test(m[k] as string);
  return (
    big("sequence") &&
    big("srcChainId") &&
    big("dstChainId") &&
    big("amount") &&
    addr("srcManager") &&
    addr("dstManager") &&
    addr("sender") &&
    addr("recipient")
  );
}

/** Two messages are the same when every field is (addresses compared case-insensitively). */
export const sameMessage = (a: BridgeMessage, b: BridgeMessage): boolean =>
  a.sequence === b.sequence &&
  a.srcChainId === b.srcChainId &&
  a.dstChainId === b.dstChainId &&
  a.amount === b.amount &&
  a.srcManager.toLowerCase() === b.srcManager.toLowerCase() &&
  a.dstManager.toLowerCase() === b.dstManager.toLowerCase() &&
  a.sender.toLowerCase() === b.sender.toLowerCase() &&
  a.recipient.toLowerCase() === b.recipient.toLowerCase();

/** A governance message as JSON carries it (checked before use). */
export function isGovernanceMessage(value: unknown): value is GovernanceMessage {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  const big = (v: unknown) => typeof v === "bigint" && v >= 0n;
  const addr = (v: unknown) => typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v);
  const hex = (v: unknown) => typeof v === "string" && /^0x([0-9a-fA-F]{2})*$/.test(v);
  const list = (k: string, ok: (v: unknown) => boolean) => Array.isArray(m[k]) && (m[k] as unknown[]).every(ok);
  return (
    big(m["nonce"]) &&
    big(m["srcChainId"]) &&
    big(m["dstChainId"]) &&
    addr(m["srcSender"]) &&
    addr(m["dstReceiver"]) &&
    list("targets", addr) &&
    list("values", big) &&
    list("calldatas", hex)
  );
}

/** The first line of an error, for logs (viem's messages run to dozens of lines). */
export const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split("\n")[0]!;

/** The name of the custom error a call reverted with, when viem decoded one. */
export function revertName(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 8 && e; i++) {
    const data = (e as { data?: { errorName?: string } }).data;
    if (data?.errorName) return data.errorName;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export type { Hex };
