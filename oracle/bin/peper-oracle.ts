#!/usr/bin/env node
// peper-oracle: one operator node. `peper-oracle --config <file>`; secrets from the environment
// (PEPER_ORACLE_KEY, PEPER_ORACLE_RPC_URL, PEPER_ORACLE_PORT, PEPER_ORACLE_STATE_DIR).
import { parseArgs } from "node:util";

import { ConfigError, loadConfig } from "../src/config.ts";
import { createOracleNode } from "../src/node.ts";

const { values } = parseArgs({ options: { config: { type: "string" } } });
if (!values.config) {
  console.error("Usage: peper-oracle --config <file.json>");
  process.exit(2);
}
let config;
try {
  config = loadConfig(values.config);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
}
const node = createOracleNode(config);
await node.start();
const stop = () => void node.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
