/**
 * `ethereum.call` for the mappings: a contract call (eth_call) at the block of the event being
 * handled, with graph-node's semantics — a reverted call is `null` to the mapping (so the generated
 * `try_x()` returns a reverted `CallResult` and `x()` aborts the handler), any other failure of the
 * node is transient (the batch is retried, nothing is committed).
 *
 * Handlers run synchronously in WASM while the node answers asynchronously, so a call the indexer
 * has not answered yet interrupts the handler (`PendingCall`): the indexer undoes the trigger's
 * writes, performs the call, remembers the answer and runs the handler again from a fresh instance,
 * which now finds it. A handler making n distinct calls runs n + 1 times the first time; answers
 * are kept per block (a call's answer cannot change within a block), so a later trigger of the
 * same block making the same call does not wait again.
 */
import type { Hex } from "./values.ts";

/** One eth_call: `data` (selector and ABI-encoded arguments) to `to`, at a block. */
export interface EthCall {
  readonly to: Hex;
  readonly data: Hex;
  readonly blockNumber: bigint;
  readonly blockHash: Hex;
}

/** A call's outcome: the returned bytes, or a revert (with the node's reason, for logs). */
export type EthCallOutcome =
  { readonly reverted: false; readonly data: Hex } | { readonly reverted: true; readonly reason: string };

/** Thrown from the host while a call's answer is not known yet; the indexer answers and re-runs. */
export class PendingCall extends Error {
  override name = "PendingCall";
  readonly call: EthCall;
  constructor(call: EthCall) {
    super(`eth_call to ${call.to} at block ${call.blockNumber} not answered yet`);
    this.call = call;
  }
}

/** A failure of the node (not a revert): transient, the batch is retried. */
export class CallFailed extends Error {
  override name = "CallFailed";
}

/**
 * Whether a JSON-RPC error of eth_call is the call reverting (deterministic), as opposed to the node
 * failing. Geth and most nodes answer code 3 ("execution reverted"); Hardhat/EDR, Anvil, Erigon and
 * Nethermind word it in various ways (graph-node matches a similar list of messages).
 */
export function isRevertError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; details?: unknown; shortMessage?: unknown; cause?: unknown };
  if (e === null || typeof e !== "object") return false;
  if (e.code === 3) return true;
  const text = [e.message, e.details, e.shortMessage].filter((x) => typeof x === "string").join(" ");
  if (
    /execution reverted|reverted|VM Exception|invalid opcode|invalid jump|out of gas|stack (limit|underflow|overflow)|revert/i.test(
      text,
    )
  )
    return true;
  return e.cause !== undefined && e.cause !== error ? isRevertError(e.cause) : false;
}

/** Answers of one block's calls. */
export class CallCache {
  private block: Hex | null = null;
  private readonly answers = new Map<string, EthCallOutcome>();
  /** Calls answered by the node and found in the cache, for tests and logs. */
  readonly stats = { fetched: 0, hits: 0 };

  private static key(call: EthCall): string {
    return `${call.to.toLowerCase()}:${call.data.toLowerCase()}`;
  }

  /** The answer, or undefined when it has not been fetched (in this block). */
  get(call: EthCall): EthCallOutcome | undefined {
    if (call.blockHash !== this.block) return undefined;
    const found = this.answers.get(CallCache.key(call));
    if (found) this.stats.hits++;
    return found;
  }

  set(call: EthCall, outcome: EthCallOutcome): void {
    if (call.blockHash !== this.block) {
      this.block = call.blockHash;
      this.answers.clear();
    }
    this.answers.set(CallCache.key(call), outcome);
    this.stats.fetched++;
  }
}
