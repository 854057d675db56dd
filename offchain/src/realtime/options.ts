/**
 * The types the realtime layer shares with the API that builds on it: the settings an API process
 * passes in (`ApiDependencies.realtime`) and what the room server needs from its host. Types only,
 * so `api/context.ts` can name them without importing the room server, and the room server never
 * imports the API: the API depends on realtime, never the other way round.
 */
import type { PeperDatabase } from "../db/index.ts";

/**
 * The realtime settings an API process takes (`ApiDependencies.realtime`). All optional; the
 * defaults suit production.
 */
export interface RealtimeOptions {
  /** Share rooms between API processes through this Redis (REDIS_URL); unset: rooms are per process. */
  readonly redisUrl?: string;
  /** Largest accepted frame in bytes (default 16 KiB). */
  readonly maxFrameBytes?: number;
  /** How long a new connection has to send `auth` (default 10 s). */
  readonly authTimeoutMs?: number;
  /**
   * Keep-alive: a ping this often; a connection that did not answer the previous one is dropped, and
   * one whose sign-in has ended (signed out, erased, role changed) is closed (default 30 s).
   */
  readonly pingIntervalMs?: number;
  /** Sustained messages per second per connection (default 30). */
  readonly messagesPerSecond?: number;
  /** Burst of messages per connection above the sustained rate (default 60). */
  readonly messageBurst?: number;
  /** Chat messages per second per connection (default 2, burst 5). */
  readonly chatPerSecond?: number;
  /** Invalid or rate-limited messages tolerated per minute before the connection is closed (default 20). */
  readonly maxStrikesPerMinute?: number;
}

/** The verdict on an access token presented to the room server. */
export type AccessCheck =
  | {
      readonly ok: true;
      /** The user the token is for. */
      readonly userId: string;
      /** When the token expires (ms since the epoch). */
      readonly expiresAt: number;
    }
  | {
      readonly ok: false;
      /** "expired": refresh and reconnect; "invalid": sign in again. */
      readonly problem: "expired" | "invalid";
      /** Why, for the close frame's reason (short, nothing secret). */
      readonly reason: string;
    };

/**
 * What the room server needs from the API process hosting it. The API's context (`app.peper`)
 * provides all of it.
 */
export interface RoomServerContext {
  readonly database: PeperDatabase;
  /** The clock (ms since the epoch). */
  now(): number;
  /**
   * Checks an access token as the HTTP routes' guard does: signature, expiry, and that its session
   * and account are still live.
   */
  checkAccessToken(token: string): Promise<AccessCheck>;
}
