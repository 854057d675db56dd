import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";
import type { NetworkUserConfig } from "hardhat/types/config";

import { CHAINS, DEPLOYER_KEY_ENV } from "./offchain/src/protocol/chains.ts";

// The compiler comes from the npm package `solc` (its WebAssembly build), never from a download.
// See docs/toolchain.md.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const solcPath = require.resolve("solc/soljson.js");

// Fuzz tiers: a quick tier for local runs, a deeper one in CI (CI=true) or on request.
const deep = process.env.CI === "true" || process.env.PEPER_DEEP_FUZZ === "1";

const networks: Record<string, NetworkUserConfig> = {};
for (const chain of CHAINS) {
  networks[chain.network] =
    chain.kind === "local"
      ? { type: "http", chainType: chain.chainType, chainId: chain.chainId, url: chain.localRpcUrl! }
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
    sources: "./contracts/src",
    tests: { mocha: "./contracts/test", solidity: "./contracts/test" },
    ignition: "./contracts/ignition",
  },
  solidity: {
    version: solcVersion,
    path: solcPath,
    settings: {
      // cancun: every target chain supports it (transient storage, mcopy); prague adds nothing we use.
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
    },
  },
  networks: {
    // The in-process chain used by tests. Two chain ids exist so bridge tests can run both sides.
    default: { type: "edr-simulated", chainType: "l1", chainId: 31337 },
    ...networks,
  },
  test: {
    solidity: {
      fuzz: { runs: deep ? 2048 : 256 },
      invariant: { runs: deep ? 128 : 32, depth: deep ? 64 : 32 },
    },
  },
});
