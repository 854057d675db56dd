/**
 * Rooms shared by two API processes through Redis: two API servers in this test process, on the same
 * database, each with its own Redis connections, and a real redis-server started here on a free
 * loopback port (stopped by PID). Without redis-server the suite is skipped, except on CI
 * (process.env.CI set), where that is a failure.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { FastifyInstance } from "fastify";

import { buildApi } from "../api/app.ts";
import { sharedDecisionEngine, TEST_SECRETS, testApi, type TestApi, type TestUser } from "../api/testing.ts";
import { RoomClient } from "./client.ts";
import { createRedisHub } from "./redisHub.ts";
import { freePort } from "../testing/chain.ts";
import { findRedisServer, startRedis } from "./redisServer.testing.ts";
import { publishTick, roomServerOf, type RealtimeOptions } from "./rooms.ts";
import { createSession, listen, pose, realtimeDeps, roomUrl } from "./testing.ts";

const redisServer = findRedisServer();

if (!redisServer && process.env.CI) {
  describe("metaverse rooms over Redis", () => {
    it("needs redis-server (apt-get install redis-server)", () => {
      assert.fail("redis-server is not installed; on CI the Redis room tests must run.");
    });
  });
}

describe("metaverse rooms over Redis", { skip: redisServer ? false : "redis-server is not installed" }, () => {
  let redis: { url: string; stop(): Promise<void> };
  let apiA: TestApi;
  let appB: FastifyInstance;
  let baseA: string;
  let baseB: string;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const clients: RoomClient[] = [];

  before(async () => {
    redis = await startRedis(redisServer!);
    const realtime: RealtimeOptions = { redisUrl: redis.url };
    apiA = await testApi({ deps: realtimeDeps(realtime) });
    // A second API process on the same database and the same Redis.
    const depsB = {
      decisionEngine: await sharedDecisionEngine(),
      database: apiA.database,
      secrets: TEST_SECRETS,
      now: apiA.ctx.now,
      realtime,
    };
    appB = await buildApi(depsB, { limits: { authPerMinute: 10_000, perMinute: 100_000 } });
    baseA = await listen(apiA);
    baseB = await listen({ app: appB });
    [alice, bob, carol] = [await apiA.user(), await apiA.user(), await apiA.user()];
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await appB?.close();
    await apiA?.close();
    await redis?.stop();
  });

  it("both API servers use the Redis hub", () => {
    assert.equal(roomServerOf(apiA.ctx)?.hubKind, "redis");
    assert.equal(roomServerOf(appB.peper)?.hubKind, "redis");
  });

  it("members connected to different API servers share presence, poses, chat and ticks", async () => {
    const room = await createSession(baseA, alice, [bob, carol]);
    const other = await createSession(baseB, carol, []);
    const a = await RoomClient.join(roomUrl(baseA, room.id), alice.accessToken);
    clients.push(a);
    const b = await RoomClient.connect(roomUrl(baseB, room.id));
    clients.push(b);
    b.send({ type: "auth", access_token: bob.accessToken });
    const welcome = await b.next("welcome");
    assert.deepEqual(welcome.present.map((m) => m.user_id).sort(), [alice.id, bob.id].sort());
    assert.equal((await a.next("presence")).user_id, bob.id, "alice (server A) sees bob join on server B");
    // carol, on server B in another room, must hear nothing of the first room.
    const c = await RoomClient.join(roomUrl(baseB, other.id), carol.accessToken);
    clients.push(c);

    a.send(pose(7));
    const seen = await b.next("pose");
    assert.equal(seen.user_id, alice.id);
    assert.deepEqual(seen.position, [7, 1.5, -2]);
    b.send({ type: "chat", text: "hello from B" });
    const next = await a.next();
    assert.equal(next.type === "chat" && next.text, "hello from B", "alice's pose was not echoed back to her");

    await publishTick(appB.peper, { symbol: "DAX", price: 18_250.5 });
    for (const client of [a, b, c]) assert.equal((await client.next("tick")).symbol, "DAX");
    assert.deepEqual(c.pending, [], "the first room's pose and chat did not reach the other room");

    await b.close();
    const left = await a.next("presence");
    assert.deepEqual([left.event, left.user_id], ["leave", bob.id]);
    const details = await apiA.call("GET", `/api/v5/metaverse/sessions/${room.id}`, { token: alice.accessToken });
    assert.deepEqual(details.json().present, [alice.id]);
  });
});

describe("the Redis hub without Redis", () => {
  it("fails to start with a clear message when Redis cannot be reached, without the password", async () => {
    const port = await freePort();
    await assert.rejects(
      createRedisHub(`redis://:hunter2@127.0.0.1:${port}`, { room: () => undefined, everyone: () => undefined }),
      (error: Error) => {
        assert.match(error.message, new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`));
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
  });
});
