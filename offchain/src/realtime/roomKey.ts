/**
 * Delivery of a metaverse room's key to its participants (`POST /api/v5/metaverse/create-session`).
 *
 * Scheme "peper-room-key/v1" — ML-KEM-768 + HKDF-SHA256 + AES-256-GCM:
 *
 * 1. Each participant generates an ML-KEM-768 key pair on their device and gives only the public
 *    (encapsulation) key, 1184 bytes, base64, to the host, who submits all of them when creating the
 *    session (there is no key directory yet, so participants trust the host to pass their key on
 *    unchanged). The server checks its length and the FIPS 203 §7.2 modulus check (every 12-bit
 *    coefficient below q = 3329).
 * 2. The server draws a random 32-byte room key K (CSPRNG).
 * 3. For each participant P: `(ct, ss) = ML-KEM-768.Encaps(pk_P)`;
 *    `kek = HKDF-SHA256(ikm = ss, salt = "peper/metaverse/room-key/v1", info = "peper-room-key/v1|room=<room id>|user=<user id>", 32)`;
 *    `wrapped = AES-256-GCM(kek, iv = 12 random bytes, aad = info).encrypt(K)`.
 *    The envelope `{ scheme, room_id, user_id, kem_ciphertext: ct, iv, wrapped_key, tag }` (binary
 *    fields base64) is stored in `metaverse_room_members.key_envelope` and returned to P.
 * 4. P recomputes `ss = ML-KEM-768.Decaps(ct, sk_P)`, the same `kek`, and opens `wrapped` with the
 *    same `aad` ({@link openRoomKey} is the reference implementation of the client side).
 *
 * Trust model. The server generates K, so it knows K at creation time: participants must trust the
 * server not to keep or leak it (this is key *delivery*, not end-to-end key agreement). The server
 * does not store K; it stores only the envelopes. Each envelope opens only with that participant's
 * ML-KEM secret key, which never leaves their device. So K is protected in transit and at rest (a
 * database dump, a backup, a log of the responses) against anyone who is neither a participant nor
 * the server at the moment the session was created. Binding the room and user ids into the HKDF
 * info and the GCM additional data means an envelope copied to another room or member does not
 * open. ML-KEM-768 is IND-CCA2 and believed secure against quantum adversaries, so recorded
 * envelopes stay closed "harvest now, decrypt later".
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { z } from "zod";

/** The envelope format's name and version. */
export const ROOM_KEY_SCHEME = "peper-room-key/v1";
/** Length of an ML-KEM-768 public (encapsulation) key. */
export const KEM_PUBLIC_KEY_BYTES = 1184;
/** Length of an ML-KEM-768 ciphertext. */
export const KEM_CIPHERTEXT_BYTES = 1088;
/** Length of a room key. */
export const ROOM_KEY_BYTES = 32;

const HKDF_SALT = Buffer.from("peper/metaverse/room-key/v1");
const Q = 3329;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The room key sealed to one participant; binary fields are standard base64. */
export const RoomKeyEnvelopeSchema = z.object({
  scheme: z.literal(ROOM_KEY_SCHEME),
  room_id: z.uuid(),
  user_id: z.uuid(),
  /** The ML-KEM-768 ciphertext (1088 bytes). */
  kem_ciphertext: z.string(),
  /** The AES-256-GCM nonce (12 bytes). */
  iv: z.string(),
  /** The room key encrypted with AES-256-GCM (32 bytes). */
  wrapped_key: z.string(),
  /** The GCM authentication tag (16 bytes). */
  tag: z.string(),
});
export type RoomKeyEnvelope = z.infer<typeof RoomKeyEnvelopeSchema>;

/**
 * Why `text` is not a usable ML-KEM-768 public key, or undefined when it is: standard base64 of
 * exactly {@link KEM_PUBLIC_KEY_BYTES} bytes whose polynomial coefficients are all reduced mod q.
 */
export function kemPublicKeyProblem(text: string): string | undefined {
  if (!STRICT_BASE64.test(text)) return "must be standard base64 (A-Z a-z 0-9 + /, = padding)";
  const bytes = Buffer.from(text, "base64");
  if (bytes.length !== KEM_PUBLIC_KEY_BYTES) {
    return `must decode to ${KEM_PUBLIC_KEY_BYTES} bytes (an ML-KEM-768 public key); it decodes to ${bytes.length}`;
  }
  // FIPS 203 §7.2 input check: ByteEncode12(ByteDecode12(ek)) == ek, i.e. every 12-bit coefficient < q.
  for (let i = 0; i < 384 * 3; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1]!;
    const b2 = bytes[i + 2]!;
    if ((b0 | ((b1 & 0x0f) << 8)) >= Q || ((b1 >> 4) | (b2 << 4)) >= Q) {
      return "is not a valid ML-KEM-768 public key (a coefficient is not reduced mod q)";
    }
  }
  return undefined;
}

/** A fresh random room key. */
export function newRoomKey(): Buffer {
  return randomBytes(ROOM_KEY_BYTES);
}

function context(roomId: string, userId: string): Buffer {
  return Buffer.from(`${ROOM_KEY_SCHEME}|room=${roomId}|user=${userId}`);
}

function keyEncryptionKey(sharedSecret: Uint8Array, roomId: string, userId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", sharedSecret, HKDF_SALT, context(roomId, userId), 32));
}

/**
 * Seals `roomKey` to one participant: ML-KEM-768 encapsulation to `publicKey`, HKDF-SHA256 of the
 * shared secret bound to the room and user, AES-256-GCM of the room key. See the module comment.
 *
 * @throws when `publicKey` is not a valid ML-KEM-768 public key (check {@link kemPublicKeyProblem} first).
 */
export function sealRoomKey(
  roomKey: Uint8Array,
  publicKey: Uint8Array,
  roomId: string,
  userId: string,
): RoomKeyEnvelope {
  const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey);
  const kek = keyEncryptionKey(sharedSecret, roomId, userId);
  sharedSecret.fill(0);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", kek, iv);
  cipher.setAAD(context(roomId, userId));
  const wrapped = Buffer.concat([cipher.update(roomKey), cipher.final()]);
  kek.fill(0);
  return {
    scheme: ROOM_KEY_SCHEME,
    room_id: roomId,
    user_id: userId,
    kem_ciphertext: Buffer.from(cipherText).toString("base64"),
    iv: iv.toString("base64"),
    wrapped_key: wrapped.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
  };
}

/**
 * Opens an envelope with the participant's ML-KEM-768 secret key (what a client does).
 *
 * @throws when the envelope was tampered with, belongs to another room or user, or was sealed to
 *   another key.
 */
export function openRoomKey(envelope: RoomKeyEnvelope, secretKey: Uint8Array): Buffer {
  const cipherText = Buffer.from(envelope.kem_ciphertext, "base64");
  if (cipherText.length !== KEM_CIPHERTEXT_BYTES) throw new Error("The KEM ciphertext has the wrong length.");
  const sharedSecret = ml_kem768.decapsulate(cipherText, secretKey);
  const kek = keyEncryptionKey(sharedSecret, envelope.room_id, envelope.user_id);
  // authTagLength pins the tag to 16 bytes (Node would otherwise accept a truncated tag).
  const decipher = createDecipheriv("aes-256-gcm", kek, Buffer.from(envelope.iv, "base64"), { authTagLength: 16 });
  decipher.setAAD(context(envelope.room_id, envelope.user_id));
  decipher.setAuthTag(Buffer.from(envelope.tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(envelope.wrapped_key, "base64")), decipher.final()]);
}
