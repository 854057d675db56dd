/**
 * The auth routes end to end, on embedded PGlite and — when PEPER_TEST_DATABASE_URL is set (CI) — on
 * a PostgreSQL server too (each run in a database of its own, dropped afterwards).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { sql } from "drizzle-orm";

import { verifyStoredAuditLog } from "../../compliance/auditStore.ts";
import { totpCode } from "../auth/totp.ts";
import { TEST_PASSWORD, testApi, type TestApi } from "../testing.ts";

interface Login {
  access_token: string;
  refresh_token: string;
  user_profile: { id: string; email: string; role: string; mfa: { totp: boolean } };
  regional_settings: { region: string; currency: string; compliance_jurisdiction: string };
  compliance_status: { kyc: string; login_region: string; trading_allowed: boolean; restrictions: string[] };
}

const backends: [string, string | undefined][] = [["PGlite", undefined]];
if (process.env.PEPER_TEST_DATABASE_URL) backends.push(["PostgreSQL", process.env.PEPER_TEST_DATABASE_URL]);

for (const [backend, databaseUrl] of backends) {
  describe(`/api/v5/auth on ${backend}`, () => {
    let api: TestApi;
    before(async () => {
      api = await testApi(databaseUrl ? { databaseUrl } : {});
    });
    after(() => api.close());

    const register = (email: string, extra: Record<string, unknown> = {}) =>
      api.call("POST", "/api/v5/auth/register", { body: { email, password: TEST_PASSWORD, region: "DE", ...extra } });
    const login = (email: string, password = TEST_PASSWORD, extra: Record<string, unknown> = {}) =>
      api.call("POST", "/api/v5/auth/global-login", { body: { email, password, region: "FR", ...extra } });
    const userCount = async () =>
      (
        (await api.database.db.execute(sql`SELECT count(*)::int AS n FROM global_users`)) as unknown as {
          rows: { n: number }[];
        }
      ).rows[0]!.n;

    it("registers an account with its regional settings and answers the description's login shape", async () => {
      const res = await register("Ada@Example.com", { currency: "EUR", timezone: "Europe/Berlin", language: "de-DE" });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json() as Login;
      assert.equal(body.user_profile.email, "ada@example.com", "stored lower-case");
      assert.equal(body.user_profile.role, "user");
      assert.equal(body.regional_settings.compliance_jurisdiction, "EU-MiCA");

      const ok = await login("ada@example.com");
      assert.equal(ok.statusCode, 200, ok.body);
      const session = ok.json() as Login;
      assert.ok(session.access_token.split(".").length === 3, "a JWT");
      assert.equal(session.regional_settings.currency, "EUR");
      assert.equal(session.compliance_status.kyc, "not_submitted");
      assert.equal(session.compliance_status.login_region, "FR");
      assert.equal(session.compliance_status.trading_allowed, false, "not before KYC");

      const me = await api.call("GET", "/api/v5/auth/me", { token: session.access_token });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal((me.json() as Login).user_profile.id, session.user_profile.id);
    });

    it("refuses bad registrations with the field named, writing nothing", async () => {
      const before = await userCount();
      const cases: [Record<string, unknown>, string, number][] = [
        [{ email: "bob@example.com", password: TEST_PASSWORD, region: "ZZ" }, "region", 400],
        [{ email: "bob@example.com", password: TEST_PASSWORD, region: "de" }, "region", 400],
        [{ email: "bob@example.com", password: "short", region: "DE" }, "password", 400],
        [{ email: "not-an-email", password: TEST_PASSWORD, region: "DE" }, "email", 400],
        [{ email: "bob@example.com", password: TEST_PASSWORD, region: "DE", role: "admin" }, "role", 400],
        [
          { email: "bob@example.com", password: TEST_PASSWORD, region: "DE", timezone: "Mars/Olympus" },
          "timezone",
          400,
        ],
        [{ email: "ADA@example.com", password: TEST_PASSWORD, region: "DE" }, "email", 409],
      ];
      for (const [body, field, status] of cases) {
        const res = await api.call("POST", "/api/v5/auth/register", { body });
        assert.equal(res.statusCode, status, `${field}: ${res.body}`);
        assert.equal((res.json() as { field?: string }).field, field, res.body);
      }
      const badJson = await api.call("POST", "/api/v5/auth/register", {
        body: "{email",
        headers: { "content-type": "application/json" },
      });
      assert.equal(badJson.statusCode, 400);
      assert.equal((badJson.json() as { code: string }).code, "bad-json");
      assert.equal(await userCount(), before, "nothing was written");
    });

    it("answers a wrong password and an unknown e-mail alike, and throttles the source after 5 failures", async () => {
      await register("carol@example.com");
      const wrong = await login("carol@example.com", "wrong password!!");
      const unknown = await login("nobody@example.com", "wrong password!!");
      assert.equal(wrong.statusCode, 401);
      assert.deepEqual(wrong.json(), unknown.json(), "no account enumeration");
      for (let i = 0; i < 4; i++) assert.equal((await login("carol@example.com", "wrong password!!")).statusCode, 401);
      const locked = await login("carol@example.com");
      assert.equal(locked.statusCode, 429, "even the right password is refused from the throttled source");
      assert.equal((locked.json() as { code: string }).code, "sign-in-throttled");
      assert.ok(Number(locked.headers["retry-after"]) > 0);
      api.advance(15 * 60_000 + 1000);
      assert.equal((await login("carol@example.com")).statusCode, 200, "the throttle lifts after the window");
    });

    it("counts concurrent guesses: at most 5 reach the password check", async () => {
      await register("gina@example.com");
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => login("gina@example.com", "wrong password!!")),
      );
      const codes = answers.map((r) => r.statusCode);
      const checked = codes.filter((c) => c === 401).length;
      assert.ok(checked <= 5, `only 5 guesses may reach the check: ${codes.join(",")}`);
      assert.equal(checked + codes.filter((c) => c === 429).length, 12, codes.join(","));
      // Whatever the interleaving, the sixth guess in the window is the one refused.
      for (let i = checked; i < 5; i++)
        assert.equal((await login("gina@example.com", "wrong password!!")).statusCode, 401);
      assert.equal((await login("gina@example.com")).statusCode, 429, "throttled for the right password too");
      api.advance(15 * 60_000 + 1000);
    });

    it("asks for a fresh sign-in before adding a sign-in method (step-up)", async () => {
      await register("hugo@example.com");
      const s = (await login("hugo@example.com")).json() as Login;
      api.advance(6 * 60_000);
      // A refreshed token carries the original sign-in time, so it does not count as fresh.
      const refreshed = (
        await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: s.refresh_token } })
      ).json() as {
        access_token: string;
      };
      for (const [url, body] of [
        ["/api/v5/auth/mfa/totp", undefined],
        ["/api/v5/auth/passkeys/register/options", {}],
        ["/api/v5/auth/siwe/link", { message: "x", signature: "0x00" }],
      ] as const) {
        const stale = await api.call("POST", url, { token: refreshed.access_token, ...(body ? { body } : {}) });
        assert.equal(stale.statusCode, 401, `${url}: ${stale.body}`);
        assert.equal((stale.json() as { code: string }).code, "reauthentication-required");
      }
      const fresh = (await login("hugo@example.com")).json() as Login;
      assert.equal((await api.call("POST", "/api/v5/auth/mfa/totp", { token: fresh.access_token })).statusCode, 201);
    });

    it("enrols TOTP, then asks for the code, accepts it once and refuses a replay", async () => {
      await register("dave@example.com");
      const first = (await login("dave@example.com")).json() as Login;
      const start = await api.call("POST", "/api/v5/auth/mfa/totp", { token: first.access_token });
      assert.equal(start.statusCode, 201, start.body);
      const { secret, otpauth_uri } = start.json() as { secret: string; otpauth_uri: string };
      assert.match(otpauth_uri, /^otpauth:\/\/totp\/Peper:dave%40example\.com\?/);

      // Not enforced before confirmation.
      assert.equal((await login("dave@example.com")).statusCode, 200);
      const badConfirm = await api.call("POST", "/api/v5/auth/mfa/totp/confirm", {
        token: first.access_token,
        body: { code: "000000" },
      });
      assert.equal(badConfirm.statusCode, 401);
      const confirm = await api.call("POST", "/api/v5/auth/mfa/totp/confirm", {
        token: first.access_token,
        body: { code: totpCode(secret, api.ctx.now()) },
      });
      assert.equal(confirm.statusCode, 200, confirm.body);

      const noCode = await login("dave@example.com");
      assert.equal(noCode.statusCode, 401);
      assert.deepEqual(
        { code: (noCode.json() as { code: string }).code, field: (noCode.json() as { field: string }).field },
        { code: "mfa-required", field: "totp_code" },
      );
      api.advance(30_000);
      const code = totpCode(secret, api.ctx.now());
      const withCode = await login("dave@example.com", TEST_PASSWORD, { totp_code: code });
      assert.equal(withCode.statusCode, 200, withCode.body);
      assert.equal((withCode.json() as Login).user_profile.mfa.totp, true);
      const replay = await login("dave@example.com", TEST_PASSWORD, { totp_code: code });
      assert.equal(replay.statusCode, 401);
      assert.equal((replay.json() as { code: string }).code, "invalid-totp");
      // The stored secret is encrypted, never the base32 seed.
      const stored = (await api.database.db.execute(sql`SELECT secret_encrypted AS s FROM mfa_factors`)) as unknown as {
        rows: { s: string }[];
      };
      assert.ok(stored.rows.every((r) => r.s.startsWith("v1.") && !r.s.includes(secret)));
    });

    it("rotates refresh tokens, and a reused one ends the whole session", async () => {
      await register("erin@example.com");
      const s0 = (await login("erin@example.com")).json() as Login;
      const r1 = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: s0.refresh_token } });
      assert.equal(r1.statusCode, 200, r1.body);
      const t1 = r1.json() as { access_token: string; refresh_token: string };
      assert.notEqual(t1.refresh_token, s0.refresh_token);
      assert.equal((await api.call("GET", "/api/v5/auth/me", { token: t1.access_token })).statusCode, 200);

      // The first token again: theft assumed, the family (including t1's refresh token) is revoked.
      const reuse = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: s0.refresh_token } });
      assert.equal(reuse.statusCode, 401);
      assert.equal((reuse.json() as { code: string }).code, "refresh-reused");
      const after = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: t1.refresh_token } });
      assert.equal(after.statusCode, 401, "the successor died with its family");

      // Another session of the same user is unaffected.
      const other = (await login("erin@example.com")).json() as Login;
      assert.equal(
        (await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: other.refresh_token } })).statusCode,
        200,
      );
      const unknown = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: "x".repeat(43) } });
      assert.equal((unknown.json() as { code: string }).code, "invalid-refresh-token");
    });

    it("logs out (the session's refresh tokens stop working) and expires access tokens after 15 minutes", async () => {
      await register("frank@example.com");
      const s = (await login("frank@example.com")).json() as Login;
      const out = await api.call("POST", "/api/v5/auth/logout", { body: { refresh_token: s.refresh_token } });
      assert.equal(out.statusCode, 200, out.body);
      assert.deepEqual(out.json(), { revoked: 1 });
      assert.equal(
        (await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: s.refresh_token } })).statusCode,
        401,
      );

      api.advance(15 * 60_000 + 1000);
      const expired = await api.call("GET", "/api/v5/auth/me", { token: s.access_token });
      assert.equal(expired.statusCode, 401);
      assert.equal((expired.json() as { code: string }).code, "token-expired");
      const forged = await api.call("GET", "/api/v5/auth/me", { token: `${s.access_token.slice(0, -4)}AAAA` });
      assert.equal((forged.json() as { code: string }).code, "unauthenticated");
      assert.equal((await api.call("GET", "/api/v5/auth/me")).statusCode, 401);
    });

    it("lets only admins change roles; the new role arrives with the next refresh", async () => {
      const admin = await api.user("admin");
      const user = await api.user("user");
      const byUser = await api.call("PUT", `/api/v5/admin/users/${user.id}/role`, {
        token: user.accessToken,
        body: { role: "admin" },
      });
      assert.equal(byUser.statusCode, 403);
      const set = await api.call("PUT", `/api/v5/admin/users/${user.id}/role`, {
        token: admin.accessToken,
        body: { role: "educator" },
      });
      assert.equal(set.statusCode, 200, set.body);
      const refreshed = (
        await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: user.refreshToken } })
      ).json() as {
        access_token: string;
      };
      const me = (await api.call("GET", "/api/v5/auth/me", { token: refreshed.access_token })).json() as Login;
      assert.equal(me.user_profile.role, "educator");
    });

    it("kept a verifiable audit log of all of it, with no e-mail or password in it", async () => {
      const verdict = await verifyStoredAuditLog(api.database.db);
      assert.equal(verdict.ok, true, JSON.stringify(verdict));
      assert.ok(verdict.ok && verdict.entries > 10);
      const dump = (await api.database.db.execute(
        sql`SELECT string_agg(actor || action || target || details::text, '|') AS t FROM audit_log`,
      )) as unknown as {
        rows: { t: string }[];
      };
      const text = dump.rows[0]!.t;
      assert.ok(text.includes("auth.refresh-reuse") && text.includes("user.register"));
      assert.ok(!/@example\.com|correct horse/.test(text), "no personal data or secrets in the log");
    });
  });
}

describe("/api/v5/auth first admin", () => {
  it("makes the bootstrap e-mail admin only while there is no admin", async () => {
    const api = await testApi({ deps: { bootstrapAdminEmail: "Root@Example.com" } });
    try {
      const other = await api.call("POST", "/api/v5/auth/register", {
        body: { email: "someone@example.com", password: TEST_PASSWORD, region: "DE" },
      });
      assert.equal((other.json() as Login).user_profile.role, "user");
      const root = await api.call("POST", "/api/v5/auth/register", {
        body: { email: "root@example.com", password: TEST_PASSWORD, region: "DE" },
      });
      assert.equal((root.json() as Login).user_profile.role, "admin");
      // Even with no admin left (demoted, erased), the bootstrap e-mail never makes a second admin.
      await api.database.db.execute(
        sql`UPDATE global_users SET email = 'old-root@example.com', role = 'user' WHERE email = 'root@example.com'`,
      );
      const again = await api.call("POST", "/api/v5/auth/register", {
        body: { email: "root@example.com", password: TEST_PASSWORD, region: "DE" },
      });
      assert.equal((again.json() as Login).user_profile.role, "user");
    } finally {
      await api.close();
    }
  });
});

describe("/api/v5/auth rate limit", () => {
  it("answers 429 with a JSON body once a client exceeds the sign-in rate", async () => {
    const api = await testApi({ limits: { authPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await api.call("POST", "/api/v5/auth/global-login", {
          body: { email: "x@example.com", password: "whatever-password", region: "DE" },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) assert.equal((res.json() as { code: string }).code, "rate-limited");
      }
      assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    } finally {
      await api.close();
    }
  });
});
