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
 *
 * Increments are coalesced: the requests that reach the limiter in one turn of the event loop (the
 * connections whose data arrived together) are counted together, one `INCRBY n` per key and one write
 * for all keys (a pipeline), answered once Redis has counted them. The count stays exact and shared —
 * Redis adds all n atomically and each of those requests gets its own position in the window
 * (`total − n + 1 … total`), exactly what n single increments would have answered in some order — so
 * the (limit+1)th request over every process is still the first refused. What it saves is the API's
 * CPU: one round trip (a socket write and a reply to parse) per key and turn instead of one per
 * request; under load that was a tenth of a stored decision's CPU (BENCHMARKS.md, API).
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
 * One fixed window per key, ARGV[2] hits at once: the hits that open the window set its expiry, later
 * hits read what is left. Returns [hits in the window including these, ms until it ends].
 */
const INCREMENT = `
local hits = tonumber(ARGV[2])
local current = redis.call('INCRBY', KEYS[1], hits)
local ttl = redis.call('PTTL', KEYS[1])
if current == hits or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

type RedisWithRateLimit = Redis & {
  peperRateLimit(key: string, windowMs: number, hits: number): Promise<unknown>;
};

/** Counters of the Redis-backed limiter since start (tests, benchmarks). */
export interface RateLimitStats {
  /** Requests counted (each one increment). */
  increments: number;
  /** Keys sent to Redis (one INCRBY each; several requests of one turn share one). */
  commands: number;
  /** Writes to Redis (one per turn of the event loop with increments: a command or a pipeline). */
  roundTrips: number;
  /** Requests counted in memory because Redis did not answer. */
  local: number;
}

/** One request waiting for its count: its callback, and how to count it in memory instead. */
interface Waiter {
  readonly callback: Callback;
  readonly local: () => void;
}

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
  /** What the Redis limiter did (all zero in memory). */
  readonly stats: Readonly<RateLimitStats>;
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
    return {
      Store: storeClass(undefined, prefix),
      kind: "memory",
      stats: { increments: 0, commands: 0, roundTrips: 0, local: 0 },
      close: async () => {},
    };
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
  const batcher = new IncrementBatcher(redis, warn);
  return {
    Store: storeClass(batcher, prefix),
    kind: "redis",
    stats: batcher.stats,
    close: async () => {
      redis.disconnect();
    },
  };
}

/**
 * Collects the increments of one turn of the event loop and sends them on the next (`setImmediate`:
 * after the I/O callbacks of this turn, so every request whose data arrived in it is included) — one
 * `INCRBY n` per key, all keys in one pipeline — then hands each waiting request its own position.
 */
class IncrementBatcher {
  private readonly redis: RedisWithRateLimit;
  private readonly warn: (error: Error) => void;
  /** Waiting requests by key and window (the window is the store's; kept in the key for safety). */
  private pending = new Map<string, { key: string; windowMs: number; waiters: Waiter[] }>();
  private scheduled = false;
  readonly stats: RateLimitStats = { increments: 0, commands: 0, roundTrips: 0, local: 0 };

  constructor(redis: RedisWithRateLimit, warn: (error: Error) => void) {
    this.redis = redis;
    this.warn = warn;
  }

  incr(key: string, windowMs: number, waiter: Waiter): void {
    this.stats.increments++;
    if (this.redis.status !== "ready") {
      // Known to be down: counted at once, in memory, without waiting for the next turn.
      this.warn(new Error(`connection ${this.redis.status}`));
      this.stats.local++;
      waiter.local();
      return;
    }
    const slot = `${windowMs}:${key}`;
    const entry = this.pending.get(slot);
    if (entry) entry.waiters.push(waiter);
    else this.pending.set(slot, { key, windowMs, waiters: [waiter] });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length === 0) return;
    const inMemory = (waiters: readonly Waiter[], error: Error) => {
      this.warn(error);
      this.stats.local += waiters.length;
      for (const w of waiters) w.local();
    };
    if (this.redis.status !== "ready") {
      const error = new Error(`connection ${this.redis.status}`);
      for (const entry of batch) inMemory(entry.waiters, error);
      return;
    }
    this.stats.roundTrips++;
    this.stats.commands += batch.length;
    const answer = (entry: (typeof batch)[number], error: Error | null, result: unknown) => {
      if (error || !Array.isArray(result)) {
        inMemory(entry.waiters, error ?? new Error("unexpected answer"));
        return;
      }
      const total = Number(result[0]);
      const ttl = Number(result[1]);
      // Redis added all of them at once; each request takes one position of the window, in arrival order.
      const first = total - entry.waiters.length + 1;
      entry.waiters.forEach((w, i) => w.callback(null, { current: first + i, ttl }));
    };
    if (batch.length === 1) {
      const entry = batch[0]!;
      this.redis.peperRateLimit(entry.key, entry.windowMs, entry.waiters.length).then(
        (result) => answer(entry, null, result),
        (error: unknown) => answer(entry, asError(error), undefined),
      );
      return;
    }
    const pipeline = this.redis.pipeline() as ReturnType<Redis["pipeline"]> & {
      peperRateLimit(key: string, windowMs: number, hits: number): unknown;
    };
    for (const entry of batch) pipeline.peperRateLimit(entry.key, entry.windowMs, entry.waiters.length);
    pipeline.exec().then(
      (results) => batch.forEach((entry, i) => answer(entry, results?.[i]?.[0] ?? null, results?.[i]?.[1])),
      (error: unknown) => batch.forEach((entry) => answer(entry, asError(error), undefined)),
    );
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

function storeClass(batcher: IncrementBatcher | undefined, prefix: string): FastifyRateLimitStoreCtor {
  class PeperRateLimitStore implements FastifyRateLimitStore {
    private readonly memory = new MemoryWindows();
    private readonly keyPrefix: string;
    constructor(_options?: unknown, keyPrefix = prefix) {
      this.keyPrefix = keyPrefix;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const local = () => callback(null, this.memory.hit(key, timeWindow));
      if (!batcher) {
        local();
        return;
      }
      batcher.incr(this.keyPrefix + key, timeWindow, { callback, local });
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
