import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { sql } from "drizzle-orm";

import { testApi, type TestApi, type TestUser } from "../testing.ts";

const BASE = "/api/v5/tenants";

const theme = {
  colors: { primary: "#0A84FF", background: "#fff", text: "#1c1c1e" },
  logo_url: "https://cdn.acme.example/logo.svg",
  font: { family: "Inter", url: "https://fonts.acme.example/inter.css" },
  mode: "light",
};

interface AdminTenant {
  id: string;
  slug: string;
  name: string;
  theme: Record<string, unknown>;
  domain: string | null;
}

describe("/api/v5/tenants", () => {
  let api: TestApi;
  let admin: TestUser;
  let others: TestUser[];

  before(async () => {
    api = await testApi();
    admin = await api.user("admin");
    others = [
      await api.user("user"),
      await api.user("institutional"),
      await api.user("educator"),
      await api.user("compliance_officer"),
    ];
  });
  after(() => api.close());

  const create = (body: unknown, user = admin) => api.call("POST", BASE, { token: user.accessToken, body });

  it("lets only admins manage tenants (401 without a token, 403 for every other role)", async () => {
    const routes: [string, string, unknown?][] = [
      ["POST", BASE, { slug: "nope", name: "Nope", theme }],
      ["GET", BASE],
      ["PATCH", `${BASE}/nope`, { name: "x" }],
      ["DELETE", `${BASE}/nope`],
    ];
    for (const [method, url, body] of routes) {
      assert.equal((await api.call(method, url, { body })).statusCode, 401, `${method} ${url}`);
      for (const user of others) {
        const res = await api.call(method, url, { token: user.accessToken, body });
        assert.equal(res.statusCode, 403, `${user.role} ${method} ${url}`);
      }
    }
  });

  it("creates a tenant and serves its public config by slug and by domain, without internal fields", async () => {
    const res = await create({ slug: "acme-bank", name: "Acme Invest", theme, domain: "Invest.Acme.Example" });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json() as AdminTenant;
    assert.equal(created.domain, "invest.acme.example", "stored lower-case");
    assert.deepEqual(created.theme, {
      ...theme,
      colors: { primary: "#0a84ff", background: "#fff", text: "#1c1c1e" },
    });

    for (const url of [
      `${BASE}/acme-bank`,
      `${BASE}/by-domain/invest.acme.example`,
      `${BASE}/by-domain/INVEST.acme.example`,
    ]) {
      const pub = await api.call("GET", url);
      assert.equal(pub.statusCode, 200, `${url}: ${pub.body}`);
      assert.deepEqual(pub.json(), { slug: "acme-bank", name: "Acme Invest", theme: created.theme });
    }
    const list = (await api.call("GET", BASE, { token: admin.accessToken })).json() as { tenants: AdminTenant[] };
    assert.deepEqual(
      list.tenants.map((t) => [t.slug, t.domain]),
      [["acme-bank", "invest.acme.example"]],
    );
  });

  it("refuses a taken slug or domain (409 naming the field)", async () => {
    const slug = await create({ slug: "acme-bank", name: "Again", theme });
    assert.equal(slug.statusCode, 409);
    assert.deepEqual(slug.json(), {
      error: "A tenant with this slug exists; choose another.",
      code: "slug-taken",
      field: "slug",
    });
    const domain = await create({ slug: "acme-two", name: "Two", theme, domain: "invest.acme.example" });
    assert.equal(domain.statusCode, 409);
    assert.equal((domain.json() as { field: string }).field, "domain");
  });

  it("validates the theme strictly and names the field (400)", async () => {
    const base = { slug: "bad-one", name: "Bad", theme };
    const cases: [unknown, string][] = [
      [{ ...base, theme: { ...theme, colors: { primary: "red" } } }, "theme.colors.primary"],
      [{ ...base, theme: { ...theme, colors: { primary: "#12345" } } }, "theme.colors.primary"],
      [{ ...base, theme: { ...theme, logo_url: "http://cdn.acme.example/logo.svg" } }, "theme.logo_url"],
      [{ ...base, theme: { ...theme, logo_url: "javascript:alert(1)" } }, "theme.logo_url"],
      [{ ...base, theme: { ...theme, logo_url: `https://cdn.example/${"a".repeat(2100)}` } }, "theme.logo_url"],
      [{ ...base, theme: { ...theme, font: { family: "Inter; } body { display: none" } } }, "theme.font.family"],
      [{ ...base, theme: { ...theme, css: "body{}" } }, "theme.css"],
      [{ ...base, theme: { ...theme, colors: { primary: "#000", glow: "#fff" } } }, "theme.colors.glow"],
      [{ ...base, theme: { mode: "dark" } }, "theme.colors"],
      [{ ...base, slug: "Acme Bank" }, "slug"],
      [{ ...base, name: "" }, "name"],
      [{ ...base, name: "x".repeat(101) }, "name"],
      [{ ...base, domain: "https://acme.example/" }, "domain"],
      [{ ...base, domain: "localhost" }, "domain"],
      [{ ...base, owner: "me" }, "owner"],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
      assert.equal((res.json() as { field: string }).field, field, res.body);
    }
    const empty = await api.call("PATCH", `${BASE}/acme-bank`, { token: admin.accessToken, body: {} });
    assert.equal(empty.statusCode, 400);
    assert.equal((await api.call("GET", `${BASE}/Not_A_Slug`)).statusCode, 400);
  });

  it("updates name, theme and domain; taking the domain away stops serving it", async () => {
    const res = await api.call("PATCH", `${BASE}/acme-bank`, {
      token: admin.accessToken,
      body: { name: "Acme Private", theme: { colors: { primary: "#222222" }, mode: "dark" }, domain: null },
    });
    assert.equal(res.statusCode, 200, res.body);
    const updated = res.json() as AdminTenant;
    assert.equal(updated.name, "Acme Private");
    assert.equal(updated.domain, null);
    assert.deepEqual((await api.call("GET", `${BASE}/acme-bank`)).json(), {
      slug: "acme-bank",
      name: "Acme Private",
      theme: { colors: { primary: "#222222" }, mode: "dark" },
    });
    const byDomain = await api.call("GET", `${BASE}/by-domain/invest.acme.example`);
    assert.equal(byDomain.statusCode, 404);
    assert.equal((byDomain.json() as { code: string }).code, "not-found");
    const missing = await api.call("PATCH", `${BASE}/no-such-tenant`, {
      token: admin.accessToken,
      body: { name: "x" },
    });
    assert.equal(missing.statusCode, 404);
  });

  it("deletes a tenant, and logs every change without personal data", async () => {
    const del = await api.call("DELETE", `${BASE}/acme-bank`, { token: admin.accessToken });
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await api.call("GET", `${BASE}/acme-bank`)).statusCode, 404);
    assert.equal((await api.call("DELETE", `${BASE}/acme-bank`, { token: admin.accessToken })).statusCode, 404);

    const entries = (
      (await api.database.db.execute(
        sql`SELECT actor, action, details FROM audit_log WHERE action LIKE 'tenant.%' ORDER BY seq`,
      )) as unknown as { rows: { actor: string; action: string; details: Record<string, unknown> }[] }
    ).rows;
    assert.deepEqual(
      entries.map((e) => e.action),
      ["tenant.create", "tenant.update", "tenant.delete"],
    );
    assert.ok(entries.every((e) => e.actor === api.ctx.pseudonym(admin.id)));
    assert.deepEqual(entries[1]!.details, { slug: "acme-bank", fields: ["domain", "name", "theme"] });
  });
});
