import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";

import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";

import { kemPublicKeyProblem, newRoomKey, openRoomKey, sealRoomKey } from "./roomKey.ts";

describe("room key delivery (ML-KEM-768 + HKDF-SHA256 + AES-256-GCM)", () => {
  it("accepts exactly the reduced 1184-byte keys (FIPS 203 modulus check at the boundary q = 3329)", () => {
    const { publicKey } = ml_kem768.keygen();
    assert.equal(kemPublicKeyProblem(Buffer.from(publicKey).toString("base64")), undefined);
    const withFirstCoefficient = (c: number) => {
      const key = Buffer.from(publicKey);
      key[0] = c & 0xff;
      key[1] = (key[1]! & 0xf0) | (c >> 8);
      return key;
    };
    assert.equal(kemPublicKeyProblem(withFirstCoefficient(3328).toString("base64")), undefined);
    assert.match(kemPublicKeyProblem(withFirstCoefficient(3329).toString("base64"))!, /not reduced mod q/);
    // noble's own check agrees: it refuses to encapsulate to that key.
    assert.throws(() => ml_kem768.encapsulate(withFirstCoefficient(3329)), /modulus/);
    assert.match(kemPublicKeyProblem(Buffer.from(publicKey).toString("base64url"))!, /standard base64/);
  });

  it("round-trips, and an envelope opens only for its member, room and unmodified content", () => {
    const member = ml_kem768.keygen();
    const roomId = randomUUID();
    const userId = randomUUID();
    const key = newRoomKey();
    const envelope = sealRoomKey(key, member.publicKey, roomId, userId);
    assert.deepEqual(openRoomKey(envelope, member.secretKey), key);
    assert.notDeepEqual(sealRoomKey(key, member.publicKey, roomId, userId), envelope, "fresh randomness each time");
    assert.throws(() => openRoomKey({ ...envelope, room_id: randomUUID() }, member.secretKey));
    assert.throws(() => openRoomKey(envelope, ml_kem768.keygen().secretKey));
    const flipped = Buffer.from(envelope.wrapped_key, "base64");
    flipped[0]! ^= 1;
    assert.throws(() => openRoomKey({ ...envelope, wrapped_key: flipped.toString("base64") }, member.secretKey));
    const truncatedTag = Buffer.from(envelope.tag, "base64").subarray(0, 8).toString("base64");
    assert.throws(() => openRoomKey({ ...envelope, tag: truncatedTag }, member.secretKey));
  });
});
