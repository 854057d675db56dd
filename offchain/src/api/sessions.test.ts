/**
 * An access token stops working when its sign-in ends — the account erased, the session signed out,
 * the password changed, the role changed — on every authenticated operation of the OpenAPI document,
 * at once in this process and within the session cache's TTL in another; and a token for an account
 * that does not exist is refused with 401, never a 5xx. On embedded PGlite and — with
 * PEPER_TEST_DATABASE_URL — on a PostgreSQL server.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { loadEuStockMarkets } from "../market/euStocks.ts";
import { buildApi } from "./app.ts";
import { issueAccessToken } from "./auth/tokens.ts";
import { apiOperations, concreteUrl as concrete } from "./openapi.testing.ts";
import { sharedDecisionEngine, TEST_PASSWORD, TEST_SECRETS, testApi, type TestApi, type TestUser } from "./testing.ts";

const risk = { maxPosition: 0.2, stopLoss: 0.05, takeProfit: 0.1, maxDrawdown: 0.2, allowedAssets: ["DAX"] };

const backends: [string, string | undefined][] = [["PGlite", undefined]];
if (process.env.PEPER_TEST_DATABASE_URL) backends.push(["PostgreSQL", process.env.PEPER_TEST_DATABASE_URL]);

for (const [backend, databaseUrl] of backends)
  describe(`access tokens of ended sign-ins on ${backend}`, () => {
    let api: TestApi;
    /** Every operation of the OpenAPI document that needs a bearer token. */
    let operations: { method: string; path: string }[];
    let erased: TestUser;
    let loggedOut: TestUser;
    let passwordChanged: TestUser;
    let roleChanged: TestUser;
    let ghostToken: string;
    let courseId: string;

    before(async () => {
      api = await testApi(databaseUrl ? { databaseUrl } : {});
      operations = (await apiOperations(api)).filter((op) => op.secured);

      // A published course to enrol in (the enrolment used to fail on its foreign key: 500).
      const educator = await api.user("educator");
      const created = await api.call("POST", "/api/v5/education/create-vr-course", {
        token: educator.accessToken,
        body: {
          slug: "sessions-course",
          title: "Sessions",
          description: "A course to enrol in.",
          modules: [{ id: "intro", title: "Introduction", kind: "lesson", body: "Hello." }],
          chain_id: 31337,
          publish: true,
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      courseId = (created.json() as { id: string }).id;

      erased = await api.user();
      const erase = await api.call("POST", "/api/v5/privacy/erase", {
        token: erased.accessToken,
        body: { password: TEST_PASSWORD },
      });
      assert.equal(erase.statusCode, 200, erase.body);

      loggedOut = await api.user();
      const logout = await api.call("POST", "/api/v5/auth/logout", { body: { refresh_token: loggedOut.refreshToken } });
      assert.equal(logout.statusCode, 200, logout.body);

      passwordChanged = await api.user();
      const other = await api.call("POST", "/api/v5/auth/global-login", {
        body: { email: passwordChanged.email, password: TEST_PASSWORD, region: "DE" },
      });
      const change = await api.call("POST", "/api/v5/auth/password", {
        token: (other.json() as { access_token: string }).access_token,
        body: { current_password: TEST_PASSWORD, new_password: "a new password, long enough" },
      });
      assert.equal(change.statusCode, 200, change.body);

      roleChanged = await api.user("user");
      const admin = await api.user("admin");
      const promote = await api.call("PUT", `/api/v5/admin/users/${roleChanged.id}/role`, {
        token: admin.accessToken,
        body: { role: "educator" },
      });
      assert.equal(promote.statusCode, 200, promote.body);

      // Correctly signed, for an account that never existed (and as admin, so no route refuses it by role).
      ghostToken = await issueAccessToken(
        { sub: randomUUID(), role: "admin", sid: randomUUID() },
        api.ctx.jwtKey,
        api.ctx.now(),
      );
    });
    after(() => api.close());

    it("finds the authenticated operations in the OpenAPI document", () => {
      assert.ok(operations.length > 40, `${operations.length} operations`);
      for (const op of ["POST /api/v5/ai/agi-decision", "GET /api/v5/auth/me", "PUT /api/v5/metaverse/avatar"]) {
        assert.ok(
          operations.some((o) => `${o.method} ${o.path}` === op),
          op,
        );
      }
    });

    it("refuses every authenticated operation (401) to an erased account, a logged-out session and an account that never existed", async () => {
      const tokens: [string, string][] = [
        ["an erased account", erased.accessToken],
        ["a logged-out session", loggedOut.accessToken],
        ["an account that never existed", ghostToken],
        ["a session ended by a password change", passwordChanged.accessToken],
      ];
      const wrong: string[] = [];
      for (const { method, path } of operations) {
        for (const [what, token] of tokens) {
          const res = await api.call(method, concrete(path), {
            token,
            ...(method === "GET" || method === "DELETE" ? {} : { body: {} }),
          });
          if (res.statusCode !== 401 || (res.json() as { code: string }).code !== "unauthenticated") {
            wrong.push(`${method} ${path} with the token of ${what}: ${res.statusCode} ${res.body}`);
          }
        }
      }
      assert.deepEqual(wrong, []);
    });

    it("refuses a token carrying a role the account no longer has (401 token-expired), and the refreshed token works", async () => {
      const wrong: string[] = [];
      for (const { method, path } of operations) {
        const res = await api.call(method, concrete(path), {
          token: roleChanged.accessToken,
          ...(method === "GET" || method === "DELETE" ? {} : { body: {} }),
        });
        if (res.statusCode !== 401 || (res.json() as { code: string }).code !== "token-expired") {
          wrong.push(`${method} ${path}: ${res.statusCode} ${res.body}`);
        }
      }
      assert.deepEqual(wrong, []);
      const refreshed = await api.call("POST", "/api/v5/auth/refresh", {
        body: { refresh_token: roleChanged.refreshToken },
      });
      assert.equal(refreshed.statusCode, 200, refreshed.body);
      const me = await api.call("GET", "/api/v5/auth/me", {
        token: (refreshed.json() as { access_token: string }).access_token,
      });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal((me.json() as { user_profile: { role: string } }).user_profile.role, "educator");
    });

    it("answers 401, not 500, to the writes that used to fail on the missing account's foreign key", async () => {
      const writes: [string, string, unknown][] = [
        [
          "POST",
          "/api/v5/ai/agi-decision",
          { asset: "DAX", closes: loadEuStockMarkets().closes.DAX.slice(0, 300), risk },
        ],
        ["PUT", "/api/v5/metaverse/avatar", { display_name: "Ghost" }],
        ["POST", `/api/v5/education/courses/${courseId}/enrol`, undefined],
      ];
      for (const token of [erased.accessToken, ghostToken]) {
        for (const [method, url, body] of writes) {
          const res = await api.call(method, url, { token, ...(body === undefined ? {} : { body }) });
          assert.equal(res.statusCode, 401, `${method} ${url}: ${res.body}`);
        }
      }
      // The same writes with a live session succeed, so the bodies above were good.
      const live = await api.user();
      for (const [method, url, body] of writes) {
        const res = await api.call(method, url, { token: live.accessToken, ...(body === undefined ? {} : { body }) });
        assert.ok(res.statusCode >= 200 && res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      }
    });

    it("ends a session's access tokens at logout, at once, and leaves the account's other sessions alone", async () => {
      const user = await api.user();
      const second = (
        await api.call("POST", "/api/v5/auth/global-login", {
          body: { email: user.email, password: TEST_PASSWORD, region: "DE" },
        })
      ).json() as { access_token: string };
      assert.equal((await api.call("GET", "/api/v5/auth/me", { token: user.accessToken })).statusCode, 200);
      await api.call("POST", "/api/v5/auth/logout", { body: { refresh_token: user.refreshToken } });
      const me = await api.call("GET", "/api/v5/auth/me", { token: user.accessToken });
      assert.equal(me.statusCode, 401, me.body);
      assert.deepEqual(me.json(), {
        error: "This sign-in has ended (signed out, or the password was changed); sign in again.",
        code: "unauthenticated",
      });
      assert.equal((await api.call("GET", "/api/v5/auth/me", { token: second.access_token })).statusCode, 200);
    });

    it("ends the session whose refresh token was reused", async () => {
      const user = await api.user();
      const rotated = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: user.refreshToken } });
      const next = rotated.json() as { access_token: string };
      assert.equal((await api.call("GET", "/api/v5/auth/me", { token: next.access_token })).statusCode, 200);
      const reuse = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: user.refreshToken } });
      assert.equal((reuse.json() as { code: string }).code, "refresh-reused");
      assert.equal((await api.call("GET", "/api/v5/auth/me", { token: next.access_token })).statusCode, 401);
    });

    it("changes a password only with the current one, and the new session's tokens work", async () => {
      const user = await api.user();
      const wrong = await api.call("POST", "/api/v5/auth/password", {
        token: user.accessToken,
        body: { current_password: "not the password", new_password: "another long password" },
      });
      assert.equal(wrong.statusCode, 403, wrong.body);
      assert.equal((wrong.json() as { field: string }).field, "current_password");
      const short = await api.call("POST", "/api/v5/auth/password", {
        token: user.accessToken,
        body: { current_password: TEST_PASSWORD, new_password: "short" },
      });
      assert.equal(short.statusCode, 400);
      assert.equal((await api.call("GET", "/api/v5/auth/me", { token: user.accessToken })).statusCode, 200);

      const changed = await api.call("POST", "/api/v5/auth/password", {
        token: user.accessToken,
        body: { current_password: TEST_PASSWORD, new_password: "another long password" },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      const session = changed.json() as { access_token: string; refresh_token: string };
      assert.equal((await api.call("GET", "/api/v5/auth/me", { token: session.access_token })).statusCode, 200);
      assert.equal((await api.call("GET", "/api/v5/auth/me", { token: user.accessToken })).statusCode, 401);
      const oldRefresh = await api.call("POST", "/api/v5/auth/refresh", { body: { refresh_token: user.refreshToken } });
      assert.equal(oldRefresh.statusCode, 401, "the old session's refresh token died with it");
      const signIn = (password: string) =>
        api.call("POST", "/api/v5/auth/global-login", { body: { email: user.email, password, region: "DE" } });
      assert.equal((await signIn("another long password")).statusCode, 200);
      assert.equal((await signIn(TEST_PASSWORD)).statusCode, 401);

      const walletOnly = await api.database.db.execute(
        // A password-less account (wallet or passkey only) has no password to change.
        `INSERT INTO global_users (email, password_hash, region) VALUES ('nopassword-${randomUUID()}@example.com', NULL, 'DE') RETURNING id`,
      );
      const walletUser = (walletOnly as unknown as { rows: { id: string }[] }).rows[0]!.id;
      const tokens = await api.signIn(walletUser);
      const none = await api.call("POST", "/api/v5/auth/password", {
        token: tokens.accessToken,
        body: { current_password: "anything", new_password: "another long password" },
      });
      assert.equal(none.statusCode, 409, none.body);
      assert.equal((none.json() as { code: string }).code, "no-password");
    });

    it("checks the session from a cache: no database lookup per request while it is fresh", async () => {
      const user = await api.user();
      assert.equal((await api.call("GET", "/api/v5/auth/me", { token: user.accessToken })).statusCode, 200);
      const before = api.ctx.sessions.stats.lookups;
      for (let i = 0; i < 20; i++) {
        assert.equal((await api.call("GET", "/api/v5/auth/me", { token: user.accessToken })).statusCode, 200);
      }
      assert.equal(api.ctx.sessions.stats.lookups, before, "served from the cache");
    });
  });

describe("a sign-in ended by another API process", () => {
  it("is refused here once the session cache's TTL has passed", async () => {
    const ttl = 300;
    const a = await testApi({ limits: { sessionCacheMs: ttl } });
    // A second API process on the same database, as behind a load balancer.
    const b = await buildApi(
      { decisionEngine: await sharedDecisionEngine(), database: a.database, secrets: TEST_SECRETS },
      { limits: { sessionCacheMs: ttl, authPerMinute: 10_000, perMinute: 100_000 } },
    );
    try {
      const user = await a.user();
      const me = (token: string) =>
        b.inject({ method: "GET", url: "/api/v5/auth/me", headers: { authorization: `Bearer ${token}` } });
      assert.equal((await me(user.accessToken)).statusCode, 200, "B has looked the session up and cached it");
      const out = await a.call("POST", "/api/v5/auth/logout", { body: { refresh_token: user.refreshToken } });
      assert.equal(out.statusCode, 200);
      assert.equal((await a.call("GET", "/api/v5/auth/me", { token: user.accessToken })).statusCode, 401, "A at once");
      await new Promise((resolve) => setTimeout(resolve, ttl + 50));
      assert.equal((await me(user.accessToken)).statusCode, 401, "B within the TTL");
    } finally {
      await b.close();
      await a.close();
    }
  });

  it("answers 401, not 500, to a write that meets an account erased by another process within the TTL", async () => {
    const a = await testApi({ limits: { sessionCacheMs: 60_000 } });
    const b = await buildApi(
      { decisionEngine: await sharedDecisionEngine(), database: a.database, secrets: TEST_SECRETS },
      { limits: { sessionCacheMs: 60_000, authPerMinute: 10_000, perMinute: 100_000 } },
    );
    try {
      const user = await a.user();
      const onB = (method: "GET" | "PUT" | "POST", url: string, payload?: object) =>
        b.inject({
          method,
          url,
          headers: { authorization: `Bearer ${user.accessToken}` },
          ...(payload ? { payload } : {}),
        });
      assert.equal((await onB("GET", "/api/v5/auth/me")).statusCode, 200, "B has cached the live session");
      const erase = await a.call("POST", "/api/v5/privacy/erase", {
        token: user.accessToken,
        body: { password: TEST_PASSWORD },
      });
      assert.equal(erase.statusCode, 200, erase.body);
      // B still trusts its cache, so the requests reach the handlers and their inserts meet no account.
      const writes = [
        await onB("PUT", "/api/v5/metaverse/avatar", { display_name: "Gone" }),
        await onB("POST", "/api/v5/ai/agi-decision", {
          asset: "DAX",
          closes: loadEuStockMarkets().closes.DAX.slice(0, 300),
          risk,
        }),
      ];
      for (const res of writes) {
        assert.equal(res.statusCode, 401, res.body);
        assert.equal((res.json() as { code: string }).code, "unauthenticated");
      }
      assert.equal((await onB("GET", "/api/v5/auth/me")).statusCode, 401, "and B has forgotten the account");
    } finally {
      await b.close();
      await a.close();
    }
  });
});
