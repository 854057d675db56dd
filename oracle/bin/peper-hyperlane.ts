#!/usr/bin/env node
// peper-hyperlane: the Hyperlane validator and relayer for the bridge's second verifier — our
// TypeScript implementation of the roles of Hyperlane's Rust agents (not on npm), against
// Hyperlane's unchanged contracts; see oracle/src/bridge/hyperlane.ts.
//   peper-hyperlane --config <file.json>
// Secrets and per-machine settings from the environment: PEPER_HYPERLANE_VALIDATOR_KEYS (comma-
// separated; the validators' keys, not the operators'), PEPER_HYPERLANE_RELAYER_KEY,
// PEPER_HYPERLANE_RPC_URLS (chainId=url,…), PEPER_HYPERLANE_PORT (GET /health),
// PEPER_HYPERLANE_STATE_DIR.
import { parseArgs } from "node:util";

import { parseHyperlaneConfig, readJsonFile } from "../src/bridge/config.ts";
import { createHyperlaneAgent } from "../src/bridge/hyperlane.ts";
import { ConfigError } from "../src/config.ts";

const { values } = parseArgs({ options: { config: { type: "string" } } });
if (!values.config) {
  console.error("Usage: peper-hyperlane --config <file.json>");
  process.exit(2);
}
let config;
try {
  config = parseHyperlaneConfig(readJsonFile(values.config), process.env);
} catch (error) {
  console.error(
    error instanceof ConfigError
      ? error.message.replace("oracle configuration", "Hyperlane agent configuration")
      : error,
  );
  process.exit(2);
}
const agent = createHyperlaneAgent(config);
await agent.start();
const stop = () => void agent.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
