/**
 * Security headers (@fastify/helmet and the API's own hook) on every operation of the OpenAPI
 * document, whatever the answer: nosniff, the JSON API's Content-Security-Policy, Referrer-Policy,
 * Cache-Control: no-store, framing refused; HSTS only when the client reached us over TLS; and a
 * policy for the docs UI that lets it load (its page has no inline script, its assets are ours).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import helmet from "@fastify/helmet";
import Fastify from "fastify";

import { securityHeaders } from "./app.ts";
import { apiOperations, concreteUrl, type ApiOperation } from "./openapi.testing.ts";
import { testApi, type TestApi } from "./testing.ts";

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string[]> {
  assert.equal(typeof header, "string", "a Content-Security-Policy header");
  return new Map(
    (header as string)
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

describe("security headers", () => {
  let api: TestApi;
  let operations: ApiOperation[];
  let token: string;
  before(async () => {
    // Behind a proxy on loopback, as `npm start` runs it, so X-Forwarded-Proto is believed from there.
    api = await testApi({ trustProxy: ["127.0.0.1"] });
    token = (await api.user("admin")).accessToken;
    operations = await apiOperations(api);
  });
  after(() => api.close());

  it("sends them on every operation of the OpenAPI document, signed in or not, whatever the status", async () => {
    assert.ok(operations.length > 60, `${operations.length} operations`);
    const wrong: string[] = [];
    for (const { method, path, secured } of operations) {
      for (const signedIn of secured ? [true, false] : [false]) {
        const res = await api.call(method, concreteUrl(path), {
          ...(signedIn ? { token } : {}),
          ...(method === "GET" || method === "DELETE" ? {} : { body: {} }),
        });
        const h = res.headers;
        const csp = directives(h["content-security-policy"]);
        const problems = [
          h["x-content-type-options"] !== "nosniff" && "X-Content-Type-Options",
          h["referrer-policy"] !== "no-referrer" && "Referrer-Policy",
          h["cache-control"] !== "no-store" && `Cache-Control (${String(h["cache-control"])})`,
          h["strict-transport-security"] !== undefined && "HSTS over plain http",
          csp.get("default-src")?.join(" ") !== "'none'" && "CSP default-src",
          csp.get("frame-ancestors")?.join(" ") !== "'none'" && "CSP frame-ancestors",
          h["x-frame-options"] !== "SAMEORIGIN" && "X-Frame-Options",
        ].filter(Boolean);
        if (problems.length > 0) {
          wrong.push(
            `${method} ${path} (${signedIn ? "signed in" : "anonymous"}, ${res.statusCode}): ${problems.join(", ")}`,
          );
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it("sends exactly the headers @fastify/helmet sends with the API's options (worked out once)", async () => {
    // The reference: @fastify/helmet registered the usual way, one request each time.
    const reference = Fastify({ logger: false });
    await reference.register(helmet, {
      global: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
      },
      referrerPolicy: { policy: "no-referrer" },
      hsts: false,
    });
    reference.get("/", async () => ({ ok: true }));
    const expected = (await reference.inject({ method: "GET", url: "/" })).headers;
    await reference.close();
    const fromHelmet = Object.keys(expected).filter(
      (k) => !["content-type", "content-length", "date", "connection", "keep-alive"].includes(k),
    );
    assert.ok(fromHelmet.length >= 10, `helmet's headers: ${fromHelmet.join(", ")}`);
    const res = await api.call("GET", "/api/v5/health");
    for (const name of fromHelmet) assert.equal(res.headers[name], expected[name], name);
    assert.deepEqual({ ...(await securityHeaders()) }, Object.fromEntries(fromHelmet.map((k) => [k, expected[k]])));
  });

  it("sends them on errors outside any route too (404, bad JSON)", async () => {
    const missing = await api.call("GET", "/api/v5/no-such-route");
    const badJson = await api.call("POST", "/api/v5/auth/global-login", {
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    for (const res of [missing, badJson]) {
      assert.equal(res.headers["x-content-type-options"], "nosniff");
      assert.equal(res.headers["cache-control"], "no-store");
      assert.ok(String(res.headers["content-security-policy"]).includes("default-src 'none'"));
    }
  });

  it("sends HSTS only to clients that reached us over TLS", async () => {
    const viaTls = await api.call("GET", "/api/v5/auth/me", { token, headers: { "x-forwarded-proto": "https" } });
    assert.equal(viaTls.statusCode, 200);
    assert.equal(viaTls.headers["strict-transport-security"], "max-age=31536000; includeSubDomains");
    const plain = await api.call("GET", "/api/v5/auth/me", { token });
    assert.equal(plain.headers["strict-transport-security"], undefined);
    // X-Forwarded-Proto from anyone but the trusted proxy is not believed.
    const spoofed = await api.call("GET", "/api/v5/auth/me", {
      token,
      headers: { "x-forwarded-proto": "https" },
      remoteAddress: "198.51.100.7",
    });
    assert.equal(spoofed.headers["strict-transport-security"], undefined);
  });

  it("gives the docs UI a policy it loads under: its own scripts and styles, no inline script", async () => {
    const page = await api.call("GET", "/api/v5/docs");
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers["x-content-type-options"], "nosniff");
    const csp = directives(page.headers["content-security-policy"]);
    assert.deepEqual(csp.get("script-src"), ["'self'"], "scripts from this origin only");
    assert.deepEqual(csp.get("object-src"), ["'none'"]);
    assert.ok(csp.get("style-src")?.includes("'self'"));
    assert.ok(csp.get("img-src")?.includes("data:"), "Swagger UI's icons are data: URLs");
    assert.ok(csp.get("connect-src")?.includes("'self'"), "Try it out calls this origin");

    const html = page.body;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 3, "the page loads its scripts");
    const assets: string[] = [];
    for (const [, attributes, body] of scripts) {
      const src = /\bsrc="([^"]+)"/.exec(attributes!)?.[1];
      assert.ok(src, "no inline script (script-src 'self' would block it)");
      assert.equal(body!.trim(), "");
      assets.push(src);
    }
    assets.push(...[...html.matchAll(/<link\b[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!));
    assert.ok(!/\bstyle="|\bon[a-z]+="/i.test(html), "no inline style or handler attributes");
    for (const src of assets) {
      assert.ok(src.startsWith("/api/v5/docs/"), `${src} is served by this origin`);
      const asset = await api.call("GET", src);
      assert.equal(asset.statusCode, 200, src);
      assert.equal(asset.headers["x-content-type-options"], "nosniff", src);
      assert.match(String(asset.headers["content-type"]), /^(text\/css|application\/javascript|image\/png)/, src);
    }
    const initializer = await api.call("GET", "/api/v5/docs/static/swagger-initializer.js");
    assert.match(initializer.body, /url: resolveUrl\('\.\/json'\)/, "the UI reads the document from this origin");
  });
});
