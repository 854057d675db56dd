/**
 * Test helpers for the API: a server on a fresh in-memory PGlite database (or a throw-away
 * PostgreSQL database when asked), and users of any role, signed in. For tests only.
 */
import { eq } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import pg from "pg";

import { openDatabase, type PeperDatabase } from "../db/index.ts";
import { globalUsers, kycStatus, type Role } from "../db/schema.ts";
import { createDecisionEngine, type DecisionEngine } from "../models/decisionModel.ts";
import { buildApi, type ApiOptions } from "./app.ts";
import { startSession } from "./auth/session.ts";
import type { ApiContext, ApiDependencies } from "./context.ts";

export const TEST_SECRETS = {
  jwtSecret: "test-jwt-secret-test-jwt-secret-0123456789",
  dataKey: "test-data-key-test-data-key-test-data-key-0123",
} as const;

let engine: Promise<DecisionEngine> | undefined;
/** The decision engine, loaded once per test process. */
export const sharedDecisionEngine = (): Promise<DecisionEngine> => (engine ??= createDecisionEngine());

export interface TestApi {
  readonly app: FastifyInstance;
  readonly ctx: ApiContext;
  readonly database: PeperDatabase;
  /** Moves the API's clock (ms). */
  advance(ms: number): void;
  /** Registers a user (password "correct horse battery staple"), gives them `role`, signs them in. */
  user(role?: Role, overrides?: { email?: string; region?: string; kyc?: "verified" }): Promise<TestUser>;
  /**
   * Signs in an account created some other way (straight into the database) without a password: a
   * new session, as a passkey or wallet sign-in starts one. Returns its access and refresh tokens.
   */
  signIn(userId: string): Promise<{ accessToken: string; refreshToken: string }>;
  /** `app.inject` with a JSON body and, when given, a bearer token (from 127.0.0.1 unless `remoteAddress`). */
  call(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; remoteAddress?: string },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly accessToken: string;
  readonly refreshToken: string;
}

export const TEST_PASSWORD = "correct horse battery staple";

let counter = 0;

/**
 * A fresh API on its own database: in-memory PGlite, or — with `databaseUrl`, a PostgreSQL server
 * where that role may create databases — a new database `peper_test_<pid>_<n>` on that server,
 * dropped again by `close()`. Test files running at the same time never share a database.
 */
export async function testApi(
  options: ApiOptions & { databaseUrl?: string; deps?: Partial<ApiDependencies> } = {},
): Promise<TestApi> {
  let dropDatabase: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  if (options.databaseUrl) {
    const server = options.databaseUrl;
    const name = `peper_test_${process.pid}_${++counter}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: "memory://" });
  let offset = 0;
  const now = () => Date.now() + offset;
  const app = await buildApi(
    { decisionEngine: await sharedDecisionEngine(), database, secrets: TEST_SECRETS, now, ...options.deps },
    { ...options, limits: { authPerMinute: 10_000, perMinute: 100_000, ...options.limits } },
  );
  const call: TestApi["call"] = (method, url, o = {}) =>
    app.inject({
      method: method as "GET",
      url,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
      ...(o.body !== undefined ? { payload: o.body as object } : {}),
      ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
    });
  return {
    app,
    ctx: app.peper,
    database,
    advance: (ms) => {
      offset += ms;
    },
    call,
    async signIn(userId) {
      const ctx = app.peper;
      const [account] = await database.db.select().from(globalUsers).where(eq(globalUsers.id, userId));
      if (!account) throw new Error(`signIn: no account ${userId}`);
      const session = await database.db.transaction((tx) => startSession(tx, ctx, account, "siwe"));
      return { accessToken: session.access_token, refreshToken: session.refresh_token };
    },
    async user(role = "user", overrides = {}) {
      const email = overrides.email ?? `user${++counter}-${process.pid}@example.com`;
      const region = overrides.region ?? "DE";
      const reg = await call("POST", "/api/v5/auth/register", { body: { email, password: TEST_PASSWORD, region } });
      if (reg.statusCode !== 201) throw new Error(`register failed: ${reg.body}`);
      const id = (reg.json() as { user_profile: { id: string } }).user_profile.id;
      if (role !== "user") await database.db.update(globalUsers).set({ role }).where(eq(globalUsers.id, id));
      if (overrides.kyc) {
        await database.db.insert(kycStatus).values({ userId: id, status: overrides.kyc, reference: "test-case" });
      }
      const login = await call("POST", "/api/v5/auth/global-login", {
        body: { email, password: TEST_PASSWORD, region },
      });
      if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
      const tokens = login.json() as { access_token: string; refresh_token: string };
      return { id, email, role, accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
    },
    async close() {
      await app.close();
      await database.close();
      await dropDatabase?.();
    },
  };
}
