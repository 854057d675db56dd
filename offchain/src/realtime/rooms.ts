/**
 * The metaverse rooms' WebSocket server: authentication of each connection, presence (recorded in
 * `metaverse_sessions`), relaying of poses and chat to the other members through a {@link RoomHub},
 * market ticks, and the protections (frame size, per-connection rate limits, keep-alive, eviction of
 * abusive clients). The message protocol is in `./protocol.ts`.
 *
 * Connection life: accepted → `auth` awaited (bounded by `authTimeoutMs`) → the token is verified and
 * the caller must be a member of the live room → a presence row is opened, the room subscribed, the
 * caller gets `welcome` and the others `presence: join` → messages → on close the row is closed and,
 * once the user has no other connection in the room (on any process), the others get
 * `presence: leave`.
 */
import { randomUUID } from "node:crypto";

import { and, eq, isNull, sql } from "drizzle-orm";

import { metaverseAvatars, metaverseRoomMembers, metaverseRooms, metaverseSessions } from "../db/schema.ts";
import { createInProcessHub, type HubEnvelope, type HubSink, type RoomHub } from "./hub.ts";
import type { RealtimeOptions, RoomServerContext } from "./options.ts";
import {
  AuthMessageSchema,
  CLOSE,
  ClientMessageSchema,
  describeProblem,
  MarketTickSchema,
  MAX_FRAME_BYTES,
  type MarketTick,
  type ServerMessage,
} from "./protocol.ts";
import { createRedisHub, type HubLogger } from "./redisHub.ts";

export type { AccessCheck, RealtimeOptions, RoomServerContext } from "./options.ts";

type Resolved = Required<Omit<RealtimeOptions, "redisUrl">> & { readonly redisUrl: string | undefined };

const DEFAULTS: Omit<Resolved, "redisUrl"> = {
  maxFrameBytes: MAX_FRAME_BYTES,
  authTimeoutMs: 10_000,
  pingIntervalMs: 30_000,
  messagesPerSecond: 30,
  messageBurst: 60,
  chatPerSecond: 2,
  maxStrikesPerMinute: 20,
};

/** The part of a `ws` WebSocket the room server uses (what @fastify/websocket hands a route). */
export interface RoomSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(): void;
  on(event: "message", listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: "close", listener: (code: number, reason: Buffer) => void): unknown;
  on(event: "pong", listener: () => void): unknown;
}

/** The logger the room server writes to (Fastify's). */
export interface RoomLogger extends HubLogger {
  error(details: object, message: string): void;
}

const OPEN = 1;
/** Above this much unsent data, lossy messages (poses, ticks) to a connection are skipped. */
const LOSSY_BACKLOG_BYTES = 512 * 1024;
/** Above this much unsent data, the connection is dropped (a client that does not read). */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
/** After a close frame, how long a client gets to answer before its socket is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/** A token bucket: `capacity` tokens, refilled at `perSecond`. */
class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private readonly capacity: number;
  private readonly perSecond: number;
  constructor(capacity: number, perSecond: number) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.tokens = capacity;
  }
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

type State = "auth" | "joining" | "open" | "closed";

interface Connection {
  readonly id: string;
  readonly socket: RoomSocket;
  readonly roomId: string;
  state: State;
  userId?: string;
  /** The access token the connection authenticated with, re-checked at every keep-alive tick. */
  token?: string;
  displayName: string | null;
  presenceRowId?: string;
  /** True once the connection counts in `rooms` (and its room is subscribed). */
  inRoom: boolean;
  alive: boolean;
  timer?: ReturnType<typeof setTimeout>;
  readonly messages: TokenBucket;
  readonly chats: TokenBucket;
  readonly strikes: TokenBucket;
}

/**
 * The room server of one API process. Create it with {@link createRoomServer}; hand it each accepted
 * WebSocket with {@link RoomServer.accept}; call {@link RoomServer.shutdown} when the API closes.
 */
export class RoomServer {
  private readonly ctx: RoomServerContext;
  private readonly log: RoomLogger;
  readonly options: Resolved;
  private hub!: RoomHub;
  private readonly connections = new Set<Connection>();
  /** The connections of each room that are in it (state open), by room id. */
  private readonly rooms = new Map<string, Set<Connection>>();
  private readonly pending = new Set<Promise<void>>();
  private readonly keepAlive: ReturnType<typeof setInterval>;
  private closing = false;
  private shutdownDone: Promise<void> | undefined;

  /** Use {@link createRoomServer}. */
  constructor(ctx: RoomServerContext, options: RealtimeOptions, log: RoomLogger) {
    this.ctx = ctx;
    this.log = log;
    this.options = { ...DEFAULTS, ...stripUndefined(options), redisUrl: options.redisUrl };
    this.keepAlive = setInterval(() => this.ping(), this.options.pingIntervalMs);
    this.keepAlive.unref();
  }

  /** Connects the hub (Redis when `redisUrl` is set). */
  async start(): Promise<void> {
    const sink: HubSink = {
      room: (roomId, envelope) => this.deliver(this.rooms.get(roomId), envelope),
      everyone: (envelope) => {
        for (const members of this.rooms.values()) this.deliver(members, envelope);
      },
    };
    this.hub = this.options.redisUrl
      ? await createRedisHub(this.options.redisUrl, sink, { logger: this.log })
      : createInProcessHub(sink);
  }

  /** "redis" when rooms are shared through Redis, else "in-process". */
  get hubKind(): RoomHub["kind"] {
    return this.hub.kind;
  }

  /** Connections currently open in this process (any state). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Takes a freshly upgraded WebSocket for the session `roomId` (a UUID) and runs its life. */
  accept(socket: RoomSocket, roomId: string): void {
    if (this.closing) {
      socket.close(CLOSE.goingAway, "server shutting down");
      return;
    }
    const o = this.options;
    const conn: Connection = {
      id: randomUUID(),
      socket,
      roomId,
      state: "auth",
      displayName: null,
      inRoom: false,
      alive: true,
      messages: new TokenBucket(o.messageBurst, o.messagesPerSecond),
      chats: new TokenBucket(Math.max(1, Math.ceil(o.chatPerSecond * 2.5)), o.chatPerSecond),
      strikes: new TokenBucket(o.maxStrikesPerMinute, o.maxStrikesPerMinute / 60),
    };
    this.connections.add(conn);
    conn.timer = setTimeout(
      () => this.close(conn, CLOSE.authTimeout, 'auth timeout: send {"type":"auth","access_token":...} first'),
      o.authTimeoutMs,
    );
    socket.on("message", (data, isBinary) => this.onMessage(conn, data, isBinary));
    socket.on("close", () => this.left(conn));
    socket.on("pong", () => {
      conn.alive = true;
    });
  }

  /**
   * Sends a market tick to every room (of every process, with Redis) or only to `sessionId`.
   *
   * @throws {z.ZodError} when the tick is malformed.
   */
  async publishTick(tick: MarketTick, sessionId?: string): Promise<void> {
    const t = MarketTickSchema.parse(tick);
    const message: ServerMessage = {
      type: "tick",
      symbol: t.symbol,
      price: t.price,
      ...(t.volume !== undefined ? { volume: t.volume } : {}),
      at: t.at ?? new Date(this.ctx.now()).toISOString(),
    };
    if (this.closing) return;
    if (sessionId) await this.hub.publish(sessionId, { origin: null, message });
    else await this.hub.broadcast({ origin: null, message });
  }

  /**
   * Closes every connection (1001), records their departure, waits for pending database writes and
   * releases the hub. Idempotent.
   */
  shutdown(): Promise<void> {
    this.shutdownDone ??= (async () => {
      this.closing = true;
      clearInterval(this.keepAlive);
      for (const conn of [...this.connections]) this.close(conn, CLOSE.goingAway, "server shutting down");
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      await this.hub.close();
    })();
    return this.shutdownDone;
  }

  // ------------------------------------------------------------------------------------------------

  private onMessage(conn: Connection, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (conn.state === "closed") return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (bytes.length > this.options.maxFrameBytes) {
      this.close(conn, CLOSE.tooBig, `message larger than ${this.options.maxFrameBytes} bytes`);
      return;
    }
    let json: unknown;
    let problem: string | undefined;
    if (isBinary) problem = "send JSON in text frames, not binary";
    else {
      try {
        json = JSON.parse(bytes.toString("utf8"));
      } catch {
        problem = "not valid JSON";
      }
    }

    if (conn.state === "auth") {
      const auth = problem ? undefined : AuthMessageSchema.safeParse(json);
      if (!auth?.success) {
        const field = auth ? describeProblem(auth.error).field : undefined;
        this.close(
          conn,
          CLOSE.unauthenticated,
          `first message must be {"type":"auth","access_token":...}${field ? ` (bad ${field})` : ""}`.slice(0, 120),
        );
        return;
      }
      clearTimeout(conn.timer);
      conn.state = "joining";
      this.track(this.join(conn, auth.data.access_token));
      return;
    }
    if (conn.state === "joining") {
      this.reject(conn, "not-ready", "wait for the welcome message before sending");
      return;
    }
    if (!conn.messages.take()) {
      this.reject(conn, "rate-limited", `more than ${this.options.messagesPerSecond} messages per second; slow down`);
      return;
    }
    if (problem) {
      this.reject(conn, isBinary ? "binary-not-supported" : "bad-json", problem);
      return;
    }
    const parsed = ClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const { field, message } = describeProblem(parsed.error);
      this.reject(conn, "invalid-message", field ? `${field}: ${message}` : message, field);
      return;
    }
    const msg = parsed.data;
    const at = new Date(this.ctx.now()).toISOString();
    switch (msg.type) {
      case "auth":
        this.reject(conn, "already-authenticated", "this connection is already signed in", "type");
        return;
      case "pose":
        void this.hub.publish(conn.roomId, {
          origin: conn.id,
          message: {
            type: "pose",
            user_id: conn.userId!,
            position: msg.position,
            rotation: msg.rotation,
            ...(msg.hands ? { hands: msg.hands } : {}),
            at,
          },
        });
        return;
      case "chat":
        if (!conn.chats.take()) {
          this.reject(conn, "rate-limited", `more than ${this.options.chatPerSecond} chat messages per second`);
          return;
        }
        void this.hub.publish(conn.roomId, {
          origin: conn.id,
          message: {
            type: "chat",
            id: randomUUID(),
            user_id: conn.userId!,
            display_name: conn.displayName,
            text: msg.text,
            at,
          },
        });
        return;
    }
  }

  /** Answers a bad message with an `error`; too many of them close the connection. */
  private reject(conn: Connection, code: string, message: string, field?: string): void {
    if (!conn.strikes.take()) {
      if (code === "rate-limited") this.close(conn, CLOSE.rateLimited, "too many messages");
      else this.close(conn, CLOSE.badRequest, "too many invalid messages");
      return;
    }
    this.send(conn, JSON.stringify({ type: "error", code, message, ...(field ? { field } : {}) }), false);
  }

  /** Verifies the token and membership, opens the presence row, enters the room. */
  private async join(conn: Connection, token: string): Promise<void> {
    const { db } = this.ctx.database;
    try {
      const access = await this.ctx.checkAccessToken(token);
      if (!access.ok) {
        this.close(
          conn,
          CLOSE.unauthenticated,
          access.problem === "expired" ? "access token expired: refresh it and reconnect" : access.reason,
        );
        return;
      }
      const { userId, expiresAt: tokenExpiresAt } = access;
      const [membership] = await db
        .select({ expiresAt: metaverseRooms.expiresAt, displayName: metaverseAvatars.displayName })
        .from(metaverseRoomMembers)
        .innerJoin(metaverseRooms, eq(metaverseRooms.id, metaverseRoomMembers.roomId))
        .leftJoin(metaverseAvatars, eq(metaverseAvatars.userId, metaverseRoomMembers.userId))
        .where(and(eq(metaverseRoomMembers.roomId, conn.roomId), eq(metaverseRoomMembers.userId, userId)));
      if (!membership) {
        this.close(conn, CLOSE.notFound, "no such session, or you are not one of its participants");
        return;
      }
      const now = this.ctx.now();
      if (membership.expiresAt.getTime() <= now) {
        this.close(conn, CLOSE.expired, "the session has expired");
        return;
      }
      if (isClosed(conn)) return;
      conn.userId = userId;
      conn.token = token;
      conn.displayName = membership.displayName;
      const [row] = await db
        .insert(metaverseSessions)
        .values({ room: conn.roomId, userId, joinedAt: new Date(now) })
        .returning({ id: metaverseSessions.id });
      conn.presenceRowId = row!.id;
      if (isClosed(conn)) {
        await this.closePresence(conn);
        return;
      }
      let members = this.rooms.get(conn.roomId);
      if (!members) {
        members = new Set();
        this.rooms.set(conn.roomId, members);
      }
      members.add(conn);
      conn.inRoom = true;
      if (members.size === 1) await this.hub.subscribe(conn.roomId);
      const present = await this.present(conn.roomId);
      if (isClosed(conn)) return;
      conn.state = "open";
      this.send(
        conn,
        JSON.stringify({
          type: "welcome",
          session_id: conn.roomId,
          user_id: userId,
          expires_at: membership.expiresAt.toISOString(),
          present,
        } satisfies ServerMessage),
        false,
      );
      await this.hub.publish(conn.roomId, {
        origin: conn.id,
        message: {
          type: "presence",
          event: "join",
          user_id: userId,
          display_name: conn.displayName,
          at: new Date(now).toISOString(),
        },
      });
      // The connection lives until the room expires or the access token does, whichever is first
      // (reconnect with a fresh token); a sign-in that ends sooner (logout, erasure, a new role) is
      // noticed at the next keep-alive tick.
      const tokenFirst = tokenExpiresAt < membership.expiresAt.getTime();
      const remaining = (tokenFirst ? tokenExpiresAt : membership.expiresAt.getTime()) - this.ctx.now();
      conn.timer = setTimeout(
        () =>
          tokenFirst
            ? this.close(conn, CLOSE.unauthenticated, "access token expired: refresh it and reconnect")
            : this.close(conn, CLOSE.expired, "the session has expired"),
        Math.max(0, Math.min(remaining, 2 ** 31 - 1)),
      );
      conn.timer.unref();
    } catch (error) {
      this.log.error({ err: error }, "realtime: join failed");
      this.close(conn, CLOSE.internal, "internal error; it has been logged");
    }
  }

  /** Who is in a room now (distinct users with an open presence row, any process). */
  private async present(roomId: string): Promise<{ user_id: string; display_name: string | null }[]> {
    const rows = await this.ctx.database.db
      .selectDistinct({ userId: metaverseSessions.userId, displayName: metaverseAvatars.displayName })
      .from(metaverseSessions)
      .leftJoin(metaverseAvatars, eq(metaverseAvatars.userId, metaverseSessions.userId))
      .where(and(eq(metaverseSessions.room, roomId), isNull(metaverseSessions.leftAt)));
    return rows.map((r) => ({ user_id: r.userId, display_name: r.displayName }));
  }

  /** Sends a close frame, and destroys the socket if the client does not answer in time. */
  private close(conn: Connection, code: number, reason: string): void {
    if (conn.socket.readyState === OPEN) conn.socket.close(code, reason);
    const grace = setTimeout(() => {
      if (conn.socket.readyState !== 3) conn.socket.terminate();
    }, CLOSE_GRACE_MS);
    grace.unref();
    this.left(conn);
  }

  /** The connection is gone (closed by either side): leave the room once. */
  private left(conn: Connection): void {
    if (conn.state === "closed") return;
    conn.state = "closed";
    clearTimeout(conn.timer);
    this.connections.delete(conn);
    if (conn.inRoom) {
      conn.inRoom = false;
      const members = this.rooms.get(conn.roomId);
      members?.delete(conn);
      if (members && members.size === 0) {
        this.rooms.delete(conn.roomId);
        void this.hub.unsubscribe(conn.roomId);
      }
    }
    // A connection still joining closes its own row when its join notices the state.
    if (conn.presenceRowId) this.track(this.closePresence(conn));
  }

  /** Closes the presence row; announces the departure if the user has no other connection in the room. */
  private async closePresence(conn: Connection): Promise<void> {
    const { db } = this.ctx.database;
    const rowId = conn.presenceRowId;
    if (!rowId) return;
    conn.presenceRowId = undefined;
    const now = this.ctx.now();
    await db
      .update(metaverseSessions)
      .set({ leftAt: sql`greatest(${metaverseSessions.joinedAt}, ${new Date(now).toISOString()}::timestamptz)` })
      .where(and(eq(metaverseSessions.id, rowId), isNull(metaverseSessions.leftAt)));
    const [still] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(metaverseSessions)
      .where(
        and(
          eq(metaverseSessions.room, conn.roomId),
          eq(metaverseSessions.userId, conn.userId!),
          isNull(metaverseSessions.leftAt),
        ),
      );
    if ((still?.n ?? 0) === 0) {
      await this.hub.publish(conn.roomId, {
        origin: conn.id,
        message: {
          type: "presence",
          event: "leave",
          user_id: conn.userId!,
          display_name: conn.displayName,
          at: new Date(now).toISOString(),
        },
      });
    }
  }

  /** Delivers a hub message to the given members, except the connection it came from. */
  private deliver(members: ReadonlySet<Connection> | undefined, envelope: HubEnvelope): void {
    if (!members || members.size === 0) return;
    const text = JSON.stringify(envelope.message);
    const lossy = envelope.message.type === "pose" || envelope.message.type === "tick";
    for (const conn of members) {
      if (conn.id !== envelope.origin && conn.state === "open") this.send(conn, text, lossy);
    }
  }

  private send(conn: Connection, text: string, lossy: boolean): void {
    const socket = conn.socket;
    if (socket.readyState !== OPEN) return;
    if (socket.bufferedAmount > MAX_BACKLOG_BYTES) {
      socket.terminate();
      this.left(conn);
      return;
    }
    if (lossy && socket.bufferedAmount > LOSSY_BACKLOG_BYTES) return;
    socket.send(text);
  }

  private ping(): void {
    for (const conn of this.connections) {
      if (!conn.alive) {
        conn.socket.terminate();
        this.left(conn);
        continue;
      }
      conn.alive = false;
      if (conn.socket.readyState === OPEN) conn.socket.ping();
      if (conn.state === "open" && conn.token !== undefined) this.track(this.recheck(conn, conn.token));
    }
  }

  /** Closes a connection whose sign-in has ended since it joined (4401: sign in, or refresh, and reconnect). */
  private async recheck(conn: Connection, token: string): Promise<void> {
    const access = await this.ctx.checkAccessToken(token);
    if (!access.ok && !isClosed(conn)) {
      this.close(
        conn,
        CLOSE.unauthenticated,
        access.problem === "expired" ? "access token expired: refresh it and reconnect" : access.reason,
      );
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.log.error({ err: error }, "realtime: presence update failed"))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}

/** Whether the connection has gone (a function, so the check is not narrowed away across awaits). */
function isClosed(conn: Connection): boolean {
  return conn.state === "closed";
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A started room server for one API process: Redis-backed when `options.redisUrl` is set.
 *
 * @throws when `redisUrl` is set and Redis cannot be reached.
 */
export async function createRoomServer(
  ctx: RoomServerContext,
  options: RealtimeOptions,
  log: RoomLogger,
): Promise<RoomServer> {
  const server = new RoomServer(ctx, options, log);
  await server.start();
  registry.set(ctx, server);
  return server;
}

const registry = new WeakMap<RoomServerContext, RoomServer>();

/** The room server of the API whose context is `ctx` (`app.peper`), if its metaverse routes are registered. */
export function roomServerOf(ctx: RoomServerContext): RoomServer | undefined {
  return registry.get(ctx);
}

/**
 * Sends a market tick to the metaverse rooms of the API whose context is `ctx` (`app.peper`): to every
 * room of every API process (with Redis), or only to session `sessionId`. Members receive
 * `{ "type": "tick", symbol, price, volume?, at }`.
 *
 * @throws when the API has no metaverse routes, or the tick is malformed (zod error).
 */
export async function publishTick(ctx: RoomServerContext, tick: MarketTick, sessionId?: string): Promise<void> {
  const server = registry.get(ctx);
  if (!server) throw new Error("publishTick: this API has no metaverse rooms (metaverseRoutes is not registered).");
  await server.publishTick(tick, sessionId);
}
