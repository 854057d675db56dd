#!/usr/bin/env node
// peper-accountant: every block, PEPER locked in the home chain's BridgeManager against the bridged
// supplies on the remote chains (plus what is in flight and queued), one status line each time it
// changes; on a confirmed discrepancy (locked < bridged) it pauses every BridgeManager as guardian.
// See oracle/src/bridge/accountant.ts.
//   peper-accountant --config <file.json>
// From the environment: PEPER_ACCOUNTANT_GUARDIAN_KEY (absent: report only),
// PEPER_ACCOUNTANT_RPC_URLS (chainId=url,…), PEPER_ACCOUNTANT_PORT (GET /health).
import { parseArgs } from "node:util";

import { createAccountant } from "../src/bridge/accountant.ts";
import { parseAccountantConfig, readJsonFile } from "../src/bridge/config.ts";
import { ConfigError } from "../src/config.ts";

const { values } = parseArgs({ options: { config: { type: "string" } } });
if (!values.config) {
  console.error("Usage: peper-accountant --config <file.json>");
  process.exit(2);
}
let config;
try {
  config = parseAccountantConfig(readJsonFile(values.config), process.env);
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message.replace("oracle configuration", "accountant configuration") : error,
  );
  process.exit(2);
}
const accountant = createAccountant(config);
await accountant.start();
const stop = () => void accountant.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
