#!/usr/bin/env node
// peper-api: the /api/v5 server on 127.0.0.1:$PEPER_API_PORT (default 8787). Structured JSON logs
// (pino) with credentials redacted; SIGINT/SIGTERM close it gracefully.
import { buildApi } from "../src/api/app.ts";
import { createDecisionEngine } from "../src/models/decisionModel.ts";

const port = Number(process.env.PEPER_API_PORT ?? 8787);
const app = await buildApi(
  { decisionEngine: await createDecisionEngine() },
  { logger: { level: process.env.PEPER_LOG_LEVEL ?? "info" } },
);
await app.listen({ port, host: "127.0.0.1" });
const stop = () => void app.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
