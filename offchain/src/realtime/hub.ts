/**
 * The room hub: how a message published in a room reaches every API process that has members of
 * that room connected. Two implementations: {@link createInProcessHub} (one process) and
 * `createRedisHub` in `./redisHub.ts` (Redis pub/sub, a channel per room, for several processes).
 *
 * A process subscribes to a room while it has at least one member of it connected, and delivers what
 * the hub hands it to those members. A message is delivered back to the publishing process too (by
 * the hub, not a shortcut), so every process sees the messages of a room in the same order.
 */
import { z } from "zod";

import { ServerMessageSchema, type ServerMessage } from "./protocol.ts";

/** A message travelling through the hub, and the connection it came from (not delivered back to it). */
export interface HubEnvelope {
  /** The id of the connection that sent it; null for messages from the server (ticks, presence). */
  readonly origin: string | null;
  readonly message: ServerMessage;
}

/** The wire form of a {@link HubEnvelope} (what another process may publish is checked against it). */
export const HubEnvelopeSchema = z.object({ origin: z.string().max(64).nullable(), message: ServerMessageSchema });

/** Where a hub delivers: the process's room server. */
export interface HubSink {
  /** A message published in `roomId` (only for rooms this process subscribed to). */
  room(roomId: string, envelope: HubEnvelope): void;
  /** A message for every room (market ticks). */
  everyone(envelope: HubEnvelope): void;
}

/** The rooms of one or several API processes. */
export interface RoomHub {
  /** "in-process" or "redis". */
  readonly kind: "in-process" | "redis";
  /** Starts delivering `roomId`'s messages to this process; resolves once that is in effect. */
  subscribe(roomId: string): Promise<void>;
  /** Stops delivering `roomId`'s messages to this process. */
  unsubscribe(roomId: string): Promise<void>;
  /** Publishes to every process subscribed to `roomId`. */
  publish(roomId: string, envelope: HubEnvelope): Promise<void>;
  /** Publishes to every room of every process. */
  broadcast(envelope: HubEnvelope): Promise<void>;
  /** Releases the hub's connections. */
  close(): Promise<void>;
}

/** A hub for a single API process: publishing delivers synchronously to this process's subscribed rooms. */
export function createInProcessHub(sink: HubSink): RoomHub {
  const rooms = new Set<string>();
  let closed = false;
  return {
    kind: "in-process",
    async subscribe(roomId) {
      rooms.add(roomId);
    },
    async unsubscribe(roomId) {
      rooms.delete(roomId);
    },
    async publish(roomId, envelope) {
      if (!closed && rooms.has(roomId)) sink.room(roomId, envelope);
    },
    async broadcast(envelope) {
      if (!closed) sink.everyone(envelope);
    },
    async close() {
      closed = true;
      rooms.clear();
    },
  };
}
