/**
 * Bad input on every operation of the OpenAPI document: wrong types, missing and unknown fields,
 * huge strings and arrays, deeply nested JSON, garbage in the path and query, wrong content types and
 * malformed JSON, missing, forged and expired tokens, and another user's ids. For each injected
 * request: never a 5xx; a 4xx answers JSON `{ error, code }`, and a 400 `invalid-input` names the
 * field (the one that was broken, where the test broke one); a rejected request wrote nothing — every
 * table of the schema, the audit log included, has the same rows before and after; and the server
 * still answers its health check and the caller's session afterwards.
 *
 * The requests are built from the document, so an operation added later is covered without being
 * listed here. Bounded: a few thousand `inject`ed requests, no network.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { SignJWT } from "jose";

import * as schema from "../db/schema.ts";
import { ROLES, type Role } from "../db/schema.ts";
import { MAX_JSON_DEPTH } from "./app.ts";
import { issueAccessToken } from "./auth/tokens.ts";
import {
  admittedTypes,
  apiOperations,
  concreteUrl,
  routePattern,
  sampleOf,
  schemaFields,
  strictObjects,
  withValueAt,
  type ApiOperation,
  type JsonSchema,
} from "./openapi.testing.ts";
import { testApi, type TestApi, type TestUser } from "./testing.ts";

/** "1 MB": below the 1 MiB body limit, so it reaches the schemas. */
const HUGE_STRING_LENGTH = 1_000_000;
const HUGE_ARRAY_LENGTH = 100_000;
const DEEP = 10_000;

/** Values the JSON schemas cannot describe (zod refinements, what handlers check), by property name. */
const HINTS: Record<string, unknown> = {
  email: "sample@example.com",
  timezone: "UTC",
  token_in: "ETH",
  token_out: `0x${"ab".repeat(20)}`,
  // An ML-KEM-768 public key's length (1184 bytes), base64.
  kem_public_key: Buffer.alloc(1184, 7).toString("base64"),
  logo_url: "https://example.com/logo.png",
  favicon_url: "https://example.com/favicon.ico",
  url: "https://example.com/font.woff2",
};

/**
 * A refused sign-in or re-entered password (password change, erasure) is counted in login_attempts:
 * that is the throttle against guessing, not a write of the refused request.
 */
const COUNTED_FAILURES = new Set(["invalid-credentials", "wrong-password"]);

/** The passkey and Sign-In with Ethereum relying party, so those routes are live. */
const RP = { rpId: "peper.test", rpName: "Peper", origins: ["https://app.peper.test"] } as const;

/**
 * The 5xx answers that are not failures: this test API has no blockchain node configured, which
 * the chain routes answer with 503 `chain-unavailable` (after validating the request).
 */
const DESIGNED_5XX = new Set(["chain-unavailable"]);

/** JSON nested `depth` arrays deep, as text (JSON.stringify of such a value would recurse). */
const deepArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
/** JSON nested `depth` objects deep under `key`. */
const deepObject = (depth: number, key = "a") => `${`{"${key}":`.repeat(depth)}1${"}".repeat(depth)}`;

/** Where in the JSON text of `body` to splice `raw` JSON for the field at `path` (via a placeholder). */
function jsonWithRawAt(body: unknown, path: readonly (string | number)[], raw: string): string {
  const marker = `__raw_${randomUUID()}__`;
  return JSON.stringify(withValueAt(body, path, marker)).replace(JSON.stringify(marker), raw);
}

/** A value of a JSON type the schema does not admit, or undefined if it admits anything. */
function wrongTypeFor(schema: JsonSchema): unknown[] {
  const types = admittedTypes(schema);
  if (types === "any") return [];
  const candidates: [string, unknown][] = [
    ["string", "not-the-right-type"],
    ["number", 12345],
    ["boolean", true],
    ["object", { unexpected: 1 }],
    ["array", [1, 2]],
    ["null", null],
  ];
  const wrong = candidates.filter(([type]) => !types.has(type)).map(([, value]) => value);
  // One of a different scalar kind and one structured (or null), to bound the count.
  return [wrong.find((v) => typeof v !== "object" || v === null), wrong.find((v) => typeof v === "object")].filter(
    (v) => v !== undefined,
  );
}

interface Probe {
  readonly what: string;
  readonly request: InjectOptions;
  /** It must be refused (4xx); otherwise any answer but a 5xx is allowed, and only 4xx are checked for writes. */
  readonly mustRefuse: boolean;
  /** The field a 400 must name (a prefix of the named path is accepted: a broken object's inner field). */
  readonly field?: string;
  /** Statuses allowed (default: any 4xx when refused). */
  readonly statuses?: readonly number[];
}

const backends: [string, string | undefined][] = [["PGlite", undefined]];
if (process.env.PEPER_TEST_DATABASE_URL) backends.push(["PostgreSQL", process.env.PEPER_TEST_DATABASE_URL]);

for (const [backend, databaseUrl] of backends)
  describe(`bad input on every operation of the OpenAPI document, on ${backend}`, () => {
    let api: TestApi;
    let operations: ApiOperation[];
    /** One signed-in user per role; the caller of an operation is one its guard admits. */
    const users = new Map<Role, TestUser>();
    /** Admitted roles per route pattern ("POST /api/v5/x/:id"). */
    let access: Map<string, readonly Role[] | "any" | null>;
    let snapshotSql: string;
    let sent = 0;
    /** How many answers of each status, for the log. */
    const statuses = new Map<number, number>();

    /** A digest of every table's rows (one query): equal before and after means nothing was written. */
    async function snapshot(): Promise<Record<string, string>> {
      const result = (await api.database.db.execute(sql.raw(snapshotSql))) as unknown as {
        rows: Record<string, string>[];
      };
      return result.rows[0]!;
    }

    const problems: string[] = [];
    let last: Record<string, string> | undefined;

    /** Sends one request and checks what every answer must satisfy. */
    async function probe(op: string, p: Probe): Promise<LightMyRequestResponse> {
      last ??= await snapshot();
      const res = await api.app.inject(p.request);
      sent++;
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const now = await snapshot();
      const where = `${op} — ${p.what}: ${res.statusCode}`;
      const code = errorCode(res);
      if (res.statusCode >= 500 && !(code !== undefined && DESIGNED_5XX.has(code))) {
        problems.push(`${where} ${res.body.slice(0, 200)}`);
      }
      if (res.statusCode >= 400) {
        const changed = Object.keys(now).filter(
          (table) =>
            now[table] !== last![table] &&
            !(table === "login_attempts" && code !== undefined && COUNTED_FAILURES.has(code)),
        );
        if (changed.length > 0) problems.push(`${where} refused but wrote to ${changed.join(", ")}`);
        checkErrorBody(where, res, p);
      } else if (p.mustRefuse) {
        problems.push(`${where} accepted (${res.body.slice(0, 200)})`);
      }
      if (p.statuses && !p.statuses.includes(res.statusCode)) {
        problems.push(`${where}, expected ${p.statuses.join(" or ")} (${res.body.slice(0, 200)})`);
      }
      last = now;
      return res;
    }

    function errorCode(res: LightMyRequestResponse): string | undefined {
      try {
        const { code } = res.json() as { code?: unknown };
        return typeof code === "string" ? code : undefined;
      } catch {
        return undefined;
      }
    }

    function checkErrorBody(where: string, res: LightMyRequestResponse, p: Probe) {
      if (!String(res.headers["content-type"]).startsWith("application/json")) {
        problems.push(`${where} answered ${String(res.headers["content-type"])}, not JSON`);
        return;
      }
      let body: { error?: unknown; code?: unknown; field?: unknown };
      try {
        body = res.json();
      } catch {
        problems.push(`${where} answered JSON that does not parse`);
        return;
      }
      if (typeof body.error !== "string" || typeof body.code !== "string") {
        problems.push(`${where} error body without error/code: ${res.body.slice(0, 200)}`);
        return;
      }
      if (body.code === "invalid-input") {
        if (res.statusCode !== 400) problems.push(`${where} invalid-input with status ${res.statusCode}`);
        if (p.field === undefined) return;
        if (p.field === "" && body.field === undefined) {
          // The body itself is at fault: "body: …".
          if (!body.error.startsWith("body:")) problems.push(`${where} does not say the body: ${body.error}`);
        } else if (typeof body.field !== "string" || !body.error.startsWith(`${body.field}:`)) {
          problems.push(`${where} does not name the field: ${res.body.slice(0, 200)}`);
        } else if (p.field !== "" && body.field !== p.field && !body.field.startsWith(`${p.field}.`)) {
          problems.push(`${where} names ${body.field}, not ${p.field}`);
        }
      }
    }

    /** The caller for an operation: a user of a role its guard admits. */
    function callerOf(op: ApiOperation): TestUser | undefined {
      const route = routePattern(op.path);
      const roles = access.get(`${op.method} ${route}`) ?? access.get(`${op.method} ${route.replace(/\/$/, "")}`);
      // Public routes that read a token when there is one (the course catalogue): signed in.
      if (roles === null || roles === undefined) return op.secured ? users.get("user") : undefined;
      return users.get(roles === "any" ? "user" : roles.includes("admin") ? "admin" : roles[0]!);
    }

    const authHeader = (caller: TestUser | undefined): Record<string, string> =>
      caller ? { authorization: `Bearer ${caller.accessToken}` } : {};

    /** The body an operation's requests break one thing of (valid as far as its JSON schema says). */
    const baseline = (op: ApiOperation): unknown => (op.body ? sampleOf(op.body, HINTS) : undefined);

    /** Whether the operation is public (the registry has no guard for it). */
    function isPublic(op: ApiOperation): boolean {
      const route = routePattern(op.path);
      const roles = access.get(`${op.method} ${route}`) ?? access.get(`${op.method} ${route.replace(/\/$/, "")}`);
      return roles === null || roles === undefined;
    }

    /** A URL for the operation with a valid-looking value for each path and required query parameter. */
    function urlOf(op: ApiOperation, path: Record<string, string> = {}, query?: string): string {
      const q =
        query ??
        op.params
          .filter((p) => p.in === "query" && p.required)
          .map((p) => `${p.name}=${encodeURIComponent(String(sampleOf(p.schema ?? {})))}`)
          .join("&");
      const values = Object.fromEntries(
        op.params.filter((p) => p.in === "path").map((p) => [p.name, String(sampleOf(p.schema ?? {}))]),
      );
      return concreteUrl(op.path, { ...values, ...path }) + (q ? `?${q}` : "");
    }

    const label = (op: ApiOperation) => `${op.method} ${op.path}`;

    /** After each operation: the server answers, and the caller's session still works. */
    async function stillAnswers(op: ApiOperation) {
      const health = await api.app.inject({ method: "GET", url: "/api/v5/health" });
      if (health.statusCode !== 200) problems.push(`${label(op)}: health ${health.statusCode} afterwards`);
      const caller = callerOf(op);
      if (caller) {
        const me = await api.app.inject({ method: "GET", url: "/api/v5/auth/me", headers: authHeader(caller) });
        if (me.statusCode !== 200) problems.push(`${label(op)}: the caller's session answers ${me.statusCode}`);
      }
    }

    function report(what: string) {
      const found = problems.splice(0);
      assert.deepEqual(found, [], `${what}: ${found.length} problems`);
    }

    before(async () => {
      api = await testApi({ ...(databaseUrl ? { databaseUrl } : {}), deps: { webauthn: RP } });
      operations = (await apiOperations(api)).filter((op) => !op.path.startsWith("/api/v5/docs"));
      access = new Map(api.app.peperRoutes.map((r) => [`${r.method} ${r.url}`, r.roles]));
      for (const role of ROLES) users.set(role, await api.user(role));
      // Every table of the Drizzle schema, so a table added later is compared too.
      const tables = (Object.values(schema) as unknown[]).flatMap((value) =>
        is(value, PgTable) ? [getTableName(value)] : [],
      );
      snapshotSql = `SELECT ${tables
        .map(
          (name) =>
            `(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "${name}" t) AS "${name}"`,
        )
        .join(", ")}`;
      assert.ok(tables.length >= 20, `${tables.length} tables`);
    });
    after(async () => {
      const tally = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      console.log(`bad-input (${backend}): ${sent} requests: ${tally.join(", ")}`);
      await api.close();
    });

    it("finds the operations and a caller for every guarded one", () => {
      assert.ok(operations.length > 60, `${operations.length} operations`);
      const withoutCaller = operations.filter((op) => op.secured && !callerOf(op)).map(label);
      assert.deepEqual(withoutCaller, []);
    });

    it("refuses wrong types, missing required fields and unknown fields in bodies, naming the field", async () => {
      for (const op of operations.filter((o) => o.body)) {
        const caller = callerOf(op);
        const body = baseline(op);
        const send = (what: string, payload: unknown, field: string, mustRefuse = true) =>
          probe(label(op), {
            what,
            request: {
              method: op.method as "POST",
              url: urlOf(op),
              headers: { ...authHeader(caller), "content-type": "application/json" },
              payload: JSON.stringify(payload),
            },
            mustRefuse,
            field,
          });
        // The body itself of the wrong type.
        for (const wrong of wrongTypeFor(op.body!)) await send(`body ${JSON.stringify(wrong)}`, wrong, "");
        for (const field of schemaFields(op.body!)) {
          const name = field.path.join(".");
          for (const wrong of wrongTypeFor(field.schema)) {
            await send(`${name} = ${JSON.stringify(wrong)}`, withValueAt(body, field.path, wrong), name);
          }
          if (field.required) await send(`${name} missing`, withValueAt(body, field.path, undefined), name);
        }
        for (const path of strictObjects(op.body!)) {
          const at = [...path, "unexpected_field"];
          await send(`unknown ${at.join(".")}`, withValueAt(body, at, "surprise"), at.join("."));
        }
        await stillAnswers(op);
      }
      report("wrong, missing and unknown fields");
    });

    it("refuses huge strings and arrays, deep nesting and bodies over the limit", async () => {
      for (const op of operations.filter((o) => o.body)) {
        const caller = callerOf(op);
        const body = baseline(op);
        const send = (what: string, payload: string, mustRefuse: boolean, field?: string, statuses?: number[]) =>
          probe(label(op), {
            what,
            request: {
              method: op.method as "POST",
              url: urlOf(op),
              headers: { ...authHeader(caller), "content-type": "application/json" },
              payload,
            },
            mustRefuse,
            ...(field === undefined ? {} : { field }),
            ...(statuses ? { statuses } : {}),
          });
        const huge = "x".repeat(HUGE_STRING_LENGTH);
        for (const field of schemaFields(op.body!)) {
          const name = field.path.join(".");
          const types = admittedTypes(field.schema);
          const s = field.schema;
          if (types !== "any" && types.has("string")) {
            // Refused where the schema bounds the string; elsewhere the handler must cope.
            const bounded = s.maxLength !== undefined || s.pattern !== undefined || s.enum !== undefined;
            await send(
              `${name}: a 1 MB string`,
              JSON.stringify(withValueAt(body, field.path, huge)),
              bounded,
              bounded ? name : undefined,
            );
          }
          if (types !== "any" && types.has("array")) {
            const items = JSON.stringify(sampleOf(s.items ?? {}));
            await send(
              `${name}: ${HUGE_ARRAY_LENGTH} items`,
              jsonWithRawAt(body, field.path, `[${Array.from({ length: HUGE_ARRAY_LENGTH }, () => items).join(",")}]`),
              s.maxItems !== undefined,
              s.maxItems !== undefined ? name : undefined,
            );
          }
          // Nested 10,000 deep: refused before parsing (400 too-deep), even where the field takes any JSON.
          await send(
            `${name}: arrays ${DEEP} deep`,
            jsonWithRawAt(body, field.path, deepArray(DEEP)),
            true,
            undefined,
            [400],
          );
          await send(
            `${name}: objects ${DEEP} deep`,
            jsonWithRawAt(body, field.path, deepObject(DEEP)),
            true,
            undefined,
            [400],
          );
        }
        await send(`the body: arrays ${DEEP} deep`, deepArray(DEEP), true, undefined, [400]);
        await send(`the body: objects ${DEEP} deep`, deepObject(DEEP, "unexpected_field"), true, undefined, [400]);
        // secure-json-parse walks bodies that mention __proto__ or constructor: deeply, too.
        await send(`the body: "constructor" ${DEEP} deep`, deepObject(DEEP, "constructor"), true, undefined, [400]);
        await send(
          "a body over 1 MiB",
          JSON.stringify({ padding: "x".repeat(1024 * 1024 + 1) }),
          true,
          undefined,
          [413],
        );
        await stillAnswers(op);
      }
      report("huge and deep input");
    });

    it("refuses garbage, invalid UTF-8 and wrong types in path and query parameters", async () => {
      const garbage = [
        "%E0%A4%A", // truncated escape
        "%C3%28", // invalid UTF-8
        "%FF%FE%FD",
        "%ED%A0%80", // a lone surrogate, UTF-8-encoded
        "%00",
        "%",
        "%25%32%35",
        "..%2F..%2Fetc%2Fpasswd",
        "%F0%9F%92%A9",
        "x".repeat(10_000),
        "'%20OR%201=1--",
      ];
      for (const op of operations) {
        const caller = callerOf(op);
        const body = baseline(op);
        const send = (what: string, url: string, mustRefuse: boolean, field?: string) =>
          probe(label(op), {
            what,
            request: {
              method: op.method as "POST",
              url,
              headers: authHeader(caller),
              ...(body === undefined ? {} : { payload: body as object }),
            },
            mustRefuse,
            ...(field === undefined ? {} : { field }),
          });
        for (const param of op.params.filter((p) => p.in === "path")) {
          for (const g of garbage)
            await send(`path ${param.name} = ${g.slice(0, 40)}`, urlOf(op, { [param.name]: g }), true);
        }
        for (const param of op.params.filter((p) => p.in === "query")) {
          const s = param.schema ?? {};
          const others = op.params
            .filter((p) => p.in === "query" && p.required && p.name !== param.name)
            .map((p) => `${p.name}=${encodeURIComponent(String(sampleOf(p.schema ?? {})))}`);
          const url = (value: string) => urlOf(op, {}, [...others, `${param.name}=${value}`].join("&"));
          const bounded = s.pattern !== undefined || s.enum !== undefined || s.format !== undefined;
          const numeric = s.type === "integer" || s.type === "number";
          for (const g of garbage) {
            // Garbage is refused where the schema says what the value looks like.
            await send(
              `query ${param.name} = ${g.slice(0, 40)}`,
              url(g),
              bounded || numeric,
              bounded || numeric ? param.name : undefined,
            );
          }
          if (numeric) {
            // Number() reads "0x10" and "" too; they must not fail, and the rest must be refused.
            for (const [v, refused] of [
              ["abc", true],
              ["1e400", true],
              ["-1", true],
              ["1.5", true],
              ["9".repeat(400), true],
              ["0x10", false],
              ["", false],
            ] as const) {
              await send(`query ${param.name} = ${v.slice(0, 40)}`, url(v), refused);
            }
          }
          // Repeated: an array where one value was expected.
          const good = encodeURIComponent(String(sampleOf(s)));
          await send(`query ${param.name} twice`, url(`${good}&${param.name}=${good}`), true, param.name);
          if (param.required)
            await send(`query ${param.name} missing`, urlOf(op, {}, others.join("&")), true, param.name);
        }
        // Unknown and malformed query keys are ignored or refused, never a 5xx.
        await send("query key %FF", `${urlOf(op)}${urlOf(op).includes("?") ? "&" : "?"}%FF=1`, false);
        await send(
          "query key __proto__",
          `${urlOf(op)}${urlOf(op).includes("?") ? "&" : "?"}__proto__=1&constructor=2`,
          false,
        );
        await stillAnswers(op);
      }
      report("path and query garbage");
    });

    it("refuses wrong content types and malformed JSON", async () => {
      for (const op of operations.filter((o) => o.method !== "GET")) {
        const caller = callerOf(op);
        const body = baseline(op);
        const json = JSON.stringify(body ?? {});
        const send = (what: string, headers: Record<string, string>, payload: string | Buffer, mustRefuse: boolean) =>
          probe(label(op), {
            what,
            request: {
              method: op.method as "POST",
              url: urlOf(op),
              headers: { ...authHeader(caller), ...headers },
              payload,
            },
            mustRefuse,
          });
        // Fastify reads text/plain as a string: refused where a JSON body is expected, ignored elsewhere.
        await send("text/plain", { "content-type": "text/plain" }, json, op.body !== undefined);
        await send("a form", { "content-type": "application/x-www-form-urlencoded" }, "a=1&b=2", true);
        await send("multipart", { "content-type": "multipart/form-data; boundary=x" }, "--x\r\n\r\n1\r\n--x--", true);
        await send("application/xml", { "content-type": "application/xml" }, "<a/>", true);
        await send("a garbage content type", { "content-type": "\u0001;;=;" }, json, true);
        // No content type at all: a body the API cannot know how to read.
        await send("no content type", {}, json, true);
        await send("malformed JSON", { "content-type": "application/json" }, '{"a":', true);
        await send("JSON with a trailing comma", { "content-type": "application/json" }, '{"a":1,}', true);
        await send(
          "invalid UTF-8 in JSON",
          { "content-type": "application/json" },
          Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
          op.body !== undefined,
        );
        await send(
          "an empty JSON body",
          { "content-type": "application/json" },
          "",
          op.body !== undefined && op.spec.requestBody?.required === true,
        );
        await send(
          "JSON in UTF-16",
          { "content-type": "application/json; charset=utf-16" },
          Buffer.from(json, "utf16le"),
          true,
        );
        await send(
          "a __proto__ key",
          { "content-type": "application/json" },
          '{"__proto__":{"admin":true}}',
          op.body !== undefined,
        );
        await stillAnswers(op);
      }
      report("content types");
    });

    it("refuses every guarded operation without a token, with a forged one and with an expired one (401)", async () => {
      const admin = users.get("admin")!;
      const [header, payload] = admin.accessToken.split(".") as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const user = users.get("user")!;
      const userClaims = JSON.parse(Buffer.from(user.accessToken.split(".")[1]!, "base64url").toString()) as {
        sub: string;
        sid: string;
        role: Role;
      };
      const wrongKey = await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .sign(new TextEncoder().encode("a-different-secret-a-different-secret-0123"));
      const expired = await issueAccessToken(
        { sub: userClaims.sub, role: userClaims.role, sid: userClaims.sid },
        api.ctx.jwtKey,
        api.ctx.now() - 16 * 60_000,
      );
      const tokens: [string, string | undefined][] = [
        ["no token", undefined],
        ["an empty bearer", "Bearer "],
        ["basic auth", `Basic ${Buffer.from("admin:admin").toString("base64")}`],
        ["a wrong key", `Bearer ${wrongKey}`],
        ["alg none", `Bearer ${b64({ alg: "none", typ: "JWT" })}.${payload}.`],
        [
          "alg none with the signature",
          `Bearer ${b64({ alg: "none", typ: "JWT" })}.${admin.accessToken.split(".").slice(1).join(".")}`,
        ],
        // A user's token with its role raised to admin, the signature kept.
        [
          "tampered claims",
          `Bearer ${user.accessToken.split(".")[0]}.${b64({ ...JSON.parse(Buffer.from(user.accessToken.split(".")[1]!, "base64url").toString()), role: "admin" })}.${user.accessToken.split(".")[2]}`,
        ],
        [
          "tampered header (HS512)",
          `Bearer ${b64({ alg: "HS512", typ: "JWT" })}.${admin.accessToken.split(".").slice(1).join(".")}`,
        ],
        ["an expired token", `Bearer ${expired}`],
        ["a 64 KB token", `Bearer ${"a".repeat(65_536)}`],
        ["a token of garbage", `Bearer ${header}.%%%.\u0000`],
      ];
      for (const op of operations.filter((o) => o.secured)) {
        const body = baseline(op);
        for (const [what, authorization] of tokens) {
          // A public route that reads a token when there is one answers without one.
          if (authorization === undefined && isPublic(op)) continue;
          await probe(label(op), {
            what,
            request: {
              method: op.method as "POST",
              url: urlOf(op),
              headers: authorization === undefined ? {} : { authorization },
              ...(body === undefined ? {} : { payload: body as object }),
            },
            mustRefuse: true,
            statuses: [401],
          });
        }
        await stillAnswers(op);
      }
      report("tokens");
    });

    it("refuses another user's ids (403 or 404) and writes nothing", async () => {
      // Alice's things: a portfolio and an account, a wallet, a passkey, a listed order, a course she
      // teaches and is enrolled in, a metaverse session. Bob (same roles) asks for them.
      const alice = await api.user("institutional");
      const bob = await api.user("institutional");
      const aliceTeacher = await api.user("educator");
      const bobTeacher = await api.user("educator");
      const call = async (who: TestUser, method: string, url: string, body?: unknown) => {
        const res = await api.call(method, url, { token: who.accessToken, ...(body === undefined ? {} : { body }) });
        assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
        return res.json() as Record<string, unknown>;
      };
      const db = api.database.db;
      const [wallet] = await db
        .insert(schema.web3Wallets)
        .values({ userId: alice.id, address: `0x${"a1".repeat(20)}`, chainId: 31337, verifiedAt: new Date() })
        .returning();
      const [passkey] = await db
        .insert(schema.passkeys)
        .values({ userId: alice.id, credentialId: "alice-credential", publicKey: Buffer.from([1, 2, 3]) })
        .returning();
      const digest = `0x${"d1".repeat(32)}`;
      await db.insert(schema.marketOrders).values({
        digest,
        chainId: 31337,
        marketplace: `0x${"0".repeat(40)}`,
        seller: wallet!.address,
        collection: `0x${"c0".repeat(20)}`,
        tokenId: "1",
        currency: `0x${"0".repeat(40)}`,
        price: "1",
        expiry: Math.floor(api.ctx.now() / 1000) + 3600,
        nonce: "0",
        signature: `0x${"5".repeat(130)}`,
        listedAt: new Date(api.ctx.now()),
      });
      const portfolio = (await call(alice, "POST", "/api/v5/institutional/portfolios", { name: "Alice's" }))
        .id as string;
      const account = (
        await call(alice, "POST", "/api/v5/institutional/accounts", {
          name: "Alice's account",
          portfolio_id: portfolio,
          wallet_id: wallet!.id,
        })
      ).id as string;
      const bobAccount = (await call(bob, "POST", "/api/v5/institutional/accounts", { name: "Bob's account" }))
        .id as string;
      const course = (
        await call(aliceTeacher, "POST", "/api/v5/education/create-vr-course", {
          slug: "alices-course",
          title: "Alice's course",
          modules: [{ id: "intro", title: "Intro", kind: "lesson", body: "Hello." }],
          chain_id: 31337,
          publish: true,
        })
      ).id as string;
      const draft = (
        await call(aliceTeacher, "POST", "/api/v5/education/create-vr-course", {
          slug: "alices-draft",
          title: "Alice's draft",
          modules: [{ id: "intro", title: "Intro", kind: "lesson", body: "Hello." }],
          chain_id: 31337,
        })
      ).id as string;
      await call(alice, "POST", `/api/v5/education/courses/${course}/enrol`);
      const session = (
        await call(alice, "POST", "/api/v5/metaverse/create-session", {
          name: "Alice's room",
          participants: [
            { user_id: alice.id, kem_public_key: Buffer.from(ml_kem768.keygen().publicKey).toString("base64") },
          ],
        })
      ).session_id as string;

      // A compliance officer's own KYC case is not theirs to review.
      const officer = users.get("compliance_officer")!;
      await call(officer, "POST", "/api/v5/compliance/kyc/submit", { reference: "officer-case" });

      last = await snapshot();
      const cases: [TestUser, string, string, unknown?][] = [
        [officer, "POST", `/api/v5/compliance/kyc/${officer.id}/review`, { status: "verified" }],
        [bob, "GET", `/api/v5/institutional/portfolios/${portfolio}`],
        [bob, "PATCH", `/api/v5/institutional/portfolios/${portfolio}`, { name: "Mine now" }],
        [bob, "DELETE", `/api/v5/institutional/portfolios/${portfolio}`],
        [bob, "GET", `/api/v5/institutional/portfolios/${portfolio}/positions?since_block=0`],
        [bob, "GET", `/api/v5/institutional/accounts?portfolio_id=${portfolio}`],
        [bob, "PATCH", `/api/v5/institutional/accounts/${account}`, { name: "Mine now" }],
        [bob, "DELETE", `/api/v5/institutional/accounts/${account}`],
        [bob, "POST", "/api/v5/institutional/accounts", { name: "Into Alice's", portfolio_id: portfolio }],
        [bob, "POST", "/api/v5/institutional/accounts", { name: "With Alice's wallet", wallet_id: wallet!.id }],
        [bob, "PATCH", `/api/v5/institutional/accounts/${bobAccount}`, { portfolio_id: portfolio }],
        [bob, "PATCH", `/api/v5/institutional/accounts/${bobAccount}`, { wallet_id: wallet!.id }],
        [bob, "DELETE", `/api/v5/auth/passkeys/${passkey!.id}`],
        [bob, "DELETE", `/api/v5/auth/siwe/wallets/${wallet!.id}`],
        [bob, "DELETE", `/api/v5/market/orders/${digest}`],
        [bob, "GET", `/api/v5/metaverse/sessions/${session}`],
        [bob, "GET", `/api/v5/metaverse/sessions/${session}/key`],
        [bob, "PUT", `/api/v5/education/courses/${course}/progress`, { module_id: "intro" }],
        [bob, "POST", `/api/v5/education/courses/${course}/complete`, { recipient: `0x${"b0".repeat(20)}` }],
        [bob, "POST", `/api/v5/education/courses/${draft}/enrol`],
        [bobTeacher, "POST", `/api/v5/education/courses/${draft}/publish`],
        [bobTeacher, "GET", "/api/v5/education/courses/alices-draft"],
      ];
      for (const [who, method, url, body] of cases) {
        await probe(`${method} ${url}`, {
          what: "another user's id",
          request: {
            method: method as "POST",
            url,
            headers: authHeader(who),
            ...(body === undefined ? {} : { payload: body as object }),
          },
          mustRefuse: true,
          statuses: [403, 404],
        });
      }
      // Alice's things are all still there and hers.
      await call(alice, "GET", `/api/v5/institutional/portfolios/${portfolio}`);
      assert.equal((await db.select().from(schema.passkeys)).length, 1);
      assert.equal((await db.select().from(schema.web3Wallets)).length, 1);
      report("another user's ids");
    });

    it(`takes JSON nested ${MAX_JSON_DEPTH} deep, refuses deeper, and does not count brackets in strings`, async () => {
      const user = users.get("user")!;
      const avatar = (appearance: string, displayName = "Deep") =>
        api.app.inject({
          method: "PUT",
          url: "/api/v5/metaverse/avatar",
          headers: { ...authHeader(user), "content-type": "application/json" },
          // The body is level 1, appearance level 2.
          payload: `{"display_name":${JSON.stringify(displayName)},"appearance":${appearance}}`,
        });
      const atLimit = await avatar(deepObject(MAX_JSON_DEPTH - 1));
      assert.equal(atLimit.statusCode, 200, atLimit.body);
      const over = await avatar(deepObject(MAX_JSON_DEPTH));
      assert.equal(over.statusCode, 400, over.body);
      assert.deepEqual(over.json(), {
        error: `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
        code: "too-deep",
      });
      const brackets = await avatar(`{"note":${JSON.stringify(`\\"${"[{".repeat(100)}`)}}`, "[[[{{{");
      assert.equal(brackets.statusCode, 200, brackets.body);
      assert.equal((brackets.json() as { display_name: string }).display_name, "[[[{{{");
    });

    it("still answers afterwards", async () => {
      const health = await api.app.inject({ method: "GET", url: "/api/v5/health" });
      assert.equal(health.statusCode, 200);
      for (const user of users.values()) {
        const me = await api.call("GET", "/api/v5/auth/me", { token: user.accessToken });
        assert.equal(me.statusCode, 200, `${user.role}: ${me.body}`);
      }
      const verify = await api.call("GET", "/api/v5/compliance/audit/verify", {
        token: users.get("admin")!.accessToken,
      });
      assert.equal(verify.statusCode, 200, verify.body);
      assert.ok(sent > 1000, `${sent} requests`);
    });
  });
