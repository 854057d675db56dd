import type { PeperDatabase, SqlSession } from "../db/index.ts";
import { BaseError } from "../errors/base.ts";
import { nextAuditEntry, type AuditEntry } from "./audit.ts";
import { AUDIT_LOCK_KEY, type AuditRecord } from "./auditStore.ts";

/**
 * Group commit for audited writes: the requests that arrive while one transaction commits are written
 * together by the next one — their rows and their audit-log entries, chained from the head, in one or
 * two statements — and each request is answered only once that transaction has committed. A request never
 * waits for company: with one request in flight a batch holds one request (the lowest latency); under
 * load batches grow by themselves, and one commit (one WAL flush) serves them all.
 *
 * The chain keeps one head across API processes: a batch takes the same advisory lock as
 * {@link appendAudit} (held until its commit) before it reads the head, so batches and single appends
 * from any process queue on it and the chain never forks; the unique `seq` and `prev_hash` columns are
 * the database's own guarantee.
 *
 * A batch that fails before its commit is split: every request is retried alone, so one bad request
 * fails only itself. A commit that fails (or whose outcome is unknown, a lost connection) fails every
 * request of the batch: none is answered success.
 */

/** What one request of an operation produced: its answer, and the audit entry to append with it. */
export interface Outcome<O> {
  readonly value: O;
  /** The entry for the audit log; absent when the request changed nothing (e.g. a token not claimed). */
  readonly audit?: AuditRecord;
}

/**
 * A kind of audited write that can run for many requests at once: `run` gets the inputs of the batch
 * (in arrival order) and answers one outcome per input, in the same order, in one or a few statements.
 */
export interface AuditedOperation<I, O> {
  /** Names the operation and prefixes its prepared statements' names. */
  readonly name: string;
  /**
   * When every input's entry is known before the write (a stored decision), the entry of an input:
   * the group commit then chains them first and hands them to `run` as `entries`, which must insert
   * them in its own statement ({@link AUDIT_INSERT_COLUMNS}, {@link auditInsertParams}) — one round
   * trip less per batch. The outcomes' `audit` is then ignored.
   */
  auditOf?(input: I): AuditRecord;
  run(
    sql: SqlSession,
    inputs: readonly I[],
    now: number,
    entries: readonly AuditEntry[],
  ): Promise<readonly Outcome<O>[]>;
}

/** Faults a test can inject. */
export interface GroupCommitFaults {
  /**
   * Called inside the batch's transaction after its entries are written, just before it commits; throw
   * to fail the commit (as a lost connection would).
   */
  beforeCommit?(batch: { readonly size: number; readonly entries: readonly AuditEntry[] }): void;
}

export interface GroupCommitOptions {
  /** At most this many requests per transaction (default 256). */
  readonly maxBatch?: number;
  /** The clock (ms since the epoch). */
  readonly now?: () => number;
  readonly faults?: GroupCommitFaults;
}

/** Why an audited write failed as part of a batch whose commit did not succeed. */
export class GroupCommitError extends BaseError {
  override name = "GroupCommitError";
  constructor(message: string, cause: unknown) {
    super(message, {
      cause,
      retryable: true,
      details:
        "The transaction of this request's batch did not commit; nothing of it was written (or its outcome is unknown). Retry.",
    });
  }
}

interface Job {
  readonly op: AuditedOperation<unknown, unknown>;
  readonly input: unknown;
  /** Retried alone after its batch failed: its own failure is final. */
  readonly alone: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Counters since start, for benchmarks and tests. */
export interface GroupCommitStats {
  batches: number;
  requests: number;
  largestBatch: number;
  failedBatches: number;
}

export class AuditGroupCommit {
  private readonly database: PeperDatabase;
  private readonly maxBatch: number;
  private readonly now: () => number;
  private readonly faults: GroupCommitFaults;
  private queue: Job[] = [];
  private running: Promise<void> | undefined;
  readonly stats: GroupCommitStats = { batches: 0, requests: 0, largestBatch: 0, failedBatches: 0 };

  constructor(database: PeperDatabase, options: GroupCommitOptions = {}) {
    if (!database.transaction) {
      throw new TypeError("The audit group commit needs a database opened by openDatabase (with transaction()).");
    }
    this.database = database;
    this.maxBatch = options.maxBatch ?? 256;
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? {};
  }

  /** Runs one request's write in the next batch; resolves once its batch has committed. */
  submit<I, O>(op: AuditedOperation<I, O>, input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({
        op: op as AuditedOperation<unknown, unknown>,
        input,
        alone: false,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.kick();
    });
  }

  /** Resolves when every submitted request has been answered. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    // Start on the next turn of the event loop, not at once: the requests whose I/O completed in this
    // turn then join the first batch instead of each starting a transaction of its own (the embedded
    // database works on this thread and would otherwise never let a second request reach the queue).
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.loop())
      .finally(() => {
        this.running = undefined;
        this.kick();
      });
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      // Retried requests go one at a time; the others as one batch.
      let size = 1;
      if (!this.queue[0]!.alone) {
        while (size < this.queue.length && size < this.maxBatch && !this.queue[size]!.alone) size++;
      }
      const batch = this.queue.splice(0, size);
      await this.commit(batch);
    }
  }

  private async commit(batch: Job[]): Promise<void> {
    this.stats.batches++;
    this.stats.requests += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    let worked = false;
    let values: unknown[];
    try {
      values = await this.database.transaction!(
        async (sql, head) => {
          const { values, entries } = await this.write(sql, batch, head[0] as AuditHead | undefined);
          // From here on a failure is the commit's: its outcome may be unknown, so it is never retried.
          worked = true;
          this.faults.beforeCommit?.({ size: batch.length, entries });
          return values;
        },
        // The chain's lock and its head in BEGIN's round trip: the lock is held until COMMIT.
        { openWith: LOCK_AND_READ_HEAD },
      );
    } catch (error) {
      this.stats.failedBatches++;
      if (!worked && batch.length > 1) {
        // Failed before the commit: nothing was written. Retry each request alone, first in line.
        this.queue.unshift(...batch.map((j) => ({ ...j, alone: true })));
        return;
      }
      const failure =
        worked && !(error instanceof GroupCommitError)
          ? new GroupCommitError("The audit log's batch transaction did not commit.", error)
          : error;
      for (const job of batch) job.reject(failure);
      return;
    }
    batch.forEach((job, i) => job.resolve(values[i]));
  }

  /** The batch's writes and its audit entries, in its transaction. Answers the values in batch order. */
  private async write(
    sql: SqlSession,
    batch: readonly Job[],
    head: AuditHead | undefined,
  ): Promise<{ values: unknown[]; entries: AuditEntry[] }> {
    const now = this.now();
    // Millisecond precision: what is hashed is exactly what reads back.
    const at = new Date(Math.floor(now)).toISOString();
    const values = new Array<unknown>(batch.length);
    // One call per operation, with its requests in arrival order; the operations whose entries are
    // known up front first, so that their entries are chained first.
    const byOp = new Map<AuditedOperation<unknown, unknown>, number[]>();
    batch.forEach((job, i) => {
      const list = byOp.get(job.op);
      if (list) list.push(i);
      else byOp.set(job.op, [i]);
    });
    const ops = [...byOp].sort(([a], [b]) => Number(b.auditOf !== undefined) - Number(a.auditOf !== undefined));
    const entries: AuditEntry[] = [];
    let tail: AuditHead | undefined = head;
    const late: AuditRecord[] = [];
    for (const [op, indexes] of ops) {
      const inputs = indexes.map((i) => batch[i]!.input);
      const own = op.auditOf ? chainAudit(tail, inputs.map(op.auditOf), at) : [];
      if (own.length > 0) {
        entries.push(...own);
        tail = own.at(-1);
      }
      const outcomes = await op.run(sql, inputs, now, own);
      if (outcomes.length !== indexes.length) {
        throw new Error(`Operation ${op.name} answered ${outcomes.length} outcomes for ${indexes.length} inputs.`);
      }
      indexes.forEach((i, k) => {
        values[i] = outcomes[k]!.value;
        const record = outcomes[k]!.audit;
        if (!op.auditOf && record) late.push(record);
      });
    }
    if (late.length > 0) {
      const more = chainAudit(tail, late, at);
      await sql.query(
        "peper_audit_append",
        `INSERT INTO audit_log ${AUDIT_INSERT_COLUMNS} SELECT * FROM ${auditUnnest(1)}`,
        auditInsertParams(more),
      );
      entries.push(...more);
    }
    return { values, entries };
  }
}

/** The newest entry of the chain, as {@link LOCK_AND_READ_HEAD} reads it. */
export interface AuditHead {
  readonly seq: string | number;
  readonly hash: string;
}

/**
 * Takes the chain's advisory lock (the one `appendAudit` takes; held until the transaction ends), then
 * reads the head — in two statements, so that the head is read after the lock is granted and sees
 * every append committed before.
 */
export const LOCK_AND_READ_HEAD = `SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY.toString()}::bigint); SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`;

/** The column list of an `INSERT INTO audit_log` of {@link auditInsertParams}. */
export const AUDIT_INSERT_COLUMNS = "(seq, at, actor, action, target, details, prev_hash, hash)";

/** `unnest(...)` of the eight arrays of {@link auditInsertParams}, as parameters `$first` on. */
export function auditUnnest(first: number): string {
  const types = ["bigint", "timestamptz", "text", "text", "text", "jsonb", "text", "text"];
  return `unnest(${types.map((t, i) => `$${first + i}::${t}[]`).join(", ")})`;
}

/** The eight arrays (one element per entry) that {@link auditUnnest} inserts. */
export function auditInsertParams(entries: readonly AuditEntry[]): unknown[] {
  return [
    entries.map((e) => e.seq),
    entries.map((e) => e.at),
    entries.map((e) => e.actor),
    entries.map((e) => e.action),
    entries.map((e) => e.target),
    entries.map((e) => JSON.stringify(e.details)),
    entries.map((e) => e.prevHash),
    entries.map((e) => e.hash),
  ];
}

/**
 * The entries for `records`, chained in order after `head` (the chain's newest entry, read under its
 * lock — {@link LOCK_AND_READ_HEAD} — or the previous entry chained in this transaction), at `at`.
 */
export function chainAudit(head: AuditHead | undefined, records: readonly AuditRecord[], at: string): AuditEntry[] {
  // Only seq and hash of the previous entry go into the next one.
  let previous: Pick<AuditEntry, "seq" | "hash"> | undefined = head
    ? { seq: Number(head.seq), hash: head.hash }
    : undefined;
  const entries: AuditEntry[] = [];
  for (const record of records) {
    const entry = nextAuditEntry(previous, {
      at,
      actor: record.actor,
      action: record.action,
      target: record.target ?? "",
      details: record.details ?? {},
    });
    entries.push(entry);
    previous = entry;
  }
  return entries;
}
