import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  hashTypedData,
  http,
  parseAbi,
  parseAbiParameter,
  recoverAddress,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { verifyCid } from "../../offchain/src/ipfs/cid.ts";
import { createDecisionEngine, type DecisionEngine } from "../../offchain/src/models/decisionModel.ts";
import { emptyActivity } from "./activity.ts";
import { createBridgeRelayer, type BridgeRelayer, type RelayHooks } from "./bridge/relay.ts";
import type { OracleConfig } from "./config.ts";
import { observeDecision, observePortfolio, observePortfolioTwap, type EngineObservation } from "./engines.ts";
import { open, PeerAuthError, seal, type Envelope } from "./envelope.ts";
import { feedIdOf } from "./feeds.ts";
import { attemptAt, leaderFor, mayLead, roundAt } from "./leader.ts";
import { closeBoundaries, observePairTwap, observeTwapCloses, type CumulativesCache } from "./observe.ts";
import { encodePricePayload, PRICE_DECIMALS, priceFromTwap, twapInputsHash } from "./payloads.ts";
import { hubDomain, packSignatures, REPORT_TYPES, signReport, type Report } from "./report.ts";
import { createStateStore, EquivocationError } from "./state.ts";
import { DEFAULT_SUBMIT, submitWithReplacement } from "./submit.ts";

const REPORT_TUPLE = parseAbiParameter(
  "(bytes32 feedId,uint64 round,uint64 observedAt,bytes32 inputsHash,bytes payload) report",
);
/** What the node calls on the OracleHub (exported for the fault tests, which decode its submissions). */
export const hubAbi = [
  ...parseAbi([
    "function configVersion() view returns (uint32)",
    "function lastRound(bytes32) view returns (uint64)",
    "function operators() view returns (address[])",
  ]),
  // written as an object: abitype's type-level parser gives up on this signature in one string
  {
    type: "function",
    name: "submit",
    stateMutability: "nonpayable",
    inputs: [
      REPORT_TUPLE,
      { name: "signers", type: "uint256" },
      parseAbiParameter("(bytes32 r,bytes32 yParityAndS)[] signatures"),
    ],
    outputs: [],
  },
] as const;

/** A structured log line: `{ level, msg, ...fields }` as JSON; never a key. */
export type Logger = (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;

export const jsonLogger =
  (operator: string): Logger =>
  (level, msg, fields = {}) =>
    console.log(
      JSON.stringify({ time: new Date().toISOString(), level, operator, msg, ...fields }, (_k, v: unknown) =>
        typeof v === "bigint" ? v.toString() : v,
      ),
    );

interface SignRequest {
  report: Report;
  blockNumber: bigint;
}

const serializeRequest = (r: SignRequest): string =>
  JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));

const parseRequest = (s: string): SignRequest =>
  JSON.parse(s, (_k, v: unknown) =>
    typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
  ) as SignRequest;

export interface OracleNode {
  /** Starts the HTTP server and the round loop; resolves once listening. */
  start(): Promise<void>;
  /** Stops the loop and the server. */
  stop(): Promise<void>;
  /** The metrics as Prometheus text. */
  metrics(): string;
}

/**
 * One operator: every second it looks at the chain's time; when this operator leads the current
 * round of a feed (round-robin with failover), it observes the inputs at the latest block, builds
 * and signs the report, asks its peers to sign the same report (each peer re-observes the named
 * block and refuses anything else), and submits once it holds the hub's threshold. Followers serve
 * `POST /v1/sign`. `/health` and `/metrics` report what it does.
 */
/**
 * Fault injection for the fault tests (oracle/test/operator.ts); the `peper-oracle` bin never sets
 * these. `alterReport` changes what this operator observes (a lying or broken operator);
 * `beforeSubmit` runs once a leader holds enough signatures, just before it sends the transaction.
 */
export interface NodeHooks {
  alterReport?: (feed: string, round: bigint, report: Omit<Report, "round">) => Omit<Report, "round">;
  beforeSubmit?: (feed: string, round: bigint, attempt: number) => void;
  /** Bridge relaying faults (a lying operator signs another message). */
  bridge?: RelayHooks;
}

export function createOracleNode(config: OracleConfig, logger?: Logger, hooks: NodeHooks = {}): OracleNode {
  const account = privateKeyToAccount(config.operatorKey);
  const log = logger ?? jsonLogger(account.address);
  const transport = http(config.rpcUrl, { retryCount: 3, retryDelay: 500 });
  const client = createPublicClient({ transport }) as PublicClient;
  const wallet = createWalletClient({ account, transport });
  const store = createStateStore(config.stateDir);
  const counters = {
    rounds_submitted_total: 0,
    rounds_failed_total: 0,
    sign_requests_total: 0,
    sign_refusals_total: 0,
    rpc_errors_total: 0,
    transactions_replaced_total: 0,
  };
  /** Seconds from observing to a mined report, for the rounds this operator submitted. */
  const latency = { sum: 0, count: 0 };
  /** When each peer last answered (a signature or a refusal), by URL. */
  const peersSeen = new Map<string, number>();
  /** What this node last signed and submitted per feed, and the chain's latest round (apart). */
  const activity = emptyActivity();
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  let server: Server | undefined;
  const bridge: BridgeRelayer | undefined = config.bridge
    ? createBridgeRelayer({
        config: config.bridge,
        account,
        operators: config.operators,
        peers: config.peers,
        stateDir: config.stateDir,
        log,
        peerTimeoutMs: config.leaderTimeoutSeconds * 1000,
        ...(hooks.bridge ? { hooks: hooks.bridge } : {}),
      })
    : undefined;

  const documentsDir = join(config.stateDir, "documents");
  mkdirSync(documentsDir, { recursive: true });
  let decisionEngine: Promise<DecisionEngine> | undefined;

  /** Keeps the documents a report refers to (by CID), so that anyone can fetch and verify them. */
  const publish = (documents: ReadonlyMap<string, Uint8Array>) => {
    for (const [cid, bytes] of documents) writeFileSync(join(documentsDir, cid), bytes);
  };

  const cumulatives: CumulativesCache = new Map();
  const observeEngine = async (feed: string, round: bigint, blockNumber: bigint): Promise<EngineObservation> => {
    if (feed === "decisions") {
      decisionEngine ??= createDecisionEngine();
      return observeDecision(await decisionEngine, config.markets, round);
    }
    if (feed === "portfolio") {
      const history = config.portfolio.history;
      const boundaries =
        history.source === "twap"
          ? closeBoundaries(blockNumber, config.portfolio.lookbackDays + 1, history.periodBlocks)
          : undefined;
      // the pairs' own history once the chain is long enough for it, the replayed series until then
      if (!boundaries || history.source !== "twap") return observePortfolio(config.markets, config.portfolio, round);
      const twap = await Promise.all(
        config.markets.map(async (m) => ({
          pair: m.pair!,
          boundaries,
          closes: await observeTwapCloses(client, m.pair!, m.asset, boundaries, cumulatives),
        })),
      );
      // a pair that never moved in the window says nothing about risk: keep the replayed series then
      if (twap.some((t) => t.closes.every((c) => c === t.closes[0]))) {
        return observePortfolio(config.markets, config.portfolio, round);
      }
      return observePortfolioTwap(config.markets, config.portfolio, twap, history.periodBlocks);
    }
    throw new Error(`feed ${feed} has no engine`);
  };

  /** The report this operator would make for `feed` at `round`, observing the chain at `blockNumber`. */
  const observe = async (
    feed: string,
    blockNumber: bigint,
    round: bigint,
  ): Promise<{ report: Omit<Report, "round">; summary: string; documents: ReadonlyMap<string, Uint8Array> }> => {
    const honest = await observeHonest(feed, blockNumber, round);
    return hooks.alterReport ? { ...honest, report: hooks.alterReport(feed, round, honest.report) } : honest;
  };

  const observeHonest = async (
    feed: string,
    blockNumber: bigint,
    round: bigint,
  ): Promise<{ report: Omit<Report, "round">; summary: string; documents: ReadonlyMap<string, Uint8Array> }> => {
    const block = await client.getBlock({ blockNumber });
    if (feed === "price") {
      const o = await observePairTwap(
        client,
        config.pricePair!,
        config.priceBase!,
        blockNumber,
        config.twapWindowBlocks,
      );
      const answer = priceFromTwap(o);
      return {
        report: {
          feedId: feedIdOf("price"),
          observedAt: block.timestamp,
          inputsHash: twapInputsHash(o),
          payload: encodePricePayload(answer),
        },
        summary: `${Number(answer) / 10 ** PRICE_DECIMALS}`,
        documents: new Map(),
      };
    }
    const o = await observeEngine(feed, round, blockNumber);
    return {
      report: {
        feedId: feedIdOf(feed as "decisions" | "portfolio"),
        observedAt: block.timestamp,
        inputsHash: o.inputsHash,
        payload: o.payload,
      },
      summary: o.summary,
      documents: o.documents,
    };
  };

  /** The EIP-712 digest of a report under the hub's current config version, and that version. */
  const digestOf = async (report: Report) => {
    const configVersion = await client.readContract({
      address: config.hub,
      abi: hubAbi,
      functionName: "configVersion",
    });
    const hash = hashTypedData({
      domain: hubDomain(config.chainId, config.hub),
      types: REPORT_TYPES,
      primaryType: "Report",
      message: { ...report, configVersion },
    });
    return { hash, configVersion };
  };

  const sign = async (request: SignRequest): Promise<Hex> => {
    const { report } = request;
    const { hash, configVersion } = await digestOf(report);
    // Persisted before the signature leaves: a restart never signs a different report for this round.
    store.recordSigned(report.feedId, report.round, hash, serializeRequest(request));
    return signReport({ account, chainId: config.chainId, hub: config.hub, configVersion, report });
  };

  /** A peer's answer: its signature, or the different report it already signed for the round. */
  type PeerAnswer = { signature: Hex } | { conflict: SignRequest } | undefined;

  const askPeer = async (url: string, request: SignRequest): Promise<PeerAnswer> => {
    try {
      const res = await fetch(new URL("/v1/sign", url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(await seal(account, request)),
        signal: AbortSignal.timeout(config.leaderTimeoutSeconds * 1000),
      });
      const body = (await res.json()) as { signature?: Hex; error?: string; signed?: string };
      peersSeen.set(url, Date.now());
      if (res.ok && body.signature) return { signature: body.signature };
      log("warn", "peer refused to sign", { peer: url, status: res.status, error: body.error });
      return body.signed ? { conflict: parseRequest(body.signed) } : undefined;
    } catch (error) {
      log("warn", "peer unreachable", { peer: url, error: (error as Error).message });
      return undefined;
    }
  };

  /** Re-observes a request's block: the observation if it reproduces the report exactly, else undefined. */
  const verify = async (feed: string, request: SignRequest) => {
    const mine = await observe(feed, request.blockNumber, request.report.round);
    const { report } = request;
    return mine.report.payload === report.payload &&
      mine.report.inputsHash === report.inputsHash &&
      mine.report.observedAt === report.observedAt &&
      mine.report.feedId === report.feedId
      ? mine
      : undefined;
  };

  /**
   * Leads a round: proposes a report, collects peers' signatures, signs it last, submits at the
   * threshold. After a failover the round may already have a report: the one this operator signed
   * as a follower, or — when a peer answers with the report it already signed — that one, once
   * re-observed and found identical. Either is finished instead of a new one, so the equivocation
   * guard (one report per round per operator) never blocks a failover.
   */
  const lead = async (feed: string, round: bigint, attempt: number) => {
    const started = performance.now();
    const previous = store.signedRequestFor(feedIdOf(feed as "price"), round);
    let request: SignRequest;
    let observed;
    if (previous) {
      request = parseRequest(previous);
      observed = await verify(feed, request);
      if (!observed) throw new Error(`my own signed report for ${feed} round ${round} no longer verifies`);
    } else {
      const blockNumber = await client.getBlockNumber();
      observed = await observe(feed, blockNumber, round);
      request = { report: { ...observed.report, round }, blockNumber };
    }
    let answers = await Promise.all(config.peers.map((p) => askPeer(p.url, request)));
    const signed = () =>
      answers.flatMap((a, i) =>
        a !== undefined && "signature" in a ? [{ signer: config.peers[i]!.operator, signature: a.signature }] : [],
      );
    if (!previous && signed().length + 1 < config.threshold) {
      for (const answer of answers) {
        if (!answer || !("conflict" in answer)) continue;
        const adopted = await verify(feed, answer.conflict);
        if (!adopted) continue;
        log("info", "finishing the round's earlier report after a failover", { feed, round });
        request = answer.conflict;
        observed = adopted;
        answers = await Promise.all(config.peers.map((p) => askPeer(p.url, request)));
        break;
      }
    }
    const report = request.report;
    publish(observed.documents);
    const collected: { signer: Address; signature: Hex }[] = [
      { signer: account.address, signature: await sign(request) },
    ];
    activity.lastSigned[feed] = { round: report.round.toString(), summary: observed.summary, as: "leader" };
    // A peer's signature is counted only if it recovers to that peer's operator key: a faulty peer's
    // answer is dropped here instead of making the whole submission revert.
    const { hash: digest } = await digestOf(report);
    for (const a of signed()) {
      if (collected.length >= config.threshold) break;
      const signer = await recoverAddress({ hash: digest, signature: a.signature }).catch(() => undefined);
      if (signer?.toLowerCase() === a.signer.toLowerCase()) collected.push(a);
      else log("warn", "peer's signature does not recover to its key; ignored", { feed, round, peer: a.signer });
    }
    if (collected.length < config.threshold) {
      counters.rounds_failed_total++;
      log("warn", "not enough signatures", { feed, round, have: collected.length, need: config.threshold });
      return;
    }
    // The hub names signers by their index in its own operator list: read it rather than trust ours.
    const operators = await client.readContract({ address: config.hub, abi: hubAbi, functionName: "operators" });
    const { signers, signatures } = packSignatures(operators, collected);
    if (!store.claimSubmission(feed, round)) return; // never submit a round twice
    hooks.beforeSubmit?.(feed, round, attempt);
    const { receipt, replacements } = await submitWithReplacement(
      client,
      wallet,
      account,
      {
        to: config.hub,
        data: encodeFunctionData({ abi: hubAbi, functionName: "submit", args: [report, signers, signatures] }),
      },
      { ...DEFAULT_SUBMIT, log: (msg, fields) => log("warn", msg, { feed, round, ...fields }) },
    );
    counters.transactions_replaced_total += replacements;
    const hash = receipt.transactionHash;
    if (receipt.status === "success") {
      counters.rounds_submitted_total++;
      latency.sum += (performance.now() - started) / 1000;
      latency.count++;
      log("info", "report submitted", { feed, round, report: observed.summary, tx: hash, signers: signatures.length });
    } else {
      counters.rounds_failed_total++;
      log("warn", "submission reverted", { feed, round, tx: hash });
    }
    activity.lastSubmitted[feed] = {
      round: round.toString(),
      summary: observed.summary,
      accepted: receipt.status === "success",
      tx: hash,
    };
  };

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const block = await client.getBlock();
      const round = roundAt(block.timestamp, config.intervalSeconds);
      const attempt = attemptAt(block.timestamp, config.intervalSeconds, config.leaderTimeoutSeconds);
      for (const feed of config.feeds) {
        const onChain = await client.readContract({
          address: config.hub,
          abi: hubAbi,
          functionName: "lastRound",
          args: [feedIdOf(feed)],
        });
        activity.chainRound[feed] = onChain.toString();
        if (onChain >= round) continue;
        if (leaderFor(config.operators, round, attempt).toLowerCase() !== account.address.toLowerCase()) continue;
        await lead(feed, round, attempt);
      }
    } catch (error) {
      counters.rpc_errors_total++;
      log("warn", "round failed; retrying next tick", { error: (error as Error).message.split("\n")[0] });
    } finally {
      busy = false;
    }
  };

  const handleSign = async (envelope: Envelope): Promise<{ status: number; body: unknown }> => {
    counters.sign_requests_total++;
    const request = await open<SignRequest>(envelope, config.operators);
    const sender = config.peers.find((p) => p.operator.toLowerCase() === envelope.sender.toLowerCase());
    if (sender) peersSeen.set(sender.url, Date.now());
    const block = await client.getBlock();
    const round = roundAt(block.timestamp, config.intervalSeconds);
    const attempt = attemptAt(block.timestamp, config.intervalSeconds, config.leaderTimeoutSeconds);
    const { report, blockNumber } = request;
    if (report.round !== round || !mayLead(config.operators, envelope.sender, round, attempt)) {
      return { status: 409, body: { error: `not the leader of round ${report.round} now` } };
    }
    const feed = config.feeds.find((f) => feedIdOf(f) === report.feedId);
    if (!feed) return { status: 409, body: { error: `this operator does not report feed ${report.feedId}` } };
    const mine = await observe(feed, blockNumber, report.round);
    if (
      mine.report.payload !== report.payload ||
      mine.report.inputsHash !== report.inputsHash ||
      mine.report.observedAt !== report.observedAt
    ) {
      return { status: 409, body: { error: "the report does not match my observation of that block" } };
    }
    publish(mine.documents);
    try {
      const signature = await sign(request);
      activity.lastSigned[feed] = { round: report.round.toString(), summary: mine.summary, as: "follower" };
      return { status: 200, body: { signature } };
    } catch (error) {
      if (!(error instanceof EquivocationError)) throw error;
      return {
        status: 409,
        body: { error: error.message, signed: store.signedRequestFor(report.feedId, report.round) },
      };
    }
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      let data = "";
      req.on("data", (c: Buffer) => {
        data += c.toString();
        if (data.length > 64 * 1024) reject(new Error("request too large"));
      });
      req.on("end", () => resolve(data));
      req.on("error", reject);
    });

  const reply = (res: ServerResponse, status: number, body: unknown, type = "application/json") => {
    res.writeHead(status, { "content-type": type });
    res.end(type === "application/json" ? JSON.stringify(body) : String(body));
  };

  const metrics = () => {
    const recent = [...peersSeen.values()].filter((t) => Date.now() - t < 300_000).length;
    return (
      Object.entries(counters)
        .map(([k, v]) => `# TYPE peper_oracle_${k} counter\npeper_oracle_${k} ${v}`)
        .concat(
          "# TYPE peper_oracle_round_latency_seconds summary",
          `peper_oracle_round_latency_seconds_sum ${latency.sum.toFixed(3)}`,
          `peper_oracle_round_latency_seconds_count ${latency.count}`,
          "# TYPE peper_oracle_peers_seen gauge",
          `peper_oracle_peers_seen ${recent}`,
          "# TYPE peper_oracle_last_round gauge",
        )
        // the hub's latest round per feed (whoever submitted it), as last read
        .concat(Object.entries(activity.chainRound).map(([f, r]) => `peper_oracle_last_round{feed="${f}"} ${r}`))
        .concat(bridge ? bridge.metrics() : [])
        .join("\n") + "\n"
    );
  };

  return {
    metrics,
    async start() {
      server = createServer((req, res) => {
        void (async () => {
          try {
            if (req.method === "GET" && req.url === "/health") {
              return reply(res, 200, {
                operator: account.address,
                ...activity,
                state: store.snapshot(),
                ...(bridge ? { bridge: bridge.health() } : {}),
              });
            }
            if (req.method === "GET" && req.url === "/metrics")
              return reply(res, 200, metrics(), "text/plain; version=0.0.4");
            if (req.method === "POST" && req.url === "/v1/sign") {
              const { status, body } = await handleSign(JSON.parse(await readBody(req)) as Envelope);
              if (status !== 200) counters.sign_refusals_total++;
              return reply(res, status, body);
            }
            if (req.method === "POST" && req.url === "/v1/bridge/sign" && bridge) {
              const { status, body } = await bridge.handleSign(JSON.parse(await readBody(req)) as Envelope);
              return reply(res, status, body);
            }
            const doc = /^\/v1\/documents\/([a-z0-9]{20,100})$/.exec(req.url ?? "");
            if (req.method === "GET" && doc) {
              let bytes: Buffer;
              try {
                bytes = readFileSync(join(documentsDir, doc[1]!));
              } catch {
                return reply(res, 404, { error: `no document ${doc[1]}` });
              }
              if (!(await verifyCid(doc[1]!, bytes))) return reply(res, 500, { error: "stored document is corrupt" });
              res.writeHead(200, {
                "content-type": "application/json",
                "cache-control": "public, max-age=31536000, immutable",
              });
              return res.end(bytes);
            }
            return reply(res, 404, {
              error: `not found: GET /health, GET /metrics, GET /v1/documents/<cid>, POST /v1/sign${bridge ? ", POST /v1/bridge/sign" : ""}`,
            });
          } catch (error) {
            const status = error instanceof PeerAuthError ? 401 : error instanceof EquivocationError ? 409 : 400;
            counters.sign_refusals_total++;
            return reply(res, status, { error: (error as Error).message });
          }
        })();
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(config.port, "127.0.0.1", () => resolve());
      });
      if (config.feeds.length > 0) timer = setInterval(() => void tick(), 1000);
      bridge?.start();
      log("info", "operator started", { port: config.port, feeds: config.feeds, hub: config.hub, bridge: !!bridge });
    },
    async stop() {
      if (timer) clearInterval(timer);
      await bridge?.stop();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
