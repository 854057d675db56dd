/**
 * The message protocol of the metaverse rooms (`GET /api/v5/metaverse/ws?session_id=<uuid>`).
 *
 * Every frame is a UTF-8 text frame holding one JSON object with a `type`. The first frame a client
 * sends must be `{ "type": "auth", "access_token": "<access token>" }`; the server answers
 * `welcome` once the caller is in the room, or closes the connection with one of {@link CLOSE}.
 *
 * Client → server: `auth`, `pose` (position `[x, y, z]`, rotation as a unit quaternion
 * `[x, y, z, w]`, optionally `hands.left` / `hands.right` as position + rotation), `chat` (1 to 500
 * characters).
 * Server → client: `welcome`, `presence` (join / leave), `pose` and `chat` of the *other* members,
 * `tick` (market ticks), `error` (a bad message, naming the field; the connection stays open until
 * the client has misbehaved too often).
 */
import { z } from "zod";

/** Largest frame the server accepts (16 KiB); larger frames close the connection with 1009. */
export const MAX_FRAME_BYTES = 16 * 1024;

/** Longest chat message, in UTF-16 code units (what JavaScript's `length` counts). */
export const MAX_CHAT_LENGTH = 500;

/** Largest coordinate of a position, in metres either way from the room's origin. */
export const MAX_COORDINATE = 1_000_000;

/**
 * The close codes the server uses: the standard ones, and 44xx mirroring the HTTP status a REST call
 * would have answered. The close reason (at most 123 bytes) says what to do.
 */
export const CLOSE = {
  /** The server is shutting down; reconnect (to another instance). */
  goingAway: 1001,
  /** A frame was larger than {@link MAX_FRAME_BYTES}. */
  tooBig: 1009,
  /** The server failed; it has been logged. */
  internal: 1011,
  /** Too many invalid messages. */
  badRequest: 4400,
  /** The first message was not a valid `auth` message, or the access token is not valid. */
  unauthenticated: 4401,
  /** There is no live session with this id that the caller belongs to. */
  notFound: 4404,
  /** No `auth` message arrived in time. */
  authTimeout: 4408,
  /** The session has expired (only members learn this; others get 4404). */
  expired: 4410,
  /** Too many messages, repeatedly. */
  rateLimited: 4429,
} as const;

const coordinate = z.number().min(-MAX_COORDINATE).max(MAX_COORDINATE);
const unitComponent = z.number().min(-1).max(1);

/** `[x, y, z]` in metres. */
export const PositionSchema = z.tuple([coordinate, coordinate, coordinate]);

/** A unit quaternion `[x, y, z, w]` (norm within 1 %). */
export const RotationSchema = z
  .tuple([unitComponent, unitComponent, unitComponent, unitComponent])
  .refine((q) => Math.abs(Math.hypot(...q) - 1) <= 0.01, "must be a unit quaternion (norm 1)");

export const AuthMessageSchema = z
  .object({ type: z.literal("auth"), access_token: z.string().min(1).max(4096) })
  .strict();

/** A tracked hand or controller: where it is and how it is turned. */
export const HandSchema = z.object({ position: PositionSchema, rotation: RotationSchema }).strict();

/**
 * The head's pose, and optionally both hands' (`hands.left`, `hands.right`): an avatar is a head and
 * two hands (the trading floor, issue 19).
 */
export const PoseMessageSchema = z
  .object({
    type: z.literal("pose"),
    position: PositionSchema,
    rotation: RotationSchema,
    hands: z.object({ left: HandSchema.optional(), right: HandSchema.optional() }).strict().optional(),
  })
  .strict();

export const ChatMessageSchema = z
  .object({ type: z.literal("chat"), text: z.string().trim().min(1).max(MAX_CHAT_LENGTH) })
  .strict();

/** Any message a client may send. */
export const ClientMessageSchema = z.discriminatedUnion("type", [
  AuthMessageSchema,
  PoseMessageSchema,
  ChatMessageSchema,
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

const Member = z.object({ user_id: z.uuid(), display_name: z.string().nullable() });

/** A market tick, as {@link publishTick} takes it (`at` defaults to the server's clock). */
export const MarketTickSchema = z
  .object({
    symbol: z.string().min(1).max(32),
    price: z.number().positive(),
    volume: z.number().nonnegative().optional(),
    at: z.iso.datetime().optional(),
  })
  .strict();
export type MarketTick = z.infer<typeof MarketTickSchema>;

/** Any message the server sends. */
export const ServerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("welcome"),
    session_id: z.uuid(),
    user_id: z.uuid(),
    expires_at: z.string(),
    present: z.array(Member),
  }),
  z.object({
    type: z.literal("presence"),
    event: z.enum(["join", "leave"]),
    user_id: z.uuid(),
    display_name: z.string().nullable(),
    at: z.string(),
  }),
  z.object({
    type: z.literal("pose"),
    user_id: z.uuid(),
    position: PositionSchema,
    rotation: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    hands: z.object({ left: HandSchema.optional(), right: HandSchema.optional() }).optional(),
    at: z.string(),
  }),
  z.object({
    type: z.literal("chat"),
    id: z.uuid(),
    user_id: z.uuid(),
    display_name: z.string().nullable(),
    text: z.string().max(MAX_CHAT_LENGTH),
    at: z.string(),
  }),
  z.object({
    type: z.literal("tick"),
    symbol: z.string(),
    price: z.number(),
    volume: z.number().optional(),
    at: z.string(),
  }),
  z.object({
    type: z.literal("error"),
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** What a failed parse of a client message tells the client: the field at fault and why. */
export interface MessageProblem {
  readonly field?: string;
  readonly message: string;
}

/** The first problem of a failed parse, with the field named as a dotted path ("position.2"). */
export function describeProblem(error: z.ZodError): MessageProblem {
  const issue = error.issues[0];
  if (!issue) return { message: "invalid message" };
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    return { field: [...issue.path, key].map(String).join("."), message: "is not allowed (remove it)" };
  }
  if (issue.code === "invalid_union" && issue.path.length === 1 && issue.path[0] === "type") {
    return { field: "type", message: 'must be one of "auth", "pose", "chat"' };
  }
  const field = issue.path.map(String).join(".");
  return field ? { field, message: issue.message } : { message: issue.message };
}
