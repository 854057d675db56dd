import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { z } from "zod";

import { chainAccessFromDeployments, type ChainAccess } from "./chain.ts";
import type { ApiDependencies, ApiSecrets } from "./context.ts";

/** The API server's configuration, read from the environment (see docs/api.md). */
export interface ApiConfig {
  readonly port: number;
  /** PostgreSQL URL; when unset, PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly secrets: ApiSecrets;
  readonly chain: ChainAccess | undefined;
  readonly webauthn: ApiDependencies["webauthn"];
  /** For Redis-shared realtime rooms. */
  readonly redisUrl: string | undefined;
  /** Reverse proxies whose forwarding headers are trusted (PEPER_TRUST_PROXY, comma-separated). */
  readonly trustProxy: readonly string[];
  /** The e-mail that becomes the first admin when it registers (PEPER_BOOTSTRAP_ADMIN_EMAIL). */
  readonly bootstrapAdminEmail: string | undefined;
  /** A Peper IPFS gateway to publish certificate metadata through (PEPER_IPFS_GATEWAY_URL). */
  readonly ipfsGatewayUrl: string | undefined;
  /**
   * How many API processes serve the port (PEPER_API_WORKERS, default 1). More than one needs
   * DATABASE_URL (PGlite belongs to one process) and REDIS_URL (realtime rooms and rate-limit counters
   * shared between them).
   */
  readonly workers: number;
  /** Connections per process to PostgreSQL (PEPER_DB_POOL_SIZE; default from the cores, see `defaultPoolSize`). */
  readonly poolSize: number | undefined;
}

export class ApiConfigError extends Error {
  override name = "ApiConfigError";
}

const REPO_STATE = resolve(dirname(fileURLToPath(import.meta.url)), "../../../.peper");

const Env = z.object({
  PEPER_API_PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  DATABASE_URL: z.string().optional(),
  PEPER_STATE_DIR: z.string().optional(),
  PEPER_JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PEPER_DATA_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  /** `31337=http://127.0.0.1:8545,31338=http://127.0.0.1:8546` */
  PEPER_CHAIN_RPC_URLS: z
    .string()
    .regex(/^\d+=\S+(,\d+=\S+)*$/, "must look like 31337=http://127.0.0.1:8545,31338=http://127.0.0.1:8546")
    .optional(),
  PEPER_CERTIFICATE_ISSUER_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 32-byte hex private key")
    .optional(),
  PEPER_WEBAUTHN_RP_ID: z.string().optional(),
  PEPER_WEBAUTHN_ORIGINS: z.string().optional(),
  REDIS_URL: z.string().optional(),
  PEPER_TRUST_PROXY: z.string().optional(),
  PEPER_BOOTSTRAP_ADMIN_EMAIL: z.email({ message: "must be an e-mail address" }).optional(),
  PEPER_IPFS_GATEWAY_URL: z.url({ message: "must be the gateway's URL, like http://127.0.0.1:8180" }).optional(),
  PEPER_API_WORKERS: z.coerce
    .number({ message: "must be a whole number of processes from 1 to 64" })
    .int("must be a whole number of processes from 1 to 64")
    .min(1, "must be a whole number of processes from 1 to 64")
    .max(64, "must be a whole number of processes from 1 to 64")
    .default(1),
  PEPER_DB_POOL_SIZE: z.coerce
    .number({ message: "must be a whole number of connections from 1 to 1000" })
    .int("must be a whole number of connections from 1 to 1000")
    .min(1, "must be a whole number of connections from 1 to 1000")
    .max(1000, "must be a whole number of connections from 1 to 1000")
    .optional(),
});

/**
 * Reads the configuration. Without PEPER_JWT_SECRET / PEPER_DATA_KEY (local use), secrets are generated
 * once into `<state dir>/api-secrets.json` (mode 0600) so tokens and encrypted TOTP seeds survive restarts.
 *
 * @throws {ApiConfigError} naming the variable that is wrong.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiConfigError(`${String(issue.path[0])} ${issue.message}.`);
  }
  const e = parsed.data;
  if (e.PEPER_API_WORKERS > 1 && !e.DATABASE_URL?.trim()) {
    throw new ApiConfigError(
      `PEPER_API_WORKERS=${e.PEPER_API_WORKERS} needs DATABASE_URL: the embedded database (PGlite) can be opened by one process only; set DATABASE_URL to a PostgreSQL server or PEPER_API_WORKERS=1.`,
    );
  }
  if (e.PEPER_API_WORKERS > 1 && !e.REDIS_URL?.trim()) {
    throw new ApiConfigError(
      `PEPER_API_WORKERS=${e.PEPER_API_WORKERS} needs REDIS_URL: the processes share the trading floor's rooms and the rate-limit counters through Redis; set REDIS_URL or PEPER_API_WORKERS=1.`,
    );
  }
  const stateDir = e.PEPER_STATE_DIR ? resolve(e.PEPER_STATE_DIR) : REPO_STATE;
  const secrets =
    e.PEPER_JWT_SECRET && e.PEPER_DATA_KEY
      ? { jwtSecret: e.PEPER_JWT_SECRET, dataKey: e.PEPER_DATA_KEY }
      : localSecrets(join(stateDir, "api-secrets.json"));
  const rpcUrls = e.PEPER_CHAIN_RPC_URLS
    ? Object.fromEntries(e.PEPER_CHAIN_RPC_URLS.split(",").map((pair) => pair.split("=", 2) as [string, string]))
    : undefined;
  const origins = (e.PEPER_WEBAUTHN_ORIGINS ?? "http://localhost:3000").split(",").filter(Boolean);
  return {
    port: e.PEPER_API_PORT,
    databaseUrl: e.DATABASE_URL?.trim() || undefined,
    dataDir: join(stateDir, "db"),
    secrets,
    chain: rpcUrls
      ? chainAccessFromDeployments(
          Object.fromEntries(Object.entries(rpcUrls).map(([id, url]) => [Number(id), url])),
          e.PEPER_CERTIFICATE_ISSUER_KEY as `0x${string}` | undefined,
        )
      : undefined,
    webauthn: { rpId: e.PEPER_WEBAUTHN_RP_ID ?? "localhost", rpName: "Peper", origins },
    redisUrl: e.REDIS_URL?.trim() || undefined,
    ipfsGatewayUrl: e.PEPER_IPFS_GATEWAY_URL,
    bootstrapAdminEmail: e.PEPER_BOOTSTRAP_ADMIN_EMAIL,
    workers: e.PEPER_API_WORKERS,
    poolSize: e.PEPER_DB_POOL_SIZE,
    trustProxy: (e.PEPER_TRUST_PROXY ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  };
}

function localSecrets(file: string): ApiSecrets {
  if (existsSync(file)) {
    const stored = z
      .object({ jwtSecret: z.string().min(32), dataKey: z.string().min(32) })
      .safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!stored.success)
      throw new ApiConfigError(`${file} is damaged; delete it (signed-in users will have to sign in again).`);
    return stored.data;
  }
  const secrets = { jwtSecret: randomBytes(32).toString("base64url"), dataKey: randomBytes(32).toString("base64url") };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets)}\n`, { mode: 0o600 });
  return secrets;
}
