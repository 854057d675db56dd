/**
 * PEPER_API_WORKERS and PEPER_DB_POOL_SIZE: read and checked, and several processes refused without
 * the shared PostgreSQL and Redis they need (with the reason), so that n processes never open one
 * PGlite directory or split the realtime rooms.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { defaultPoolSize } from "../db/index.ts";
import { ApiConfigError, loadApiConfig } from "./config.ts";

const base = {
  PEPER_JWT_SECRET: "j".repeat(32),
  PEPER_DATA_KEY: "d".repeat(32),
};

describe("API processes and pool size in the configuration", () => {
  it("defaults to one process and the pool from the cores", () => {
    const config = loadApiConfig(base);
    assert.equal(config.workers, 1);
    assert.equal(config.poolSize, undefined);
  });

  it("reads PEPER_API_WORKERS with DATABASE_URL and REDIS_URL, and PEPER_DB_POOL_SIZE", () => {
    const config = loadApiConfig({
      ...base,
      PEPER_API_WORKERS: "4",
      PEPER_DB_POOL_SIZE: "6",
      DATABASE_URL: "postgres://peper@127.0.0.1/peper",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    assert.equal(config.workers, 4);
    assert.equal(config.poolSize, 6);
  });

  it("refuses several processes without DATABASE_URL or without REDIS_URL, naming what to set", () => {
    assert.throws(
      () => loadApiConfig({ ...base, PEPER_API_WORKERS: "2", REDIS_URL: "redis://127.0.0.1:6379" }),
      (e: unknown) => e instanceof ApiConfigError && /needs DATABASE_URL/.test(e.message),
    );
    assert.throws(
      () => loadApiConfig({ ...base, PEPER_API_WORKERS: "2", DATABASE_URL: "postgres://peper@127.0.0.1/peper" }),
      (e: unknown) => e instanceof ApiConfigError && /needs REDIS_URL/.test(e.message),
    );
  });

  it("refuses values that are not a whole number in range", () => {
    for (const bad of ["0", "65", "1.5", "two", "-1"]) {
      assert.throws(
        () => loadApiConfig({ ...base, PEPER_API_WORKERS: bad }),
        (e: unknown) => e instanceof ApiConfigError && e.message.startsWith("PEPER_API_WORKERS"),
        bad,
      );
    }
    for (const bad of ["0", "1001", "x"]) {
      assert.throws(
        () => loadApiConfig({ ...base, PEPER_DB_POOL_SIZE: bad }),
        (e: unknown) => e instanceof ApiConfigError && e.message.startsWith("PEPER_DB_POOL_SIZE"),
        bad,
      );
    }
  });

  it("sizes the default pool at twice the cores, within 4 and 16", () => {
    assert.equal(defaultPoolSize(1), 4);
    assert.equal(defaultPoolSize(2), 4);
    assert.equal(defaultPoolSize(4), 8);
    assert.equal(defaultPoolSize(64), 16);
  });
});
