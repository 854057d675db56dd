/**
 * Capacity measurement of the metaverse rooms (for the benchmark runner, not a test): N concurrent
 * authenticated WebSocket clients against a running API on loopback, each sending poses at a fixed
 * rate for a bounded time; reports how many connected, how many poses were delivered to the other
 * members, the delivery latency (send → receipt, same process clock) and the server's RSS.
 *
 * ```ts
 * const rooms = await createCapacityRooms(baseUrl, users, 32);
 * const report = await measureRoomCapacity({ baseUrl, rooms, clients: 500, posesPerSecond: 10, durationMs: 10_000, serverPid });
 * ```
 */
import { readFileSync } from "node:fs";

import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";

import { RoomClient } from "./client.ts";
import type { ServerMessage } from "./protocol.ts";

/** A session to fill with clients: its id and the access tokens of members to connect as. */
export interface CapacityRoom {
  readonly sessionId: string;
  /** Members' access tokens; clients of this room take them in turn (a member may connect several times). */
  readonly accessTokens: readonly string[];
}

/** What {@link measureRoomCapacity} runs. */
export interface CapacityOptions {
  /** The API's base URL on loopback: `http://127.0.0.1:<port>` (also `localhost`, `[::1]`). */
  readonly baseUrl: string;
  /** The rooms; clients are spread over them round robin. */
  readonly rooms: readonly CapacityRoom[];
  /** How many clients to connect (N). */
  readonly clients: number;
  /** Poses per second per client (default 10; keep it under the server's per-connection limit, 30). */
  readonly posesPerSecond?: number;
  /** How long clients send once all have tried to connect (default 10 s, at most 10 minutes). */
  readonly durationMs?: number;
  /** How long to wait for poses in flight after the last send (default 1 s). */
  readonly drainMs?: number;
  /** Connection attempts in flight at once (default 50). */
  readonly connectConcurrency?: number;
  /** The API server's process id, to read its RSS (Linux `/proc`); this process's id when it runs in-process. */
  readonly serverPid?: number;
}

/** The outcome of {@link measureRoomCapacity}. */
export interface CapacityReport {
  readonly requested: number;
  /** Clients that got `welcome`. */
  readonly connected: number;
  readonly failedToConnect: number;
  /** The first connection failure, if any (close code and reason). */
  readonly firstFailure: string | undefined;
  /** Clients the server closed during the sending phase. */
  readonly closedByServer: number;
  readonly connectMs: number;
  readonly durationMs: number;
  readonly posesSent: number;
  /** Poses received by the other members of the sender's room. */
  readonly messagesDelivered: number;
  /** Poses that should have been received: for each send, the other connected clients of that room. */
  readonly expectedDeliveries: number;
  /** messagesDelivered / expectedDeliveries (1 when nothing was expected). */
  readonly deliveryRatio: number;
  /** Delivery latency in milliseconds (null when nothing was delivered). */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number } | null;
  /** The server's resident set size with all clients connected, or null when it cannot be read. */
  readonly serverRssBytes: number | null;
  /** This (client) process's RSS at the same moment. */
  readonly clientRssBytes: number;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
const MAX_LATENCY_SAMPLES = 5_000_000;

/**
 * Creates sessions for a capacity run over HTTP: `users` (signed in, existing) are cut into rooms of
 * `roomSize`, the first of each hosting, each member with a fresh ML-KEM-768 key pair.
 *
 * @throws when a session cannot be created (the message has the API's answer).
 */
export async function createCapacityRooms(
  baseUrl: string,
  users: readonly { readonly id: string; readonly accessToken: string }[],
  roomSize: number,
): Promise<CapacityRoom[]> {
  const base = loopbackBase(baseUrl);
  const size = Math.max(1, Math.min(64, Math.floor(roomSize)));
  const rooms: CapacityRoom[] = [];
  for (let i = 0; i < users.length; i += size) {
    const members = users.slice(i, i + size);
    const res = await fetch(`${base}/api/v5/metaverse/create-session`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${members[0]!.accessToken}` },
      body: JSON.stringify({
        name: `capacity-${rooms.length}`,
        participants: members.map((m) => ({
          user_id: m.id,
          kem_public_key: Buffer.from(ml_kem768.keygen().publicKey).toString("base64"),
        })),
        ttl_minutes: 120,
      }),
    });
    if (res.status !== 201) throw new Error(`create-session answered ${res.status}: ${await res.text()}`);
    const { session_id } = (await res.json()) as { session_id: string };
    rooms.push({ sessionId: session_id, accessTokens: members.map((m) => m.accessToken) });
  }
  return rooms;
}

/**
 * Connects `clients` authenticated clients, has each send poses at `posesPerSecond` for `durationMs`,
 * and reports connections, deliveries, latency percentiles and RSS. Poses carry the sender's index and
 * sequence number in their position, so each receipt is matched to its send time.
 *
 * @throws when `baseUrl` is not on loopback, or the options are out of range.
 */
export async function measureRoomCapacity(options: CapacityOptions): Promise<CapacityReport> {
  const base = loopbackBase(options.baseUrl);
  const rate = options.posesPerSecond ?? 10;
  const durationMs = options.durationMs ?? 10_000;
  const drainMs = options.drainMs ?? 1_000;
  const concurrency = Math.max(1, options.connectConcurrency ?? 50);
  if (!Number.isInteger(options.clients) || options.clients < 1) throw new Error("clients must be a positive integer.");
  if (options.rooms.length === 0 || options.rooms.some((r) => r.accessTokens.length === 0)) {
    throw new Error("rooms must be given, each with at least one access token.");
  }
  if (!(rate > 0 && rate <= 1000)) throw new Error("posesPerSecond must be in (0, 1000].");
  if (!(durationMs > 0 && durationMs <= 600_000)) throw new Error("durationMs must be in (0, 600000].");
  const wsBase = base.replace(/^http/, "ws");

  interface Slot {
    readonly index: number;
    readonly room: number;
    client?: RoomClient;
    seq: number;
  }
  const slots: Slot[] = Array.from({ length: options.clients }, (_, index) => ({
    index,
    room: index % options.rooms.length,
    seq: 0,
  }));
  const connectedPerRoom = new Array<number>(options.rooms.length).fill(0);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let delivered = 0;
  let sending = false;
  let closedByServer = 0;
  let failedToConnect = 0;
  let firstFailure: string | undefined;

  const onMessage = (m: ServerMessage, receivedAt: number): boolean => {
    if (m.type === "welcome") return false;
    if (m.type === "pose") {
      const sent = sentAt.get(`${m.position[0]}:${m.position[1]}`);
      if (sent !== undefined) {
        delivered++;
        if (latencies.length < MAX_LATENCY_SAMPLES) latencies.push(receivedAt - sent);
      }
    }
    return true; // nothing is queued: N² presence messages would only cost memory
  };

  const connectStart = performance.now();
  for (let i = 0; i < slots.length; i += concurrency) {
    await Promise.all(
      slots.slice(i, i + concurrency).map(async (slot) => {
        const room = options.rooms[slot.room]!;
        const token = room.accessTokens[Math.floor(slot.index / options.rooms.length) % room.accessTokens.length]!;
        try {
          const client = await RoomClient.connect(`${wsBase}/api/v5/metaverse/ws?session_id=${room.sessionId}`);
          client.onMessage = onMessage;
          client.send({ type: "auth", access_token: token });
          await client.next("welcome");
          slot.client = client;
          connectedPerRoom[slot.room]!++;
          void client.closed.then(() => {
            connectedPerRoom[slot.room]!--;
            if (sending) closedByServer++;
          });
        } catch (error) {
          failedToConnect++;
          firstFailure ??= error instanceof Error ? error.message : String(error);
        }
      }),
    );
  }
  const connectMs = performance.now() - connectStart;
  const connected = slots.filter((s) => s.client).length;

  // Sending: each client on its own interval, offsets spread over one period.
  let posesSent = 0;
  let expectedDeliveries = 0;
  const period = 1000 / rate;
  const timers: ReturnType<typeof setInterval>[] = [];
  const sendOne = (slot: Slot) => {
    const client = slot.client;
    if (!sending || !client || client.socket.readyState !== WebSocket.OPEN) return;
    const seq = slot.seq++;
    sentAt.set(`${slot.index}:${seq}`, performance.now());
    client.send({ type: "pose", position: [slot.index, seq, 0], rotation: [0, 0, 0, 1] });
    posesSent++;
    expectedDeliveries += Math.max(0, connectedPerRoom[slot.room]! - 1);
  };
  sending = true;
  const runStart = performance.now();
  const starters = slots.map((slot) =>
    setTimeout(() => {
      sendOne(slot);
      timers.push(setInterval(() => sendOne(slot), period));
    }, Math.random() * period),
  );
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  sending = false;
  starters.forEach(clearTimeout);
  timers.forEach(clearInterval);
  const ranMs = performance.now() - runStart;
  await new Promise((resolve) => setTimeout(resolve, drainMs));

  const serverRssBytes = rssOf(options.serverPid);
  const clientRssBytes = process.memoryUsage().rss;
  await Promise.allSettled(slots.map((s) => s.client?.close()));

  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    requested: options.clients,
    connected,
    failedToConnect,
    firstFailure,
    closedByServer,
    connectMs: Math.round(connectMs),
    durationMs: Math.round(ranMs),
    posesSent,
    messagesDelivered: delivered,
    expectedDeliveries,
    deliveryRatio: expectedDeliveries === 0 ? 1 : delivered / expectedDeliveries,
    latencyMs:
      latencies.length === 0
        ? null
        : { p50: round3(pick(0.5)), p99: round3(pick(0.99)), max: round3(latencies[latencies.length - 1]!) },
    serverRssBytes,
    clientRssBytes,
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The base URL without a trailing slash, after checking it is on loopback. */
function loopbackBase(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) throw new Error(`Not an http(s) URL: ${baseUrl}`);
  if (!LOOPBACK.has(url.hostname)) throw new Error(`Capacity runs only against loopback; ${url.hostname} is not.`);
  return `${url.protocol.replace("ws", "http")}//${url.host}`;
}

/** A process's resident set size from /proc (Linux), or this process's; null when unreadable. */
function rssOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  if (pid === process.pid) return process.memoryUsage().rss;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
