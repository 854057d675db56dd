/**
 * The metaverse routes: avatars, session creation with the room key delivered under ML-KEM-768, key
 * retrieval and session details for members only. On PGlite, and on PostgreSQL too when
 * PEPER_TEST_DATABASE_URL is set. The rooms' WebSocket is tested in `realtime/rooms.test.ts`.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { eq } from "drizzle-orm";

import { auditLog, metaverseRoomMembers } from "../../db/schema.ts";
import { openRoomKey, type RoomKeyEnvelope } from "../../realtime/roomKey.ts";
import { testApi, type TestApi, type TestUser } from "../testing.ts";

interface Created {
  session_id: string;
  name: string;
  server_endpoint: string;
  expires_at: string;
  room_participants: { user_id: string; display_name: string | null }[];
  key_envelope: RoomKeyEnvelope;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

const backends: [string, string | undefined][] = [["PGlite", undefined]];
if (process.env.PEPER_TEST_DATABASE_URL) backends.push(["PostgreSQL", process.env.PEPER_TEST_DATABASE_URL]);

for (const [backend, databaseUrl] of backends) {
  describe(`/api/v5/metaverse on ${backend}`, () => {
    let api: TestApi;
    let host: TestUser;
    let guest: TestUser;
    let third: TestUser;
    let outsider: TestUser;
    const keys = new Map<string, { publicKey: Uint8Array; secretKey: Uint8Array }>();
    const keyOf = (u: TestUser) => keys.get(u.id)!;

    before(async () => {
      api = await testApi(databaseUrl ? { databaseUrl } : {});
      [host, guest, third, outsider] = [await api.user(), await api.user(), await api.user(), await api.user()];
      for (const u of [host, guest, third, outsider]) keys.set(u.id, ml_kem768.keygen());
    });
    after(() => api.close());

    const create = (caller: TestUser, body: object, headers: Record<string, string> = {}) =>
      api.call("POST", "/api/v5/metaverse/create-session", { token: caller.accessToken, body, headers });
    const participantsOf = (...users: TestUser[]) =>
      users.map((u) => ({ user_id: u.id, kem_public_key: b64(keyOf(u).publicKey) }));

    it("PUT/GET /avatar stores the caller's own avatar, audited without personal data", async () => {
      const missing = await api.call("GET", "/api/v5/metaverse/avatar", { token: host.accessToken });
      assert.equal(missing.statusCode, 404);
      const put = await api.call("PUT", "/api/v5/metaverse/avatar", {
        token: host.accessToken,
        body: { display_name: "  Ada  ", appearance: { model: "fox", colour: "#ff8800" } },
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().display_name, "Ada");
      const again = await api.call("PUT", "/api/v5/metaverse/avatar", {
        token: host.accessToken,
        body: { display_name: "Ada L." },
      });
      assert.equal(again.statusCode, 200, again.body);
      const got = await api.call("GET", "/api/v5/metaverse/avatar", { token: host.accessToken });
      assert.deepEqual(
        { ...(got.json() as object), updated_at: undefined },
        { user_id: host.id, display_name: "Ada L.", appearance: {}, updated_at: undefined },
      );
      const bad = await api.call("PUT", "/api/v5/metaverse/avatar", {
        token: host.accessToken,
        body: { display_name: "x", colour: "red" },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().field, "colour");
      const entries = await api.database.db.select().from(auditLog).where(eq(auditLog.action, "metaverse.avatar"));
      assert.equal(entries.length, 2);
      assert.equal(entries[0]!.actor, api.ctx.pseudonym(host.id));
      assert.doesNotMatch(JSON.stringify(entries), /Ada/);
    });

    it("POST /create-session: every participant decapsulates the same 32-byte room key", async () => {
      const res = await create(
        host,
        { name: "trading-floor", participants: participantsOf(host, guest, third), ttl_minutes: 30 },
        { host: "rooms.example:8443" },
      );
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json() as Created;
      assert.equal(
        created.server_endpoint,
        `ws://rooms.example:8443/api/v5/metaverse/ws?session_id=${created.session_id}`,
      );
      assert.equal(new Date(created.expires_at).getTime() - Date.now() <= 30 * 60_000, true);
      assert.deepEqual(created.room_participants, [
        { user_id: host.id, display_name: "Ada L." },
        { user_id: guest.id, display_name: null },
        { user_id: third.id, display_name: null },
      ]);
      assert.equal(created.key_envelope.user_id, host.id);
      assert.equal(created.key_envelope.room_id, created.session_id);

      const roomKey = openRoomKey(created.key_envelope, keyOf(host).secretKey);
      assert.equal(roomKey.length, 32);
      for (const member of [guest, third]) {
        const res = await api.call("GET", `/api/v5/metaverse/sessions/${created.session_id}/key`, {
          token: member.accessToken,
        });
        assert.equal(res.statusCode, 200, res.body);
        const envelope = (res.json() as { key_envelope: RoomKeyEnvelope }).key_envelope;
        assert.equal(envelope.user_id, member.id);
        assert.deepEqual(openRoomKey(envelope, keyOf(member).secretKey), roomKey, "the same room key for everyone");
        // Sealed to this member only: another participant's secret key does not open it.
        assert.throws(() => openRoomKey(envelope, keyOf(host).secretKey));
        // Bound to the member: relabelled as someone else's, it does not open either.
        assert.throws(() => openRoomKey({ ...envelope, user_id: host.id }, keyOf(member).secretKey));
      }
      // Stored: the envelopes and the public keys, never the room key itself.
      const stored = await api.database.db
        .select()
        .from(metaverseRoomMembers)
        .where(eq(metaverseRoomMembers.roomId, created.session_id));
      assert.equal(stored.length, 3);
      const dump = JSON.stringify(stored.map((r) => ({ ...r, kemPublicKey: b64(r.kemPublicKey) })));
      assert.equal(dump.includes(roomKey.toString("base64")), false);
      assert.equal(dump.includes(roomKey.toString("hex")), false);
      const audit = await api.database.db.select().from(auditLog).where(eq(auditLog.target, created.session_id));
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, "metaverse.session.create");
      assert.deepEqual(audit[0]!.details, { participants: 3, ttl_minutes: 30, key_scheme: "peper-room-key/v1" });
    });

    it("sessions are visible to members only; others get the same 404 as for a session that does not exist", async () => {
      const created = (
        await create(host, { name: "desk", participants: participantsOf(host, guest) })
      ).json() as Created;
      const details = await api.call("GET", `/api/v5/metaverse/sessions/${created.session_id}`, {
        token: guest.accessToken,
      });
      assert.equal(details.statusCode, 200, details.body);
      const body = details.json();
      assert.equal(body.host_id, host.id);
      assert.equal(body.expired, false);
      assert.deepEqual(body.present, []);
      assert.deepEqual(body.participants.map((p: { user_id: string }) => p.user_id).sort(), [host.id, guest.id].sort());

      const nobody = randomUUID();
      for (const path of ["", "/key"]) {
        const theirs = await api.call("GET", `/api/v5/metaverse/sessions/${created.session_id}${path}`, {
          token: outsider.accessToken,
        });
        const none = await api.call("GET", `/api/v5/metaverse/sessions/${nobody}${path}`, {
          token: outsider.accessToken,
        });
        assert.equal(theirs.statusCode, 404);
        assert.equal(theirs.body, none.body, "no difference between not yours and not there");
      }
      const anonymous = await api.call("GET", `/api/v5/metaverse/sessions/${created.session_id}/key`);
      assert.equal(anonymous.statusCode, 401);
    });

    it("a malformed ML-KEM public key is a 400 naming the participant's field", async () => {
      const good = participantsOf(host, guest);
      const unreduced = Buffer.from(keyOf(guest).publicKey);
      unreduced[0] = 0xff;
      unreduced[1] = 0xff; // first coefficient 4095 ≥ q
      const cases: [string, string][] = [
        ["not base64 at all!", "base64"],
        [b64(keyOf(guest).publicKey.subarray(0, 1000)), "1184 bytes"],
        [b64(keyOf(guest).publicKey).replace(/=+$/, ""), "base64"],
        [b64(unreduced), "not a valid ML-KEM-768 public key"],
        [b64(ml_kem768.keygen().secretKey), "1184 bytes"],
      ];
      for (const [kem_public_key, problem] of cases) {
        const res = await create(host, { name: "x", participants: [good[0], { user_id: guest.id, kem_public_key }] });
        assert.equal(res.statusCode, 400, res.body);
        const err = res.json() as { field: string; error: string; code: string };
        assert.equal(err.field, "participants.1.kem_public_key");
        assert.equal(err.code, "invalid-input");
        assert.ok(err.error.includes(problem), err.error);
      }
    });

    it("rejects a session without the caller, with duplicates, unknown users, too many participants or a bad TTL", async () => {
      const [h, g] = participantsOf(host, guest);
      const expectations: [object, number, string][] = [
        [{ name: "x", participants: [g] }, 400, "participants"],
        [{ name: "x", participants: [h, g, g] }, 400, "participants.2.user_id"],
        [{ name: "x", participants: [h, { ...g!, user_id: randomUUID() }] }, 422, "participants.1.user_id"],
        [{ name: "x", participants: Array.from({ length: 65 }, () => h) }, 400, "participants"],
        [{ name: "x", participants: [h], ttl_minutes: 0 }, 400, "ttl_minutes"],
        [{ name: "x", participants: [h], ttl_minutes: 24 * 60 + 1 }, 400, "ttl_minutes"],
        [{ name: " ", participants: [h] }, 400, "name"],
        [{ name: "x", participants: [{ ...h!, extra: 1 }] }, 400, "participants.0.extra"],
      ];
      for (const [body, status, field] of expectations) {
        const res = await create(host, body);
        assert.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 80)} → ${res.body}`);
        assert.equal(res.json().field, field);
      }
      const anonymous = await api.call("POST", "/api/v5/metaverse/create-session", {
        body: { name: "x", participants: [h] },
      });
      assert.equal(anonymous.statusCode, 401);
    });

    it("documents the routes in the OpenAPI document", async () => {
      const doc = (await api.call("GET", "/api/v5/docs/json")).json() as { paths: Record<string, unknown> };
      for (const path of [
        "/api/v5/metaverse/avatar",
        "/api/v5/metaverse/create-session",
        "/api/v5/metaverse/sessions/{id}",
        "/api/v5/metaverse/sessions/{id}/key",
      ]) {
        assert.ok(doc.paths[path], path);
      }
    });
  });
}
