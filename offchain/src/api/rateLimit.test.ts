/**
 * Rate limits across API processes: two API servers in this test process (as PEPER_API_WORKERS=2
 * runs two), on one database and one redis-server started here on a free loopback port, count each
 * client once — the (limit+1)th request over the two is refused, whichever answers it. When Redis
 * stops answering, each process counts alone in memory (docs/api.md, "Capacity"). Without Redis
 * (one process) the limits count in memory. Without redis-server the shared suite is skipped,
 * except on CI (process.env.CI set), where that is a failure.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { FastifyInstance, LightMyRequestResponse } from "fastify";

import { findRedisServer, startRedis } from "../realtime/redisServer.testing.ts";
import { realtimeDeps } from "../realtime/testing.ts";
import { buildApi } from "./app.ts";
import { sharedDecisionEngine, TEST_SECRETS, testApi, type TestApi } from "./testing.ts";

const LIMITS = { perMinute: 6, authPerMinute: 3 };

const health = (app: FastifyInstance, ip: string): Promise<LightMyRequestResponse> =>
  app.inject({ method: "GET", url: "/api/v5/health", remoteAddress: ip });

/** A sign-in with an empty body: refused 400 by validation, after the sign-in route's own limit counted it. */
const signIn = (app: FastifyInstance, ip: string): Promise<LightMyRequestResponse> =>
  app.inject({ method: "POST", url: "/api/v5/auth/global-login", payload: {}, remoteAddress: ip });

function assertLimited(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 429);
  assert.equal((res.json() as { code: string }).code, "rate-limited");
  assert.ok(Number(res.headers["retry-after"]) > 0, "a 429 says when to retry");
}

const redisServer = findRedisServer();

if (!redisServer && process.env.CI) {
  describe("rate limits shared through Redis", () => {
    it("needs redis-server (apt-get install redis-server)", () => {
      assert.fail("redis-server is not installed; on CI the shared rate-limit tests must run.");
    });
  });
}

describe("rate limits shared through Redis", { skip: redisServer ? false : "redis-server is not installed" }, () => {
  let redis: { url: string; stop(): Promise<void> };
  let apiA: TestApi;
  let appB: FastifyInstance;

  before(async () => {
    redis = await startRedis(redisServer!);
    apiA = await testApi({ deps: realtimeDeps({ redisUrl: redis.url }), limits: LIMITS });
    // A second API process on the same database and the same Redis, with the same limits.
    appB = await buildApi(
      {
        decisionEngine: await sharedDecisionEngine(),
        database: apiA.database,
        secrets: TEST_SECRETS,
        now: apiA.ctx.now,
        ...realtimeDeps({ redisUrl: redis.url }),
      },
      { limits: LIMITS },
    );
  });
  after(async () => {
    await appB?.close();
    await apiA?.close();
    await redis?.stop();
  });

  it("refuses the (limit+1)th request of a client over both processes, and counts other clients apart", async () => {
    const ip = "192.0.2.1";
    const codes: number[] = [];
    for (let i = 0; i < LIMITS.perMinute; i++) {
      codes.push((await health(i % 2 === 0 ? apiA.app : appB, ip)).statusCode);
    }
    assert.deepEqual(codes, Array(LIMITS.perMinute).fill(200), "each process saw only half of the limit");
    assertLimited(await health(apiA.app, ip));
    assertLimited(await health(appB, ip));
    assert.equal((await health(appB, "192.0.2.2")).statusCode, 200, "another client has its own count");
  });

  it("shares a route's own limit (sign-in) the same way, apart from the global count", async () => {
    const ip = "192.0.2.3";
    const codes: number[] = [];
    for (let i = 0; i < LIMITS.authPerMinute; i++) {
      codes.push((await signIn(i % 2 === 0 ? appB : apiA.app, ip)).statusCode);
    }
    assert.deepEqual(codes, Array(LIMITS.authPerMinute).fill(400));
    assertLimited(await signIn(apiA.app, ip));
    assertLimited(await signIn(appB, ip));
    // The sign-in route's count is its own: the same client may still call other routes.
    assert.equal((await health(apiA.app, ip)).statusCode, 200);
  });

  it("counts the concurrent requests of one turn together, exactly: the (limit+1)th over both is refused", async () => {
    const ip = "192.0.2.7";
    const before = { ...apiA.app.peperRateLimits.stats };
    // Ten requests at once, half to each process: each process counts its five in one Redis command.
    const answers = await Promise.all(
      Array.from({ length: LIMITS.perMinute + 4 }, (_, i) => health(i % 2 === 0 ? apiA.app : appB, ip)),
    );
    const codes = answers.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 200).length, LIMITS.perMinute, `exactly the limit is admitted: ${codes}`);
    assert.equal(codes.filter((c) => c === 429).length, 4);
    for (const res of answers.filter((r) => r.statusCode === 429)) assertLimited(res);
    const stats = apiA.app.peperRateLimits.stats;
    assert.equal(stats.increments - before.increments, 5);
    assert.equal(stats.commands - before.commands, 1, "five increments of one key in one turn are one command");
    assert.equal(stats.roundTrips - before.roundTrips, 1);
    assert.equal(stats.local, before.local, "none counted in memory");
    // The count is the shared one: the next request, on either process, is refused too.
    assertLimited(await health(appB, ip));
    // Remaining headers count down one per request, as single increments would (no two share a position).
    const ip2 = "192.0.2.8";
    const remaining = (await Promise.all(Array.from({ length: 4 }, () => health(apiA.app, ip2)))).map((r) =>
      Number(r.headers["x-ratelimit-remaining"]),
    );
    assert.deepEqual(
      [...remaining].sort(),
      [2, 3, 4, 5],
      "each request of a coalesced increment gets its own position",
    );
  });

  it("when Redis stops, each process counts alone in memory: requests go on, each process limits", async () => {
    await redis.stop();
    const ip = "192.0.2.4";
    for (const app of [apiA.app, appB]) {
      const codes: number[] = [];
      for (let i = 0; i < LIMITS.perMinute; i++) codes.push((await health(app, ip)).statusCode);
      assert.deepEqual(codes, Array(LIMITS.perMinute).fill(200), "no request fails because Redis is down");
      assertLimited(await health(app, ip));
    }
  });
});

describe("rate limits without Redis (one process)", () => {
  let api: TestApi;
  before(async () => {
    api = await testApi({ limits: LIMITS });
  });
  after(async () => {
    await api?.close();
  });

  it("counts in this process's memory: the (limit+1)th request of a client is refused", async () => {
    const ip = "192.0.2.5";
    const codes: number[] = [];
    for (let i = 0; i < LIMITS.perMinute; i++) codes.push((await health(api.app, ip)).statusCode);
    assert.deepEqual(codes, Array(LIMITS.perMinute).fill(200));
    assertLimited(await health(api.app, ip));
    assert.equal((await health(api.app, "192.0.2.6")).statusCode, 200);
    assert.equal(api.app.peperRateLimits.kind, "memory");
  });
});
