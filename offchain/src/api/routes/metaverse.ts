import { randomUUID } from "node:crypto";

import websocket from "@fastify/websocket";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { appendAudit } from "../../compliance/auditStore.ts";
import {
  globalUsers,
  metaverseAvatars,
  metaverseRoomMembers,
  metaverseRooms,
  metaverseSessions,
} from "../../db/schema.ts";
import { MAX_FRAME_BYTES } from "../../realtime/protocol.ts";
import { kemPublicKeyProblem, newRoomKey, RoomKeyEnvelopeSchema, sealRoomKey } from "../../realtime/roomKey.ts";
import type { RealtimeOptions } from "../../realtime/options.ts";
import { createRoomServer, type RoomSocket } from "../../realtime/rooms.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import { ApiError, notFound, type ApiContext } from "../context.ts";

/** Most participants a session may have (the host included). */
export const MAX_PARTICIPANTS = 64;
/** Longest session lifetime, in minutes (one day). */
export const MAX_TTL_MINUTES = 24 * 60;
/** Largest avatar appearance, as JSON. */
const MAX_APPEARANCE_BYTES = 8 * 1024;

const DisplayName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}]*$/u, "must not contain control characters");

const Appearance = z.record(z.string().max(64), z.unknown());

const AvatarSchema = z.object({
  user_id: z.uuid(),
  display_name: z.string(),
  appearance: Appearance,
  updated_at: z.string(),
});

const Participant = z
  .object({
    user_id: z.uuid(),
    /** The participant's ML-KEM-768 public key, standard base64 (1184 bytes). */
    kem_public_key: z
      .string()
      .max(4096)
      .superRefine((value, check) => {
        const problem = kemPublicKeyProblem(value);
        if (problem) check.addIssue({ code: "custom", message: problem });
      }),
  })
  .strict();

const Member = z.object({ user_id: z.uuid(), display_name: z.string().nullable() });

const SessionParams = z.object({ id: z.uuid() });

/**
 * The realtime settings, read from the dependencies the API was built with. `realtime` is not (yet)
 * a declared field of `ApiDependencies`; `createContext` copies every dependency into the context,
 * so it arrives here when the caller passes it.
 */
function realtimeOptions(ctx: ApiContext): RealtimeOptions {
  return ctx.realtime ?? {};
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * `/api/v5/metaverse`: avatars, sessions (rooms) with their key delivered to each participant under
 * ML-KEM-768 (see `realtime/roomKey.ts` for the scheme and its trust model), and the rooms'
 * WebSocket (`GET /ws`, protocol in `realtime/protocol.ts`).
 *
 * Realtime settings (Redis for rooms shared between processes, limits) come from `realtime` in the
 * API's dependencies. Market ticks reach the rooms through `publishTick(app.peper, tick)` from
 * `realtime/rooms.ts`.
 */
export const metaverseRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const signedIn = requireAuth(ctx);
    const options = realtimeOptions(ctx);
    const rooms = await createRoomServer(ctx, options, plugin.log);

    // Before @fastify/websocket's own preClose (which closes sockets without a code): 1001 and the
    // presence rows closed while the database is still open.
    plugin.addHook("preClose", async () => {
      await rooms.shutdown();
    });
    plugin.addHook("onClose", async () => {
      await rooms.shutdown();
    });
    if (!plugin.hasDecorator("websocketServer")) {
      await plugin.register(websocket, { options: { maxPayload: options.maxFrameBytes ?? MAX_FRAME_BYTES } });
    }

    /** The room's WebSocket URL, on the host the client reached this API through. */
    const endpoint = (request: FastifyRequest, sessionId: string): string => {
      const host = HOST.test(request.host) ? request.host : "127.0.0.1";
      const scheme = request.protocol === "https" ? "wss" : "ws";
      return `${scheme}://${host}${plugin.prefix}/ws?session_id=${sessionId}`;
    };

    app.put(
      "/avatar",
      {
        onRequest: signedIn,
        schema: {
          summary: "Create or change your avatar (the name shown above it and its look)",
          security: BEARER,
          body: z
            .object({
              display_name: DisplayName,
              appearance: Appearance.refine(
                (a) => Buffer.byteLength(JSON.stringify(a)) <= MAX_APPEARANCE_BYTES,
                `must be at most ${MAX_APPEARANCE_BYTES} bytes of JSON`,
              ).default({}),
            })
            .strict(),
          response: { 200: AvatarSchema },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { display_name, appearance } = request.body;
        const now = ctx.now();
        const row = await db.transaction(async (tx) => {
          const [saved] = await tx
            .insert(metaverseAvatars)
            .values({ userId: sub, displayName: display_name, appearance, updatedAt: new Date(now) })
            .onConflictDoUpdate({
              target: metaverseAvatars.userId,
              set: { displayName: display_name, appearance, updatedAt: new Date(now) },
            })
            .returning();
          await appendAudit(tx, { actor: ctx.pseudonym(sub), action: "metaverse.avatar", details: {} }, now);
          return saved!;
        });
        return {
          user_id: row.userId,
          display_name: row.displayName,
          appearance: row.appearance,
          updated_at: row.updatedAt.toISOString(),
        };
      },
    );

    app.get(
      "/avatar",
      {
        onRequest: signedIn,
        schema: {
          summary: "Your avatar (404 until you have set one)",
          security: BEARER,
          response: { 200: AvatarSchema },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const [row] = await db.select().from(metaverseAvatars).where(eq(metaverseAvatars.userId, sub));
        if (!row) throw notFound("Your avatar (set it with PUT /api/v5/metaverse/avatar)");
        return {
          user_id: row.userId,
          display_name: row.displayName,
          appearance: row.appearance,
          updated_at: row.updatedAt.toISOString(),
        };
      },
    );

    app.post(
      "/create-session",
      {
        onRequest: signedIn,
        schema: {
          summary: "Open a metaverse session (a room) and deliver its key to each participant",
          description:
            "Every participant, you included, is an existing user with an ML-KEM-768 public key (base64, 1184 bytes) generated on their device. The server draws a 32-byte room key and seals it to each participant (ML-KEM-768 encapsulation, HKDF-SHA256 bound to the room and user id, AES-256-GCM): scheme peper-room-key/v1. You get your own envelope; the others fetch theirs from GET /sessions/{id}/key. The server knows the room key when it creates it and does not store it; the envelopes open only with the participants' secret keys. Connect to server_endpoint and send {type:auth} first.",
          security: BEARER,
          body: z
            .object({
              name: z.string().trim().min(1).max(64),
              participants: z.array(Participant).min(1).max(MAX_PARTICIPANTS),
              ttl_minutes: z.number().int().min(1).max(MAX_TTL_MINUTES).default(60),
            })
            .strict(),
          response: {
            201: z.object({
              session_id: z.uuid(),
              name: z.string(),
              server_endpoint: z.string(),
              expires_at: z.string(),
              room_participants: z.array(Member),
              key_envelope: RoomKeyEnvelopeSchema,
            }),
          },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        const { name, participants, ttl_minutes } = request.body;
        const seen = new Set<string>();
        participants.forEach(({ user_id }, i) => {
          if (seen.has(user_id)) {
            throw new ApiError(400, "duplicate-participant", `participants.${i}.user_id: this user is listed twice.`, {
              field: `participants.${i}.user_id`,
            });
          }
          seen.add(user_id);
        });
        if (!seen.has(sub)) {
          throw new ApiError(
            400,
            "host-not-participant",
            "participants: include yourself (your user id and your ML-KEM-768 public key) to get the room key.",
            { field: "participants" },
          );
        }
        const users = await db
          .select({ id: globalUsers.id, displayName: metaverseAvatars.displayName })
          .from(globalUsers)
          .leftJoin(metaverseAvatars, eq(metaverseAvatars.userId, globalUsers.id))
          .where(inArray(globalUsers.id, [...seen]));
        const names = new Map(users.map((u) => [u.id, u.displayName]));
        participants.forEach(({ user_id }, i) => {
          if (!names.has(user_id)) {
            throw new ApiError(422, "unknown-participant", `participants.${i}.user_id: there is no such user.`, {
              field: `participants.${i}.user_id`,
            });
          }
        });

        const roomId = randomUUID();
        const now = ctx.now();
        const expiresAt = new Date(now + ttl_minutes * 60_000);
        const roomKey = newRoomKey();
        const sealed = participants.map((p) => {
          const publicKey = Buffer.from(p.kem_public_key, "base64");
          return { userId: p.user_id, publicKey, envelope: sealRoomKey(roomKey, publicKey, roomId, p.user_id) };
        });
        // The server does not keep the room key (see realtime/roomKey.ts).
        roomKey.fill(0);

        await db.transaction(async (tx) => {
          await tx
            .insert(metaverseRooms)
            .values({ id: roomId, hostId: sub, name, createdAt: new Date(now), expiresAt });
          await tx.insert(metaverseRoomMembers).values(
            sealed.map((s) => ({
              roomId,
              userId: s.userId,
              kemPublicKey: s.publicKey,
              keyEnvelope: { ...s.envelope },
              createdAt: new Date(now),
            })),
          );
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "metaverse.session.create",
              target: roomId,
              details: { participants: participants.length, ttl_minutes, key_scheme: sealed[0]!.envelope.scheme },
            },
            now,
          );
        });
        reply.status(201);
        return {
          session_id: roomId,
          name,
          server_endpoint: endpoint(request, roomId),
          expires_at: expiresAt.toISOString(),
          room_participants: participants.map((p) => ({ user_id: p.user_id, display_name: names.get(p.user_id)! })),
          key_envelope: sealed.find((s) => s.userId === sub)!.envelope,
        };
      },
    );

    app.get(
      "/sessions/:id",
      {
        onRequest: signedIn,
        schema: {
          summary: "A session you take part in: its participants and who is in the room now",
          security: BEARER,
          params: SessionParams,
          response: {
            200: z.object({
              session_id: z.uuid(),
              name: z.string(),
              host_id: z.uuid(),
              created_at: z.string(),
              expires_at: z.string(),
              expired: z.boolean(),
              server_endpoint: z.string(),
              participants: z.array(Member.extend({ present: z.boolean() })),
              present: z.array(z.uuid()),
            }),
          },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { id } = request.params;
        const [room] = await db
          .select({
            name: metaverseRooms.name,
            hostId: metaverseRooms.hostId,
            createdAt: metaverseRooms.createdAt,
            expiresAt: metaverseRooms.expiresAt,
          })
          .from(metaverseRooms)
          .innerJoin(
            metaverseRoomMembers,
            and(eq(metaverseRoomMembers.roomId, metaverseRooms.id), eq(metaverseRoomMembers.userId, sub)),
          )
          .where(eq(metaverseRooms.id, id));
        // The same answer whether the session does not exist or is not yours.
        if (!room) throw notFound("The session");
        const members = await db
          .select({ userId: metaverseRoomMembers.userId, displayName: metaverseAvatars.displayName })
          .from(metaverseRoomMembers)
          .leftJoin(metaverseAvatars, eq(metaverseAvatars.userId, metaverseRoomMembers.userId))
          .where(eq(metaverseRoomMembers.roomId, id))
          .orderBy(metaverseRoomMembers.createdAt, metaverseRoomMembers.userId);
        const open = await db
          .selectDistinct({ userId: metaverseSessions.userId })
          .from(metaverseSessions)
          .where(and(eq(metaverseSessions.room, id), isNull(metaverseSessions.leftAt)));
        // An expired room has closed its connections; rows still open then belong to a crashed process.
        const expired = room.expiresAt.getTime() <= ctx.now();
        const present = new Set(expired ? [] : open.map((r) => r.userId));
        return {
          session_id: id,
          name: room.name,
          host_id: room.hostId,
          created_at: room.createdAt.toISOString(),
          expires_at: room.expiresAt.toISOString(),
          expired,
          server_endpoint: endpoint(request, id),
          participants: members.map((m) => ({
            user_id: m.userId,
            display_name: m.displayName,
            present: present.has(m.userId),
          })),
          present: members.filter((m) => present.has(m.userId)).map((m) => m.userId),
        };
      },
    );

    app.get(
      "/sessions/:id/key",
      {
        onRequest: signedIn,
        schema: {
          summary: "Your envelope of a session's room key (open it with your ML-KEM-768 secret key)",
          security: BEARER,
          params: SessionParams,
          response: {
            200: z.object({ session_id: z.uuid(), expires_at: z.string(), key_envelope: RoomKeyEnvelopeSchema }),
          },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { id } = request.params;
        const [row] = await db
          .select({ envelope: metaverseRoomMembers.keyEnvelope, expiresAt: metaverseRooms.expiresAt })
          .from(metaverseRoomMembers)
          .innerJoin(metaverseRooms, eq(metaverseRooms.id, metaverseRoomMembers.roomId))
          .where(and(eq(metaverseRoomMembers.roomId, id), eq(metaverseRoomMembers.userId, sub)));
        if (!row) throw notFound("The session");
        return {
          session_id: id,
          expires_at: row.expiresAt.toISOString(),
          key_envelope: RoomKeyEnvelopeSchema.parse(row.envelope),
        };
      },
    );

    app.get(
      "/ws",
      {
        websocket: true,
        schema: {
          summary: "The session's realtime room (WebSocket; send {type:auth} first)",
          querystring: z.object({ session_id: z.uuid() }).strict(),
        },
      },
      (socket: RoomSocket, request) => {
        rooms.accept(socket, request.query.session_id);
      },
    );
  };
