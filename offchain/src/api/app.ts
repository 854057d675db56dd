import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";

import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";

import { loadSanctionsList, SHIPPED_TEST_LIST } from "../compliance/sanctions.ts";
import { EngineInputError } from "../engines/errors.ts";
import { ApiError, createContext, type ApiContext, type ApiDependencies, type ApiLimits } from "./context.ts";
import { accessOf, type RouteAccess } from "./auth/guard.ts";
import { createRateLimitBackend, type RateLimitBackend } from "./rateLimitStore.ts";
import { dummyPasswordHash } from "./auth/password.ts";
import { accountRoutes } from "./routes/account.ts";
import { adminRoutes } from "./routes/admin.ts";
import { aiRoutes } from "./routes/ai.ts";
import { authRoutes } from "./routes/auth.ts";
import { complianceRoutes } from "./routes/compliance.ts";
import { educationRoutes } from "./routes/education.ts";
import { institutionalRoutes } from "./routes/institutional.ts";
import { metaverseRoutes } from "./routes/metaverse.ts";
import { orderRoutes } from "./routes/orders.ts";
import { passkeyRoutes } from "./routes/passkeys.ts";
import { privacyRoutes } from "./routes/privacy.ts";
import { quantumRoutes } from "./routes/quantum.ts";
import { siweRoutes } from "./routes/siwe.ts";
import { tenantRoutes } from "./routes/tenants.ts";
import { web3Routes } from "./routes/web3.ts";

export type { ApiContext, ApiDependencies, ApiLimits } from "./context.ts";

export interface ApiOptions {
  /** Fastify's logger (pino) settings; false for none. Secrets are redacted either way. */
  readonly logger?: boolean | { level: string };
  /** Rate limits and sign-in throttling thresholds (benchmarks raise them; tests lower them). */
  readonly limits?: Partial<ApiLimits>;
  /**
   * The reverse proxies in front of the API (addresses or CIDRs, PEPER_TRUST_PROXY), whose
   * X-Forwarded-For/-Proto are believed: client IPs for rate limits and sign-in throttling, wss://
   * endpoints, HSTS (sent only to clients that reached us over TLS).
   * Default: none (the API is reached directly).
   */
  readonly trustProxy?: readonly string[];
}

declare module "fastify" {
  interface FastifyInstance {
    /** The resolved dependencies and helpers the routes share. */
    peper: ApiContext;
    /** Every registered route with its access rule. */
    peperRoutes: readonly RouteAccess[];
    /** Where the rate limits count ("redis" or "memory") and what the Redis limiter did. */
    peperRateLimits: Pick<RateLimitBackend, "kind" | "stats">;
  }
}

/** The error body of every 4xx/5xx: a message a user can act on and, for bad input, the field. */
export interface ApiErrorBody {
  error: string;
  code: string;
  field?: string;
}

interface ZodIssueLike {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  errors?: readonly (readonly ZodIssueLike[])[];
  /** For unrecognized_keys: the fields that are not allowed. */
  keys?: readonly string[];
}

/**
 * The issue to show for a failed body. A body that may take several shapes (a union) fails with
 * "invalid input" at the root; the useful message is in the branch the client evidently meant —
 * the one with the fewest problems, and among those the deepest — so report that branch's issue.
 */
function innermost(issue: ZodIssueLike): { path: PropertyKey[]; message: string } {
  if (issue.code === "unrecognized_keys" && issue.keys && issue.keys.length > 0) {
    return { path: [...issue.path, issue.keys[0]!], message: `${issue.message} (remove it)` };
  }
  if (issue.code !== "invalid_union" || !issue.errors || issue.errors.length === 0) {
    return { path: [...issue.path], message: issue.message };
  }
  const branches = [...issue.errors].filter((b) => b.length > 0);
  branches.sort((a, b) => a.length - b.length || b[0]!.path.length - a[0]!.path.length);
  const inner = innermost(branches[0]![0]!);
  return { path: [...issue.path, ...inner.path], message: inner.message };
}

/**
 * Builds the `/api/v5` server: every request and response is validated by its zod schema, the
 * OpenAPI 3 document is generated from those schemas (`GET /api/v5/docs/json`, UI at
 * `/api/v5/docs`), bodies are limited to 1 MiB, and every error answers JSON naming the field.
 */
export async function buildApi(deps: ApiDependencies, options: ApiOptions = {}): Promise<FastifyInstance> {
  const ctx = createContext(deps, options.limits ?? {}, deps.sanctions ?? loadSanctionsList(SHIPPED_TEST_LIST));
  // Made before the first request, so a sign-in with an unknown e-mail never pays for it (timing).
  await dummyPasswordHash();
  const app = Fastify({
    logger:
      options.logger === undefined || options.logger === false
        ? false
        : {
            ...(typeof options.logger === "object" ? options.logger : {}),
            redact: [
              "req.headers.authorization",
              "req.headers.cookie",
              'req.headers["sec-websocket-protocol"]',
              "body.password",
              "body.refresh_token",
              "body.totp_code",
              "body.signature",
              "body.response",
            ],
          },
    bodyLimit: 1024 * 1024,
    ...(options.trustProxy && options.trustProxy.length > 0 ? { trustProxy: [...options.trustProxy] } : {}),
  });
  app.decorate("peper", ctx);
  // Every route's access rule, for the role-enforcement test and the docs.
  const routes: RouteAccess[] = [];
  app.decorate("peperRoutes", routes);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // Only onRequest guards count: a guard in preHandler would run after the body is parsed.
    const roles = accessOf(route.onRequest);
    for (const method of methods) if (method !== "HEAD") routes.push({ method, url: route.url, roles });
  });
  app.decorateRequest("auth", null);
  // JSON bodies nested deeper than any route's schema are refused before they are parsed: JSON.parse
  // reads any depth, but JSON.stringify, structuredClone and recursive code overflow the stack on a
  // few thousand levels (a 10,000-deep avatar appearance answered 500). Otherwise Fastify's parser,
  // with its __proto__/constructor poisoning checks.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = body as string;
    if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
      done(new ApiError(400, "too-deep", `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
      return;
    }
    parseJson(request, text, done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      // The type provider flattens each zod issue into { keyword: code, instancePath, message, params }.
      const validation = error.validation[0]!;
      const params = validation.params as Pick<ZodIssueLike, "errors" | "keys">;
      const { path, message } = innermost({
        code: validation.keyword,
        path: validation.instancePath.split("/").filter(Boolean),
        message: validation.message ?? "invalid",
        ...(params.errors ? { errors: params.errors } : {}),
        ...(params.keys ? { keys: params.keys } : {}),
      });
      const field = path.map(String).join(".");
      const body: ApiErrorBody = {
        error: `${field || "body"}: ${message}`,
        code: "invalid-input",
        ...(field ? { field } : {}),
      };
      return reply.status(400).send(body);
    }
    if (error instanceof ApiError) {
      const body: ApiErrorBody = {
        error: error.message,
        code: error.code,
        ...(error.field ? { field: error.field } : {}),
      };
      return reply.status(error.statusCode).headers(error.headers).send(body);
    }
    if (error instanceof EngineInputError) {
      const body: ApiErrorBody = { error: error.shortMessage, code: error.problem, field: error.field };
      return reply.status(422).send(body);
    }
    if (error.statusCode === 413) {
      return reply.status(413).send({ error: "The request body is larger than 1 MiB.", code: "too-large" });
    }
    if (error.statusCode === 429) {
      return reply
        .status(429)
        .send({ error: "Too many requests; slow down and retry after the Retry-After seconds.", code: "rate-limited" });
    }
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
      return reply.status(error.statusCode ?? 400).send({
        error: `${error.message}; send a JSON body with Content-Type: application/json.`,
        code: "bad-content-type",
      });
    }
    if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || (error.statusCode === 400 && error instanceof SyntaxError)) {
      return reply.status(400).send({ error: `The body is not valid JSON: ${error.message}.`, code: "bad-json" });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: error.message, code: error.code ?? "bad-request" });
    }
    // A write that referenced the caller's account after it was erased (by another process, since
    // this one's session check admitted the token): the caller no longer exists, which is a 401.
    if (
      request.auth &&
      sqlStateOf(error) === FOREIGN_KEY_VIOLATION &&
      !(await ctx.sessions.accountExists(request.auth.sub))
    ) {
      return reply
        .status(401)
        .send({ error: "This account no longer exists; sign in with another account.", code: "unauthenticated" });
    }
    app.log.error({ err: loggable(error) }, "unhandled error");
    return reply.status(500).send({ error: "Internal error; it has been logged.", code: "internal" });
  });

  // Security headers on every response: nosniff, a Content-Security-Policy (the JSON API loads
  // nothing: default-src 'none'; the docs UI has its own, below), Referrer-Policy no-referrer, frame
  // and cross-origin protections. HSTS only over TLS and Cache-Control: no-store, in the hook below.
  // Helmet's headers do not depend on the request, so they are worked out once (securityHeaders) and
  // set by one hook; @fastify/helmet would rebuild helmet's middleware, CSP parsing included, for
  // every request (about 11 µs of a stored decision's CPU).
  const security = await securityHeaders();
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(security);
    done();
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    if (request.protocol === "https") {
      reply.header("strict-transport-security", `max-age=${HSTS_SECONDS}; includeSubDomains`);
    }
    // Answers carry tokens, personal data or depend on who asks: no cache keeps them. Routes that
    // want caching say so themselves (the docs UI's static files do).
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    done(null, payload);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: "Peper API",
        version: "5.0.0",
        description: "Off-chain services of the Peper protocol: decisions, portfolios, accounts, courses.",
      },
      servers: [{ url: "/" }],
      components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: "/api/v5/docs",
    // The docs UI is a page (scripts, styles, images of its own); the JSON API's policy forbids all that.
    staticCSP: DOCS_CSP,
  });
  // Counted in Redis when REDIS_URL is set (shared by every API process), in memory otherwise; a
  // process whose Redis does not answer counts alone until it does (rateLimitStore.ts).
  const limitStore = await createRateLimitBackend(deps.realtime?.redisUrl, app.log);
  app.addHook("onClose", async () => limitStore.close());
  app.decorate("peperRateLimits", { kind: limitStore.kind, stats: limitStore.stats });
  await app.register(rateLimit, {
    global: true,
    store: limitStore.Store,
    max: ctx.limits.perMinute,
    timeWindow: 60_000,
    // 429 bodies go through the error handler above, which names the problem.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Rate limit of ${context.max} requests per ${context.after} exceeded.`), {
        statusCode: 429,
      }),
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get("/api/v5/health", { schema: { hide: true } }, async () => ({ ok: true }));
  await app.register(authRoutes(ctx), { prefix: "/api/v5/auth" });
  await app.register(passkeyRoutes(ctx), { prefix: "/api/v5/auth/passkeys" });
  await app.register(siweRoutes(ctx), { prefix: "/api/v5/auth/siwe" });
  await app.register(accountRoutes(ctx), { prefix: "/api/v5/account" });
  await app.register(adminRoutes(ctx), { prefix: "/api/v5/admin" });
  await app.register(aiRoutes(ctx), { prefix: "/api/v5/ai" });
  await app.register(quantumRoutes(ctx), { prefix: "/api/v5/quantum" });
  await app.register(web3Routes(ctx), { prefix: "/api/v5/web3" });
  await app.register(metaverseRoutes(ctx), { prefix: "/api/v5/metaverse" });
  await app.register(orderRoutes(ctx), { prefix: "/api/v5/market/orders" });
  await app.register(educationRoutes(ctx), { prefix: "/api/v5/education" });
  await app.register(complianceRoutes(ctx), { prefix: "/api/v5/compliance" });
  await app.register(privacyRoutes(ctx), { prefix: "/api/v5/privacy" });
  await app.register(institutionalRoutes(ctx), { prefix: "/api/v5/institutional" });
  await app.register(tenantRoutes(ctx), { prefix: "/api/v5/tenants" });
  return app;
}

/**
 * The headers @fastify/helmet sets on the JSON API's answers, with the API's options: the JSON API's
 * CSP, Referrer-Policy no-referrer, no HSTS (the API sends it itself, only over TLS), helmet's
 * defaults for the rest. Read once from helmet itself (a request to a throw-away server), so they
 * stay helmet's as it is upgraded; none of them depends on the request (no CSP nonces).
 */
export async function securityHeaders(): Promise<Readonly<Record<string, string>>> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    referrerPolicy: { policy: "no-referrer" },
    // Sent only to clients that reached us over TLS (directly or through a trusted proxy): on plain
    // http it is meaningless (RFC 6797 §8.1), and on a loopback stack it would pin a host to https.
    hsts: false,
  });
  let headers: Record<string, string> = {};
  // What helmet has set on the response by the time the handler runs: its headers and nothing else.
  probe.get("/", (_request, reply) => {
    headers = Object.fromEntries(Object.entries(reply.raw.getHeaders()).map(([k, v]) => [k, String(v)]));
    return "";
  });
  await probe.inject({ method: "GET", url: "/" });
  await probe.close();
  if (!headers["content-security-policy"] || headers["x-content-type-options"] !== "nosniff") {
    throw new Error("helmet did not set its headers; the API will not start without them.");
  }
  return Object.freeze(headers);
}

/** The Content-Security-Policy of the JSON API: it loads nothing and is framed by nobody. */
const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * The Content-Security-Policy of the docs UI (`/api/v5/docs`, Swagger UI): its scripts, styles and
 * images from this origin only (its index page has no inline script), inline styles (Swagger UI sets
 * them), data: images and fonts (its icons), and "Try it out" requests to this origin.
 */
const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; form-action 'self'; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'";

/**
 * How deeply a JSON body may nest objects and arrays: the deepest route schema needs 6 levels (a
 * course's quiz choices), an avatar's free-form appearance gets the rest.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests objects and arrays deeper than `limit`: one pass over the text, brackets
 * inside strings skipped. Malformed text is left to the parser.
 */
export function jsonNestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i++; // a backslash escapes the next character
      } else if (c === 0x22) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** HSTS max-age: one year. */
const HSTS_SECONDS = 365 * 24 * 3600;

/** PostgreSQL's SQLSTATE for a foreign-key violation. */
const FOREIGN_KEY_VIOLATION = "23503";

/** The SQLSTATE of a database error (or of its cause), if it is one. */
function sqlStateOf(error: Error): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const { code } = e as { code?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * What to log of an unexpected error. Database errors carry the query's parameters (e-mails, hashes,
 * sealed secrets) in their message and fields, and PostgreSQL's `detail` repeats key values, so for
 * them only the SQLSTATE, constraint and table are logged.
 */
function loggable(error: Error): Record<string, unknown> {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const { code, constraint, table } = e as { code?: unknown; constraint?: unknown; table?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      return { type: "DatabaseError", sqlState: code, constraint, table };
    }
  }
  if (error.name === "DrizzleQueryError" || "params" in error) return { type: error.name, message: "query failed" };
  return { type: error.name, message: error.message, stack: error.stack };
}
