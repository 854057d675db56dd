// A `peper-oracle` process with an injected fault, for the fault tests (never used by the stack):
//   PEPER_TEST_FAULT=wrong-value        observes a different portfolio (risk tolerance 1 − the real one)
//   PEPER_TEST_FAULT=die-before-submit  exits (code 3) when, as a round's first leader, it holds
//                                       enough signatures (so the round has time for failover)
//   PEPER_TEST_FAULT=bridge-lie         signs bridge attestations for another amount (+1 wei) and
//                                       asks its peers to sign that one too
// Usage: node oracle/test/operator.ts --config <file>
import { parseArgs } from "node:util";

import { loadConfig } from "../src/config.ts";
import { observePortfolio } from "../src/engines.ts";
import { createOracleNode, jsonLogger, type NodeHooks } from "../src/node.ts";
import { privateKeyToAccount } from "viem/accounts";

const { values } = parseArgs({ options: { config: { type: "string" } } });
const config = loadConfig(values.config!);
const log = jsonLogger(privateKeyToAccount(config.operatorKey).address);
const hooks: NodeHooks = {};
if (process.env.PEPER_TEST_FAULT === "wrong-value") {
  hooks.alterReport = (feed, round, report) =>
    feed === "portfolio"
      ? {
          ...report,
          payload: observePortfolio(
            config.markets,
            { ...config.portfolio, riskTolerance: 1 - config.portfolio.riskTolerance },
            round,
          ).payload,
        }
      : report;
}
if (process.env.PEPER_TEST_FAULT === "die-before-submit") {
  hooks.beforeSubmit = (feed, round, attempt) => {
    if (attempt !== 0) return;
    log("error", "fault injected: dying before submitting", { feed, round });
    process.exit(3);
  };
}
if (process.env.PEPER_TEST_FAULT === "bridge-lie") {
  hooks.bridge = { alterMessage: (message) => ({ ...message, amount: message.amount + 1n }) };
}
const node = createOracleNode(config, log, hooks);
await node.start();
const stop = () => void node.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
