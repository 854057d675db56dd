/**
 * The metaverse rooms over real WebSockets: the API listens on 127.0.0.1 and clients connect with
 * Node's WebSocket. Waits are on messages and closes (no timers); a server that never answers makes
 * the run hang rather than pass.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { after, before, describe, it } from "node:test";

import { buildApi } from "../api/app.ts";
import {
  sharedDecisionEngine,
  TEST_PASSWORD,
  TEST_SECRETS,
  testApi,
  type TestApi,
  type TestUser,
} from "../api/testing.ts";
import { createCapacityRooms, measureRoomCapacity } from "./capacity.ts";
import { bounded, RoomClient } from "./client.ts";
import { CLOSE, MAX_FRAME_BYTES } from "./protocol.ts";
import { createRoomServer, publishTick, roomServerOf, type RoomSocket } from "./rooms.ts";
import { createSession, listen, pose, presenceRows, realtimeDeps, roomUrl } from "./testing.ts";

/** A stand-in for a `ws` socket, to drive the keep-alive without a network. */
class FakeSocket extends EventEmitter implements RoomSocket {
  readyState = 1;
  bufferedAmount = 0;
  pings = 0;
  terminated = false;
  readonly sent: string[] = [];
  private readonly answersPings: boolean;
  private readonly onPing: (n: number) => void;
  constructor(answersPings: boolean, onPing: (n: number) => void) {
    super();
    this.answersPings = answersPings;
    this.onPing = onPing;
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
    this.emit("close", 1006, Buffer.alloc(0));
  }
  ping() {
    this.pings++;
    if (this.answersPings) queueMicrotask(() => this.emit("pong"));
    this.onPing(this.pings);
  }
}

describe("metaverse rooms (WebSocket)", () => {
  let api: TestApi;
  let base: string;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let mallory: TestUser;
  /** alice + bob */
  let room1: { id: string; url: string };
  /** carol + alice */
  let room2: { id: string; url: string };
  const open: RoomClient[] = [];
  const join = async (url: string, user: TestUser) => {
    const client = await RoomClient.join(url, user.accessToken);
    open.push(client);
    return client;
  };
  const connect = async (url: string) => {
    const client = await RoomClient.connect(url);
    open.push(client);
    return client;
  };

  before(async () => {
    api = await testApi({
      deps: realtimeDeps({
        authTimeoutMs: 300,
        maxStrikesPerMinute: 8,
        messagesPerSecond: 20,
        messageBurst: 20,
        chatPerSecond: 50,
      }),
    });
    base = await listen(api);
    [alice, bob, carol, mallory] = [await api.user(), await api.user(), await api.user(), await api.user()];
    await api.call("PUT", "/api/v5/metaverse/avatar", { token: alice.accessToken, body: { display_name: "Alice" } });
    room1 = await createSession(base, alice, [bob]);
    room2 = await createSession(base, carol, [alice]);
  });
  after(async () => {
    await Promise.all(open.map((c) => c.close()));
    await api.close();
  });

  it("the session's server_endpoint is this server's room URL", () => {
    assert.equal(room1.url, roomUrl(base, room1.id));
    assert.equal(roomServerOf(api.ctx)?.hubKind, "in-process");
  });

  it("requires an auth message first, with a valid token, from a member of the session", async () => {
    const chatFirst = await connect(room1.url);
    chatFirst.send({ type: "chat", text: "hi" });
    const c1 = await chatFirst.ended();
    assert.equal(c1.code, CLOSE.unauthenticated);
    assert.match(c1.reason, /first message must be \{"type":"auth"/);

    const silent = await connect(room1.url);
    assert.equal((await silent.ended()).code, CLOSE.authTimeout);

    const forged = await connect(room1.url);
    forged.send({ type: "auth", access_token: `${alice.accessToken.slice(0, -4)}AAAA` });
    assert.deepEqual(await forged.ended(), {
      code: CLOSE.unauthenticated,
      reason: "access token not valid: sign in again",
    });

    const noToken = await connect(room1.url);
    noToken.send({ type: "auth" });
    const c2 = await noToken.ended();
    assert.equal(c2.code, CLOSE.unauthenticated);
    assert.match(c2.reason, /bad access_token/);

    const binary = await connect(room1.url);
    binary.socket.send(new Uint8Array([123, 125]));
    assert.equal((await binary.ended()).code, CLOSE.unauthenticated);

    // Not a member, or no such session: the same answer.
    const outsider = await connect(room1.url);
    outsider.send({ type: "auth", access_token: mallory.accessToken });
    const nowhere = await connect(roomUrl(base, randomUUID()));
    nowhere.send({ type: "auth", access_token: alice.accessToken });
    const [a, b] = await Promise.all([outsider.ended(), nowhere.ended()]);
    assert.equal(a.code, CLOSE.notFound);
    assert.deepEqual(a, b);

    await assert.rejects(RoomClient.connect(`${base.replace("http", "ws")}/api/v5/metaverse/ws?session_id=nope`));
    const rows = await presenceRows(api.database.db, room1.id);
    assert.equal(rows.length, 0, "nobody got in");
  });

  it("records presence in metaverse_sessions and tells the others who joins and leaves", async () => {
    const a = await join(room1.url, alice);
    const b = await RoomClient.connect(room1.url);
    b.send({ type: "auth", access_token: bob.accessToken });
    const welcome = await b.next("welcome");
    assert.equal(welcome.session_id, room1.id);
    assert.equal(welcome.user_id, bob.id);
    assert.deepEqual(
      [...welcome.present].sort((x, y) => x.user_id.localeCompare(y.user_id)),
      [
        { user_id: alice.id, display_name: "Alice" },
        { user_id: bob.id, display_name: null },
      ].sort((x, y) => x.user_id.localeCompare(y.user_id)),
    );
    const joined = await a.next("presence");
    assert.deepEqual(
      { ...joined, at: "" },
      { type: "presence", event: "join", user_id: bob.id, display_name: null, at: "" },
    );

    let rows = await presenceRows(api.database.db, room1.id);
    assert.deepEqual(
      rows.map((r) => [r.userId, r.leftAt]).sort(),
      [
        [alice.id, null],
        [bob.id, null],
      ].sort(),
    );
    const details = await api.call("GET", `/api/v5/metaverse/sessions/${room1.id}`, { token: alice.accessToken });
    assert.deepEqual([...details.json().present].sort(), [alice.id, bob.id].sort());

    assert.equal((await b.close()).code, 1000);
    const left = await a.next("presence");
    assert.equal(left.event, "leave");
    assert.equal(left.user_id, bob.id);
    rows = await presenceRows(api.database.db, room1.id);
    const bobRow = rows.find((r) => r.userId === bob.id)!;
    assert.ok(bobRow.leftAt && bobRow.leftAt >= bobRow.joinedAt, "bob's visit is closed");
    assert.equal(rows.find((r) => r.userId === alice.id)!.leftAt, null, "alice is still in");
    await a.close();
  });

  it("relays poses and chat to the other members of the room only", async () => {
    const a = await join(room1.url, alice);
    const b = await join(room1.url, bob);
    const c = await join(room2.url, carol);
    await a.next("presence", (m) => m.user_id === bob.id && m.event === "join");

    a.send(pose(3.25));
    a.send({ type: "chat", text: "  gm, trading floor  " });
    const seen = await b.next("pose");
    assert.deepEqual(seen.position, [3.25, 1.5, -2]);
    assert.deepEqual(seen.rotation, [0, 0, 0, 1]);
    assert.equal(seen.user_id, alice.id);
    assert.equal(seen.hands, undefined, "a head-only pose stays head-only");
    // An avatar's hands travel with its head (the trading floor draws head and both hands).
    const hands = {
      left: { position: [3, 1, -2.3], rotation: [0, 0, 0, 1] },
      right: { position: [3.5, 1, -2.3], rotation: [0, 1, 0, 0] },
    };
    a.send({ ...pose(3.5), hands });
    assert.deepEqual((await b.next("pose")).hands, hands);
    const chat = await b.next("chat");
    assert.equal(chat.text, "gm, trading floor");
    assert.equal(chat.display_name, "Alice");

    // Not echoed to the sender: the next thing alice hears is bob.
    b.send({ type: "chat", text: "from bob" });
    const next = await a.next();
    assert.equal(next.type, "chat");
    assert.equal(next.type === "chat" && next.text, "from bob");

    // Not delivered to another room: carol's next message is a tick sent to her room after alice spoke.
    await publishTick(api.ctx, { symbol: "DAX", price: 18_000 }, room2.id);
    const first = await c.next();
    assert.equal(first.type, "tick");
    assert.deepEqual(b.pending, [], "bob got exactly one pose and one chat");
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it("publishTick reaches every room", async () => {
    const a = await join(room1.url, alice);
    const c = await join(room2.url, carol);
    await publishTick(api.ctx, { symbol: "ETH-USD", price: 3120.5, volume: 12 });
    for (const client of [a, c]) {
      const tick = await client.next("tick");
      assert.deepEqual({ ...tick, at: "" }, { type: "tick", symbol: "ETH-USD", price: 3120.5, volume: 12, at: "" });
    }
    await assert.rejects(publishTick(api.ctx, { symbol: "", price: -1 }));
    await Promise.all([a.close(), c.close()]);
  });

  it("answers an invalid message with an error naming the field, and stays open", async () => {
    const a = await join(room1.url, alice);
    const b = await join(room1.url, bob);
    const cases: [object | string, string, string | undefined][] = [
      [{ type: "pose", position: [0, 0, "x"], rotation: [0, 0, 0, 1] }, "invalid-message", "position.2"],
      [{ type: "pose", position: [0, 0, 1e300], rotation: [0, 0, 0, 1] }, "invalid-message", "position.2"],
      [{ type: "pose", position: [0, 0, 0], rotation: [0, 0, 0, 0.5] }, "invalid-message", "rotation"],
      [
        {
          type: "pose",
          position: [0, 0, 0],
          rotation: [0, 0, 0, 1],
          hands: { left: { position: [0, 0, 0], rotation: [0, 0, 0, 0.5] } },
        },
        "invalid-message",
        "hands.left.rotation",
      ],
      [{ type: "dance" }, "invalid-message", "type"],
      [{ type: "chat", text: "x".repeat(501) }, "invalid-message", "text"],
      [{ type: "chat", text: "hi", mood: "happy" }, "invalid-message", "mood"],
      ["{not json", "bad-json", undefined],
    ];
    for (const [message, code, field] of cases) {
      a.send(message);
      const error = await a.next("error");
      assert.equal(error.code, code, JSON.stringify(message).slice(0, 60));
      assert.equal(error.field, field);
    }
    a.send(pose(1));
    assert.deepEqual((await b.next("pose")).position, [1, 1.5, -2], "still relayed after the errors");
    assert.deepEqual(
      b.pending.filter((m) => m.type !== "presence"),
      [],
      "nothing invalid was relayed",
    );
    await Promise.all([a.close(), b.close()]);
  });

  it("closes a connection on repeated invalid messages", async () => {
    const a = await join(room1.url, alice);
    for (let i = 0; i < 20; i++) a.send({ type: "pose" });
    const closed = await a.ended();
    assert.deepEqual(closed, { code: CLOSE.badRequest, reason: "too many invalid messages" });
    assert.equal(a.pending.filter((m) => m.type === "error").length, 8, "one error per tolerated strike");
  });

  it("rejects frames over 16 KiB (1009)", async () => {
    const a = await join(room1.url, alice);
    a.send({ type: "chat", text: "x".repeat(MAX_FRAME_BYTES) });
    assert.equal((await a.ended()).code, CLOSE.tooBig);
  });

  it("rate-limits each connection and closes one that keeps flooding", async () => {
    const a = await join(room1.url, alice);
    for (let i = 0; i < 100; i++) a.send(pose(i));
    const limited = await a.next("error");
    assert.equal(limited.code, "rate-limited");
    assert.deepEqual(await a.ended(), { code: CLOSE.rateLimited, reason: "too many messages" });
  });

  it("on shutdown, closes connections with 1001 and their presence rows before the database goes", async () => {
    // A second API server on the same database, closed here.
    const deps = { decisionEngine: await sharedDecisionEngine(), database: api.database, secrets: TEST_SECRETS };
    const server = await buildApi({ ...deps, now: api.ctx.now });
    const serverBase = await listen({ app: server });
    const room = await createSession(serverBase, alice, [bob]);
    const a = await RoomClient.join(room.url, alice.accessToken);
    const b = await RoomClient.join(room.url, bob.accessToken);
    await server.close();
    assert.deepEqual(await a.ended(), { code: CLOSE.goingAway, reason: "server shutting down" });
    assert.equal((await b.ended()).code, CLOSE.goingAway);
    const rows = await presenceRows(api.database.db, room.id);
    assert.equal(rows.length, 2);
    assert.ok(
      rows.every((r) => r.leftAt !== null),
      "every visit closed by the time close() returns",
    );
  });

  it("pings every connection and drops one that stops answering", async () => {
    // A copy of the context, so this room server does not replace the API's own.
    const server = await createRoomServer({ ...api.ctx }, { pingIntervalMs: 5, authTimeoutMs: 60_000 }, api.app.log);
    let fifthPing!: () => void;
    const livePinged = new Promise<void>((resolve) => (fifthPing = resolve));
    const live = new FakeSocket(true, (n) => n === 5 && fifthPing());
    let droppedResolve!: () => void;
    const dropped = new Promise<void>((resolve) => (droppedResolve = resolve));
    const dead = new FakeSocket(false, () => undefined);
    dead.on("close", () => droppedResolve());
    server.accept(live, randomUUID());
    server.accept(dead, randomUUID());
    await bounded(dropped, "the silent connection to be dropped");
    assert.equal(dead.terminated, true);
    assert.equal(dead.pings, 1, "dropped at the ping after the unanswered one");
    await bounded(livePinged, "five pings");
    assert.equal(live.terminated, false, "a connection that answers stays");
    await server.shutdown();
  });

  it("measureRoomCapacity connects, relays and reports (smoke run, 6 clients)", async () => {
    const rooms = await createCapacityRooms(base, [alice, bob, carol], 3);
    const report = await measureRoomCapacity({
      baseUrl: base,
      rooms,
      clients: 6,
      posesPerSecond: 10,
      durationMs: 300,
      drainMs: 1000,
      serverPid: process.pid,
    });
    assert.equal(report.connected, 6, report.firstFailure);
    assert.equal(report.failedToConnect, 0);
    assert.equal(report.closedByServer, 0);
    assert.ok(report.posesSent >= 6, `sent ${report.posesSent}`);
    assert.equal(report.expectedDeliveries, report.posesSent * 5, "each pose is due to the 5 other clients");
    assert.ok(report.messagesDelivered <= report.expectedDeliveries);
    assert.ok(report.deliveryRatio >= 0.9, `delivered ${report.messagesDelivered}/${report.expectedDeliveries}`);
    assert.ok(report.latencyMs && report.latencyMs.p50 <= report.latencyMs.p99);
    assert.ok((report.serverRssBytes ?? 0) > 0);
    await assert.rejects(measureRoomCapacity({ baseUrl: "http://192.0.2.1:80", rooms, clients: 1 }), /loopback/);
  });

  it("closes a connection with 4401 when its access token expires before the room does", async () => {
    const fresh = await api.user();
    const room = await createSession(base, alice, [fresh], 60);
    // The token was issued just now; move the clock to 0.5 s before its 15 minutes are up.
    api.advance(15 * 60_000 - 500);
    try {
      const member = await connect(room.url);
      member.send({ type: "auth", access_token: fresh.accessToken });
      assert.deepEqual(await member.ended(), {
        code: CLOSE.unauthenticated,
        reason: "access token expired: refresh it and reconnect",
      });
    } finally {
      api.advance(-(15 * 60_000 - 500));
    }
  });

  it("refuses members of an expired session with 4410 and others with 4404", async () => {
    const short = await createSession(base, alice, [bob], 1);
    api.advance(61_000);
    const member = await connect(short.url);
    member.send({ type: "auth", access_token: bob.accessToken });
    assert.deepEqual(await member.ended(), { code: CLOSE.expired, reason: "the session has expired" });
    const other = await connect(short.url);
    other.send({ type: "auth", access_token: mallory.accessToken });
    assert.equal((await other.ended()).code, CLOSE.notFound);
  });
});

describe("metaverse rooms: a connection whose sign-in ends", () => {
  let api: TestApi;
  let base: string;
  const open: RoomClient[] = [];
  before(async () => {
    api = await testApi({ deps: realtimeDeps({ pingIntervalMs: 50 }) });
    base = await listen(api);
  });
  after(async () => {
    await Promise.all(open.map((c) => c.close()));
    await api.close();
  });

  it("is closed with 4401 at the next keep-alive tick after a logout; the other members stay", async () => {
    const [alice, bob] = [await api.user(), await api.user()];
    const room = await createSession(base, alice, [bob]);
    const a = await RoomClient.join(room.url, alice.accessToken);
    const b = await RoomClient.join(room.url, bob.accessToken);
    open.push(a, b);
    const out = await api.call("POST", "/api/v5/auth/logout", { body: { refresh_token: alice.refreshToken } });
    assert.equal(out.statusCode, 200, out.body);
    assert.deepEqual(await a.ended(), { code: CLOSE.unauthenticated, reason: "access token not valid: sign in again" });
    assert.equal(b.socket.readyState, WebSocket.OPEN, "bob is still in the room");
  });

  it("refuses to join with the token of an erased account", async () => {
    const [alice, bob] = [await api.user(), await api.user()];
    const room = await createSession(base, alice, [bob]);
    const erase = await api.call("POST", "/api/v5/privacy/erase", {
      token: bob.accessToken,
      body: { password: TEST_PASSWORD },
    });
    assert.equal(erase.statusCode, 200, erase.body);
    const client = await RoomClient.connect(room.url);
    open.push(client);
    client.send({ type: "auth", access_token: bob.accessToken });
    assert.equal((await client.ended()).code, CLOSE.unauthenticated);
  });
});
