// The services of the local stack. Each part of Peper that runs as a process plugs in here: a name,
// the port it needs, how to start it and how to know it is ready. `scripts/start.ts` starts them in
// order, prints one status line each, and stops them in reverse order.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { decodeFunctionResult, encodeFunctionData, parseAbi, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { CHAINS } from "../../offchain/src/protocol/chains.ts";
import { formatActivity, type OperatorActivity } from "../../oracle/src/activity.ts";
import { publishDemoCourse } from "../lib/demo-course.ts";
import { readDeployedAddresses } from "../lib/deployment.ts";
import { LOCAL_CERTIFICATE_ISSUER_KEY, LOCAL_OPERATOR_KEYS } from "../lib/local-keys.ts";
import { hardhat, rpc, run } from "../lib/runtime.ts";
import { bridgeServices, oracleBridgeSection, oracleBridgeStatus } from "./bridge.ts";
import { prepareSubgraph, SUBGRAPH_DIR } from "./subgraph.ts";

export interface StackContext {
  /** The repository root. */
  root: string;
  /** Where services keep state and logs (`.peper/`). */
  stateDir: string;
  /** Environment passed to every child: carries each service's URL for the ones after it. */
  env: NodeJS.ProcessEnv;
}

export interface ServiceDefinition {
  /** Short name in status lines and log file names. */
  name: string;
  /** The loopback port it listens on. */
  port: number;
  /** The environment variable that moves it to another port. */
  portEnv: string;
  /** The URL printed in the status line. */
  url: (port: number) => string;
  /** The command to run. */
  command: (port: number, ctx: StackContext) => [string, string[]];
  /** Resolves true once the service answers. */
  ready: (port: number, child: ChildProcess) => Promise<boolean>;
  /** Extra words for the status line. */
  describe?: string;
  /**
   * What the service is doing now, for a status line printed whenever it changes (for example an
   * oracle operator's last submitted round); undefined when there is nothing new to say.
   */
  status?: (port: number) => Promise<string | undefined>;
  /** False when the stack should go on if this service dies (default true: stop everything). */
  critical?: boolean;
  /** Work before the command runs (e.g. writing a config from the deployment); returns the
   * service's own environment variables (secrets stay out of the shared environment). */
  prepare?: (port: number, ctx: StackContext) => Promise<NodeJS.ProcessEnv>;
}

const portFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(`${name}=${raw} is not a port between 1024 and 65535.`);
  }
  return port;
};

const localChains = CHAINS.filter((c) => c.kind === "local");

/** The two local chains: Hardhat nodes on loopback. */
export const chainServices: ServiceDefinition[] = localChains.map((chain, i) => {
  const portEnv = `PEPER_CHAIN_${String.fromCharCode(65 + i)}_PORT`;
  const defaultPort = Number(new URL(chain.localRpcUrl!).port);
  return {
    name: `chain ${String.fromCharCode(65 + i)}`,
    port: portFromEnv(portEnv, defaultPort),
    portEnv,
    describe: `chainId ${chain.chainId} (${chain.network})`,
    url: (port) => `http://127.0.0.1:${port}`,
    command: (port) =>
      hardhat("node", "--hostname", "127.0.0.1", "--port", String(port), "--chain-id", String(chain.chainId)),
    ready: async (port) => {
      const id = await rpc<string>(`http://127.0.0.1:${port}`, "eth_chainId");
      return Number(id) === chain.chainId;
    },
  };
});

/** The local stack's first admin: whoever registers this e-mail first (README). */
export const LOCAL_ADMIN_EMAIL = "admin@peper.test";

// The local stack's fixed keys (the certificate issuer, the oracle operators, the Hyperlane
// validators) are Hardhat's well-known test keys, listed in one place: scripts/lib/local-keys.ts.

const oraclePorts = LOCAL_OPERATOR_KEYS.map((_, i) => portFromEnv(`PEPER_ORACLE_${i + 1}_PORT`, 7401 + i));

/**
 * The three oracle operators (threshold 2) posting PEPER/USD, decisions and the index vault's
 * portfolio weights on chain A every 15 s.
 */
export const oracleServices: ServiceDefinition[] = LOCAL_OPERATOR_KEYS.map((key, i) => ({
  name: `oracle ${i + 1}`,
  critical: false, // M-of-N: the other operators carry on
  port: oraclePorts[i]!,
  portEnv: `PEPER_ORACLE_${i + 1}_PORT`,
  describe:
    "operator: PEPER/USD, decisions and vault portfolio every 15 s on chain A; relays bridge attestations A ↔ B",
  status: async (port) => {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return undefined;
    // what this operator itself last signed or submitted, each with its own round (never the chain's),
    // and what it relayed on the bridge
    const health = (await res.json()) as OperatorActivity & Record<string, unknown>;
    const parts = [formatActivity(health), oracleBridgeStatus(health)].filter((p) => p !== undefined);
    return parts.length === 0 ? undefined : parts.join(" · ");
  },
  url: (port) => `http://127.0.0.1:${port}/health`,
  prepare: async (port, ctx) => {
    const chainA = chainServices[0]!;
    const rpcUrl = `http://127.0.0.1:${chainA.port}`;
    const deployed = readDeployedAddresses(31337);
    const hub = deployed["PeperLocal#OracleHub"]!;
    const peper = deployed["Governance#PeperToken"]!;
    const usdc = deployed["PeperLocal#USDC"]!;
    const weth = deployed["PeperLocal#WETH9"]!;
    const factoryAbi = parseAbi(["function getPair(address, address) view returns (address)"]);
    const getPair = async (a: string, b: string) =>
      decodeFunctionResult({
        abi: factoryAbi,
        functionName: "getPair",
        data: await rpc<Hex>(rpcUrl, "eth_call", [
          {
            to: deployed["PeperLocal#PeperFactory"],
            data: encodeFunctionData({ abi: factoryAbi, functionName: "getPair", args: [a as Hex, b as Hex] }),
          },
          "latest",
        ]),
      });
    const pair = await getPair(peper, usdc);
    const wethPair = await getPair(weth, usdc);
    const operators = LOCAL_OPERATOR_KEYS.map((k) => privateKeyToAccount(k).address);
    const dir = join(ctx.stateDir, `oracle-${i + 1}`);
    mkdirSync(dir, { recursive: true });
    const config = {
      chainId: 31337,
      hub,
      operators,
      threshold: 2,
      peers: operators
        .map((operator, j) => ({ operator, url: `http://127.0.0.1:${oraclePorts[j]}` }))
        .filter((_, j) => j !== i),
      feeds: ["price", "decisions", "portfolio"],
      intervalSeconds: 15,
      leaderTimeoutSeconds: 5,
      pricePair: pair,
      priceBase: peper,
      // The vault's weights come from the basket's own USDC pairs (TWAP closes every 5 blocks, 10 s)
      // once chain A has 251 of them (about 42 minutes) and the pairs have traded; until then the demo
      // replays REAL index history for the basket tokens, one day per round (labelled as such in the
      // dApp): PEPER follows the DAX and WETH the CAC 40 of the shipped EuStockMarkets data set.
      markets: [
        { asset: peper, symbol: "PEPER", history: { source: "dataset", series: "DAX" }, pair },
        { asset: weth, symbol: "WETH", history: { source: "dataset", series: "CAC" }, pair: wethPair },
      ],
      portfolio: { riskTolerance: 0.5, lookbackDays: 250, maxWeight: 1, history: { source: "twap", periodBlocks: 5 } },
      // the bridge's OperatorVerifier attestations between chains A and B (scripts/stack/bridge.ts)
      bridge: oracleBridgeSection(ctx),
    };
    writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
    return {
      PEPER_ORACLE_KEY: key,
      PEPER_ORACLE_RPC_URL: rpcUrl,
      PEPER_ORACLE_PORT: String(port),
      PEPER_ORACLE_STATE_DIR: dir,
    };
  },
  command: (port, ctx) => [
    process.execPath,
    ["oracle/bin/peper-oracle.ts", "--config", join(ctx.stateDir, `oracle-${i + 1}`, "config.json")],
  ],
  ready: async (port) => {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    return res.ok;
  },
}));

/** The IPFS gateway over the embedded store (.peper/ipfs) the demo put the NFT images in. */
export const ipfsService: ServiceDefinition = {
  name: "ipfs",
  port: portFromEnv("PEPER_IPFS_PORT", 8180),
  portEnv: "PEPER_IPFS_PORT",
  describe: "gateway: GET /ipfs/<cid>, POST /upload (embedded store, or Kubo via IPFS_API_URL)",
  url: (port) => `http://127.0.0.1:${port}/ipfs/`,
  prepare: async (port) => ({ PEPER_IPFS_PORT: String(port) }),
  command: () => [process.execPath, ["offchain/bin/peper-ipfs.ts"]],
  ready: async (port) => (await fetch(`http://127.0.0.1:${port}/health`)).ok,
};

/** The off-chain API (/api/v5), with its OpenAPI document at /api/v5/docs. */
export const apiService: ServiceDefinition = {
  name: "api",
  port: portFromEnv("PEPER_API_PORT", 8787),
  portEnv: "PEPER_API_PORT",
  describe: "/api/v5 (OpenAPI docs at /api/v5/docs): accounts, decisions, portfolios, DeFi, courses, rooms",
  url: (port) => `http://127.0.0.1:${port}/api/v5/docs`,
  prepare: async (port, ctx) => {
    // The demo's DeFi 101 course, published before the API opens the database (PGlite has one writer).
    await publishDemoCourse(
      { dataDir: join(ctx.stateDir, "db"), databaseUrl: ctx.env["DATABASE_URL"] },
      localChains[0]!.chainId,
    );
    return {
      PEPER_API_PORT: String(port),
      PEPER_LOG_LEVEL: "warn",
      // Its database (PGlite) and generated secrets live in the stack's state directory.
      PEPER_STATE_DIR: ctx.stateDir,
      PEPER_CHAIN_RPC_URLS: chainServices
        .map((chain, i) => `${localChains[i]!.chainId}=http://127.0.0.1:${chain.port}`)
        .join(","),
      PEPER_CERTIFICATE_ISSUER_KEY: LOCAL_CERTIFICATE_ISSUER_KEY,
      PEPER_IPFS_GATEWAY_URL: `http://127.0.0.1:${ipfsService.port}`,
      // Register this e-mail first to administer the local API (roles, tenants).
      PEPER_BOOTSTRAP_ADMIN_EMAIL: LOCAL_ADMIN_EMAIL,
      // Passkeys and Sign-In with Ethereum are bound to the dApp's origin, wherever PEPER_APP_PORT put it.
      PEPER_WEBAUTHN_ORIGINS: ctx.env["PEPER_WEBAUTHN_ORIGINS"] ?? `http://localhost:${appService.port}`,
      // The dApp's /api/v5 proxy (next start on loopback) passes on the visitor's address in
      // X-Forwarded-For; trusting it gives each visitor their own rate limits, not one for the proxy.
      PEPER_TRUST_PROXY: ctx.env["PEPER_TRUST_PROXY"] ?? "127.0.0.1",
    };
  },
  command: () => [process.execPath, ["offchain/bin/peper-api.ts"]],
  ready: async (port) => (await fetch(`http://127.0.0.1:${port}/api/v5/health`)).ok,
};

/** The subgraph's name on a local chain: /subgraphs/name/peper-local-a (graph-node's URL shape). */
export const subgraphName = (i: number): string => `peper-local-${String.fromCharCode(97 + i)}`;

/**
 * One embedded indexer per local chain: runs the subgraph's built WASM mappings over the chain's
 * events and serves the subgraph's GraphQL API (docs/indexer.md). State in .peper/indexer/, so a
 * restart resumes; a chain reset (`npm start -- --fresh` or a new node) is detected and reindexed.
 */
export const indexerServices: ServiceDefinition[] = localChains.map((chain, i) => {
  const letter = String.fromCharCode(65 + i);
  const portEnv = `PEPER_INDEXER_${letter}_PORT`;
  return {
    name: `indexer ${letter}`,
    port: portFromEnv(portEnv, 8000 + i),
    portEnv,
    describe: `subgraph ${subgraphName(i)} on ${chain.network}: GraphQL (graph-node's query shape)`,
    url: (port) => `http://127.0.0.1:${port}/subgraphs/name/${subgraphName(i)}`,
    prepare: async (port, ctx) => {
      await prepareSubgraph(ctx.env);
      // Every later service (the dApp) finds the indexed data here; SUBGRAPH_URL overrides it.
      const urls = (ctx.env["PEPER_SUBGRAPH_URLS"] ?? "").split(",").filter((u) => u !== "");
      urls.push(`${chain.chainId}=http://127.0.0.1:${port}/subgraphs/name/${subgraphName(i)}`);
      ctx.env["PEPER_SUBGRAPH_URLS"] = urls.join(",");
      mkdirSync(join(ctx.stateDir, "indexer"), { recursive: true });
      return { PEPER_LOG_LEVEL: "info" };
    },
    command: (port, ctx) => [
      process.execPath,
      [
        "subgraph/indexer/bin/peper-indexer.ts",
        "--rpc-url",
        `http://127.0.0.1:${chainServices[i]!.port}`,
        "--manifest",
        join(SUBGRAPH_DIR, "generated", chain.network, "subgraph.yaml"),
        "--build-dir",
        join(SUBGRAPH_DIR, "build"),
        "--db",
        join(ctx.stateDir, "indexer", `${chain.network}.sqlite`),
        "--port",
        String(port),
        "--name",
        subgraphName(i),
      ],
    ],
    ready: async (port) => (await fetch(`http://127.0.0.1:${port}/health`)).ok,
    status: async (port) => {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) return undefined;
      const health = (await res.json()) as {
        indexedBlock?: number | null;
        latestBlock?: number | null;
        hasIndexingErrors?: boolean;
        error?: string | null;
      };
      if (health.hasIndexingErrors) return `indexing stopped on an error: ${health.error ?? "see .peper/logs"}`;
      // Block numbers change every 2 s; report only falling behind, not every block.
      const behind = (health.latestBlock ?? 0) - (health.indexedBlock ?? 0);
      return behind > 20 ? `catching up: ${behind} blocks behind the chain` : "in sync";
    },
  };
});

/**
 * The dApp: `next start` on 127.0.0.1, built first when its sources changed
 * (app/scripts/build-if-stale.ts; ~1 min on two cores, then reused). It reads the deployment's
 * addresses, the chains' URLs (PEPER_LOCALA/B_RPC_URL), the API port and the subgraph URLs
 * (PEPER_SUBGRAPH_URLS, or SUBGRAPH_URL for a deployed subgraph) per request.
 */
export const appService: ServiceDefinition = {
  name: "app",
  port: portFromEnv("PEPER_APP_PORT", 3000),
  portEnv: "PEPER_APP_PORT",
  describe: "the dApp: markets, swap, liquidity, staking, farm, vault, DAO (injected wallets)",
  url: (port) => `http://localhost:${port}`,
  prepare: async (port, ctx) => {
    await run(process.execPath, ["app/scripts/build-if-stale.ts"], { quiet: true, env: ctx.env });
    return { PEPER_API_PORT: String(apiService.port), NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) };
  },
  command: (port) => [
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "app", "--hostname", "127.0.0.1", "--port", String(port)],
  ],
  ready: async (port) => (await fetch(`http://127.0.0.1:${port}/global`)).ok,
};

/** Every long-running service, in start order. */
export const services: ServiceDefinition[] = [
  ...chainServices,
  ipfsService,
  apiService,
  ...oracleServices,
  ...bridgeServices,
  ...indexerServices,
  appService,
];

/** The environment variable that tells Hardhat a local network's URL (see hardhat.config.ts). */
export const rpcUrlEnvFor = (network: string): string => `PEPER_${network.toUpperCase()}_RPC_URL`;

export { localChains };
