/**
 * The browser's side of a metaverse room's key delivery (scheme peper-room-key/v1, the API's
 * offchain/src/realtime/roomKey.ts): an ML-KEM-768 key pair made on this device, whose public key
 * the host passes to create-session, and the opening of this participant's envelope —
 * ML-KEM-768 decapsulation, HKDF-SHA256 bound to the room and the user, AES-256-GCM — with WebCrypto.
 */
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";

export const ROOM_KEY_SCHEME = "peper-room-key/v1";
const HKDF_SALT = "peper/metaverse/room-key/v1";

export interface RoomKeyEnvelope {
  scheme: string;
  room_id: string;
  user_id: string;
  kem_ciphertext: string;
  iv: string;
  wrapped_key: string;
  tag: string;
}

export interface KemKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export const newKemKeyPair = (): KemKeyPair => ml_kem768.keygen();

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Opens this participant's envelope: the 32-byte room key, or a rejection if it does not open. */
export async function openRoomKey(envelope: RoomKeyEnvelope, secretKey: Uint8Array): Promise<Uint8Array> {
  if (envelope.scheme !== ROOM_KEY_SCHEME) throw new Error(`unknown key scheme ${envelope.scheme}`);
  const shared = ml_kem768.decapsulate(fromBase64(envelope.kem_ciphertext), secretKey);
  const info = new TextEncoder().encode(`${ROOM_KEY_SCHEME}|room=${envelope.room_id}|user=${envelope.user_id}`);
  const subtle = globalThis.crypto.subtle;
  const ikm = await subtle.importKey("raw", new Uint8Array(shared), "HKDF", false, ["deriveKey"]);
  const kek = await subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new TextEncoder().encode(HKDF_SALT), info },
    ikm,
    { name: "AES-GCM", length: 256 },
    false,
    ["decrypt"],
  );
  shared.fill(0);
  const wrapped = fromBase64(envelope.wrapped_key);
  const tag = fromBase64(envelope.tag);
  const sealed = new Uint8Array(wrapped.length + tag.length);
  sealed.set(wrapped);
  sealed.set(tag, wrapped.length);
  const key = await subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(envelope.iv), additionalData: info, tagLength: 128 },
    kek,
    sealed,
  );
  return new Uint8Array(key);
}

/** A short fingerprint of the room key (SHA-256, first 8 bytes in hex), for members to compare. */
export async function roomKeyFingerprint(key: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", new Uint8Array(key)));
  return Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}
