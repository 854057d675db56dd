/**
 * The indexing loop. Per batch of at most `rangeSize` blocks: one `eth_getLogs` for the data
 * sources with addresses (static ones and those created from templates) and one for data sources
 * without an address, then the blocks that have events (with their transactions, prefetched
 * concurrently), then the triggers in (block, log index) order; each matching data source runs its
 * handlers in manifest order, dynamic data sources after static ones in creation order. A batch is
 * committed in one SQLite transaction together with the cursor.
 *
 * Templates follow graph-node: a data source created in block B handles B's events too — after all
 * of B's other triggers, in a second pass over B with only the new data sources (repeated while
 * that pass creates more) — and every later block's. Its logs for the rest of the batch are fetched
 * right away.
 *
 * Contract calls (`ethereum.call`, calls.ts): a handler of a module that calls contracts runs with
 * its writes journaled; a call not answered yet interrupts it, the writes are undone, the indexer
 * performs the eth_call at the block (through the log source) and runs the handler again. A node
 * failure there is transient like any RPC error: the batch is not committed and is retried.
 *
 * Chain resets: before each poll the stored cursor's block hash is compared with the chain's; a
 * different hash, a head below the cursor, another chain id or a changed subgraph (manifest hash)
 * wipes the store and reindexes from the start blocks. Reorgs are not unwound block by block: this
 * indexer is for local chains (use `confirmations` to stay behind the head of a live one).
 *
 * A handler failure is deterministic, as in graph-node: the blocks before it are committed, the
 * indexer stops there (`status.state = "failed"`) and keeps serving queries; it tries again after
 * a restart or a chain reset.
 */
import { decodeAbiParameters, type AbiParameter } from "viem";

import {
  isHashedWhenIndexed,
  writeEvent,
  type ChainBlock,
  type ChainLog,
  type ChainReceipt,
  type DecodedParam,
} from "./ethereum.ts";
import { CallCache, PendingCall, type EthCallOutcome } from "./calls.ts";
import { MappingError, type TriggerContext } from "./host.ts";
import type { Logger } from "./log.ts";
import type { DataSourceSpec, EventHandlerSpec, Manifest } from "./manifest.ts";
import type { LogSource } from "./source.ts";
import { BlockState, WriteBatch, type Cursor, type DynamicDataSource, type EntityStore } from "./store.ts";
import type { Entity, Hex } from "./values.ts";

export interface IndexerOptions {
  readonly manifest: Manifest;
  readonly store: EntityStore;
  readonly source: LogSource;
  readonly logger: Logger;
  /** Delay between polls for new blocks once synced (default 1000 ms). */
  readonly pollMs?: number;
  /** Blocks per `eth_getLogs` request and per committed batch (default 2000). */
  readonly rangeSize?: number;
  /** Stay this many blocks behind the head (default 0: index the head). */
  readonly confirmations?: number;
  /** Blocks fetched concurrently (default 8). */
  readonly concurrency?: number;
  /** Interval of progress logs during a catch-up (default 5000 ms). */
  readonly progressMs?: number;
}

export interface IndexerStatus {
  state: "starting" | "syncing" | "synced" | "failed" | "stopped";
  chainId: number | null;
  latestBlock: bigint | null;
  /** The last fatal (deterministic) handler error, or the last transient error while retrying. */
  error: string | null;
  /** Whether a handler failed (graph-node's `hasIndexingErrors`). */
  hasIndexingErrors: boolean;
}

/** A data source instance the indexer routes logs to. */
interface ActiveSource {
  readonly spec: DataSourceSpec;
  readonly address: Hex | null;
  readonly context: Entity | null;
  readonly startBlock: bigint;
  readonly endBlock: bigint | null;
}

/**
 * Decodes a log's parameters with the handler's event (topic 0 already matched): indexed ones from
 * the topics (dynamic types stay as their hash), the others from the data. Throws when the log
 * does not fit the event (another event with the same selector but other indexed parameters).
 */
function decodeLog(h: EventHandlerSpec, log: ChainLog): unknown[] {
  const indexed = h.inputs.filter((i) => i.indexed);
  if (log.topics.length !== indexed.length + 1)
    throw new Error(`expected ${indexed.length + 1} topics, got ${log.topics.length}`);
  const plain = h.inputs.filter((i) => !i.indexed) as AbiParameter[];
  const data = plain.length > 0 ? decodeAbiParameters(plain, log.data) : [];
  let t = 1;
  let d = 0;
  return h.inputs.map((p) => {
    if (!p.indexed) return data[d++];
    const topic = log.topics[t++]!;
    return isHashedWhenIndexed(p) ? topic : decodeAbiParameters([p as AbiParameter], topic)[0];
  });
}

/** One line for an error; viem's errors carry a short message and details. */
function errorText(e: unknown): string {
  const { shortMessage, details, message } = e as { shortMessage?: string; details?: string; message?: string };
  if (shortMessage) return details ? `${shortMessage} (${details})` : shortMessage;
  return String(message ?? e).split("\n")[0]!;
}

/** A sync that starts more than this many blocks behind is a catch-up, logged at info. */
const CATCH_UP_BLOCKS = 10n;

const sleep = (ms: number, signal: { wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.wake = () => {
      clearTimeout(t);
      resolve();
    };
  });

export class Indexer {
  readonly status: IndexerStatus = {
    state: "starting",
    chainId: null,
    latestBlock: null,
    error: null,
    hasIndexingErrors: false,
  };
  private readonly o: Required<Omit<IndexerOptions, "manifest" | "store" | "source" | "logger">> & IndexerOptions;
  private readonly templates: string[];
  private stopping = false;
  private failed = false;
  private loop: Promise<void> | null = null;
  private readonly wake: { wake?: () => void } = {};
  private progress = { at: Date.now(), blocks: 0, events: 0 };
  /** Whether the current sync started more than CATCH_UP_BLOCKS behind (logged at info, else debug). */
  private catchUp = true;
  /** Answers of `ethereum.call` in the block being processed. */
  private readonly calls = new CallCache();

  constructor(options: IndexerOptions) {
    this.o = { pollMs: 1000, rangeSize: 2000, confirmations: 0, concurrency: 8, progressMs: 5000, ...options };
    if (this.o.rangeSize < 1) throw new Error("rangeSize must be at least 1");
    this.templates = options.manifest.templates.map((t) => t.name);
  }

  get store(): EntityStore {
    return this.o.store;
  }

  /** Starts the polling loop in the background (resolves once it has started). */
  start(): void {
    if (this.loop) return;
    this.loop = this.run();
  }

  /** Stops after the current batch (committed), then resolves. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.wake?.();
    await this.loop;
    this.status.state = "stopped";
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.sync();
        failures = 0;
      } catch (e) {
        // Transient (node down, RPC error): nothing was committed; retry with a growing delay.
        failures++;
        this.status.error = errorText(e);
        this.o.logger.error("indexing step failed, retrying", { error: this.status.error, attempt: failures });
      }
      if (this.stopping) break;
      await sleep(
        failures === 0 ? this.o.pollMs : Math.min(this.o.pollMs * 2 ** Math.min(failures, 10), 30_000),
        this.wake,
      );
    }
  }

  /**
   * One poll: checks the cursor against the chain (resetting if needed), then indexes up to the
   * current head (less `confirmations`). Resolves when caught up, failed or stopping.
   */
  async sync(): Promise<void> {
    const { source, store, logger, manifest } = this.o;
    const head = await source.head();
    this.status.latestBlock = head.number;
    if (this.status.chainId === null) this.status.chainId = await source.chainId();
    await this.checkCursor();
    if (this.failed) return;
    const target = head.number - BigInt(this.o.confirmations);
    const cursor = store.meta.cursor;
    let next = cursor ? cursor.number + 1n : this.firstBlock();
    if (next <= target && this.status.state !== "syncing") {
      this.status.state = "syncing";
      // Following a live head is a block or two per poll: that is debug; a catch-up is news.
      this.catchUp = target - next + 1n > CATCH_UP_BLOCKS;
      logger[this.catchUp ? "info" : "debug"]("indexing", { from: next, to: target, network: manifest.network });
      this.progress = { at: Date.now(), blocks: 0, events: 0 };
    }
    while (next <= target && !this.stopping) {
      const to = next + BigInt(this.o.rangeSize) - 1n < target ? next + BigInt(this.o.rangeSize) - 1n : target;
      const ok = await this.processRange(next, to);
      if (!ok) return;
      this.reportProgress(to, head.number);
      next = to + 1n;
    }
    if (next > target && this.status.state !== "synced") {
      this.status.state = "synced";
      this.status.error = null;
      logger[this.catchUp ? "info" : "debug"]("synced", {
        block: store.meta.cursor?.number ?? null,
        entities: store.count(),
      });
    }
  }

  private firstBlock(): bigint {
    return this.o.manifest.dataSources.reduce(
      (min, d) => (d.startBlock < min ? d.startBlock : min),
      this.o.manifest.dataSources[0]!.startBlock,
    );
  }

  private reportProgress(block: bigint, head: bigint): void {
    const now = Date.now();
    const elapsed = now - this.progress.at;
    if (elapsed < this.o.progressMs) return;
    this.o.logger.info("progress", {
      block,
      head,
      headDistance: head - block,
      blocksPerSec: Math.round((this.progress.blocks * 1000) / elapsed),
      eventsPerSec: Math.round((this.progress.events * 1000) / elapsed),
      entities: this.o.store.count(),
    });
    this.progress = { at: now, blocks: 0, events: 0 };
  }

  /** Wipes the store when it does not belong to this chain and subgraph any more. */
  private async checkCursor(): Promise<void> {
    const { store, manifest, source } = this.o;
    const meta = store.meta;
    let reason: string | null = null;
    if (meta.cursor === null) {
      if (store.count() > 0 || store.dataSources.length > 0) reason = "the store has entities but no cursor";
    } else if (meta.manifestHash !== manifest.hash) {
      reason = "the subgraph changed (manifest, schema, ABIs or WASM)";
    } else if (meta.chainId !== this.status.chainId) {
      reason = `the chain id changed (${meta.chainId} → ${this.status.chainId})`;
    } else {
      const ref = await source.blockRef(meta.cursor.number);
      if (!ref) reason = `the chain's head is below the indexed block ${meta.cursor.number}`;
      else if (ref.hash !== meta.cursor.hash)
        reason = `block ${meta.cursor.number} has another hash (${ref.hash}, indexed ${meta.cursor.hash})`;
    }
    if (reason === null) return;
    this.o.logger.warn("chain or subgraph reset: wiping the store and reindexing from the start blocks", {
      reason,
      indexedBlock: meta.cursor?.number ?? null,
    });
    store.reset();
    this.failed = false;
    this.status.hasIndexingErrors = false;
    this.status.error = null;
    this.status.state = "syncing";
  }

  private staticSources(): ActiveSource[] {
    return this.o.manifest.dataSources.map((spec) => ({
      spec,
      address: spec.address,
      context: null,
      startBlock: spec.startBlock,
      endBlock: spec.endBlock,
    }));
  }

  private dynamicSource(d: DynamicDataSource): ActiveSource {
    const spec = this.o.manifest.templates.find((t) => t.name === d.template);
    if (!spec)
      throw new Error(`the store has a data source of template ${d.template}, which the manifest does not have`);
    return { spec, address: d.address, context: d.context, startBlock: d.createdAt, endBlock: null };
  }

  /** Logs in [from, to] for the given data sources (deduplicated, ordered). */
  private async fetchLogs(sources: readonly ActiveSource[], from: bigint, to: bigint): Promise<ChainLog[]> {
    const live = sources.filter((s) => s.startBlock <= to && (s.endBlock === null || s.endBlock >= from));
    const withAddress = live.filter((s) => s.address !== null);
    const anyAddress = live.filter((s) => s.address === null);
    const topics = (list: ActiveSource[]) => [...new Set(list.flatMap((s) => s.spec.handlers.map((h) => h.topic0)))];
    const requests: Promise<ChainLog[]>[] = [];
    if (withAddress.length > 0) {
      requests.push(
        this.o.source.getLogs({
          fromBlock: from,
          toBlock: to,
          addresses: [...new Set(withAddress.map((s) => s.address!))],
          topic0: topics(withAddress),
        }),
      );
    }
    if (anyAddress.length > 0) {
      requests.push(
        this.o.source.getLogs({ fromBlock: from, toBlock: to, addresses: null, topic0: topics(anyAddress) }),
      );
    }
    const seen = new Set<string>();
    const out: ChainLog[] = [];
    for (const log of (await Promise.all(requests)).flat()) {
      const key = `${log.blockNumber}:${log.logIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(log);
    }
    return out.sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    );
  }

  /** Processes [from, to] and commits it. Returns false when a handler failed. */
  private async processRange(from: bigint, to: bigint): Promise<boolean> {
    const { store, source, logger, manifest } = this.o;
    const sources = [...this.staticSources(), ...store.dataSources.map((d) => this.dynamicSource(d))];
    const byBlock = new Map<bigint, ChainLog[]>();
    /** Block numbers with logs, ascending (later additions are always after the block being processed). */
    const queue: bigint[] = [];
    const seen = new Set<string>();
    const add = (logs: ChainLog[]) => {
      for (const log of logs) {
        const key = `${log.blockNumber}:${log.logIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const list = byBlock.get(log.blockNumber);
        if (list) {
          list.push(log);
          continue;
        }
        byBlock.set(log.blockNumber, [log]);
        let lo = 0;
        let hi = queue.length;
        if (hi > 0 && queue[hi - 1]! < log.blockNumber) lo = hi;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (queue[mid]! < log.blockNumber) lo = mid + 1;
          else hi = mid;
        }
        queue.splice(lo, 0, log.blockNumber);
      }
    };
    add(await this.fetchLogs(sources, from, to));

    const fetched = new Map<bigint, Promise<ChainBlock>>();
    const fetchBlock = (n: bigint): Promise<ChainBlock> => {
      let p = fetched.get(n);
      if (!p) {
        p = source.getBlock(n);
        p.catch(() => undefined); // awaited later; avoid an unhandled rejection meanwhile
        fetched.set(n, p);
      }
      return p;
    };
    const receipts = new Map<Hex, Promise<ChainReceipt>>();
    const batch = new WriteBatch();
    let lastBlock: ChainBlock | null = null;
    let events = 0;

    for (let i = 0; i < queue.length; i++) {
      const n = queue[i]!;
      for (let j = i; j < Math.min(queue.length, i + this.o.concurrency); j++) void fetchBlock(queue[j]!);
      const block = await fetchBlock(n);
      const state = new BlockState(store, batch, n);
      const logs = byBlock.get(n)!.sort((a, b) => a.logIndex - b.logIndex);
      try {
        for (const log of logs) events += await this.runLog(log, sources, block, state, receipts);
        // New data sources handle this block's events too, after the block's other triggers.
        let drained = 0;
        while (state.dataSources.length > drained) {
          const created = state.dataSources.slice(drained).map((d) => this.dynamicSource(d));
          drained = state.dataSources.length;
          sources.push(...created);
          const extra = await this.fetchLogs(created, n, to);
          add(extra.filter((l) => l.blockNumber > n));
          for (const log of extra.filter((l) => l.blockNumber === n))
            events += await this.runLog(log, created, block, state, receipts);
        }
      } catch (e) {
        if (!(e instanceof MappingError)) throw e;
        await this.fail(e, n, block, batch, from);
        return false;
      }
      batch.absorb(state);
      lastBlock = block;
    }

    const end = lastBlock?.number === to ? lastBlock : null;
    const ref = end ? { number: end.number, hash: end.hash, timestamp: end.timestamp } : await source.blockRef(to);
    if (!ref) throw new Error(`block ${to} is not on the chain any more`);
    const cursor: Cursor = { number: ref.number, hash: ref.hash, timestamp: ref.timestamp };
    store.commit(batch, cursor, { chainId: this.status.chainId!, manifestHash: manifest.hash });
    this.progress.blocks += Number(to - from + 1n);
    this.progress.events += events;
    if (batch.dataSources.length > 0) logger.debug("data sources created", { count: batch.dataSources.length });
    return true;
  }

  /** Commits the blocks before the failing one and marks the subgraph failed. */
  private async fail(
    error: MappingError,
    n: bigint,
    block: ChainBlock,
    batch: WriteBatch,
    from: bigint,
  ): Promise<void> {
    const { store, source, logger, manifest } = this.o;
    if (n > from) {
      const ref = await source.blockRef(n - 1n);
      if (ref)
        store.commit(
          batch,
          { number: ref.number, hash: ref.hash, timestamp: ref.timestamp },
          { chainId: this.status.chainId!, manifestHash: manifest.hash },
        );
    }
    this.failed = true;
    this.status.state = "failed";
    this.status.hasIndexingErrors = true;
    this.status.error = error.message;
    logger.error("subgraph failed with a deterministic error: indexing stopped", {
      block: n,
      blockHash: block.hash,
      error: error.message,
    });
  }

  /** Runs every matching handler of every matching data source for one log; returns how many ran. */
  private async runLog(
    log: ChainLog,
    sources: readonly ActiveSource[],
    block: ChainBlock,
    state: BlockState,
    receipts: Map<Hex, Promise<ChainReceipt>>,
  ): Promise<number> {
    let ran = 0;
    for (const src of sources) {
      if (src.startBlock > log.blockNumber || (src.endBlock !== null && src.endBlock < log.blockNumber)) continue;
      if (src.address !== null && src.address !== log.address) continue;
      for (const h of src.spec.handlers) {
        if (h.topic0 !== log.topics[0]) continue;
        if (h.topics.some((allowed, i) => allowed !== null && !allowed.includes(log.topics[i + 1] ?? ("0x" as Hex))))
          continue;
        const params = this.decode(h, log, src);
        if (!params) continue;
        const transaction = block.transactions.find((t) => t.hash === log.transactionHash);
        if (!transaction) throw new Error(`transaction ${log.transactionHash} is not in block ${block.number}`);
        let receipt: ChainReceipt | null = null;
        if (h.receipt) {
          let p = receipts.get(log.transactionHash);
          if (!p) receipts.set(log.transactionHash, (p = this.o.source.getReceipt(log.transactionHash)));
          receipt = await p;
        }
        const ctx: TriggerContext = {
          block: state,
          dataSource: { name: src.spec.name, network: src.spec.network, address: src.address, context: src.context },
          templates: this.templates,
          logger: this.o.logger,
          ethCall: (to, data): EthCallOutcome => {
            const call = { to, data, blockNumber: block.number, blockHash: block.hash };
            const answer = this.calls.get(call);
            if (answer) return answer;
            throw new PendingCall(call);
          },
        };
        const module = src.spec.module;
        try {
          if (!module.callsContracts) {
            module.run(h.handler, ctx, (mem) => writeEvent(mem, { log, block, transaction, params, receipt }));
          } else {
            // A call not answered yet interrupts the handler: undo its writes, answer, run it again.
            for (;;) {
              state.checkpoint();
              try {
                module.run(h.handler, ctx, (mem) => writeEvent(mem, { log, block, transaction, params, receipt }));
                state.release();
                break;
              } catch (e) {
                state.rollback();
                if (!(e instanceof PendingCall)) throw e;
                this.calls.set(e.call, await this.o.source.call(e.call));
              }
            }
          }
        } catch (e) {
          if (!(e instanceof MappingError)) throw e;
          throw new MappingError(
            `${e.message}\n\tin handler \`${h.handler}\` of ${src.spec.isTemplate ? "template" : "data source"} ${src.spec.name} at block #${block.number} (${block.hash}), transaction ${log.transactionHash}, log index ${log.logIndex}`,
          );
        }
        ran++;
      }
    }
    return ran;
  }

  /** The event's parameters, or null (with a warning) when the log does not match the ABI event. */
  private decode(h: EventHandlerSpec, log: ChainLog, src: ActiveSource): DecodedParam[] | null {
    try {
      const values = decodeLog(h, log);
      return h.inputs.map((param, i) => ({ param, value: values[i] }));
    } catch (e) {
      this.o.logger.warn("skipping a log that does not decode with the handler's event", {
        dataSource: src.spec.name,
        event: h.signature,
        block: log.blockNumber,
        logIndex: log.logIndex,
        error: (e as Error).message.split("\n")[0],
      });
      return null;
    }
  }
}
