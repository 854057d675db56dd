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

import { EngineInputError } from "../engines/errors.ts";
import type { DecisionEngine } from "../models/decisionModel.ts";
import { aiRoutes } from "./routes/ai.ts";
import { quantumRoutes } from "./routes/quantum.ts";

/** What the API needs from the outside, passed in (I/O at the edges; tests pass their own). */
export interface ApiDependencies {
  readonly decisionEngine: DecisionEngine;
}

export interface ApiOptions {
  /** Fastify's logger (pino) settings; false for none. Secrets are redacted either way. */
  readonly logger?: boolean | { level: string };
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
  const app = Fastify({
    logger:
      options.logger === undefined || options.logger === false
        ? false
        : {
            ...(typeof options.logger === "object" ? options.logger : {}),
            redact: ["req.headers.authorization", "req.headers.cookie", "body.password", "body.refresh_token"],
          },
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error: FastifyError, _request, reply) => {
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
    if (error instanceof EngineInputError) {
      const body: ApiErrorBody = { error: error.shortMessage, code: error.problem, field: error.field };
      return reply.status(422).send(body);
    }
    if (error.statusCode === 413) {
      return reply.status(413).send({ error: "The request body is larger than 1 MiB.", code: "too-large" });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: error.message, code: error.code ?? "bad-request" });
    }
    app.log.error({ err: error }, "unhandled error");
    return reply.status(500).send({ error: "Internal error; it has been logged.", code: "internal" });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: "Peper API",
        version: "5.0.0",
        description: "Off-chain services of the Peper protocol: decisions, portfolios, accounts, courses.",
      },
      servers: [{ url: "/" }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/v5/docs" });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get("/api/v5/health", { schema: { hide: true } }, async () => ({ ok: true }));
  await app.register(aiRoutes(deps), { prefix: "/api/v5/ai" });
  await app.register(quantumRoutes(), { prefix: "/api/v5/quantum" });
  return app;
}
