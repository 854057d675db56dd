#!/usr/bin/env node
// peper-api: the /api/v5 server on 127.0.0.1:$PEPER_API_PORT (default 8787), and the certificate
// issuer that mints queued course certificates. Structured JSON logs (pino) with credentials redacted;
// SIGINT/SIGTERM stop the issuer (after its current run), the server and the database, in that order.
// PEPER_API_WORKERS=n runs n API processes on the port (node:cluster; needs DATABASE_URL and REDIS_URL).
// Configuration: see docs/api.md.
import { buildApi } from "../src/api/app.ts";
import { CertificateIssuer } from "../src/api/certificates.ts";
import { runApiProcesses } from "../src/api/cluster.ts";
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
await runApiProcesses({
  workers: config.workers,
  log: (message, fields) => console.log(JSON.stringify({ level: 30, time: Date.now(), msg: message, ...fields })),
  start: async (index) => {
    const database = await openDatabase({
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
      ...(config.poolSize ? { poolSize: config.poolSize } : {}),
    });
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
    // One issuer is enough (it claims queued certificates with row locks, so more would be safe too).
    const issuer =
      index === 0
        ? new CertificateIssuer(
            { database, chain: config.chain, now: app.peper.now },
            {
              logger: (event) => {
                const level =
                  event.type === "retry" || event.type === "failed" || event.type === "error" ? "warn" : "info";
                app.log[level]({ certificates: event }, `certificate issuer: ${event.type}`);
              },
              ...(config.ipfsGatewayUrl ? { ipfs: gatewayUploader(config.ipfsGatewayUrl) } : {}),
            },
          )
        : undefined;
    await app.listen({ port: config.port, host: "127.0.0.1" });
    issuer?.start(5_000);
    app.log.info(
      {
        database: database.kind,
        chains: config.chain?.endpoints.map((e) => e.chainId) ?? [],
        worker: index,
        workers: config.workers,
      },
      "peper-api ready",
    );
    return {
      // The issuer first (after its current run), then the server (finishing its requests), then the database.
      stop: async () => {
        await issuer?.stop();
        await app.close();
        await database.close();
      },
    };
  },
});
