/**
 * Helpers for the realtime tests: an API listening on loopback with realtime options, sessions
 * created over HTTP, and presence rows. For tests only.
 */
import type { AddressInfo } from "node:net";

import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { asc, eq } from "drizzle-orm";

import type { ApiDependencies } from "../api/context.ts";
import type { TestApi, TestUser } from "../api/testing.ts";
import type { Database } from "../db/index.ts";
import { metaverseSessions } from "../db/schema.ts";
import type { RealtimeOptions } from "./options.ts";

/**
 * Dependencies carrying realtime options. `realtime` is not a declared field of `ApiDependencies` yet,
 * so it is added after the object is typed (the context copies every dependency through).
 */
export function realtimeDeps(options: RealtimeOptions): Partial<ApiDependencies> {
  return { realtime: options };
}

/** Starts the API on 127.0.0.1 (a free port) and returns its base URL. */
export async function listen(api: Pick<TestApi, "app">): Promise<string> {
  await api.app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = api.app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** A session created over HTTP by `host` for `host` and `others`; its id and WebSocket URL. */
export async function createSession(
  baseUrl: string,
  host: TestUser,
  others: readonly TestUser[],
  ttlMinutes = 60,
): Promise<{ id: string; url: string }> {
  const participants = [host, ...others].map((u) => ({
    user_id: u.id,
    kem_public_key: Buffer.from(ml_kem768.keygen().publicKey).toString("base64"),
  }));
  const res = await fetch(`${baseUrl}/api/v5/metaverse/create-session`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${host.accessToken}` },
    body: JSON.stringify({ name: "test-room", participants, ttl_minutes: ttlMinutes }),
  });
  if (res.status !== 201) throw new Error(`create-session answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { session_id: string; server_endpoint: string };
  return { id: body.session_id, url: body.server_endpoint };
}

/** The WebSocket URL of a session on the API at `baseUrl`. */
export const roomUrl = (baseUrl: string, sessionId: string): string =>
  `${baseUrl.replace(/^http/, "ws")}/api/v5/metaverse/ws?session_id=${sessionId}`;

/** The presence rows of a room, oldest first. */
export function presenceRows(db: Database, roomId: string) {
  return db
    .select()
    .from(metaverseSessions)
    .where(eq(metaverseSessions.room, roomId))
    .orderBy(asc(metaverseSessions.joinedAt));
}

/** A pose message with `x` as the first coordinate. */
export const pose = (x: number) => ({ type: "pose", position: [x, 1.5, -2], rotation: [0, 0, 0, 1] });
