/**
 * The Redis room hub: rooms shared by several API processes through Redis pub/sub. Each room is the
 * channel `<prefix>room:<room id>`, market ticks are `<prefix>ticks`; messages are the JSON of a
 * {@link HubEnvelope}, checked against its schema on arrival (whatever else can publish to this Redis
 * cannot make the API send malformed messages). Two connections: one subscribed, one publishing
 * (a subscribed Redis connection cannot publish).
 *
 * Delivery is at most once: a message published while Redis is unreachable is dropped (poses are
 * superseded by the next one; presence is also in `metaverse_sessions`). ioredis reconnects and
 * re-subscribes on its own.
 */
import { Redis } from "ioredis";

import { HubEnvelopeSchema, type HubEnvelope, type HubSink, type RoomHub } from "./hub.ts";

/** Where warnings go (a pino/Fastify logger fits). */
export interface HubLogger {
  warn(details: object, message: string): void;
}

/** Options of {@link createRedisHub}. */
export interface RedisHubOptions {
  /** Channel prefix (default "peper:metaverse:"); API processes sharing rooms must use the same. */
  readonly prefix?: string;
  readonly logger?: HubLogger;
}

/** Where a Redis URL points, without its credentials (for messages and logs). */
export function redisLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}`;
  } catch {
    return "(unparseable REDIS_URL)";
  }
}

/**
 * Connects to Redis and returns a hub delivering to `sink`.
 *
 * @throws when Redis cannot be reached at start (the message names the host, never the password).
 */
export async function createRedisHub(url: string, sink: HubSink, options: RedisHubOptions = {}): Promise<RoomHub> {
  const prefix = options.prefix ?? "peper:metaverse:";
  const roomPrefix = `${prefix}room:`;
  const ticks = `${prefix}ticks`;
  const where = redisLocation(url);
  const common = { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5_000 } as const;
  // Nothing is queued for later while Redis is away: a late pose is worse than none.
  const publisher = new Redis(url, { ...common, enableOfflineQueue: false, connectionName: "peper-rooms-pub" });
  const subscriber = new Redis(url, { ...common, connectionName: "peper-rooms-sub" });
  let lastWarning = 0;
  const warn = (details: object, message: string) => {
    const now = Date.now();
    if (now - lastWarning < 10_000) return;
    lastWarning = now;
    options.logger?.warn({ redis: where, ...details }, message);
  };
  let lastError: string | undefined;
  for (const client of [publisher, subscriber]) {
    client.on("error", (error: Error) => {
      lastError = error.message;
      warn({ err: error.message }, "realtime hub: Redis error");
    });
  }
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(
      `The realtime hub cannot reach Redis at ${where} (REDIS_URL): ${lastError ?? (error instanceof Error ? error.message : String(error))}`,
      { cause: error },
    );
  }

  await subscriber.subscribe(ticks);
  subscriber.on("message", (channel: string, text: string) => {
    let envelope: HubEnvelope;
    try {
      const parsed = HubEnvelopeSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "invalid");
      envelope = parsed.data;
    } catch (error) {
      warn({ channel, err: error instanceof Error ? error.message : String(error) }, "realtime hub: bad message");
      return;
    }
    if (channel === ticks) sink.everyone(envelope);
    else if (channel.startsWith(roomPrefix)) sink.room(channel.slice(roomPrefix.length), envelope);
  });

  const send = async (channel: string, envelope: HubEnvelope) => {
    try {
      await publisher.publish(channel, JSON.stringify(envelope));
    } catch (error) {
      warn({ err: error instanceof Error ? error.message : String(error) }, "realtime hub: message dropped");
    }
  };
  let closed = false;
  return {
    kind: "redis",
    async subscribe(roomId) {
      await subscriber.subscribe(roomPrefix + roomId);
    },
    async unsubscribe(roomId) {
      if (!closed) await subscriber.unsubscribe(roomPrefix + roomId).catch(() => undefined);
    },
    publish: (roomId, envelope) => (closed ? Promise.resolve() : send(roomPrefix + roomId, envelope)),
    broadcast: (envelope) => (closed ? Promise.resolve() : send(ticks, envelope)),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
