// @vitest-environment node
import { describe, expect, it } from "vitest";

import { newRoomKey, sealRoomKey } from "../../../offchain/src/realtime/roomKey.ts";
import { newKemKeyPair, openRoomKey, roomKeyFingerprint, toBase64, fromBase64 } from "./roomKey.ts";

const ROOM = "5b1c2f0e-6d7a-4c1e-9a55-0f2d3c4b5a69";
const USER = "0e8e4c55-1b3a-4f6d-8c2e-7a9b0c1d2e3f";

describe("the room key in the browser (peper-room-key/v1)", () => {
  it("opens the envelope the API seals, with WebCrypto", async () => {
    const pair = newKemKeyPair();
    const key = newRoomKey();
    const envelope = sealRoomKey(key, pair.publicKey, ROOM, USER);
    const opened = await openRoomKey(envelope, pair.secretKey);
    expect(Buffer.from(opened).equals(key)).toBe(true);
    expect(await roomKeyFingerprint(opened)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("refuses an envelope for another user, another key, or tampered", async () => {
    const pair = newKemKeyPair();
    const envelope = sealRoomKey(newRoomKey(), pair.publicKey, ROOM, USER);
    await expect(openRoomKey({ ...envelope, user_id: ROOM }, pair.secretKey)).rejects.toThrow();
    await expect(openRoomKey(envelope, newKemKeyPair().secretKey)).rejects.toThrow();
    const bad = fromBase64(envelope.wrapped_key);
    bad[0]! ^= 1;
    await expect(openRoomKey({ ...envelope, wrapped_key: toBase64(bad) }, pair.secretKey)).rejects.toThrow();
  });
});
