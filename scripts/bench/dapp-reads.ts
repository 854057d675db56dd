// The dApp's read path against the number of pools (issue 20 §2): an open `/global` in headless
// Chromium against the local stack (`npm start`, started the way the browser tests start it:
// app/e2e/servers.ts), every request of the page to the app's /rpc/<chainId> proxy and to its
// /subgraph/<chainId> proxy intercepted and counted for WINDOW seconds: JSON-RPC calls (a batch
// counts each call), HTTP requests, and bytes (request body + response body). First with the
// stack's own pools (3 on chain A), then after the benchmark created 97 more pairs on chain A
// (PeperFactory.createPair of PEPER with 97 fresh addresses: pairs the app does not list, since
// they hold no token it knows — a reader that walks allPairs still reads them), the page reloaded. Also prints what opening the page read
// (until it showed its pools and chart): the reads done once per page load.
//
//   flock /tmp/peper-heavy.lock npm run bench -- dapp-reads
//   (PEPER_CHROMIUM overrides /usr/bin/chromium; PEPER_DAPP_BENCH_WINDOW the window, 60 s by default)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium, type Page, type Request } from "playwright-core";
import { createPublicClient, createWalletClient, http, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { buildIfStale, startApp, startStack, stop, type Stack } from "../../app/e2e/servers.ts";
import { peperFactoryAbi, peperPairAbi } from "../../offchain/src/protocol/generated/abis.ts";
import { readDeployedAddresses, readDeployment } from "../lib/deployment.ts";
import { MULTICALL3_ADDRESS } from "../lib/multicall3.ts";

const CHROMIUM = process.env.PEPER_CHROMIUM ?? "/usr/bin/chromium";
const WINDOW_S = Number(process.env.PEPER_DAPP_BENCH_WINDOW ?? "60");
const EXTRA_POOLS = 97;
/** Hardhat's test key #0 (Alice, who deploys the local stack): public, worth nothing off the local chains. */
const ALICE: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

interface Tally {
  calls: number;
  requests: number;
  bytes: number;
  methods: Map<string, number>;
  /** Calls and bytes by method and, for eth_call, by target ("eth_call Multicall3"): what grows. */
  targets: Map<string, { calls: number; bytes: number; largest: number }>;
}

const emptyTally = (): Tally => ({ calls: 0, requests: 0, bytes: 0, methods: new Map(), targets: new Map() });

/** Names an eth_call's target: Multicall3, a contract of chain A's deployment, or "(no to)". */
function targetName(call: unknown): string {
  const params = typeof call === "object" && call !== null && "params" in call ? call.params : undefined;
  const first: unknown = Array.isArray(params) ? params[0] : undefined;
  const to = typeof first === "object" && first !== null && "to" in first ? String(first.to).toLowerCase() : "";
  if (!to) return "(no to: deployless)";
  if (to === MULTICALL3_ADDRESS.toLowerCase()) return "Multicall3";
  const hit = Object.entries(readDeployedAddresses(31337)).find(([, address]) => address.toLowerCase() === to);
  return hit ? hit[0].replace(/^.*#/, "") : to;
}

/** Counts the page's /rpc and /subgraph requests into the current tallies. */
function intercept(page: Page): { rpc: Tally; subgraph: Tally; reset: () => void } {
  const state = { rpc: emptyTally(), subgraph: emptyTally() };
  page.on("requestfinished", (request: Request) => {
    void (async () => {
      const path = new URL(request.url()).pathname;
      const tally = path.startsWith("/rpc/") ? state.rpc : path.startsWith("/subgraph/") ? state.subgraph : undefined;
      if (!tally) return;
      const body = request.postData() ?? "";
      const response = await request.response();
      const answer = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
      tally.requests += 1;
      tally.bytes += Buffer.byteLength(body) + answer.length;
      if (tally === state.subgraph) {
        tally.calls += 1;
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      const calls = Array.isArray(parsed) ? parsed : [parsed];
      for (const call of calls) {
        const method =
          typeof call === "object" && call !== null && "method" in call ? String(call.method) : "(unparsed)";
        tally.calls += 1;
        tally.methods.set(method, (tally.methods.get(method) ?? 0) + 1);
        // a request's bytes go to its calls' target (the page sends one call per request)
        const key = method === "eth_call" ? `eth_call ${targetName(call)}` : method;
        const target = tally.targets.get(key) ?? { calls: 0, bytes: 0, largest: 0 };
        const size = (Buffer.byteLength(body) + answer.length) / calls.length;
        target.calls += 1;
        target.bytes += size;
        target.largest = Math.max(target.largest, size);
        tally.targets.set(key, target);
      }
    })();
  });
  return {
    get rpc() {
      return state.rpc;
    },
    get subgraph() {
      return state.subgraph;
    },
    reset: () => {
      state.rpc = emptyTally();
      state.subgraph = emptyTally();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens /global, waits until the pools and the chart (or its empty state) are shown. */
async function openGlobal(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/global`);
  const tvl = page.getByTestId("total-tvl");
  for (let i = 0; i < 480; i++) {
    const shown = (await tvl.count()) > 0 && /\$/.test(await tvl.innerText());
    const chart = (await page.getByTestId("candle-chart").count()) > 0;
    if (shown && chart) return;
    await sleep(250);
  }
  const text = await page
    .locator("main")
    .innerText()
    .catch(() => "(no main)");
  throw new Error(`/global did not show its pools and chart; the page said:\n${text.slice(0, 3000)}`);
}

async function createPools(stack: Stack, count: number): Promise<number> {
  const rpc = stack.rpcUrls[31337]!;
  const at = readDeployment(31337);
  const factory = at("PeperFactory");
  const peper = at("PeperToken");
  const account = privateKeyToAccount(ALICE);
  const chain = { ...hardhat, id: 31337 };
  const wallet = createWalletClient({ account, chain, transport: http(rpc) });
  const client = createPublicClient({ chain, transport: http(rpc) });
  let nonce = await client.getTransactionCount({ address: account.address, blockTag: "pending" });
  let last: Hex | undefined;
  for (let i = 0; i < count; i++) {
    const other = `0x${(0xbe9c000000n + BigInt(i)).toString(16).padStart(40, "0")}` as Address;
    last = await wallet.writeContract({
      address: factory,
      abi: peperFactoryAbi,
      functionName: "createPair",
      args: [peper, other],
      nonce: nonce++,
      gas: 5_000_000n,
    });
  }
  if (last) await client.waitForTransactionReceipt({ hash: last });
  return Number(await client.readContract({ address: factory, abi: peperFactoryAbi, functionName: "allPairsLength" }));
}

interface Row {
  pools: number;
  rpc: Tally;
  subgraph: Tally;
  /** What opening the page read, until it showed its pools and chart (once per page load). */
  open: { rpc: Tally; subgraph: Tally; ms: number };
}

async function measure(page: Page, url: string, counter: ReturnType<typeof intercept>, pools: number): Promise<Row> {
  counter.reset();
  const start = Date.now();
  await openGlobal(page, url);
  const ms = Date.now() - start;
  await sleep(500); // the last answers' bodies are read
  const open = { rpc: counter.rpc, subgraph: counter.subgraph, ms };
  counter.reset();
  await sleep(WINDOW_S * 1000);
  const row = { pools, rpc: counter.rpc, subgraph: counter.subgraph, open };
  counter.reset();
  return row;
}

const perMinute = (n: number) => Math.round((n * 60) / WINDOW_S);
const kb = (n: number) => (n / 1000).toFixed(1);

async function main(): Promise<void> {
  const built = buildIfStale();
  console.log(built ? "app: built" : "app: build is current");
  const stateDir = mkdtempSync(join(tmpdir(), "peper-dapp-reads-"));
  let stack: Stack | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    stack = await startStack(stateDir);
    const app = await startApp(stack);
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    const counter = intercept(page);
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") console.error(`console: ${m.text()}`);
    });
    const rows: Row[] = [];
    const client = createPublicClient({ transport: http(stack.rpcUrls[31337]!) });
    const factory = readDeployment(31337)("PeperFactory");
    const before = Number(
      await client.readContract({ address: factory, abi: peperFactoryAbi, functionName: "allPairsLength" }),
    );
    // readPools aggregates its reads in Multicall3 calls to the chain's Multicall3, which the stack
    // puts at its canonical address (scripts/lib/multicall3.ts): say whether it is there.
    const code = await client.getCode({ address: MULTICALL3_ADDRESS });
    console.log(`Multicall3 at ${MULTICALL3_ADDRESS}: ${code ? (code.length - 2) / 2 : 0} bytes of code`);
    rows.push(await measure(page, app.url, counter, before));
    const after = await createPools(stack, EXTRA_POOLS);
    await sleep(5_000); // the indexer sees the new pairs
    rows.push(await measure(page, app.url, counter, after));

    console.log(`\nAn open /global on chain A, per minute (window ${WINDOW_S} s, after the page showed its pools)\n`);
    console.log("| pools | RPC calls/min | RPC requests/min | RPC kB/min | subgraph queries/min | subgraph kB/min |");
    console.log("|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      console.log(
        `| ${r.pools} | ${perMinute(r.rpc.calls).toLocaleString("en-US")} | ${perMinute(r.rpc.requests).toLocaleString("en-US")} | ${kb(perMinute(r.rpc.bytes))} | ${perMinute(r.subgraph.calls)} | ${kb(perMinute(r.subgraph.bytes))} |`,
      );
    }
    console.log("\nOpening /global (once per page load, until it showed its pools and chart)\n");
    console.log(
      "| pools | RPC calls | RPC kB | largest RPC answer + request kB | subgraph queries | subgraph kB | ms |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      const largest = Math.max(0, ...[...r.open.rpc.targets.values()].map((t) => t.largest));
      console.log(
        `| ${r.pools} | ${r.open.rpc.calls} | ${kb(r.open.rpc.bytes)} | ${kb(largest)} | ${r.open.subgraph.calls} | ${kb(r.open.subgraph.bytes)} | ${r.open.ms} |`,
      );
    }
    // What the reader before issue 20 did per refresh of the chart (eth_getLogs of every Sync since
    // block 0, then one eth_getBlock per block among the last 400): the PEPER/USDC pool's figure here.
    const usdc = readDeployment(31337)("USDC");
    const pair = await client.readContract({
      address: factory,
      abi: peperFactoryAbi,
      functionName: "getPair",
      args: [readDeployment(31337)("PeperToken"), usdc],
    });
    const syncs = await client.getContractEvents({
      address: pair,
      abi: peperPairAbi,
      eventName: "Sync",
      fromBlock: 0n,
    });
    const blocks = new Set(syncs.slice(-400).map((l) => l.blockNumber)).size;
    console.log(
      `\nPEPER/USDC: ${syncs.length} Sync events since block 0, ${blocks} distinct blocks among the last 400.`,
    );
    for (const r of rows) {
      const methods = [...r.rpc.methods.entries()].sort((a, b) => b[1] - a[1]);
      console.log(`\n${r.pools} pools, RPC methods in the window: ${methods.map(([m, n]) => `${m} ${n}`).join(", ")}`);
      const targets = [...r.rpc.targets.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
      console.log(
        `${r.pools} pools, calls and kB by target in the window: ${targets
          .map(([t, v]) => `${t} ${v.calls} (${kb(v.bytes)} kB, largest ${kb(v.largest)} kB)`)
          .join(", ")}`,
      );
    }
  } finally {
    await browser.close();
    await stop(stack);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
