/**
 * The off-chain API's database: PostgreSQL through Drizzle ORM, either a real server (when a
 * connection URL is given, normally `DATABASE_URL`) or PGlite, PostgreSQL compiled to WebAssembly and
 * embedded in the process (the default, needing nothing installed).
 *
 * ```ts
 * import { openDatabase, schema } from "../db/index.ts";
 *
 * const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
 * const [user] = await database.db
 *   .insert(schema.globalUsers)
 *   .values({ email: "ada@example.com", passwordHash, region: "GB" })
 *   .returning();
 * await database.close();
 * ```
 *
 * Opening applies any migration in `./migrations` not yet applied (see `offchain/drizzle.config.ts`),
 * so a fresh database is usable at once and an upgraded API upgrades its database on start.
 */
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";

import { BaseError } from "../errors/base.ts";
import * as schema from "./schema.ts";

export { schema };

/** The tables of `./schema.ts`, as Drizzle sees them. */
export type Schema = typeof schema;

/**
 * A Drizzle database over Peper's schema, whichever driver is underneath: `db.select()`,
 * `db.insert(schema.globalUsers)`, `db.transaction(…)`, `db.query.globalUsers.findFirst(…)`.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** Which engine a {@link PeperDatabase} runs on. */
export type DatabaseKind = "pglite" | "postgres";

/** Where the database is. With neither field set: PGlite under `<repository>/.peper/db`. */
export interface OpenDatabaseOptions {
  /**
   * A PostgreSQL connection URL (`postgres://user:password@host:5432/peper`), normally
   * `process.env.DATABASE_URL`. When set (and not empty), it wins over `dataDir`.
   */
  databaseUrl?: string;
  /**
   * PGlite's data directory, created if missing (default `<repository>/.peper/db`), or `memory://`
   * for a throw-away in-memory database. One process at a time may open a directory.
   */
  dataDir?: string;
  /**
   * PostgreSQL only: the most connections this process opens (default {@link defaultPoolSize}, or
   * PEPER_DB_POOL_SIZE). More connections than the server has cores only queue inside PostgreSQL.
   */
  poolSize?: number;
}

/**
 * The default pool of one API process: twice the cores, at least 4 and at most 16 (a request holds a
 * connection only for its statements; the audit log's group commit writes on one connection at a time).
 */
export function defaultPoolSize(cores = availableParallelism()): number {
  return Math.min(16, Math.max(4, 2 * cores));
}

/**
 * Plain SQL on one connection inside a transaction, with the statement's name so that PostgreSQL
 * parses and plans it once per connection (a prepared statement). Rows come back as the driver
 * gives them (bigint as string, timestamptz as Date).
 */
export interface SqlSession {
  query<Row extends Record<string, unknown>>(name: string, text: string, params: readonly unknown[]): Promise<Row[]>;
}

/** Options of {@link PeperDatabase.transaction}. */
export interface TransactionOptions {
  /**
   * Constant SQL (no parameters, one or more statements) run right after BEGIN, in the same round
   * trip as BEGIN on a PostgreSQL server; `work` gets the rows of its last statement.
   */
  readonly openWith?: string;
}

/** An open database. Call `close()` when done (tests, shutdown), or the process may not exit. */
export interface PeperDatabase {
  /** The Drizzle database. */
  readonly db: Database;
  /** `"postgres"` when connected to a server through `databaseUrl`, else `"pglite"`. */
  readonly kind: DatabaseKind;
  /** Closes the connection pool or the embedded database. Safe to call more than once. */
  close(): Promise<void>;
  /**
   * Runs `work` in one transaction on one connection, with prepared statements (see {@link SqlSession}):
   * committed when `work` resolves, rolled back when it throws. Used by the audit log's group commit,
   * where a round trip saved is saved for every request of a batch. Absent on databases made by hand.
   */
  readonly transaction?: <T>(
    work: (session: SqlSession, opened: readonly Record<string, unknown>[]) => Promise<T>,
    options?: TransactionOptions,
  ) => Promise<T>;
}

/** Why a database could not be opened. */
export type DatabaseProblem = "unreachable" | "migration-failed";

/**
 * The database could not be opened: the server at `DATABASE_URL` could not be reached, timed out,
 * rejected the credentials or has no such database (`"unreachable"`; `retryable` is false for the last
 * two), or a migration failed (`"migration-failed"`). Messages and `url` never contain a password.
 */
export class DatabaseError extends BaseError {
  override name = "DatabaseError";
  readonly problem: DatabaseProblem;
  /** The database's location with any password replaced by `***` (a PGlite directory for PGlite). */
  readonly url: string;

  constructor(
    problem: DatabaseProblem,
    url: string,
    message: string,
    options: { details?: string; cause?: unknown; retryable?: boolean },
  ) {
    super(message, { ...options, retryable: options.retryable ?? problem === "unreachable" });
    this.problem = problem;
    this.url = url;
  }
}

/** Where the SQL migrations generated by drizzle-kit live. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/** `<repository>/.peper/db`, the repository's state directory (ignored by git). */
const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../.peper/db");

/** How long to wait for a PostgreSQL server to accept a connection before giving up. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The key of the PostgreSQL advisory lock held while migrating, so that several API instances
 * starting together migrate one after the other instead of racing. (Arbitrary, fixed: "peper-db".)
 */
const MIGRATION_LOCK_KEY = 0x7065706572_6462n;

/**
 * Opens the database and applies pending migrations (a no-op when there are none).
 *
 * @throws {DatabaseError} `problem: "unreachable"` when `databaseUrl` is set but the server cannot be
 *   reached or refuses the connection; `problem: "migration-failed"` when a migration fails (it is
 *   rolled back; the database stays as it was).
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<PeperDatabase> {
  const databaseUrl = options.databaseUrl?.trim();
  const poolSize = options.poolSize ?? poolSizeFromEnv(process.env.PEPER_DB_POOL_SIZE) ?? defaultPoolSize();
  return databaseUrl ? openPostgres(databaseUrl, poolSize) : openPglite(options.dataDir ?? DEFAULT_DATA_DIR);
}

/** PEPER_DB_POOL_SIZE as a whole number from 1 to 1000; anything else is refused with the reason. */
function poolSizeFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new RangeError(`PEPER_DB_POOL_SIZE must be a whole number from 1 to 1000 (got "${value}").`);
  }
  return n;
}

/**
 * The connection URL with its password (if any) replaced by `***`, for logs and error messages.
 * Handles URLs (`postgres://user:pw@host/db`) and libpq key=value strings (`host=x password=pw`).
 */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    for (const key of ["password", "sslpassword"]) if (url.searchParams.has(key)) url.searchParams.set(key, "***");
    return url.toString();
  } catch {
    return databaseUrl.replace(/\b(password|sslpassword)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/gi, "$1=***");
  }
}

async function openPglite(dataDir: string): Promise<PeperDatabase> {
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(inMemory ? dataDir : resolve(dataDir));
  const db = drizzlePglite({ client, schema });
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await client.close();
    throw migrationFailed(dataDir, error);
  }
  const transaction = <T>(
    work: (session: SqlSession, opened: readonly Record<string, unknown>[]) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> =>
    client.transaction(async (tx) => {
      const opened = options.openWith ? ((await tx.exec(options.openWith)).at(-1)?.rows ?? []) : [];
      return work(
        {
          query: async <Row extends Record<string, unknown>>(_name: string, text: string, params: readonly unknown[]) =>
            (await tx.query<Row>(text, [...params])).rows,
        },
        opened as Record<string, unknown>[],
      );
    });
  return { db, kind: "pglite", close: once(() => client.close()), transaction };
}

async function openPostgres(databaseUrl: string, poolSize: number): Promise<PeperDatabase> {
  const redacted = redactDatabaseUrl(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: poolSize,
  });
  // An idle pooled connection that dies (server restart) emits "error" on the pool, which would crash
  // the process if nobody listened. pg drops that connection; the next query opens a fresh one.
  pool.on("error", () => {});

  let connection: pg.PoolClient;
  try {
    connection = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseError(
      "unreachable",
      redacted,
      `Cannot connect to the PostgreSQL database in DATABASE_URL (${redacted}).`,
      {
        details: `${scrub(errorMessage(error), databaseUrl)}. Check that the server is running and that DATABASE_URL's host, port, database name and credentials are right, or unset DATABASE_URL to use the embedded database (PGlite).`,
        cause: scrubError(error, databaseUrl),
        // Wrong credentials (SQLSTATE class 28) or a missing database (3D000) will not fix themselves.
        retryable: !/^(28|3D)/.test(sqlState(error) ?? ""),
      },
    );
  }

  // Migrate on one dedicated connection holding a session-level advisory lock; destroying the
  // connection afterwards ends the session and with it the lock, whatever happened.
  let migrationError: unknown;
  try {
    await connection.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY.toString()]);
    await migratePostgres(drizzlePostgres({ client: connection, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    migrationError = error ?? new Error("unknown error");
  }
  connection.release(true);
  if (migrationError !== undefined) {
    await pool.end().catch(() => {});
    throw migrationFailed(redacted, migrationError, databaseUrl);
  }

  const db = drizzlePostgres({ client: pool, schema });
  const transaction = async <T>(
    work: (session: SqlSession, opened: readonly Record<string, unknown>[]) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> => {
    const client = await pool.connect();
    let broken = false;
    try {
      // BEGIN and the opening statements in one simple-protocol round trip (pg answers one result
      // per statement).
      const begun: unknown = await client.query(options.openWith ? `BEGIN; ${options.openWith}` : "BEGIN");
      const last = Array.isArray(begun) ? (begun.at(-1) as pg.QueryResult | undefined) : undefined;
      const opened = (last?.rows ?? []) as Record<string, unknown>[];
      const result = await work(
        {
          query: async <Row extends Record<string, unknown>>(name: string, text: string, params: readonly unknown[]) =>
            (await client.query<Row>({ name, text, values: [...params] })).rows,
        },
        opened,
      );
      await client.query("COMMIT");
      return result;
    } catch (error) {
      // A failed ROLLBACK means the connection is unusable: drop it instead of returning it to the pool.
      await client.query("ROLLBACK").catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  };
  return { db, kind: "postgres", close: once(() => pool.end()), transaction };
}

function migrationFailed(where: string, error: unknown, secretSource?: string): DatabaseError {
  const message = secretSource ? scrub(errorMessage(error), secretSource) : errorMessage(error);
  return new DatabaseError(
    "migration-failed",
    where,
    `Migrating the database at ${where} failed; nothing was changed.`,
    {
      details: `${message}. The migrations are in offchain/src/db/migrations.`,
      cause: secretSource ? scrubError(error, secretSource) : error,
    },
  );
}

/** The SQLSTATE a PostgreSQL server answered with, if the error came from one. */
function sqlState(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(errorMessage).join("; ");
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && code && !error.message.includes(code)
      ? `${error.message || error.name} (${code})`
      : error.message || error.name;
  }
  return String(error);
}

/** The password in `databaseUrl`, if it has one. */
function passwordOf(databaseUrl: string): string | undefined {
  try {
    const password = new URL(databaseUrl).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return /\bpassword\s*=\s*'?([^'\s]+)/i.exec(databaseUrl)?.[1];
  }
}

/** `text` with the connection string and its password blanked out (drivers sometimes echo them). */
function scrub(text: string, databaseUrl: string): string {
  let out = text.replaceAll(databaseUrl, redactDatabaseUrl(databaseUrl));
  const password = passwordOf(databaseUrl);
  if (password) out = out.replaceAll(password, "***");
  return out;
}

/** The driver's error, kept as the cause, with the password scrubbed from its message and stack. */
function scrubError(error: unknown, databaseUrl: string): unknown {
  if (!(error instanceof Error)) return error;
  error.message = scrub(error.message, databaseUrl);
  if (error.stack) error.stack = scrub(error.stack, databaseUrl);
  return error;
}

/** `close` that only runs once, however often it is called. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}
