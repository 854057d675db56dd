/**
 * The on-chain certificate issuer: a worker draining the durable `certificates_issued` queue into
 * `Certificates.issue(learner, courseId, completedAt, cid)` mints.
 *
 * What is minted, for a completed enrolment:
 * - `learner`: the wallet the learner named when completing the course (screened against the sanctions
 *   list by the route), the row's `recipient`.
 * - `courseId`: `keccak256(utf8(slug))` ({@link courseIdOf}), as the contract's NatSpec suggests. The
 *   slug is unique, never changed by the API, and a course with enrolments cannot be deleted, so the
 *   id stays bound to one course for as long as its certificates exist; anyone can recompute it from
 *   the course's URL name without asking the API.
 * - `completedAt`: the enrolment's `completed_at`, in unix seconds.
 * - `cid`: the row's `metadata_cid`, recorded by the route when it queues the certificate: the CID of
 *   the certificate's metadata document ({@link certificateDocument}), canonical JSON (fixed key
 *   order) naming the course and the completion time — not the learner, so nothing personal is
 *   published on IPFS (the learner is on chain already). It is computed with `ipfs/cid.ts`
 *   (`cidOfBytes`, CIDv1 raw sha2-256) rather than taken from an IPFS store, because the API context
 *   holds none and the document must be reproducible from the database alone at every retry: the
 *   worker rebuilds it and mints only when its CID is the recorded one (a row queued without a CID
 *   gets the rebuilt one, recorded with `submitted`). For a document under 1 MiB (always: a title is
 *   at most 200 characters) this is exactly the CID `IpfsStore.add` gives the same bytes (one raw-leaf
 *   block, unixfs-v1-2025), so the document can be published under the minted CID at any time; given
 *   an `ipfs` store, the worker publishes it before minting and checks the CID.
 *
 * The queue (see the table's comment in `db/schema.ts`): rows move `queued` → `submitted` →
 * `confirmed`, or back to `queued` with `attempts` + 1, `last_error` and an exponential back-off in
 * `next_attempt_at`, and to `failed` after `maxAttempts`. `next_attempt_at` doubles as a lease: a
 * worker claims due rows with `FOR UPDATE SKIP LOCKED` and moves their `next_attempt_at` forward in
 * the same short transaction, and every later change is a compare-and-set on the status and that
 * exact lease (and the `tx_hash` once submitted), so two workers — in one process or many — never
 * act on the same row, and a worker whose lease ran out changes nothing. No transaction is held open
 * across a chain call.
 *
 * Write-ahead submission: the mint is signed locally, its hash stored with `submitted`, and only then
 * broadcast. A crash at any point leaves either a `queued` row (retried) or a `submitted` row with the
 * hash, which the next run reconciles once its lease has passed: receipt found → `confirmed` (or
 * re-queued if it reverted); transaction unknown to the node → re-queued; still pending → left. Each
 * attempt first simulates the call, so a certificate that is already on chain (a lost transaction that
 * was mined after all) answers `CertificatesAlreadyIssued` with its token id, and the row is confirmed
 * with that token instead of minting twice — the contract allows one certificate per learner and course.
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import {
  BaseError as ViemError,
  ContractFunctionRevertedError,
  createWalletClient,
  encodeFunctionData,
  http,
  keccak256,
  NonceTooLowError,
  parseEventLogs,
  stringToBytes,
  TimeoutError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  WaitForTransactionReceiptTimeoutError,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import { appendAudit } from "../compliance/auditStore.ts";
import type { PeperDatabase } from "../db/index.ts";
import { certificatesIssued, courseEnrolments, educationalCourses } from "../db/schema.ts";
import { cidOfBytes } from "../ipfs/cid.ts";
import type { IpfsStore } from "../ipfs/store.ts";
import { certificatesAbi } from "../protocol/generated/abis.ts";
import { publicClientOf, type ChainAccess, type ChainEndpoint } from "./chain.ts";

// ---------------------------------------------------------------------------------------------------
// What a certificate is made of (shared with the education routes)
// ---------------------------------------------------------------------------------------------------

/**
 * The Certificates contract's `courseId` of a course: `keccak256` of the slug's UTF-8 bytes.
 *
 * @param slug The course's URL name ("defi-101").
 * @returns The 32-byte id, lower-case hex.
 */
export function courseIdOf(slug: string): Hex {
  return keccak256(stringToBytes(slug));
}

/** What the metadata document of a certificate is built from. */
export interface CertificateDocumentInput {
  readonly slug: string;
  readonly title: string;
  /** When the course was completed; the document (like the chain) keeps whole seconds. */
  readonly completedAt: Date;
}

/** A certificate's metadata document: the value, its exact bytes and their CID. */
export interface CertificateDocument {
  readonly value: Readonly<Record<string, unknown>>;
  readonly bytes: Uint8Array;
  readonly cid: string;
}

/**
 * The certificate's metadata document (ERC-721 metadata `name`/`description` plus the course and
 * completion time) as canonical JSON — keys in a fixed order, no whitespace — and its CID
 * (`cidOfBytes`: CIDv1, raw, sha2-256; equal to what `IpfsStore.add` returns for these bytes).
 * The same input always gives the same bytes and CID.
 *
 * @param input The course's slug and title and the completion time.
 * @returns The document, its bytes and its CID.
 */
export async function certificateDocument(input: CertificateDocumentInput): Promise<CertificateDocument> {
  const seconds = Math.floor(input.completedAt.getTime() / 1000);
  const value = {
    name: `Peper course certificate: ${input.title}`,
    description: `Awarded for completing the Peper course "${input.title}".`,
    course: { id: courseIdOf(input.slug), slug: input.slug, title: input.title },
    completed_at: new Date(seconds * 1000).toISOString(),
    schema: "peper-certificate/1",
  };
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return { value, bytes, cid: await cidOfBytes(bytes) };
}

// ---------------------------------------------------------------------------------------------------
// The worker
// ---------------------------------------------------------------------------------------------------

/** What the issuer needs: the database, the chains (with the issuer key) and the clock. */
export interface CertificateIssuerDeps {
  readonly database: PeperDatabase;
  /** Chains with a `Certificates` address and `certificateIssuerKey`; rows for other chains wait. */
  readonly chain?: ChainAccess | undefined;
  /** The clock (ms since the epoch); default `Date.now`. The API context's clock fits. */
  readonly now?: () => number;
}

/** Tuning of the issuer; every field has a default. */
export interface CertificateIssuerOptions {
  /** Rows claimed per run, and submitted rows reconciled per run (default 10). */
  readonly batchSize?: number;
  /** Attempts before a certificate is marked `failed` (default 8). */
  readonly maxAttempts?: number;
  /** The back-off after the first failed attempt; it doubles with each attempt (default 30 s). */
  readonly backoffBaseMs?: number;
  /** The longest back-off (default 1 h). */
  readonly backoffMaxMs?: number;
  /**
   * How long a claimed row is reserved for this worker, and how long a `submitted` row is left alone
   * before it is reconciled (default 120 s). Must exceed `receiptTimeoutMs`.
   */
  readonly leaseMs?: number;
  /** How long a run waits for the receipts of what it submitted (default 60 s). */
  readonly receiptTimeoutMs?: number;
  /** How often the receipts are polled (default 1 s). */
  readonly pollingIntervalMs?: number;
  /** When given, each certificate's metadata document is added to it before minting. */
  readonly ipfs?: Pick<IpfsStore, "add">;
  /** Structured progress (one call per event); default none. */
  readonly logger?: (event: CertificateIssuerEvent) => void;
}

/** What one run did. */
export interface IssuerRunSummary {
  /** `submitted` rows whose lease had passed and were looked up by transaction hash. */
  reconciled: number;
  /** `queued` rows claimed. */
  claimed: number;
  /** Transactions broadcast. */
  submitted: number;
  confirmed: number;
  /** Attempts that failed and were queued again. */
  retried: number;
  /** Rows given up on. */
  failed: number;
  /** Rows left `submitted` (no receipt yet, or the node could not be asked); reconciled later. */
  pending: number;
}

/** A progress event of the issuer (for the server's log). Never contains keys or RPC URLs. */
export type CertificateIssuerEvent =
  | { readonly type: "disabled"; readonly reason: string }
  | { readonly type: "submitted"; readonly certificateId: string; readonly chainId: number; readonly txHash: Hex }
  | {
      readonly type: "confirmed";
      readonly certificateId: string;
      readonly chainId: number;
      readonly txHash: Hex | null;
      readonly tokenId: string;
      /** `receipt`: this run's mint; `reconcile`: an earlier run's; `already-issued`: found on chain. */
      readonly via: "receipt" | "reconcile" | "already-issued";
    }
  | {
      readonly type: "retry";
      readonly certificateId: string;
      readonly chainId: number;
      readonly attempts: number;
      readonly nextAttemptAt: string;
      readonly error: string;
    }
  | {
      readonly type: "failed";
      readonly certificateId: string;
      readonly chainId: number;
      readonly attempts: number;
      readonly error: string;
    }
  | {
      readonly type: "pending";
      readonly certificateId: string;
      readonly chainId: number;
      readonly txHash: Hex;
      readonly reason: string;
    }
  | { readonly type: "lease-lost"; readonly certificateId: string }
  | { readonly type: "run"; readonly summary: IssuerRunSummary }
  | { readonly type: "error"; readonly error: string };

/** A chain the issuer can mint on. */
interface Target {
  readonly endpoint: ChainEndpoint;
  readonly contract: Address;
  readonly account: PrivateKeyAccount;
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient;
}

/** A claimed row with what its mint needs. */
interface Item {
  readonly id: string;
  readonly chainId: number;
  readonly attempts: number;
  /** The row's state as claimed: what every change compares against. */
  expect: Expectation;
  readonly recipient: Address;
  /** The recorded `metadata_cid`; null on a row queued without one (then recorded with `submitted`). */
  readonly metadataCid: string | null;
  readonly completedAt: Date | null;
  readonly slug: string;
  readonly title: string;
}

/** Compare-and-set: the status, the exact lease and, once submitted, the transaction. */
interface Expectation {
  readonly status: "queued" | "submitted";
  readonly lease: Date;
  readonly txHash?: Hex;
}

const DEFAULTS = {
  batchSize: 10,
  maxAttempts: 8,
  backoffBaseMs: 30_000,
  backoffMaxMs: 3_600_000,
  leaseMs: 120_000,
  receiptTimeoutMs: 60_000,
  pollingIntervalMs: 1_000,
};

/** Re-signs after a nonce conflict (another issuer process used the nonce) at most this often. */
const NONCE_RETRIES = 3;

type Tx = Parameters<Parameters<PeperDatabase["db"]["transaction"]>[0]>[0];

/**
 * The worker that mints queued course certificates. One instance per server process (several may
 * run against one database). Call {@link CertificateIssuer.runOnce} to drain a batch, or
 * {@link CertificateIssuer.start} / {@link CertificateIssuer.stop} to run it on an interval.
 */
export class CertificateIssuer {
  private readonly deps: CertificateIssuerDeps;
  private readonly options: Required<Omit<CertificateIssuerOptions, "ipfs" | "logger">>;
  private readonly ipfs: Pick<IpfsStore, "add"> | undefined;
  private readonly log: (event: CertificateIssuerEvent) => void;
  private readonly now: () => number;
  private targetsCache: Map<number, Target> | undefined;
  private disabledReported = false;
  /** The current run (runs of one instance never overlap). */
  private tail: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  /**
   * @param deps The database, the chains with the issuer key, and the clock.
   * @param options Batch size, attempts, back-off, lease and receipt timing, IPFS store, logger.
   * @throws {RangeError} when an option is out of range (the lease must exceed the receipt timeout).
   */
  constructor(deps: CertificateIssuerDeps, options: CertificateIssuerOptions = {}) {
    this.deps = deps;
    this.options = {
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
      maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
      backoffBaseMs: options.backoffBaseMs ?? DEFAULTS.backoffBaseMs,
      backoffMaxMs: options.backoffMaxMs ?? DEFAULTS.backoffMaxMs,
      leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
      receiptTimeoutMs: options.receiptTimeoutMs ?? DEFAULTS.receiptTimeoutMs,
      pollingIntervalMs: options.pollingIntervalMs ?? DEFAULTS.pollingIntervalMs,
    };
    const o = this.options;
    if (!Number.isInteger(o.batchSize) || o.batchSize < 1 || o.batchSize > 1000) {
      throw new RangeError("batchSize must be an integer from 1 to 1000.");
    }
    if (!Number.isInteger(o.maxAttempts) || o.maxAttempts < 1) throw new RangeError("maxAttempts must be at least 1.");
    if (!(o.backoffBaseMs > 0) || !(o.backoffMaxMs >= o.backoffBaseMs)) {
      throw new RangeError("backoffBaseMs must be positive and backoffMaxMs at least backoffBaseMs.");
    }
    if (!(o.receiptTimeoutMs > 0) || !(o.leaseMs > o.receiptTimeoutMs)) {
      throw new RangeError("leaseMs must be longer than receiptTimeoutMs (both positive).");
    }
    this.ipfs = options.ipfs;
    this.log = options.logger ?? (() => {});
    this.now = deps.now ?? Date.now;
  }

  /**
   * Runs the queue once: reconciles `submitted` rows whose lease has passed, then claims up to
   * `batchSize` due `queued` rows, mints them and waits (at most `receiptTimeoutMs`) for the receipts.
   * Calls on one instance run one after the other.
   *
   * @returns What the run did.
   * @throws when the database fails (chain failures are recorded on the rows instead).
   */
  runOnce(): Promise<IssuerRunSummary> {
    const run = this.tail.then(() => this.run());
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs the queue now and then every `intervalMs` after each run ends, until {@link stop}. A failed
   * run is logged (`error` event) and the next one happens as usual. The timer does not keep the
   * process alive. Calling it while started does nothing.
   *
   * @param intervalMs The pause between runs (default 5 s).
   */
  start(intervalMs = 5_000): void {
    if (this.running) return;
    this.running = true;
    const tick = async (): Promise<void> => {
      this.timer = undefined;
      try {
        await this.runOnce();
      } catch (error) {
        this.log({ type: "error", error: describeError(error) });
      }
      if (this.running) {
        this.timer = setTimeout(() => void tick(), intervalMs);
        this.timer.unref();
      }
    };
    this.timer = setTimeout(() => void tick(), 0);
    this.timer.unref();
  }

  /** Stops the interval started by {@link start} and waits for the current run to end. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.tail;
  }

  // -------------------------------------------------------------------------------------------------

  private async run(): Promise<IssuerRunSummary> {
    const summary: IssuerRunSummary = {
      reconciled: 0,
      claimed: 0,
      submitted: 0,
      confirmed: 0,
      retried: 0,
      failed: 0,
      pending: 0,
    };
    const targets = this.targets();
    if (targets.size === 0) return summary;
    const chainIds = [...targets.keys()];

    for (const item of await this.claim("submitted", chainIds)) {
      summary.reconciled++;
      await this.reconcile(item, targets.get(item.chainId)!, summary);
    }

    const claimed = await this.claim("queued", chainIds);
    summary.claimed = claimed.length;
    const sent: { item: Item; target: Target; hash: Hex }[] = [];
    for (const item of claimed) {
      const hash = await this.submit(item, targets.get(item.chainId)!, summary);
      if (hash) sent.push({ item, target: targets.get(item.chainId)!, hash });
    }
    await Promise.all(sent.map(({ item, target, hash }) => this.awaitReceipt(item, target, hash, summary)));
    if (summary.reconciled + summary.claimed > 0) this.log({ type: "run", summary });
    return summary;
  }

  /** The chains this worker can mint on (an endpoint with a Certificates address, and the key). */
  private targets(): Map<number, Target> {
    if (this.targetsCache) return this.targetsCache;
    const targets = new Map<number, Target>();
    const chain = this.deps.chain;
    const key = chain?.certificateIssuerKey;
    if (!chain || chain.endpoints.length === 0) {
      this.disable("no chain is configured (PEPER_CHAIN_RPC_URLS); certificates stay queued");
    } else if (!key) {
      this.disable("no issuer key is configured (PEPER_CERTIFICATE_ISSUER_KEY); certificates stay queued");
    } else {
      const account = privateKeyToAccount(key);
      for (const endpoint of chain.endpoints) {
        const contract = endpoint.addresses.Certificates;
        if (!contract || targets.has(endpoint.chainId)) continue;
        const walletClient = createWalletClient({
          account,
          transport: http(endpoint.rpcUrl, { timeout: 10_000, retryCount: 0 }),
        });
        targets.set(endpoint.chainId, {
          endpoint,
          contract,
          account,
          publicClient: publicClientOf(endpoint),
          walletClient,
        });
      }
      if (targets.size === 0) this.disable("no configured chain has a Certificates address; certificates stay queued");
    }
    this.targetsCache = targets;
    return targets;
  }

  private disable(reason: string): void {
    if (this.disabledReported) return;
    this.disabledReported = true;
    this.log({ type: "disabled", reason });
  }

  /**
   * Claims due rows in `status` (on chains this worker serves) in one short transaction: locks them
   * (`FOR UPDATE SKIP LOCKED`, oldest due first) and moves their `next_attempt_at` — the lease — to
   * now + `leaseMs`. Returns them with their enrolment and course.
   */
  private async claim(status: "queued" | "submitted", chainIds: readonly number[]): Promise<Item[]> {
    const { db } = this.deps.database;
    const now = this.now();
    const lease = new Date(now + this.options.leaseMs);
    const ids = await db.transaction(async (tx) => {
      const due = await tx
        .select({ id: certificatesIssued.id })
        .from(certificatesIssued)
        .where(
          and(
            eq(certificatesIssued.status, status),
            lte(certificatesIssued.nextAttemptAt, new Date(now)),
            inArray(certificatesIssued.chainId, [...chainIds]),
          ),
        )
        .orderBy(asc(certificatesIssued.nextAttemptAt), asc(certificatesIssued.id))
        .limit(this.options.batchSize)
        .for("update", { skipLocked: true });
      if (due.length === 0) return [];
      const leased = due.map((r) => r.id);
      await tx.update(certificatesIssued).set({ nextAttemptAt: lease }).where(inArray(certificatesIssued.id, leased));
      return leased;
    });
    if (ids.length === 0) return [];
    const rows = await db
      .select({
        id: certificatesIssued.id,
        chainId: certificatesIssued.chainId,
        attempts: certificatesIssued.attempts,
        status: certificatesIssued.status,
        txHash: certificatesIssued.txHash,
        recipient: certificatesIssued.recipient,
        metadataCid: certificatesIssued.metadataCid,
        completedAt: courseEnrolments.completedAt,
        slug: educationalCourses.slug,
        title: educationalCourses.title,
      })
      .from(certificatesIssued)
      .innerJoin(courseEnrolments, eq(courseEnrolments.id, certificatesIssued.enrolmentId))
      .innerJoin(educationalCourses, eq(educationalCourses.id, courseEnrolments.courseId))
      .where(inArray(certificatesIssued.id, ids))
      .orderBy(asc(certificatesIssued.id));
    return rows.map((r) => ({
      id: r.id,
      chainId: r.chainId,
      attempts: r.attempts,
      expect: {
        status,
        lease,
        ...(status === "submitted" && r.txHash ? { txHash: r.txHash as Hex } : {}),
      },
      recipient: r.recipient as Address,
      metadataCid: r.metadataCid,
      completedAt: r.completedAt,
      slug: r.slug,
      title: r.title,
    }));
  }

  /** Mint arguments for a row, or an error message when the row cannot be minted as it stands. */
  private async mintArgs(item: Item): Promise<{ args: readonly [Address, Hex, bigint, string] } | { error: string }> {
    if (!item.completedAt) {
      return { error: "The enrolment has no completion time; the certificate cannot be minted." };
    }
    const doc = await certificateDocument({ slug: item.slug, title: item.title, completedAt: item.completedAt });
    if (item.metadataCid !== null && item.metadataCid !== doc.cid) {
      return {
        error: `The certificate's metadata document now has the CID ${doc.cid}, not ${item.metadataCid} as when it was queued (did the course's title change?); it is not minted with other metadata.`,
      };
    }
    if (this.ipfs) {
      const stored = await this.ipfs.add(doc.bytes);
      if (stored !== doc.cid) {
        return { error: `The IPFS store gave the certificate document the CID ${stored}, expected ${doc.cid}.` };
      }
    }
    const completedAt = BigInt(Math.floor(item.completedAt.getTime() / 1000));
    return { args: [item.recipient, courseIdOf(item.slug), completedAt, doc.cid] as const };
  }

  /**
   * One attempt for a claimed `queued` row: simulate, sign, record `submitted` with the hash, then
   * broadcast. Returns the hash when it was broadcast (or the node already has it).
   */
  private async submit(item: Item, target: Target, summary: IssuerRunSummary): Promise<Hex | undefined> {
    let prepared: { args: readonly [Address, Hex, bigint, string] } | { error: string };
    try {
      prepared = await this.mintArgs(item);
    } catch (error) {
      await this.failAttempt(item, describeError(error, target.endpoint.chainId), summary);
      return undefined;
    }
    if ("error" in prepared) {
      await this.failAttempt(item, prepared.error, summary);
      return undefined;
    }
    const { args } = prepared;
    try {
      await target.publicClient.simulateContract({
        address: target.contract,
        abi: certificatesAbi,
        functionName: "issue",
        args,
        account: target.account,
      });
    } catch (error) {
      const held = alreadyIssuedToken(error);
      if (held !== undefined) {
        await this.confirmAlreadyIssued(item, target, held, summary);
      } else {
        await this.failAttempt(item, describeError(error, target.endpoint.chainId), summary);
      }
      return undefined;
    }

    for (let round = 1; ; round++) {
      let signed: { hash: Hex; raw: Hex };
      try {
        signed = await this.sign(target, args);
      } catch (error) {
        await this.failAttempt(item, describeError(error, target.endpoint.chainId), summary);
        return undefined;
      }
      const lease = new Date(this.now() + this.options.leaseMs);
      const recorded = await this.transition(item, {
        status: "submitted",
        txHash: signed.hash,
        nextAttemptAt: lease,
        ...(item.metadataCid === null ? { metadataCid: args[3] } : {}),
      });
      if (!recorded) return undefined;
      item.expect = { status: "submitted", lease, txHash: signed.hash };
      try {
        await target.walletClient.sendRawTransaction({ serializedTransaction: signed.raw });
      } catch (error) {
        const known = await this.isKnown(target, signed.hash);
        if (known === true) return this.submitted(item, signed.hash, summary);
        if (known === undefined) {
          // The node may or may not have it: leave the row submitted; the next run after the lease asks again.
          this.pending(item, signed.hash, describeError(error, target.endpoint.chainId), summary);
          return undefined;
        }
        if (isNonceConflict(error) && round < NONCE_RETRIES) continue;
        await this.failAttempt(item, describeError(error, target.endpoint.chainId), summary);
        return undefined;
      }
      return this.submitted(item, signed.hash, summary);
    }
  }

  private submitted(item: Item, hash: Hex, summary: IssuerRunSummary): Hex {
    summary.submitted++;
    this.log({ type: "submitted", certificateId: item.id, chainId: item.chainId, txHash: hash });
    return hash;
  }

  /** Prepares (nonce, gas, fees from the node) and signs the mint locally; the hash is known before sending. */
  private async sign(target: Target, args: readonly [Address, Hex, bigint, string]): Promise<{ hash: Hex; raw: Hex }> {
    const data = encodeFunctionData({ abi: certificatesAbi, functionName: "issue", args });
    const request = await target.walletClient.prepareTransactionRequest({
      account: target.account,
      chain: null,
      chainId: target.endpoint.chainId,
      to: target.contract,
      data,
    });
    const raw = await target.walletClient.signTransaction({ ...request, chain: null });
    return { hash: keccak256(raw), raw };
  }

  /** Whether the node knows a transaction: true, false, or undefined when it could not be asked. */
  private async isKnown(target: Target, hash: Hex): Promise<boolean | undefined> {
    try {
      await target.publicClient.getTransaction({ hash });
      return true;
    } catch (error) {
      if (error instanceof ViemError && error.walk((e) => e instanceof TransactionNotFoundError)) return false;
      return undefined;
    }
  }

  /** Waits for a broadcast mint's receipt; without one in time the row stays `submitted`. */
  private async awaitReceipt(item: Item, target: Target, hash: Hex, summary: IssuerRunSummary): Promise<void> {
    let receipt: TransactionReceipt;
    try {
      receipt = await target.publicClient.waitForTransactionReceipt({
        hash,
        timeout: this.options.receiptTimeoutMs,
        pollingInterval: this.options.pollingIntervalMs,
        retryCount: 0,
      });
    } catch (error) {
      this.pending(item, hash, describeError(error, target.endpoint.chainId), summary);
      return;
    }
    await this.settle(item, target, receipt, "receipt", summary);
  }

  /** A `submitted` row whose lease passed: find out what became of its transaction. */
  private async reconcile(item: Item, target: Target, summary: IssuerRunSummary): Promise<void> {
    const hash = item.expect.txHash;
    if (!hash) {
      await this.failAttempt(item, "The row was submitted without a transaction hash; it will be sent again.", summary);
      return;
    }
    let receipt: TransactionReceipt | undefined;
    try {
      receipt = await target.publicClient.getTransactionReceipt({ hash });
    } catch (error) {
      if (!(error instanceof ViemError && error.walk((e) => e instanceof TransactionReceiptNotFoundError))) {
        this.pending(item, hash, describeError(error, target.endpoint.chainId), summary);
        return;
      }
    }
    if (receipt) {
      await this.settle(item, target, receipt, "reconcile", summary);
      return;
    }
    const known = await this.isKnown(target, hash);
    if (known === false) {
      await this.failAttempt(
        item,
        `The mint transaction ${hash} is not known to the node of chain ${item.chainId} (it was never broadcast or was dropped); it will be sent again.`,
        summary,
      );
    } else {
      this.pending(
        item,
        hash,
        known ? "The transaction is waiting to be mined." : "The node could not be asked.",
        summary,
      );
    }
  }

  /** A receipt: confirmed with the token id from the CertificateIssued event, or a failed attempt. */
  private async settle(
    item: Item,
    target: Target,
    receipt: TransactionReceipt,
    via: "receipt" | "reconcile",
    summary: IssuerRunSummary,
  ): Promise<void> {
    if (receipt.status !== "success") {
      await this.failAttempt(item, `The mint transaction ${receipt.transactionHash} reverted.`, summary);
      return;
    }
    const issued = parseEventLogs({ abi: certificatesAbi, eventName: "CertificateIssued", logs: receipt.logs }).find(
      (log) => log.address.toLowerCase() === target.contract.toLowerCase(),
    );
    if (!issued) {
      await this.failAttempt(
        item,
        `The transaction ${receipt.transactionHash} succeeded but issued no certificate (no CertificateIssued event).`,
        summary,
      );
      return;
    }
    await this.confirm(item, issued.args.tokenId, receipt.transactionHash, via, summary);
  }

  /**
   * The chain already holds a certificate for this learner and course (a lost transaction mined after
   * all): confirm the row with that token, and the transaction that minted it when the node can say.
   */
  private async confirmAlreadyIssued(item: Item, target: Target, tokenId: bigint, summary: IssuerRunSummary) {
    let txHash: Hex | null = null;
    try {
      const [log] = await target.publicClient.getContractEvents({
        address: target.contract,
        abi: certificatesAbi,
        eventName: "CertificateIssued",
        args: { tokenId },
        fromBlock: "earliest",
        toBlock: "latest",
      });
      txHash = log?.transactionHash ?? null;
    } catch {
      // The token id is what matters; the minting transaction is a convenience.
    }
    await this.confirm(item, tokenId, txHash, "already-issued", summary);
  }

  private async confirm(
    item: Item,
    tokenId: bigint,
    txHash: Hex | null,
    via: "receipt" | "reconcile" | "already-issued",
    summary: IssuerRunSummary,
  ): Promise<void> {
    const hash = txHash ? (txHash.toLowerCase() as Hex) : null;
    const done = await this.transition(
      item,
      { status: "confirmed", tokenId: tokenId.toString(), txHash: hash, lastError: null },
      (tx) =>
        appendAudit(
          tx,
          {
            actor: "system",
            action: "certificate.confirmed",
            target: item.id,
            details: { chain_id: item.chainId, token_id: tokenId.toString(), tx_hash: hash },
          },
          this.now(),
        ),
    );
    if (!done) return;
    summary.confirmed++;
    this.log({
      type: "confirmed",
      certificateId: item.id,
      chainId: item.chainId,
      txHash: hash,
      tokenId: tokenId.toString(),
      via,
    });
  }

  /** An attempt failed: queued again with attempts + 1 and a back-off, or `failed` after the last one. */
  private async failAttempt(item: Item, error: string, summary: IssuerRunSummary): Promise<void> {
    const attempts = item.attempts + 1;
    const message = error.slice(0, 500);
    if (attempts >= this.options.maxAttempts) {
      const done = await this.transition(item, { status: "failed", attempts, lastError: message, txHash: null }, (tx) =>
        appendAudit(
          tx,
          {
            actor: "system",
            action: "certificate.failed",
            target: item.id,
            details: { chain_id: item.chainId, attempts },
          },
          this.now(),
        ),
      );
      if (!done) return;
      summary.failed++;
      this.log({ type: "failed", certificateId: item.id, chainId: item.chainId, attempts, error: message });
      return;
    }
    const delay = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** (attempts - 1));
    const next = new Date(this.now() + delay);
    const done = await this.transition(item, {
      status: "queued",
      attempts,
      lastError: message,
      txHash: null,
      nextAttemptAt: next,
    });
    if (!done) return;
    summary.retried++;
    this.log({
      type: "retry",
      certificateId: item.id,
      chainId: item.chainId,
      attempts,
      nextAttemptAt: next.toISOString(),
      error: message,
    });
  }

  /** Leaves a row `submitted` (its lease already covers the wait), noting why. */
  private pending(item: Item, hash: Hex, reason: string, summary: IssuerRunSummary): void {
    summary.pending++;
    this.log({
      type: "pending",
      certificateId: item.id,
      chainId: item.chainId,
      txHash: hash,
      reason: reason.slice(0, 500),
    });
  }

  /**
   * Compare-and-set on the row as this worker claimed it (status, exact lease, transaction): applies
   * `set` (and `also` in the same transaction) only if nobody else changed it. False when the lease
   * was lost — then nothing is changed.
   */
  private async transition(
    item: Item,
    set: Partial<
      Pick<
        typeof certificatesIssued.$inferInsert,
        "status" | "txHash" | "tokenId" | "attempts" | "lastError" | "nextAttemptAt" | "metadataCid"
      >
    >,
    also?: (tx: Tx) => Promise<unknown>,
  ): Promise<boolean> {
    const { expect } = item;
    const changed = await this.deps.database.db.transaction(async (tx) => {
      const rows = await tx
        .update(certificatesIssued)
        .set(set)
        .where(
          and(
            eq(certificatesIssued.id, item.id),
            eq(certificatesIssued.status, expect.status),
            eq(certificatesIssued.nextAttemptAt, expect.lease),
            expect.txHash ? eq(certificatesIssued.txHash, expect.txHash) : sql`true`,
          ),
        )
        .returning({ id: certificatesIssued.id });
      if (rows.length === 0) return false;
      await also?.(tx);
      return true;
    });
    if (!changed) this.log({ type: "lease-lost", certificateId: item.id });
    return changed;
  }
}

// ---------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------

/** The token id in a `CertificatesAlreadyIssued(learner, courseId, tokenId)` revert, if that is the error. */
function alreadyIssuedToken(error: unknown): bigint | undefined {
  if (!(error instanceof ViemError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  if (reverted.data?.errorName !== "CertificatesAlreadyIssued") return undefined;
  const tokenId = reverted.data.args?.[2];
  return typeof tokenId === "bigint" ? tokenId : undefined;
}

function isNonceConflict(error: unknown): boolean {
  if (error instanceof ViemError && error.walk((e) => e instanceof NonceTooLowError)) return true;
  const text = error instanceof Error ? error.message : String(error);
  return /nonce too low|nonce has already been used|replacement transaction underpriced|already known/i.test(text);
}

/** Any URL (an RPC endpoint may carry credentials in its user info, path or query). */
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/**
 * A failure as a short message for `last_error` and the log: what went wrong and, for known contract
 * errors, what to do. URLs are removed (an RPC URL may carry credentials), and so is any request body.
 */
export function describeError(error: unknown, chainId?: number): string {
  const where = chainId === undefined ? "" : `Chain ${chainId}: `;
  let message: string;
  if (error instanceof ViemError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    const code = networkCode(error);
    if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName) {
      const name = reverted.data.errorName;
      const args = (reverted.data.args ?? []).map(String).join(", ");
      message = `the Certificates contract refused the mint: ${name}(${args})${hintFor(name)}`;
    } else if (error.walk((e) => e instanceof TimeoutError || e instanceof WaitForTransactionReceiptTimeoutError)) {
      message = "the node did not answer in time.";
    } else if (code) {
      message = `the node could not be reached (${code}).`;
    } else {
      message = error.shortMessage;
    }
  } else {
    message = error instanceof Error ? error.message : String(error);
  }
  return `${where}${message}`.replace(URL_PATTERN, "<url>").slice(0, 500);
}

function hintFor(errorName: string): string {
  switch (errorName) {
    case "AccessControlUnauthorizedAccount":
      return "; grant ISSUER_ROLE to the issuer key's address (PEPER_CERTIFICATE_ISSUER_KEY).";
    case "ERC721InvalidReceiver":
      return "; the recipient is a contract that cannot hold ERC-721 tokens.";
    case "CertificatesInvalidCid":
      return "; the certificate's metadata CID is empty or too long.";
    default:
      return ".";
  }
}

/** The system error code (ECONNREFUSED, ENOTFOUND…) under a failed request, if any. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (typeof current === "object" && current !== null) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
      const errors = (current as { errors?: unknown }).errors;
      if (Array.isArray(errors) && errors.length > 0) {
        const inner = networkCode(errors[0]);
        if (inner) return inner;
      }
      current = (current as { cause?: unknown }).cause;
    } else break;
  }
  return undefined;
}
