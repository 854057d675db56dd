#!/usr/bin/env node
// peper-api: the /api/v5 server on 127.0.0.1:$PEPER_API_PORT (default 8787). Structured JSON logs
// (pino) with credentials redacted; SIGINT/SIGTERM close it gracefully. Configuration: see docs/api.md.
import { loadApiConfig } from "../src/api/config.ts";
import { buildApi } from "../src/api/app.ts";
import { openDatabase } from "../src/db/index.ts";
import { createDecisionEngine } from "../src/models/decisionModel.ts";

const config = loadApiConfig(process.env);
const database = await openDatabase(
  config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
);
const app = await buildApi(
  {
    decisionEngine: await createDecisionEngine(),
    database,
    secrets: config.secrets,
    ...(config.chain ? { chain: config.chain } : {}),
    ...(config.webauthn ? { webauthn: config.webauthn } : {}),
  },
  { logger: { level: process.env.PEPER_LOG_LEVEL ?? "info" } },
);
await app.listen({ port: config.port, host: "127.0.0.1" });
app.log.info(
  { database: database.kind, chains: config.chain?.endpoints.map((e) => e.chainId) ?? [] },
  "peper-api ready",
);
const stop = () =>
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
