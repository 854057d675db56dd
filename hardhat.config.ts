import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";
import type { NetworkUserConfig } from "hardhat/types/config";

import { CHAINS, DEPLOYER_KEY_ENV } from "./offchain/src/protocol/chains.ts";
import { ensureEdr } from "./scripts/postinstall.js";

// `npm install <pkg>` on Node 20 prunes Hardhat's native simulator package; put it back if so.
ensureEdr();

// The compiler comes from the npm package `solc` (its WebAssembly build), never from a download.
// See docs/toolchain.md.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const solcPath = require.resolve("solc/soljson.js");

/** solc from npm with our settings; `runs` trades deployment size for call gas. */
const compiler = (runs: number, viaIR = false) => ({
  version: solcVersion,
  path: solcPath,
  settings: {
    // cancun: every target chain supports it (transient storage, mcopy); prague adds nothing we use.
    evmVersion: "cancun",
    optimizer: { enabled: true, runs },
    ...(viaIR ? { viaIR } : {}),
  },
});

// Fuzz tiers: a quick tier for local runs, a deeper one in CI (CI=true) or on request.
const deep = process.env.CI === "true" || process.env.PEPER_DEEP_FUZZ === "1";

const networks: Record<string, NetworkUserConfig> = {};
for (const chain of CHAINS) {
  networks[chain.network] =
    chain.kind === "local"
      ? {
          type: "http",
          chainType: chain.chainType,
          chainId: chain.chainId,
          // `npm start` may move the local chains to other ports (PEPER_CHAIN_A_PORT / PEPER_CHAIN_B_PORT).
          url: process.env[`PEPER_${chain.network.toUpperCase()}_RPC_URL`] ?? chain.localRpcUrl!,
        }
      : {
          type: "http",
          chainType: chain.chainType,
          chainId: chain.chainId,
          url: configVariable(chain.rpcUrlEnv!),
          accounts: [configVariable(DEPLOYER_KEY_ENV)],
        };
}

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  paths: {
    // Test helper contracts (mocks, hostile tokens, reference implementations for gas comparisons)
    // are sources too, so that mocha tests get their artifacts; they never reach the protocol module.
    sources: ["./contracts/src", "./contracts/test/mocks", "./contracts/test/reference"],
    tests: { mocha: "./contracts/test", solidity: "./contracts/test" },
    ignition: "./contracts/ignition",
  },
  solidity: {
    // One set of settings for every build profile, so tests measure the gas of the bytecode we deploy.
    // `ignition deploy` builds with "production"; scripts compile with that profile before deploying.
    profiles: Object.fromEntries(
      ["default", "production"].map((profile) => [
        profile,
        {
          isolated: false,
          compilers: [compiler(200)],
          // The AMM runs on every trade (BENCHMARKS.md, decision 0003). Router: deployed once, optimised for
          // calls. Pair: through IR at 20,000 runs, since each pair's creation is paid per pair; the factory
          // embeds the pair's creation code, so it must be compiled with the pair's settings.
          overrides: {
            "contracts/src/defi/PeperRouter.sol": compiler(1_000_000, true),
            "contracts/src/defi/PeperFactory.sol": compiler(20_000, true),
            "contracts/src/defi/PeperPair.sol": compiler(20_000, true),
          },
        },
      ]),
    ),
  },
  networks: {
    // The in-process chain used by tests. Two chain ids exist so bridge tests can run both sides.
    default: { type: "edr-simulated", chainType: "l1", chainId: 31337 },
    ...networks,
  },
  ignition: {
    // Local deploys (scripts/lib/deploy.ts) poll fast; public chains keep Ignition's 1 s default.
    blockPollingInterval: Number(process.env.PEPER_IGNITION_POLL_MS ?? 1000),
  },
  test: {
    solidity: {
      fuzz: { runs: deep ? 2048 : 256 },
      invariant: { runs: deep ? 128 : 32, depth: deep ? 64 : 32 },
    },
  },
});
