/**
 * A minimal client of the metaverse rooms over Node's global WebSocket, for the tests and the
 * capacity measurement: it queues what the server sends so a caller can await "the next message of
 * this kind", and records how the connection closed.
 */
import type { ServerMessage } from "./protocol.ts";

/** How a connection ended. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/** How often {@link bounded} checks, and how many checks it makes by default (30 s nominal). */
const POLL_MS = 20;
const DEFAULT_POLLS = 1500;

/**
 * Waits for `promise` for at most `polls` checks `POLL_MS` apart, then rejects naming `what`: a wait
 * bounded by a count, so a server that never answers fails the caller instead of hanging it. The
 * bound is generous on purpose (a loaded machine only makes each check later, never sooner).
 */
export function bounded<T>(promise: Promise<T>, what: string, polls = DEFAULT_POLLS): Promise<T> {
  let checks = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (++checks >= polls) reject(new Error(`gave up waiting for ${what} after ${polls} checks`));
    }, POLL_MS);
  });
  return Promise.race([promise, guard]).finally(() => clearInterval(timer));
}

type Waiter = {
  readonly match: (m: ServerMessage) => boolean;
  readonly resolve: (m: ServerMessage) => void;
  readonly reject: (e: Error) => void;
};

/** One WebSocket connection to a room. */
export class RoomClient {
  readonly socket: WebSocket;
  /** Settles when the connection closes (never rejects). */
  readonly closed: Promise<CloseInfo>;
  private readonly queue: ServerMessage[] = [];
  private readonly waiters: Waiter[] = [];
  private closeInfo: CloseInfo | undefined;
  /** Called for every message as it arrives (before queueing); return true to not queue it. */
  onMessage: ((m: ServerMessage, receivedAt: number) => boolean) | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => {
      socket.addEventListener("close", (event) => {
        this.closeInfo = { code: event.code, reason: event.reason };
        for (const w of this.waiters.splice(0)) {
          w.reject(new Error(`connection closed (${event.code} ${event.reason}) while waiting for a message`));
        }
        resolve(this.closeInfo);
      });
    });
    socket.addEventListener("message", (event) => {
      const receivedAt = performance.now();
      const message = JSON.parse(String(event.data)) as ServerMessage;
      if (this.onMessage?.(message, receivedAt)) return;
      const i = this.waiters.findIndex((w) => w.match(message));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(message);
      else this.queue.push(message);
    });
  }

  /**
   * Opens a connection to `url` (the `server_endpoint` of a session).
   *
   * @throws when the connection cannot be opened (the handshake was refused).
   */
  static connect(url: string): Promise<RoomClient> {
    return bounded(RoomClient.open(url), `the connection to ${url}`);
  }

  private static open(url: string): Promise<RoomClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const client = new RoomClient(socket);
      const fail = () => reject(new Error(`cannot connect to ${url}`));
      socket.addEventListener("error", fail, { once: true });
      socket.addEventListener(
        "open",
        () => {
          socket.removeEventListener("error", fail);
          resolve(client);
        },
        { once: true },
      );
    });
  }

  /**
   * Connects, sends `auth` and waits for `welcome`.
   *
   * @throws when the server closes the connection instead (the message has the close code and reason).
   */
  static async join(url: string, accessToken: string): Promise<RoomClient> {
    const client = await RoomClient.connect(url);
    client.send({ type: "auth", access_token: accessToken });
    await client.next("welcome");
    return client;
  }

  /** Sends a message (an object is sent as JSON, a string as it is). */
  send(message: object | string): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /**
   * The next queued or arriving message of `type` (any type when omitted) that `match` accepts;
   * messages before it that do not match stay queued.
   *
   * @throws when the connection closes first, or nothing matching arrives within {@link bounded}'s bound.
   */
  next<T extends ServerMessage["type"]>(
    type?: T,
    match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    return bounded(this.take(type, match), `a ${type ?? "any"} message`);
  }

  /**
   * How the connection closed, once it has.
   *
   * @throws when it is still open after {@link bounded}'s bound.
   */
  ended(): Promise<CloseInfo> {
    return bounded(this.closed, "the connection to close");
  }

  private take<T extends ServerMessage["type"]>(
    type: T | undefined,
    match: (m: Extract<ServerMessage, { type: T }>) => boolean,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const accepts = (m: ServerMessage): boolean =>
      (type === undefined || m.type === type) && match(m as Extract<ServerMessage, { type: T }>);
    const i = this.queue.findIndex(accepts);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0] as Extract<ServerMessage, { type: T }>);
    if (this.closeInfo) {
      return Promise.reject(new Error(`connection closed (${this.closeInfo.code} ${this.closeInfo.reason})`));
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ match: accepts, resolve: (m) => resolve(m as Extract<ServerMessage, { type: T }>), reject });
    });
  }

  /** Messages received and not yet taken by {@link RoomClient.next}. */
  get pending(): readonly ServerMessage[] {
    return this.queue;
  }

  /** Closes the connection and waits until it is closed. */
  async close(): Promise<CloseInfo> {
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) {
      this.socket.close(1000, "bye");
    }
    return this.ended();
  }
}
