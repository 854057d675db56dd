#!/usr/bin/env node
// peper-api: the /api/v5 server on 127.0.0.1:$PEPER_API_PORT (default 8787), and the certificate
// issuer that mints queued course certificates. Structured JSON logs (pino) with credentials redacted;
// SIGINT/SIGTERM stop the issuer (after its current run), the server and the database, in that order.
// Configuration: see docs/api.md.
import { buildApi } from "../src/api/app.ts";
import { CertificateIssuer } from "../src/api/certificates.ts";
import { ApiConfigError, loadApiConfig } from "../src/api/config.ts";
import { openDatabase } from "../src/db/index.ts";
import { gatewayUploader } from "../src/ipfs/gatewayClient.ts";
import { createDecisionEngine } from "../src/models/decisionModel.ts";

let config;
try {
  config = loadApiConfig(process.env);
} catch (error) {
  if (!(error instanceof ApiConfigError)) throw error;
  console.error(`peper-api: ${error.message}`);
  process.exit(2);
}
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
    ...(config.redisUrl ? { realtime: { redisUrl: config.redisUrl } } : {}),
    ...(config.bootstrapAdminEmail ? { bootstrapAdminEmail: config.bootstrapAdminEmail } : {}),
  },
  { logger: { level: process.env.PEPER_LOG_LEVEL ?? "info" }, trustProxy: config.trustProxy },
);
const issuer = new CertificateIssuer(
  { database, chain: config.chain, now: app.peper.now },
  {
    logger: (event) => {
      const level = event.type === "retry" || event.type === "failed" || event.type === "error" ? "warn" : "info";
      app.log[level]({ certificates: event }, `certificate issuer: ${event.type}`);
    },
    ...(config.ipfsGatewayUrl ? { ipfs: gatewayUploader(config.ipfsGatewayUrl) } : {}),
  },
);
await app.listen({ port: config.port, host: "127.0.0.1" });
issuer.start(5_000);
app.log.info(
  { database: database.kind, chains: config.chain?.endpoints.map((e) => e.chainId) ?? [] },
  "peper-api ready",
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void issuer
    .stop()
    .then(() => app.close())
    .then(() => database.close())
    .then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
