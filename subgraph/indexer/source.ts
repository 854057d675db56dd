/**
 * Where the indexer reads the chain from. `LogSource` is the interface (logs by range, blocks with
 * their transactions, receipts, the head); `RpcLogSource` implements it over JSON-RPC with viem
 * (batched HTTP, retries, `eth_getLogs` ranges halved when a node refuses them), and
 * `MemoryLogSource` serves blocks and logs held in memory, for tests and benchmarks that feed
 * generated events without a node.
 */
import { createPublicClient, http } from "viem";

import { isRevertError, type EthCall, type EthCallOutcome } from "./calls.ts";
import type { ChainBlock, ChainLog, ChainReceipt, ChainTransaction } from "./ethereum.ts";
import type { Hex } from "./values.ts";

export interface BlockRef {
  readonly number: bigint;
  readonly hash: Hex;
  /** Unix seconds. */
  readonly timestamp: bigint;
}

export interface LogFilter {
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  /** Contract addresses (lowercase); null for any contract. */
  readonly addresses: readonly Hex[] | null;
  /** Event selectors (topic 0) to match. */
  readonly topic0: readonly Hex[];
}

export interface LogSource {
  chainId(): Promise<number>;
  /** The latest block. */
  head(): Promise<BlockRef>;
  /** The block at `number` on the current chain, or null when the chain is shorter. */
  blockRef(number: bigint): Promise<BlockRef | null>;
  /** Logs in the range matching the filter, in (block, log index) order. */
  getLogs(filter: LogFilter): Promise<ChainLog[]>;
  /** A block with its transactions. */
  getBlock(number: bigint): Promise<ChainBlock>;
  getReceipt(hash: Hex): Promise<ChainReceipt>;
  /**
   * eth_call at a block: the returned bytes, or a revert. Any other failure rejects (transient: the
   * indexer retries the batch).
   */
  call(call: EthCall): Promise<EthCallOutcome>;
}

type Rpc = Record<string, unknown>;

const big = (v: unknown): bigint => (v === undefined || v === null ? 0n : BigInt(v as string));
const hex = (v: unknown): Hex => ((v as string | undefined) ?? "0x").toLowerCase() as Hex;

function toLog(l: Rpc): ChainLog {
  return {
    address: hex(l["address"]),
    topics: (l["topics"] as string[]).map(hex),
    data: hex(l["data"]),
    blockNumber: big(l["blockNumber"]),
    blockHash: hex(l["blockHash"]),
    transactionHash: hex(l["transactionHash"]),
    transactionIndex: Number(big(l["transactionIndex"])),
    logIndex: Number(big(l["logIndex"])),
  };
}

function toTransaction(t: Rpc): ChainTransaction {
  return {
    hash: hex(t["hash"]),
    index: big(t["transactionIndex"]),
    from: hex(t["from"]),
    to: t["to"] ? hex(t["to"]) : null,
    value: big(t["value"]),
    gasLimit: big(t["gas"]),
    gasPrice: big(t["gasPrice"] ?? t["maxFeePerGas"]),
    input: hex(t["input"]),
    nonce: big(t["nonce"]),
  };
}

function toBlock(b: Rpc): ChainBlock {
  const txs = (b["transactions"] as unknown[] | undefined) ?? [];
  return {
    number: big(b["number"]),
    hash: hex(b["hash"]),
    parentHash: hex(b["parentHash"]),
    timestamp: big(b["timestamp"]),
    unclesHash: hex(b["sha3Uncles"]),
    author: hex(b["miner"]),
    stateRoot: hex(b["stateRoot"]),
    transactionsRoot: hex(b["transactionsRoot"]),
    receiptsRoot: hex(b["receiptsRoot"]),
    gasUsed: big(b["gasUsed"]),
    gasLimit: big(b["gasLimit"]),
    difficulty: big(b["difficulty"]),
    totalDifficulty: big(b["totalDifficulty"]),
    size: b["size"] === undefined || b["size"] === null ? null : big(b["size"]),
    baseFeePerGas: b["baseFeePerGas"] === undefined || b["baseFeePerGas"] === null ? null : big(b["baseFeePerGas"]),
    transactions: txs.filter((t): t is Rpc => typeof t === "object" && t !== null).map(toTransaction),
  };
}

const quantity = (n: bigint): Hex => `0x${n.toString(16)}`;

/** JSON-RPC over HTTP (viem transport: batching, retries, timeouts). */
export class RpcLogSource implements LogSource {
  private readonly request: (args: { method: string; params: unknown[] }) => Promise<unknown>;

  constructor(url: string, options: { batchSize?: number; retryCount?: number; timeoutMs?: number } = {}) {
    const client = createPublicClient({
      transport: http(url, {
        batch: { batchSize: options.batchSize ?? 50 },
        retryCount: options.retryCount ?? 3,
        timeout: options.timeoutMs ?? 30_000,
      }),
    });
    this.request = client.request as unknown as (args: { method: string; params: unknown[] }) => Promise<unknown>;
  }

  async chainId(): Promise<number> {
    return Number(big(await this.request({ method: "eth_chainId", params: [] })));
  }

  async head(): Promise<BlockRef> {
    const b = (await this.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as Rpc;
    return { number: big(b["number"]), hash: hex(b["hash"]), timestamp: big(b["timestamp"]) };
  }

  async blockRef(number: bigint): Promise<BlockRef | null> {
    const b = (await this.request({ method: "eth_getBlockByNumber", params: [quantity(number), false] })) as Rpc | null;
    return b ? { number: big(b["number"]), hash: hex(b["hash"]), timestamp: big(b["timestamp"]) } : null;
  }

  async getLogs(filter: LogFilter): Promise<ChainLog[]> {
    if (filter.topic0.length === 0 || (filter.addresses && filter.addresses.length === 0)) return [];
    try {
      const logs = (await this.request({
        method: "eth_getLogs",
        params: [
          {
            fromBlock: quantity(filter.fromBlock),
            toBlock: quantity(filter.toBlock),
            ...(filter.addresses ? { address: filter.addresses } : {}),
            topics: [filter.topic0],
          },
        ],
      })) as Rpc[];
      return logs.filter((l) => l["removed"] !== true).map(toLog);
    } catch (e) {
      // Nodes refuse wide ranges or large results with various messages: halve and retry.
      const span = filter.toBlock - filter.fromBlock;
      if (span < 1n || !/range|limit|too many|exceed|size|timeout|timed out/i.test((e as Error).message)) throw e;
      const mid = filter.fromBlock + span / 2n;
      const a = await this.getLogs({ ...filter, toBlock: mid });
      const b = await this.getLogs({ ...filter, fromBlock: mid + 1n });
      return [...a, ...b];
    }
  }

  async getBlock(number: bigint): Promise<ChainBlock> {
    const b = (await this.request({ method: "eth_getBlockByNumber", params: [quantity(number), true] })) as Rpc | null;
    if (!b) throw new Error(`block ${number} not found`);
    return toBlock(b);
  }

  async call(call: EthCall): Promise<EthCallOutcome> {
    try {
      const data = await this.request({
        method: "eth_call",
        params: [{ to: call.to, data: call.data }, quantity(call.blockNumber)],
      });
      return { reverted: false, data: hex(data) };
    } catch (e) {
      if (isRevertError(e)) return { reverted: true, reason: (e as Error).message.split("\n")[0]! };
      throw e;
    }
  }

  async getReceipt(hash: Hex): Promise<ChainReceipt> {
    const r = (await this.request({ method: "eth_getTransactionReceipt", params: [hash] })) as Rpc | null;
    if (!r) throw new Error(`receipt of ${hash} not found`);
    return {
      transactionHash: hex(r["transactionHash"]),
      transactionIndex: big(r["transactionIndex"]),
      blockHash: hex(r["blockHash"]),
      blockNumber: big(r["blockNumber"]),
      cumulativeGasUsed: big(r["cumulativeGasUsed"]),
      gasUsed: big(r["gasUsed"]),
      contractAddress: r["contractAddress"] ? hex(r["contractAddress"]) : null,
      logs: (r["logs"] as Rpc[]).map(toLog),
      status: big(r["status"]),
      root: r["root"] ? hex(r["root"]) : null,
      logsBloom: hex(r["logsBloom"]),
    };
  }
}

/** A block of a `MemoryLogSource`: the header fields that matter, its transactions and logs. */
export interface MemoryBlock {
  readonly block: ChainBlock;
  readonly logs: readonly ChainLog[];
}

/**
 * An in-memory chain: append blocks (with their logs), or replace the whole chain to simulate a
 * reset. Serves the same queries as a node.
 */
/**
 * Answers eth_calls of a `MemoryLogSource`: the returned bytes, `{ reverted: true }`, or a throw
 * (a node failure). Without one, every call reverts (no contract code in memory).
 */
export type MemoryCallHandler = (call: EthCall) => EthCallOutcome;

export class MemoryLogSource implements LogSource {
  private blocks: MemoryBlock[] = [];
  readonly id: number;
  /** Counts of calls, for tests and benchmarks. */
  readonly calls = { getLogs: 0, getBlock: 0, blockRef: 0, call: 0 };
  /** How eth_calls are answered (set by tests and benchmarks that feed contracts' answers). */
  callHandler: MemoryCallHandler | null = null;

  constructor(chainId = 31337) {
    this.id = chainId;
  }

  /** Appends a block; its number must follow the last one. */
  push(block: MemoryBlock): void {
    const expected = BigInt(this.blocks.length);
    if (block.block.number !== expected) throw new Error(`expected block ${expected}, got ${block.block.number}`);
    this.blocks.push(block);
  }

  /** Replaces the chain (a reset or reorg of a dev chain). */
  replace(blocks: MemoryBlock[]): void {
    this.blocks = [];
    for (const b of blocks) this.push(b);
  }

  get length(): number {
    return this.blocks.length;
  }

  async chainId(): Promise<number> {
    return this.id;
  }

  async head(): Promise<BlockRef> {
    const b = this.blocks.at(-1);
    if (!b) throw new Error("empty chain");
    return { number: b.block.number, hash: b.block.hash, timestamp: b.block.timestamp };
  }

  async blockRef(number: bigint): Promise<BlockRef | null> {
    this.calls.blockRef++;
    const b = this.blocks[Number(number)];
    return b ? { number: b.block.number, hash: b.block.hash, timestamp: b.block.timestamp } : null;
  }

  async getLogs(filter: LogFilter): Promise<ChainLog[]> {
    this.calls.getLogs++;
    const out: ChainLog[] = [];
    const addresses = filter.addresses ? new Set(filter.addresses) : null;
    const topics = new Set(filter.topic0);
    const to = Math.min(Number(filter.toBlock), this.blocks.length - 1);
    for (let n = Number(filter.fromBlock); n <= to; n++) {
      for (const log of this.blocks[n]!.logs) {
        if (addresses && !addresses.has(log.address)) continue;
        if (!topics.has(log.topics[0] ?? "0x")) continue;
        out.push(log);
      }
    }
    return out;
  }

  async getBlock(number: bigint): Promise<ChainBlock> {
    this.calls.getBlock++;
    const b = this.blocks[Number(number)];
    if (!b) throw new Error(`block ${number} not found`);
    return b.block;
  }

  async call(call: EthCall): Promise<EthCallOutcome> {
    this.calls.call++;
    if (!this.blocks[Number(call.blockNumber)]) throw new Error(`block ${call.blockNumber} not found`);
    return this.callHandler ? this.callHandler(call) : { reverted: true, reason: "no contract code in memory" };
  }

  async getReceipt(hash: Hex): Promise<ChainReceipt> {
    for (const { block, logs } of this.blocks) {
      const tx = block.transactions.find((t) => t.hash === hash);
      if (!tx) continue;
      return {
        transactionHash: hash,
        transactionIndex: tx.index,
        blockHash: block.hash,
        blockNumber: block.number,
        cumulativeGasUsed: 21000n,
        gasUsed: 21000n,
        contractAddress: null,
        logs: logs.filter((l) => l.transactionHash === hash),
        status: 1n,
        root: null,
        logsBloom: `0x${"00".repeat(256)}`,
      };
    }
    throw new Error(`receipt of ${hash} not found`);
  }
}
