/**
 * Every route enforces its access rule, checked from the server's own route registry so that a route
 * added later is covered without anyone remembering to add it here:
 * - a route is public only if it is on the list below (a new route that forgot its guard fails);
 * - a guarded route answers 401 without a token, with a malformed one and with an expired one;
 * - it answers 403 to every role it does not admit, and lets every role it admits through (any
 *   answer but 401/403 — the empty body may then be refused as invalid input, which is fine).
 * The guard runs before the body is parsed, so none of this depends on sending a valid body.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { ROLES, type Role } from "../db/schema.ts";
import { concreteUrl as concrete } from "./openapi.testing.ts";
import { testApi, type TestApi, type TestUser } from "./testing.ts";

/** The routes anyone may call, with why. */
const PUBLIC_ROUTES: Record<string, string> = {
  "GET /api/v5/health": "liveness probe",
  "POST /api/v5/auth/register": "creating an account",
  "POST /api/v5/auth/global-login": "signing in",
  "POST /api/v5/auth/refresh": "the refresh token is the credential",
  "POST /api/v5/auth/logout": "the refresh token is the credential",
  "POST /api/v5/auth/passkeys/login/options": "passkey sign-in, step 1",
  "POST /api/v5/auth/passkeys/login/verify": "passkey sign-in, step 2 (the signed assertion is the credential)",
  "POST /api/v5/auth/siwe/nonce": "wallet sign-in, step 1",
  "POST /api/v5/auth/siwe/verify": "wallet sign-in, step 2 (the signed message is the credential)",
  "GET /api/v5/education/courses": "the public course catalogue (drafts only for their educator)",
  "GET /api/v5/education/courses/:slug": "a public course page",
  "GET /api/v5/tenants/by-domain/:domain": "white-label theme the dApp loads before sign-in",
  "GET /api/v5/tenants/:slug": "white-label theme the dApp loads before sign-in",
  "GET /api/v5/metaverse/ws": "WebSocket upgrade; the first message must carry the access token",
  "POST /api/v5/market/orders":
    "publishing a signed Marketplace order (the seller's EIP-712 signature is the credential)",
  "GET /api/v5/market/orders": "the public order book",
};

describe("access rules of every /api/v5 route", () => {
  let api: TestApi;
  const users = new Map<Role, TestUser>();
  before(async () => {
    api = await testApi();
    for (const role of ROLES) users.set(role, await api.user(role));
  });
  after(() => api.close());

  const routes = () =>
    api.app.peperRoutes.filter((r) => r.url.startsWith("/api/v5/") && !r.url.startsWith("/api/v5/docs"));

  it("has no public route that is not on the list", () => {
    const publicNow = routes()
      .filter((r) => r.roles === null)
      .map((r) => `${r.method} ${r.url}`);
    const unexpected = publicNow.filter((r) => !(r in PUBLIC_ROUTES));
    assert.deepEqual(
      unexpected,
      [],
      "these routes have no onRequest guard; add `onRequest: requireAuth(ctx, roles)` or list them as public with a reason",
    );
    assert.ok(routes().length > 30, `the registry saw ${routes().length} routes`);
  });

  it("refuses guarded routes without a valid token (401)", async () => {
    const expired = await api.user();
    api.advance(16 * 60_000);
    try {
      for (const route of routes().filter((r) => r.roles !== null)) {
        const url = concrete(route.url);
        for (const token of [undefined, "not-a-jwt", expired.accessToken]) {
          const res = await api.call(route.method, url, token ? { token } : {});
          assert.equal(
            res.statusCode,
            401,
            `${route.method} ${route.url} with ${token ? "a bad token" : "no token"}: ${res.body}`,
          );
          assert.match((res.json() as { code: string }).code, /^(unauthenticated|token-expired)$/);
        }
      }
    } finally {
      api.advance(-16 * 60_000);
    }
  });

  it("admits exactly the roles each route names (403 for the others)", async () => {
    const checked: string[] = [];
    for (const route of routes().filter((r) => r.roles !== null)) {
      const url = concrete(route.url);
      for (const role of ROLES) {
        const admitted = route.roles === "any" || route.roles!.includes(role);
        const res = await api.call(route.method, url, { token: users.get(role)!.accessToken });
        if (admitted) {
          assert.ok(
            ![401, 403].includes(res.statusCode),
            `${role} should pass ${route.method} ${route.url}: ${res.statusCode} ${res.body}`,
          );
        } else {
          assert.equal(res.statusCode, 403, `${role} must be refused ${route.method} ${route.url}: ${res.body}`);
          assert.equal((res.json() as { code: string }).code, "forbidden");
        }
      }
      checked.push(`${route.method} ${route.url} → ${route.roles === "any" ? "any role" : route.roles!.join("/")}`);
    }
    assert.ok(checked.length > 20);
  });
});
