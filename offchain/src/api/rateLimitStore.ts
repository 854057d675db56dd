/**
 * Where the API's rate limits count (@fastify/rate-limit's store): in Redis when REDIS_URL is set,
 * so that several API processes (PEPER_API_WORKERS, or several machines) share one count per client
 * and route, and a client gets the limit once, not once per process; in this process's memory
 * otherwise (one process).
 *
 * When Redis does not answer, each process counts alone in memory until it does again — the limit
 * then holds per process, n× over n processes — rather than refusing every request (closed) or
 * counting nothing (open): the rate limit protects capacity, not accounts (password guessing is
 * throttled in the database, `auth/throttle.ts`), and a Redis outage should not become an API outage.
 * A warning is logged, at most every 10 s.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import { Redis } from "ioredis";

import { redisLocation } from "../realtime/redisHub.ts";

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Where warnings go (a pino/Fastify logger fits). */
export interface RateLimitLogger {
  warn(details: object, message: string): void;
}

/**
 * One fixed window per key: the first hit sets the window's expiry, later hits read what is left.
 * Returns [hits in the window, ms until it ends].
 */
const INCREMENT = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

type RedisWithRateLimit = Redis & {
  peperRateLimit(key: string, windowMs: number, callback: (error: Error | null, result?: unknown) => void): void;
};

/** Fixed windows in this process's memory, at most `capacity` keys (the oldest dropped first). */
class MemoryWindows {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();
  private readonly capacity: number;
  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  hit(key: string, windowMs: number, now = Date.now()): { current: number; ttl: number } {
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      this.windows.delete(key);
      window = { hits: 0, endsAt: now + windowMs };
      if (this.windows.size >= this.capacity) this.windows.delete(this.windows.keys().next().value!);
      this.windows.set(key, window);
    }
    window.hits += 1;
    return { current: window.hits, ttl: window.endsAt - now };
  }
}

/** The shared state of one API process's rate-limit stores: the Redis connection, or none. */
export interface RateLimitBackend {
  /** The store class for @fastify/rate-limit's `store` option. */
  readonly Store: FastifyRateLimitStoreCtor;
  /** "redis" when counts are shared through Redis, "memory" when this process counts alone. */
  readonly kind: "redis" | "memory";
  close(): Promise<void>;
}

/**
 * The rate-limit backend: Redis at `redisUrl` (its own connection, ioredis as the realtime rooms
 * use), or memory without one. Resolves once Redis is connected or has failed to connect (then the
 * counts stay in memory until it connects; ioredis keeps reconnecting).
 */
export async function createRateLimitBackend(
  redisUrl: string | undefined,
  logger?: RateLimitLogger,
  prefix = "peper:rate-limit:",
): Promise<RateLimitBackend> {
  if (!redisUrl) {
    return { Store: storeClass(undefined, prefix, () => {}), kind: "memory", close: async () => {} };
  }
  const where = redisLocation(redisUrl);
  let lastWarning = 0;
  const warn = (error: Error) => {
    const now = Date.now();
    if (now - lastWarning < 10_000) return;
    lastWarning = now;
    logger?.warn(
      { redis: where, err: error.message },
      "rate limits: Redis does not answer; this process counts alone until it does",
    );
  };
  // Commands fail at once while the connection is down (no queue), and a hung Redis costs a request
  // at most 250 ms before it is counted in memory.
  const redis = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 250,
    connectTimeout: 5_000,
    connectionName: "peper-rate-limit",
  }) as RedisWithRateLimit;
  redis.defineCommand("peperRateLimit", { numberOfKeys: 1, lua: INCREMENT });
  redis.on("error", warn);
  await new Promise<void>((resolve) => {
    const done = () => {
      redis.off("ready", done);
      redis.off("error", done);
      resolve();
    };
    redis.once("ready", done);
    redis.once("error", done);
  });
  return {
    Store: storeClass(redis, prefix, warn),
    kind: "redis",
    close: async () => {
      redis.disconnect();
    },
  };
}

function storeClass(
  redis: RedisWithRateLimit | undefined,
  prefix: string,
  warn: (error: Error) => void,
): FastifyRateLimitStoreCtor {
  class PeperRateLimitStore implements FastifyRateLimitStore {
    private readonly memory = new MemoryWindows();
    private readonly keyPrefix: string;
    constructor(_options?: unknown, keyPrefix = prefix) {
      this.keyPrefix = keyPrefix;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const local = () => callback(null, this.memory.hit(key, timeWindow));
      if (!redis || redis.status !== "ready") {
        if (redis) warn(new Error(`connection ${redis.status}`));
        local();
        return;
      }
      redis.peperRateLimit(this.keyPrefix + key, timeWindow, (error, result) => {
        if (error || !Array.isArray(result)) {
          warn(error ?? new Error("unexpected answer"));
          local();
          return;
        }
        callback(null, { current: Number(result[0]), ttl: Number(result[1]) });
      });
    }

    /** A route with a limit of its own counts apart: its key names the method and the URL. */
    child(routeOptions: unknown): FastifyRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      const method = Array.isArray(route.method) ? route.method.join(",") : (route.method ?? "");
      return new PeperRateLimitStore(undefined, `${this.keyPrefix}${method}${route.url ?? ""}:`);
    }
  }
  return PeperRateLimitStore;
}
