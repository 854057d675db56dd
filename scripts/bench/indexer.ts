// The embedded subgraph indexer (subgraph/indexer) on the real subgraph build (subgraph/build):
//
// 1. Catch-up throughput on a generated history: ≥ 100 000 PeperPair swaps (each a Sync then a
//    Swap log, as PeperPair emits them) over 10 pairs, after the PairCreated and first Mint of each
//    pair, a PEPER mint and a PEPER/USD price (so swaps are priced), and 20 proposals with 25 votes
//    each; blocks spread over 60 days so hourly and daily aggregates roll. The logs are ABI-encoded
//    with viem from subgraph/abis/, served by a MemoryLogSource (no RPC; it also answers the
//    factory mapping's eth_calls for each token's symbol, name, decimals and supply), indexed into a SQLite file
//    in a temporary directory. Reports events/s, blocks/s, where the time goes (handlers = WASM and
//    host functions; commit = SQLite transaction and in-memory apply; the rest = log routing, ABI
//    decoding, bookkeeping), peak RSS, the SQLite file size and the time to reopen the store.
// 2. Queries against that store: the two the dApp's /analytics page sends (imported from
//    app/src/data/subgraph.ts) and other analytics queries (a pair's hours, top pairs, a pair's last
//    swaps, proposals with votes), through the API schema in process and over HTTP (server.ts on
//    127.0.0.1): p50/p99 over a bounded number of runs.
// 3. The same indexer against a Hardhat node over JSON-RPC: real swaps through PeperRouter (one per
//    block, as with automining), RPC-bound events/s.
//
//   node scripts/bench/indexer.ts [--swaps 100000] [--rpc-swaps 2000] [--query-runs 100] [--skip-rpc]
//                                 [--fresh-instances]   (a WASM instance per trigger, as before reuse)
//                                 [--keep-db <file>]    (a copy of the populated SQLite store)
//                                 [--queries-from <file>] (only the queries, on a store kept before)
//   (also run by `npm run bench`, or alone with `npm run bench -- indexer`)
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

import {
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  http,
  toFunctionSelector,
  type Abi,
  type AbiEvent,
  type Address,
  type Hex as ViemHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { OVERVIEW_QUERY, PAIR_DAYS_QUERY } from "../../app/src/data/subgraph.ts";
import { artifact, DEV_KEYS, startChain } from "../../offchain/src/testing/chain.ts";
import { silentLogger } from "../../subgraph/indexer/log.ts";
import type { Manifest } from "../../subgraph/indexer/manifest.ts";
import { createHttpServer } from "../../subgraph/indexer/server.ts";
import { createIndexerService, type IndexerService } from "../../subgraph/indexer/service.ts";
import { MemoryLogSource, RpcLogSource, type LogSource } from "../../subgraph/indexer/source.ts";
import { EntityStore } from "../../subgraph/indexer/store.ts";
import { address, SyntheticChain, writeSubgraphManifest, type SyntheticEvent } from "../../subgraph/indexer/testing.ts";
import type { Hex } from "../../subgraph/indexer/values.ts";
import { assertNode22, main, ROOT, run } from "../lib/runtime.ts";
import { table, timeAsync } from "./lib/timing.ts";

const SUBGRAPH = join(ROOT, "subgraph");
const WAD = 10n ** 18n;
const ZERO: Hex = address(0);
const DEAD: Hex = "0x000000000000000000000000000000000000dead";

const { values: opts } = parseArgs({
  options: {
    swaps: { type: "string", default: "100000" },
    days: { type: "string", default: "60" },
    "rpc-swaps": { type: "string", default: "2000" },
    "query-runs": { type: "string", default: "100" },
    "skip-rpc": { type: "boolean", default: false },
    "fresh-instances": { type: "boolean", default: false },
    "keep-db": { type: "string" },
    "queries-from": { type: "string" },
  },
});
const SWAPS = Number(opts.swaps);
const DAYS = Number(opts.days);
const RPC_SWAPS = Number(opts["rpc-swaps"]);
const QUERY_RUNS = Number(opts["query-runs"]);

// --- the subgraph and a manifest for the bench ---------------------------------------------------

/** Builds the subgraph (subgraph/scripts/build.ts: render, graph codegen, graph build) when it is not built. */
async function ensureBuilt(): Promise<void> {
  if (existsSync(join(SUBGRAPH, "build", "subgraph.yaml")) && existsSync(join(SUBGRAPH, "subgraph.yaml"))) return;
  console.log("subgraph/build is missing: building the subgraph (subgraph/scripts/build.ts)");
  await run(process.execPath, [join(SUBGRAPH, "scripts/build.ts")], { cwd: SUBGRAPH, quiet: true });
}

const abiEvents = (contract: string): AbiEvent[] =>
  (JSON.parse(readFileSync(join(SUBGRAPH, "abis", `${contract}.json`), "utf8")) as AbiEvent[]).filter(
    (i) => i.type === "event",
  );
function eventOf(contract: string, name: string): AbiEvent {
  const e = abiEvents(contract).find((i) => i.name === name);
  if (!e) throw new Error(`${contract} has no event ${name}`);
  return e;
}

// --- instrumentation -----------------------------------------------------------------------------
// Handler time wraps MappingModule.run (so it includes writing the event into WASM memory); commit
// time wraps EntityStore.commit; the rest of the catch-up's wall time is everything else.

/** Time spent in handlers (WASM + host functions) and in commits, and handler runs by name. */
interface Probe {
  handlerMs: number;
  commitMs: number;
  runs: Map<string, number>;
}

function instrument(service: IndexerService): Probe {
  const probe: Probe = { handlerMs: 0, commitMs: 0, runs: new Map() };
  const modules = [...service.manifest.dataSources, ...service.manifest.templates].map((d) => d.module);
  for (const m of new Set(modules)) {
    const original = m.run.bind(m);
    m.run = (handler, ctx, argument) => {
      const t = performance.now();
      try {
        original(handler, ctx, argument);
      } finally {
        probe.handlerMs += performance.now() - t;
        const key = `${m.name}.${handler}`;
        probe.runs.set(key, (probe.runs.get(key) ?? 0) + 1);
      }
    };
  }
  const store = service.store;
  const commit = store.commit.bind(store);
  store.commit = (batch, cursor, meta) => {
    const t = performance.now();
    try {
      commit(batch, cursor, meta);
    } finally {
      probe.commitMs += performance.now() - t;
    }
  };
  return probe;
}

const mib = (bytes: number) => bytes / 2 ** 20;
const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);
const sqliteSize = (path: string) => fileSize(path) + fileSize(`${path}-wal`);

/** "instances created / triggers run in a restored instance" over every mapping module. */
function instanceStats(manifest: Manifest): string {
  let instantiated = 0;
  let reused = 0;
  for (const d of [...manifest.dataSources, ...manifest.templates]) {
    // `stats` is absent from builds of the indexer before instance reuse (the bench's "before").
    const stats = (d.module as { stats?: { instantiated: number; reused: number } }).stats;
    if (!stats) return "n/a (one instance per trigger)";
    instantiated += stats.instantiated;
    reused += stats.reused;
  }
  return `${instantiated.toLocaleString("en-US")} / ${reused.toLocaleString("en-US")}`;
}

interface CatchUp {
  readonly seconds: number;
  readonly blocks: number;
  readonly events: number;
  readonly probe: Probe;
}

async function catchUp(service: IndexerService, source: LogSource): Promise<CatchUp> {
  const probe = instrument(service);
  const start = performance.now();
  await service.indexer.sync();
  const seconds = (performance.now() - start) / 1000;
  const health = service.health();
  if (health.state !== "synced" || health.error !== null) throw new Error(`indexing failed: ${JSON.stringify(health)}`);
  const head = await source.head();
  const events = [...probe.runs.values()].reduce((a, b) => a + b, 0);
  return { seconds, blocks: Number(head.number) + 1, events, probe };
}

function splitRows(c: CatchUp): (string | number)[][] {
  const total = c.seconds * 1000;
  const other = total - c.probe.handlerMs - c.probe.commitMs;
  const pct = (ms: number) => `${((100 * ms) / total).toFixed(0)} %`;
  return [
    [
      "handlers (WASM + host functions)",
      c.probe.handlerMs / 1000,
      pct(c.probe.handlerMs),
      (c.probe.handlerMs * 1000) / c.events,
    ],
    [
      "commit (SQLite + in-memory apply)",
      c.probe.commitMs / 1000,
      pct(c.probe.commitMs),
      (c.probe.commitMs * 1000) / c.events,
    ],
    ["rest (fetching logs and blocks, ABI decoding, bookkeeping)", other / 1000, pct(other), (other * 1000) / c.events],
  ];
}

// --- 1. the generated history ---------------------------------------------------------------------

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** floor(√n) by Newton's method. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}

interface PairState {
  readonly address: Hex;
  readonly token0: Hex;
  readonly token1: Hex;
  reserve0: bigint;
  reserve1: bigint;
  readonly weight: number;
}

interface History {
  readonly chain: SyntheticChain;
  readonly addresses: Record<string, Hex>;
  readonly pairs: readonly PairState[];
  readonly logs: number;
  readonly swaps: number;
  readonly seconds: number;
}

/** The data sources the history's logs come from (the bench's manifest points them there). */
const ADDRESSES = {
  PeperToken: address(0x7e7e7),
  PeperFactory: address(0xfac7),
  PriceFeed: address(0xfeed),
  PeperGovernor: address(0x60f),
} satisfies Record<string, Hex>;
/** The seven tokens paired with PEPER; the first stands in for WETH in the page's query. */
const TOKENS = Array.from({ length: 7 }, (_, i) => address(0x70_0000 + i));
/** ERC-20 metadata selectors. */
const SELECTORS = {
  symbol: toFunctionSelector("symbol()"),
  name: toFunctionSelector("name()"),
  decimals: toFunctionSelector("decimals()"),
  totalSupply: toFunctionSelector("totalSupply()"),
};
/** Pair `i` (pair 0, drawn with the largest weight, is the busiest). */
const pairAddress = (i: number) => address(0x9a_0000 + i);

function generateHistory(swaps: number, days: number): History {
  const start = performance.now();
  const random = rng(0x9e9e);
  const expectedBlocks = Math.ceil(swaps / 2);
  const blockTime = BigInt(Math.max(1, Math.round((days * 86_400) / expectedBlocks)));
  const chain = new SyntheticChain({ blockTime });
  const addresses = ADDRESSES;
  // The tokens' contracts, as the factory mapping reads them (eth_call at PairCreated): an 18-decimal
  // ERC-20 each (TKN0…TKN6, PEPER).
  const metadata = new Map<string, { symbol: string; supply: bigint }>([
    [addresses.PeperToken, { symbol: "PEPER", supply: 1_000_000_000n * WAD }],
    ...TOKENS.map((t, i): [string, { symbol: string; supply: bigint }] => [
      t,
      { symbol: `TKN${i}`, supply: 1_000_000_000n * WAD },
    ]),
  ]);
  chain.source.callHandler = (call) => {
    const token = metadata.get(call.to);
    const selector = call.data.slice(0, 10);
    if (!token) return { reverted: true, reason: "no contract" };
    if (selector === SELECTORS.symbol || selector === SELECTORS.name)
      return { reverted: false, data: encodeAbiParameters([{ type: "string" }], [token.symbol]) };
    if (selector === SELECTORS.decimals)
      return { reverted: false, data: encodeAbiParameters([{ type: "uint8" }], [18]) };
    if (selector === SELECTORS.totalSupply)
      return { reverted: false, data: encodeAbiParameters([{ type: "uint256" }], [token.supply]) };
    return { reverted: true, reason: "unknown function" };
  };
  const router = address(0x4047e4);
  const treasury = address(0x7ea5);
  const traders = Array.from({ length: 500 }, (_, i) => address(0x10_0000 + i));
  const voters = Array.from({ length: 25 }, (_, i) => address(0x20_0000 + i));
  const ev = {
    transfer: eventOf("PeperToken", "Transfer"),
    answer: eventOf("PriceFeed", "AnswerUpdated"),
    pairCreated: eventOf("PeperFactory", "PairCreated"),
    lpTransfer: eventOf("PeperPair", "Transfer"),
    sync: eventOf("PeperPair", "Sync"),
    mint: eventOf("PeperPair", "Mint"),
    swap: eventOf("PeperPair", "Swap"),
    proposal: eventOf("PeperGovernor", "ProposalCreated"),
    vote: eventOf("PeperGovernor", "VoteCast"),
  };
  let logs = 0;
  const block = (txs: SyntheticEvent[][]) => {
    for (const tx of txs) logs += tx.length;
    chain.block(txs);
  };
  const e = (at: Hex, event: AbiEvent, args: Record<string, unknown>, from?: Hex): SyntheticEvent => ({
    address: at,
    event,
    args,
    ...(from ? { from } : {}),
  });

  // Block 0: genesis. Block 1: PEPER's initial mint and the first PEPER/USD answer ($0.50, 8 decimals).
  block([]);
  block([
    [e(addresses.PeperToken, ev.transfer, { from: ZERO, to: treasury, value: 1_000_000_000n * WAD })],
    [
      e(addresses.PriceFeed, ev.answer, {
        roundId: 1n,
        answer: 50_000_000n,
        observedAt: chain.genesisTime + blockTime,
        reportRound: 1n,
      }),
    ],
  ]);

  // Block 2: ten pairs (PEPER with seven tokens, three token/token pairs). Block 3: their first mints.
  const peper = addresses.PeperToken;
  const tokens = TOKENS;
  const sides: [Hex, Hex][] = [
    ...tokens.map((t): [Hex, Hex] => [peper, t]),
    [tokens[0]!, tokens[1]!],
    [tokens[1]!, tokens[2]!],
    [tokens[2]!, tokens[3]!],
  ];
  const pairs: PairState[] = sides.map(([a, b], i) => {
    const [token0, token1] = a < b ? [a, b] : [b, a];
    const r0 = (1_000_000n + BigInt(Math.floor(random() * 4_000_000))) * WAD;
    const r1 = (1_000_000n + BigInt(Math.floor(random() * 4_000_000))) * WAD;
    return { address: pairAddress(i), token0, token1, reserve0: r0, reserve1: r1, weight: 1 / (i + 1) };
  });
  block(
    pairs.map((p, i) => [
      e(addresses.PeperFactory, ev.pairCreated, {
        token0: p.token0,
        token1: p.token1,
        pair: p.address,
        allPairsLength: BigInt(i + 1),
      }),
    ]),
  );
  block(
    pairs.map((p) => {
      const liquidity = isqrt(p.reserve0 * p.reserve1);
      return [
        e(p.address, ev.lpTransfer, { from: ZERO, to: DEAD, value: 1000n }),
        e(p.address, ev.lpTransfer, { from: ZERO, to: treasury, value: liquidity - 1000n }),
        e(p.address, ev.sync, { reserve0: p.reserve0, reserve1: p.reserve1 }),
        e(p.address, ev.mint, { sender: router, amount0: p.reserve0, amount1: p.reserve1 }),
      ];
    }),
  );

  // Swaps: 0–4 per block (2 on average), pairs by weight 1/(rank + 1), random direction and size
  // (0.01–0.2 % of the input reserve), constant product with the 0.3 % fee. 20 proposals spread
  // over the history, each voted on by 25 voters in the 25 blocks after it.
  const totalWeight = pairs.reduce((s, p) => s + p.weight, 0);
  const pickPair = () => {
    let x = random() * totalWeight;
    for (const p of pairs) if ((x -= p.weight) <= 0) return p;
    return pairs[pairs.length - 1]!;
  };
  const proposals = 20;
  const proposalEvery = Math.max(1, Math.floor(expectedBlocks / proposals));
  const openVotes: { id: bigint; next: number }[] = [];
  let proposalCount = 0;
  let done = 0;
  for (let b = 0; done < swaps; b++) {
    const txs: SyntheticEvent[][] = [];
    const n = Math.min(swaps - done, Math.floor(random() * 5));
    for (let k = 0; k < n; k++) {
      const p = pickPair();
      const zeroForOne = random() < 0.5;
      const [rin, rout] = zeroForOne ? [p.reserve0, p.reserve1] : [p.reserve1, p.reserve0];
      const amountIn = (rin * BigInt(1 + Math.floor(random() * 20))) / 10_000n;
      const out = (amountIn * 997n * rout) / (rin * 1000n + amountIn * 997n);
      if (zeroForOne) {
        p.reserve0 += amountIn;
        p.reserve1 -= out;
      } else {
        p.reserve1 += amountIn;
        p.reserve0 -= out;
      }
      const trader = traders[Math.floor(random() * traders.length)]!;
      txs.push([
        e(p.address, ev.sync, { reserve0: p.reserve0, reserve1: p.reserve1 }, trader),
        e(
          p.address,
          ev.swap,
          {
            sender: router,
            amount0In: zeroForOne ? amountIn : 0n,
            amount1In: zeroForOne ? 0n : amountIn,
            amount0Out: zeroForOne ? 0n : out,
            amount1Out: zeroForOne ? out : 0n,
            to: trader,
          },
          trader,
        ),
      ]);
    }
    done += n;
    const number = BigInt(chain.source.length);
    const timestamp = chain.genesisTime + number * blockTime;
    if (b % proposalEvery === 0 && proposalCount < proposals) {
      const id = BigInt(1000 + proposalCount++);
      txs.push([
        e(addresses.PeperGovernor, ev.proposal, {
          proposalId: id,
          proposer: voters[0]!,
          targets: [treasury],
          values: [0n],
          signatures: [""],
          calldatas: ["0x"],
          voteStart: timestamp + 86_400n,
          voteEnd: timestamp + 7n * 86_400n,
          description: `# Proposal ${id}\n\nSet the fee switch to ${id % 7n} bps.`,
        }),
      ]);
      openVotes.push({ id, next: 0 });
    }
    for (const v of openVotes) {
      if (v.next >= voters.length) continue;
      txs.push([
        e(
          addresses.PeperGovernor,
          ev.vote,
          {
            voter: voters[v.next]!,
            proposalId: v.id,
            support: Math.floor(random() * 3),
            weight: BigInt(1 + Math.floor(random() * 1_000_000)) * WAD,
            reason: v.next % 3 === 0 ? "for the treasury" : "",
          },
          voters[v.next]!,
        ),
      ]);
      v.next++;
    }
    block(txs);
  }
  return { chain, addresses, pairs, logs, swaps: done, seconds: (performance.now() - start) / 1000 };
}

// --- 2. the analytics page's queries ---------------------------------------------------------------

interface Query {
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

function analyticsQueries(busiestPair: Hex): Query[] {
  return [
    // The two queries the dApp's /analytics page sends (app/src/data/subgraph.ts), as they are.
    {
      name: "page: overview (`_meta`, protocol, 366 days, 100 pairs, 1,000 proposals, WETH price)",
      query: OVERVIEW_QUERY,
      variables: { weth: TOKENS[0] },
    },
    { name: "page: a pair's 366 days", query: PAIR_DAYS_QUERY, variables: { pair: busiestPair } },
    // Other analytics queries (not on the page yet).
    {
      name: "protocol totals + last 90 PeperDayData",
      query: `query Overview {
        protocol(id: "0x01") { txCount swapCount pairCount totalVolumePeper totalVolumeUSD totalFeesUSD totalLiquidityPeper totalLiquidityUSD peperPriceUSD }
        peperDayDatas(first: 90, orderBy: date, orderDirection: desc) { id date dailyVolumePeper dailyVolumeUSD dailyFeesUSD totalLiquidityUSD txCount swapCount }
      }`,
    },
    {
      name: "last 168 PairHourData of the busiest pair",
      query: `query Hours($pair: String!) {
        pairHourDatas(first: 168, orderBy: hourStartUnix, orderDirection: desc, where: { pair: $pair }) {
          hourStartUnix reserve0 reserve1 reserveUSD token0Price token1Price hourlyVolumeUSD hourlyFeesUSD hourlyTxns
        }
      }`,
      variables: { pair: busiestPair },
    },
    {
      name: "top 10 pairs by volume",
      query: `query TopPairs {
        pairs(first: 10, orderBy: volumeUSD, orderDirection: desc) {
          id token0 { id derivedPeper } token1 { id derivedPeper } reserve0 reserve1 reserveUSD volumeUSD feesUSD txCount swapCount token0Price token1Price
        }
      }`,
    },
    {
      name: "last 100 swaps of the busiest pair",
      query: `query Swaps($pair: String!) {
        swaps(first: 100, orderBy: timestamp, orderDirection: desc, where: { pair: $pair }) {
          id timestamp from to amount0In amount1In amount0Out amount1Out amountPeper amountUSD transactionHash
        }
      }`,
      variables: { pair: busiestPair },
    },
    {
      name: "proposals with their votes",
      query: `query Proposals {
        proposals(first: 20, orderBy: createdAt, orderDirection: desc) {
          id proposalId description state forVotes againstVotes abstainVotes voteCount quorum createdAt proposer { id }
          votes(first: 100, orderBy: weight, orderDirection: desc) { voter { id } support supportLabel weight reason }
        }
      }`,
    },
  ];
}

async function measureQueries(service: IndexerService, queries: readonly Query[]): Promise<(string | number)[][]> {
  const server = createHttpServer({ service, name: "peper", logger: silentLogger });
  // Longer than the in-process runs between two HTTP series, so that fetch's pooled connection is
  // not closed by the server just as it is reused (ECONNRESET).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/subgraphs/name/peper`;
  const rows: (string | number)[][] = [];
  try {
    for (const q of queries) {
      const request = { query: q.query, variables: q.variables ?? null };
      const once = await service.api.execute(request);
      if (once.errors) throw new Error(`${q.name}: ${JSON.stringify(once.errors)}`);
      const rowsReturned = Object.values(once.data ?? {}).reduce<number>(
        (n, v) => n + (Array.isArray(v) ? v.length : v ? 1 : 0),
        0,
      );
      const inProcess = await timeAsync(() => service.api.execute(request), QUERY_RUNS, 10);
      const body = JSON.stringify(request);
      let bytes = 0;
      const overHttp = await timeAsync(
        async () => {
          const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
          const text = await res.text();
          if (res.status !== 200 || text.includes('"errors"')) throw new Error(`${q.name} over HTTP: ${text}`);
          bytes = text.length;
        },
        QUERY_RUNS,
        10,
      );
      rows.push([
        q.name,
        rowsReturned,
        inProcess.p50,
        inProcess.p99,
        overHttp.p50,
        overHttp.p99,
        (bytes / 1024).toFixed(1),
      ]);
    }
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
  return rows;
}

// --- 3. over JSON-RPC against a Hardhat node -------------------------------------------------------

interface RpcRun extends CatchUp {
  readonly swaps: number;
  readonly setupSeconds: number;
  readonly instances: string;
}

async function rpcRun(tmp: string, swaps: number): Promise<RpcRun> {
  const setupStart = performance.now();
  const chain = await startChain();
  try {
    const transport = http(chain.url);
    const account = privateKeyToAccount(DEV_KEYS[0]);
    const publicClient = createPublicClient({ transport });
    const wallet = createWalletClient({ account, transport });
    let nonce = await publicClient.getTransactionCount({ address: account.address });
    const deploy = async (path: string, args: unknown[]) => {
      const { abi, bytecode } = artifact(path);
      const hash = await wallet.deployContract({ abi, bytecode, args, chain: null, nonce: nonce++ });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      return { address: receipt.contractAddress!, abi };
    };
    const supply = 10n ** 12n * WAD;
    const token = (symbol: string) =>
      deploy("demo/DemoToken.sol/DemoToken.json", [symbol, symbol, 18, [account.address], [supply]]);
    // Token A stands in for PEPER (the PeperToken data source): its transfers are indexed and price the pairs.
    const a = await token("PEPER");
    const b = await token("BBB");
    const c = await token("CCC");
    const weth = await deploy("defi/WETH9.sol/WETH9.json", []);
    const factory = await deploy("defi/PeperFactory.sol/PeperFactory.json", [account.address]);
    const router = await deploy("defi/PeperRouter.sol/PeperRouter.json", [factory.address, weth.address]);
    const send = async (to: Address, abi: Abi, functionName: string, args: unknown[]) => {
      const hash = await wallet.writeContract({
        address: to,
        abi,
        functionName,
        args,
        gas: 6_000_000n,
        nonce: nonce++,
        chain: null,
      });
      return hash;
    };
    const max = 2n ** 256n - 1n;
    const deadline = 2n ** 40n;
    for (const t of [a, b, c]) await send(t.address, t.abi, "approve", [router.address, max]);
    for (const t of [b, c]) {
      await send(router.address, router.abi, "addLiquidity", [
        a.address,
        t.address,
        1_000_000n * WAD,
        2_000_000n * WAD,
        0n,
        0n,
        account.address,
        deadline,
      ]);
    }
    let last: ViemHex = "0x";
    const paths: Address[][] = [
      [a.address, b.address],
      [b.address, a.address],
      [a.address, c.address],
      [c.address, a.address],
    ];
    for (let i = 0; i < swaps; i++) {
      last = await send(router.address, router.abi, "swapExactTokensForTokens", [
        BigInt(1 + (i % 7)) * WAD,
        0n,
        paths[i % paths.length]!,
        account.address,
        deadline,
      ]);
    }
    const receipt = await publicClient.waitForTransactionReceipt({ hash: last });
    if (receipt.status !== "success") throw new Error("the last swap reverted");
    const setupSeconds = (performance.now() - setupStart) / 1000;

    const manifestDir = mkdtempSync(join(tmp, "rpc-"));
    const manifestPath = writeSubgraphManifest(manifestDir, {
      PeperFactory: factory.address.toLowerCase() as Hex,
      PeperToken: a.address.toLowerCase() as Hex,
    });
    const source = new RpcLogSource(chain.url);
    const service = createIndexerService({
      manifestPath,
      buildDir: join(SUBGRAPH, "build"),
      dbPath: join(manifestDir, "indexer.sqlite"),
      source,
      reuseInstances: !opts["fresh-instances"],
    });
    try {
      const result = await catchUp(service, source);
      const swapRuns = result.probe.runs.get("PeperPair.handleSwap") ?? 0;
      if (swapRuns !== swaps) throw new Error(`indexed ${swapRuns} swaps of ${swaps}`);
      return { ...result, swaps, setupSeconds, instances: instanceStats(service.manifest) };
    } finally {
      await service.close();
    }
  } finally {
    await chain.stop();
  }
}

// --- main --------------------------------------------------------------------------------------------

/** Only the queries, on a store kept by an earlier run (`--keep-db`), e.g. to compare query code. */
async function queriesOnly(tmp: string, file: string): Promise<void> {
  const dbPath = join(tmp, "indexer.sqlite");
  copyFileSync(file, dbPath);
  const service = createIndexerService({
    manifestPath: writeSubgraphManifest(tmp, ADDRESSES),
    buildDir: join(SUBGRAPH, "build"),
    dbPath,
    source: new MemoryLogSource(),
  });
  try {
    table(
      `The analytics page's queries on ${file} (${service.store.count().toLocaleString("en-US")} entities; ${QUERY_RUNS} runs each after 10 warm-up runs; ms)`,
      ["query", "rows", "p50 in process", "p99 in process", "p50 HTTP", "p99 HTTP", "response KiB"],
      await measureQueries(service, analyticsQueries(pairAddress(0))),
    );
  } finally {
    await service.close();
  }
}

main(async () => {
  assertNode22();
  await ensureBuilt();
  const tmp = mkdtempSync(join(tmpdir(), "peper-bench-indexer-"));
  try {
    if (opts["queries-from"]) return await queriesOnly(tmp, opts["queries-from"]);
    const history = generateHistory(SWAPS, DAYS);
    const rssAfterGeneration = process.memoryUsage().rss;
    const manifestPath = writeSubgraphManifest(tmp, history.addresses);
    const dbPath = join(tmp, "indexer.sqlite");
    const service = createIndexerService({
      manifestPath,
      buildDir: join(SUBGRAPH, "build"),
      dbPath,
      source: history.chain.source,
      reuseInstances: !opts["fresh-instances"],
    });
    const manifest = service.manifest;
    try {
      const s = await catchUp(service, history.chain.source);
      const peakRss = process.resourceUsage().maxRSS * 1024;
      const swapCount = (
        (await service.api.execute({ query: `{ protocol(id: "0x01") { swapCount } }` })).data as {
          protocol: { swapCount: string };
        }
      ).protocol.swapCount;
      if (swapCount !== String(history.swaps)) throw new Error(`Protocol.swapCount ${swapCount} ≠ ${history.swaps}`);
      const count = (key: string) => s.probe.runs.get(key) ?? 0;
      table(
        `Catch-up on a generated history (MemoryLogSource, no RPC; SQLite in ${tmpdir()}; ${history.logs.toLocaleString("en-US")} logs generated in ${history.seconds.toFixed(1)} s)`,
        ["measure", "value"],
        [
          ["blocks", s.blocks],
          [
            "events handled (Swap / Sync / other)",
            `${s.events.toLocaleString("en-US")} (${count("PeperPair.handleSwap").toLocaleString("en-US")} / ${count("PeperPair.handleSync").toLocaleString("en-US")} / ${(s.events - count("PeperPair.handleSwap") - count("PeperPair.handleSync")).toLocaleString("en-US")})`,
          ],
          ["time, s", s.seconds],
          ["events/s", Math.round(s.events / s.seconds)],
          ["blocks/s", Math.round(s.blocks / s.seconds)],
          ["WASM instances created / triggers run in a restored instance", instanceStats(manifest)],
          ["entities in the store", service.store.count()],
          ["SQLite file + WAL after the catch-up, MiB", mib(sqliteSize(dbPath))],
          ["RSS after generating the history, MiB", mib(rssAfterGeneration)],
          ["peak RSS of the process during the catch-up, MiB", mib(peakRss)],
        ],
      );
      table("Where the catch-up time goes", ["part", "s", "share", "µs per event"], splitRows(s));

      const busiest = pairAddress(0);
      table(
        `The analytics page's queries on that store (${QUERY_RUNS} runs each after 10 warm-up runs; ms)`,
        ["query", "rows", "p50 in process", "p99 in process", "p50 HTTP", "p99 HTTP", "response KiB"],
        await measureQueries(service, analyticsQueries(busiest)),
      );
    } finally {
      await service.close();
    }
    if (opts["keep-db"]) copyFileSync(dbPath, opts["keep-db"]);
    const reopenStart = performance.now();
    const reopened = EntityStore.open(dbPath, manifest.schema);
    const reopenSeconds = (performance.now() - reopenStart) / 1000;
    const reopenedEntities = reopened.count();
    reopened.close();
    table(
      "The store at rest",
      ["measure", "value"],
      [
        ["SQLite file after close (WAL checkpointed), MiB", mib(sqliteSize(dbPath))],
        [`reopen: load ${reopenedEntities.toLocaleString("en-US")} entities from SQLite into memory, s`, reopenSeconds],
      ],
    );

    if (!opts["skip-rpc"]) {
      const r = await rpcRun(tmp, RPC_SWAPS);
      const rc = (key: string) => r.probe.runs.get(key) ?? 0;
      table(
        `Over JSON-RPC: a Hardhat node, ${r.swaps.toLocaleString("en-US")} swaps through PeperRouter, one per block (chain set up in ${r.setupSeconds.toFixed(1)} s)`,
        ["measure", "value"],
        [
          ["blocks", r.blocks],
          [
            "events handled (Swap / Sync / PEPER Transfer / other)",
            `${r.events.toLocaleString("en-US")} (${rc("PeperPair.handleSwap")} / ${rc("PeperPair.handleSync")} / ${rc("PeperToken.handleTransfer")} / ${r.events - rc("PeperPair.handleSwap") - rc("PeperPair.handleSync") - rc("PeperToken.handleTransfer")})`,
          ],
          ["time, s", r.seconds],
          ["events/s", Math.round(r.events / r.seconds)],
          ["blocks/s", Math.round(r.blocks / r.seconds)],
          ["WASM instances created / triggers run in a restored instance", r.instances],
        ],
      );
      table("Where the RPC catch-up time goes", ["part", "s", "share", "µs per event"], splitRows(r));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
