import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { and, eq } from "drizzle-orm";

import { auditLog, passkeys } from "../../db/schema.ts";
import { SoftAuthenticator, type CeremonyOptions } from "../auth/softAuthenticator.ts";
import { testApi, type TestApi, type TestUser } from "../testing.ts";

const RP = { rpId: "peper.test", rpName: "Peper", origins: ["https://app.peper.test"] } as const;
const ORIGIN = RP.origins[0];
const BASE = "/api/v5/auth/passkeys";

interface RegistrationOptionsBody {
  challenge: string;
  rp: { id: string; name: string };
  user: { id: string; name: string };
  excludeCredentials: { id: string }[];
  authenticatorSelection: { userVerification: string };
}
interface LoginOptionsBody {
  challenge: string;
  rpId: string;
  userVerification: string;
  allowCredentials?: { id: string }[];
}
type Overrides = Partial<Omit<CeremonyOptions, "challenge">>;

async function registrationOptions(api: TestApi, user: TestUser): Promise<RegistrationOptionsBody> {
  const res = await api.call("POST", `${BASE}/register/options`, { token: user.accessToken });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<RegistrationOptionsBody>();
}

/** Runs a registration ceremony with the software authenticator; returns the verify response. */
async function register(api: TestApi, user: TestUser, authenticator: SoftAuthenticator, overrides: Overrides = {}) {
  const options = await registrationOptions(api, user);
  const response = authenticator.register({
    challenge: options.challenge,
    rpId: options.rp.id,
    origin: ORIGIN,
    userHandle: options.user.id,
    ...overrides,
  });
  const res = await api.call("POST", `${BASE}/register/verify`, {
    token: user.accessToken,
    body: { response, name: "Test key" },
  });
  return { res, response };
}

async function loginOptions(api: TestApi, email?: string): Promise<LoginOptionsBody> {
  const res = await api.call("POST", `${BASE}/login/options`, { body: email === undefined ? {} : { email } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<LoginOptionsBody>();
}

/** Runs a sign-in ceremony; `assertion` lets a test tamper with the counter or the credential id. */
async function login(
  api: TestApi,
  authenticator: SoftAuthenticator,
  overrides: Overrides & { counter?: number; credentialId?: string; email?: string } = {},
) {
  const options = await loginOptions(api, overrides.email);
  const response = authenticator.assert({ challenge: options.challenge, rpId: RP.rpId, origin: ORIGIN, ...overrides });
  const res = await api.call("POST", `${BASE}/login/verify`, { body: { response, region: "DE" } });
  return { res, response, options };
}

describe("passkeys", () => {
  let api: TestApi;
  before(async () => {
    api = await testApi({ deps: { webauthn: RP } });
  });
  after(async () => api.close());

  it("registers a passkey and signs in with it; the access token works", async () => {
    const user = await api.user();
    const key = new SoftAuthenticator();
    const options = await registrationOptions(api, user);
    assert.equal(options.rp.id, RP.rpId);
    assert.equal(options.authenticatorSelection.userVerification, "required");
    assert.equal(options.user.name, user.email);
    assert.deepEqual(options.excludeCredentials, []);

    const { res } = await register(api, user, key);
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json<{ id: string; name: string; transports: string[] }>();
    assert.equal(created.name, "Test key");
    assert.deepEqual(created.transports.sort(), ["hybrid", "internal"]);
    const [stored] = await api.database.db.select().from(passkeys).where(eq(passkeys.id, created.id));
    assert.equal(stored?.credentialId, key.credentialId);
    assert.deepEqual(Buffer.from(stored!.publicKey), key.cosePublicKey);

    // The next registration excludes this credential.
    const again = await registrationOptions(api, user);
    assert.deepEqual(
      again.excludeCredentials.map((c) => c.id),
      [key.credentialId],
    );

    // Discoverable sign-in (no e-mail): no allow-list.
    const first = await login(api, key);
    assert.equal(first.options.allowCredentials, undefined);
    assert.equal(first.options.userVerification, "required");
    assert.equal(first.res.statusCode, 200, first.res.body);
    const session = first.res.json<{ access_token: string; refresh_token: string; user_profile: { id: string } }>();
    assert.equal(session.user_profile.id, user.id);
    const me = await api.call("GET", "/api/v5/auth/me", { token: session.access_token });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json<{ user_profile: { id: string; mfa: { passkeys: number } } }>().user_profile.mfa.passkeys, 1);
    const refreshed = await api.call("POST", "/api/v5/auth/refresh", {
      body: { refresh_token: session.refresh_token },
    });
    assert.equal(refreshed.statusCode, 200, refreshed.body);

    // With the e-mail: the allow-list names the account's credential.
    const second = await login(api, key, { email: user.email.toUpperCase() });
    assert.deepEqual(
      second.options.allowCredentials?.map((c) => c.id),
      [key.credentialId],
    );
    assert.equal(second.res.statusCode, 200, second.res.body);

    const list = await api.call("GET", `${BASE}/`, { token: user.accessToken });
    assert.equal(list.statusCode, 200, list.body);
    const [listed] = list.json<{ passkeys: { id: string; last_used_at: string | null }[] }>().passkeys;
    assert.equal(listed?.id, created.id);
    assert.ok(listed?.last_used_at);
    const [after2] = await api.database.db.select().from(passkeys).where(eq(passkeys.id, created.id));
    assert.equal(after2?.counter, 2);

    const logins = await api.database.db.select().from(auditLog).where(eq(auditLog.action, "auth.login"));
    assert.ok(logins.some((e) => e.actor === api.ctx.pseudonym(user.id) && e.details.method === "passkey"));
    const registered = await api.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "passkey.register"), eq(auditLog.target, created.id)));
    assert.equal(registered.length, 1);
    assert.ok(!JSON.stringify(registered[0]!.details).includes(user.email));
  });

  it("needs a signed-in caller to register", async () => {
    const res = await api.call("POST", `${BASE}/register/options`);
    assert.equal(res.statusCode, 401);
  });

  it("rejects a replayed or expired challenge", async () => {
    const user = await api.user();
    const key = new SoftAuthenticator();
    const { res, response } = await register(api, user, key);
    assert.equal(res.statusCode, 201, res.body);
    const replayedRegistration = await api.call("POST", `${BASE}/register/verify`, {
      token: user.accessToken,
      body: { response },
    });
    assert.equal(replayedRegistration.statusCode, 400);
    assert.equal(replayedRegistration.json<{ code: string }>().code, "challenge-invalid");

    const signedIn = await login(api, key);
    assert.equal(signedIn.res.statusCode, 200, signedIn.res.body);
    const replayed = await api.call("POST", `${BASE}/login/verify`, {
      body: { response: signedIn.response, region: "DE" },
    });
    assert.equal(replayed.statusCode, 401);
    assert.equal(replayed.json<{ code: string }>().code, "challenge-invalid");

    // A challenge that was never issued (the authenticator signs whatever it is given).
    const forged = key.assert({ challenge: "bm90LWEtcmVhbC1jaGFsbGVuZ2U", rpId: RP.rpId, origin: ORIGIN });
    const unknown = await api.call("POST", `${BASE}/login/verify`, { body: { response: forged, region: "DE" } });
    assert.equal(unknown.json<{ code: string }>().code, "challenge-invalid");

    // A registration challenge cannot be used to sign in.
    const regOptions = await registrationOptions(api, user);
    const crossed = key.assert({ challenge: regOptions.challenge, rpId: RP.rpId, origin: ORIGIN });
    const crossedRes = await api.call("POST", `${BASE}/login/verify`, { body: { response: crossed, region: "DE" } });
    assert.equal(crossedRes.json<{ code: string }>().code, "challenge-invalid");

    // Five minutes later the challenge has expired.
    const options = await loginOptions(api);
    api.advance(5 * 60_000 + 1_000);
    const late = key.assert({ challenge: options.challenge, rpId: RP.rpId, origin: ORIGIN });
    const expired = await api.call("POST", `${BASE}/login/verify`, { body: { response: late, region: "DE" } });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json<{ code: string }>().code, "challenge-invalid");
  });

  it("rejects a wrong origin, a wrong RP id and a missing user verification", async () => {
    const user = await api.user();
    for (const overrides of [
      { origin: "https://evil.example" },
      { rpId: "evil.example" },
      { userVerified: false },
      { type: "webauthn.get" },
    ]) {
      const { res } = await register(api, user, new SoftAuthenticator(), overrides);
      assert.equal(res.statusCode, 400, `${JSON.stringify(overrides)}: ${res.body}`);
      assert.equal(res.json<{ code: string }>().code, "passkey-invalid");
    }
    const none = await api.call("GET", `${BASE}/`, { token: user.accessToken });
    assert.deepEqual(none.json<{ passkeys: unknown[] }>().passkeys, []);

    const key = new SoftAuthenticator();
    assert.equal((await register(api, user, key)).res.statusCode, 201);
    for (const overrides of [
      { origin: "https://evil.example" },
      { origin: "http://app.peper.test" },
      { rpId: "evil.example" },
      { userVerified: false },
      { userPresent: false },
    ]) {
      const { res } = await login(api, key, overrides);
      assert.equal(res.statusCode, 401, `${JSON.stringify(overrides)}: ${res.body}`);
      assert.equal(res.json<{ code: string }>().code, "passkey-invalid");
    }
    assert.equal((await login(api, key)).res.statusCode, 200);
  });

  it("rejects a signature that does not match the stored key", async () => {
    const user = await api.user();
    const key = new SoftAuthenticator();
    assert.equal((await register(api, user, key)).res.statusCode, 201);
    // Another authenticator signs, claiming the registered credential id.
    const impostor = new SoftAuthenticator({ counter: 100 });
    const { res } = await login(api, impostor, { credentialId: key.credentialId });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json<{ code: string }>().code, "passkey-invalid");
  });

  it("rejects a signature counter that does not increase (cloned authenticator) and records it", async () => {
    const user = await api.user();
    const key = new SoftAuthenticator({ counter: 5 });
    assert.equal((await register(api, user, key)).res.statusCode, 201);
    assert.equal((await login(api, key)).res.statusCode, 200); // counter 6
    for (const counter of [6, 3, 0]) {
      const { res } = await login(api, key, { counter });
      assert.equal(res.statusCode, 401, `counter ${counter}: ${res.body}`);
      assert.equal(res.json<{ code: string }>().code, "passkey-counter");
    }
    const alarms = await api.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "passkey.counter-regression"));
    assert.equal(alarms.filter((a) => a.actor === api.ctx.pseudonym(user.id)).length, 3);
    assert.equal((await login(api, key, { counter: 7 })).res.statusCode, 200);

    // An authenticator without a counter (always 0) is accepted every time.
    const counterless = new SoftAuthenticator({ countSignatures: false });
    assert.equal((await register(api, user, counterless)).res.statusCode, 201);
    assert.equal((await login(api, counterless)).res.statusCode, 200);
    assert.equal((await login(api, counterless)).res.statusCode, 200);
    const [row] = await api.database.db.select().from(passkeys).where(eq(passkeys.credentialId, key.credentialId));
    assert.equal(row?.counter, 7);
  });

  it("answers 401 for an unknown credential, and for one of another account than the e-mail's", async () => {
    const stranger = new SoftAuthenticator();
    const { res } = await login(api, stranger);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json<{ code: string }>().code, "unknown-passkey");

    const alice = await api.user();
    const bob = await api.user();
    const bobsKey = new SoftAuthenticator();
    assert.equal((await register(api, bob, bobsKey)).res.statusCode, 201);
    for (const alicesKeys of [0, 1]) {
      if (alicesKeys) assert.equal((await register(api, alice, new SoftAuthenticator())).res.statusCode, 201);
      const crossed = await login(api, bobsKey, { email: alice.email });
      assert.equal(crossed.res.statusCode, 401, `with ${alicesKeys} passkeys of her own`);
      assert.equal(crossed.res.json<{ code: string }>().code, "unknown-passkey");
    }
    assert.equal((await login(api, bobsKey, { email: bob.email })).res.statusCode, 200);
  });

  it("gives an unknown e-mail options of the same shape (no account enumeration)", async () => {
    const a = await loginOptions(api, "nobody-here@example.com");
    const b = await loginOptions(api, "nobody-here@example.com");
    assert.equal(a.allowCredentials?.length, 1);
    assert.deepEqual(a.allowCredentials, b.allowCredentials);
    assert.notEqual(a.challenge, b.challenge);
    // The body is optional: a discoverable sign-in may send none.
    const bare = await api.app.inject({ method: "POST", url: `${BASE}/login/options` });
    assert.equal(bare.statusCode, 200, bare.body);
    assert.equal(bare.json<LoginOptionsBody>().allowCredentials, undefined);
  });

  it("lists and removes only the caller's own passkeys", async () => {
    const owner = await api.user();
    const other = await api.user();
    const key = new SoftAuthenticator();
    const { res } = await register(api, owner, key);
    const id = res.json<{ id: string }>().id;

    const othersList = await api.call("GET", `${BASE}/`, { token: other.accessToken });
    assert.deepEqual(othersList.json<{ passkeys: unknown[] }>().passkeys, []);
    const stolen = await api.call("DELETE", `${BASE}/${id}`, { token: other.accessToken });
    assert.equal(stolen.statusCode, 404);
    assert.equal((await api.database.db.select().from(passkeys).where(eq(passkeys.id, id))).length, 1);
    assert.equal((await login(api, key)).res.statusCode, 200);

    const removed = await api.call("DELETE", `${BASE}/${id}`, { token: owner.accessToken });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(removed.json(), { deleted: id });
    const gone = await login(api, key);
    assert.equal(gone.res.statusCode, 401);
    assert.equal(gone.res.json<{ code: string }>().code, "unknown-passkey");
    const audit = await api.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "passkey.delete"), eq(auditLog.target, id)));
    assert.equal(audit.length, 1);
  });

  it("answers 503 when no relying party is configured", async () => {
    const bare = await testApi();
    try {
      const user = await bare.user();
      const res = await bare.call("POST", `${BASE}/register/options`, { token: user.accessToken });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json<{ code: string }>().code, "passkeys-unavailable");
    } finally {
      await bare.close();
    }
  });
});
