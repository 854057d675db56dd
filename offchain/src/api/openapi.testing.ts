/**
 * Test helpers that walk the API's own OpenAPI document (`/api/v5/docs/json`): its operations, a
 * concrete URL for each path template, and values that satisfy (or break) an operation's JSON
 * schemas. Tests that must cover every operation build on these, so an operation added later is
 * covered without anyone remembering to list it. For tests only.
 */
import type { TestApi } from "./testing.ts";

/** The subset of JSON Schema (as `@fastify/swagger` emits it from the zod schemas) the tests read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minItems?: number;
  maxItems?: number;
}

export interface OpenApiParameter {
  in: "path" | "query" | "header" | "cookie";
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperationObject {
  security?: unknown[];
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperationObject>>;
}

/** One operation of the document. */
export interface ApiOperation {
  /** Upper case: "GET", "POST", … */
  readonly method: string;
  /** The OpenAPI path template, `/api/v5/…/{id}`. */
  readonly path: string;
  /** Whether it needs a bearer token. */
  readonly secured: boolean;
  readonly spec: OpenApiOperationObject;
  /** The JSON body's schema, when the operation takes one. */
  readonly body: JsonSchema | undefined;
  /** Its path and query parameters. */
  readonly params: readonly OpenApiParameter[];
}

/** The API's OpenAPI document, as a client reads it. */
export async function openApiDocument(api: TestApi): Promise<OpenApiDocument> {
  const res = await api.call("GET", "/api/v5/docs/json");
  if (res.statusCode !== 200) throw new Error(`GET /api/v5/docs/json: ${res.statusCode}`);
  return res.json() as OpenApiDocument;
}

/** Every operation of the API's OpenAPI document. */
export async function apiOperations(api: TestApi): Promise<ApiOperation[]> {
  const doc = await openApiDocument(api);
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, spec]) => ({
      method: method.toUpperCase(),
      path,
      secured: Array.isArray(spec.security) && spec.security.length > 0,
      spec,
      body: spec.requestBody?.content["application/json"]?.schema,
      params: (spec.parameters ?? []).filter((p) => p.in === "path" || p.in === "query"),
    })),
  );
}

/** A value for a path parameter that matches its usual format (uuid, domain, digest, slug). */
export function pathValue(name: string): string {
  if (/id$/i.test(name)) return "00000000-0000-4000-8000-000000000000";
  if (name === "domain") return "example.com";
  if (name === "digest") return `0x${"0".repeat(64)}`;
  return "x";
}

/**
 * A concrete URL for a path template, OpenAPI's `{name}` or Fastify's `:name`: each parameter from
 * `values`, else a well-formed value of its usual format (`pathValue`). Values are used as given
 * (already percent-encoded where that matters).
 */
export function concreteUrl(path: string, values: Readonly<Record<string, string>> = {}): string {
  return path.replace(/\{([a-z_]+)\}|:([a-z_]+)/gi, (_, braced: string | undefined, colon: string | undefined) => {
    const name = (braced ?? colon)!;
    return values[name] ?? pathValue(name);
  });
}

/** The route registry's pattern (`/api/v5/x/:id`) of an OpenAPI path (`/api/v5/x/{id}`). */
export const routePattern = (path: string): string => path.replace(/\{([a-z_]+)\}/gi, ":$1");

/** The JSON types a schema admits ("integer" counts as "number"; "null" when nullable). */
export function admittedTypes(schema: JsonSchema): Set<string> | "any" {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const all = new Set<string>();
    for (const branch of branches) {
      const types = admittedTypes(branch);
      if (types === "any") return "any";
      for (const t of types) all.add(t);
    }
    if (schema.nullable) all.add("null");
    return all;
  }
  if (schema.enum) return new Set(schema.enum.map(jsonType));
  if (schema.const !== undefined) return new Set([jsonType(schema.const)]);
  if (schema.type === undefined) return "any";
  const types = new Set(
    (Array.isArray(schema.type) ? schema.type : [schema.type]).map((t) => (t === "integer" ? "number" : t)),
  );
  if (schema.nullable) types.add("null");
  return types;
}

/** The JSON type of a value: "string", "number", "boolean", "null", "array" or "object". */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "bigint" ? "number" : typeof value;
}

const UUID = "00000000-0000-4000-8000-000000000000";
/** Strings tried, in order, for a string schema with a pattern. */
const STRING_CANDIDATES = [
  "sample",
  "DE",
  "USD",
  "en",
  "sample-slug",
  "123456",
  "7",
  UUID,
  `0x${"ab".repeat(20)}`,
  `0x${"ab".repeat(32)}`,
  `0x${"ab".repeat(65)}`,
  "#336699",
  "example.com",
  "Sample Font",
  `u_${"0".repeat(32)}`,
  `1.0x${"0".repeat(64)}`,
  `1.${UUID}`,
  "sample.event",
];

function regexOf(pattern: string): RegExp {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return new RegExp(pattern);
  }
}

function sampleString(schema: JsonSchema): string {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const fits = (s: string) =>
    s.length >= min && s.length <= max && (!schema.pattern || regexOf(schema.pattern).test(s));
  if (schema.format === "uuid") return UUID;
  if (schema.format === "uri" || schema.format === "url") return "https://example.com/sample";
  if (schema.format === "email") return "sample@example.com";
  if (schema.format === "date-time") return "2026-01-01T00:00:00.000Z";
  if (!schema.pattern) return "x".repeat(Math.max(min, 6));
  for (const candidate of STRING_CANDIDATES) if (fits(candidate)) return candidate;
  return "x".repeat(Math.max(min, 1));
}

function sampleNumber(schema: JsonSchema): number {
  const integer = schema.type === "integer";
  const exclusiveMin = schema.exclusiveMinimum === true || typeof schema.exclusiveMinimum === "number";
  const exclusiveMax = schema.exclusiveMaximum === true || typeof schema.exclusiveMaximum === "number";
  const min =
    typeof schema.exclusiveMinimum === "number"
      ? schema.exclusiveMinimum
      : (schema.minimum ?? (exclusiveMin ? 0 : undefined));
  const max = typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : schema.maximum;
  let value = min === undefined ? 1 : exclusiveMin ? min + 1 : min;
  if (max !== undefined && (value > max || (exclusiveMax && value >= max))) value = ((min ?? max - 2) + max) / 2;
  return integer ? Math.ceil(value) : value;
}

/** The branch of a union a sample takes (the first that is not null). */
export function firstBranch(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  return firstBranch(branches.find((b) => b.type !== "null") ?? branches[0]!);
}

/**
 * A value the schema admits, as far as JSON Schema can say (refinements the zod schemas add, and
 * what the handlers check, are not in it): every property of an object, optional ones included, so
 * a test can break each one; the first branch of a union; arrays at their minimum length (at least 1).
 * `hints` gives values by property name for what the schema cannot say (an e-mail, a time zone).
 */
export function sampleOf(schema: JsonSchema, hints: Readonly<Record<string, unknown>> = {}): unknown {
  const s = firstBranch(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        out[key] = key in hints ? structuredClone(hints[key]) : sampleOf(prop, hints);
      }
      return out;
    }
    case "array": {
      const n = Math.max(s.minItems ?? 0, 1);
      return Array.from({ length: Math.min(n, s.maxItems ?? n) }, () => sampleOf(s.items ?? {}, hints));
    }
    case "string":
      return sampleString(s);
    case "number":
    case "integer":
      return sampleNumber(s);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return {};
  }
}

/** A field of a body: its path from the root, its schema and whether its parent requires it. */
export interface SchemaField {
  readonly path: readonly (string | number)[];
  readonly schema: JsonSchema;
  readonly required: boolean;
}

/**
 * Every field of an object schema (the first branch of unions), depth first: properties of nested
 * objects, and of an array's first item (path index 0). Records of arbitrary values are leaves.
 */
export function schemaFields(schema: JsonSchema, path: readonly (string | number)[] = []): SchemaField[] {
  const s = firstBranch(schema);
  const fields: SchemaField[] = [];
  if (s.type === "object" && s.properties) {
    for (const [key, prop] of Object.entries(s.properties)) {
      const here = [...path, key];
      fields.push({ path: here, schema: prop, required: s.required?.includes(key) ?? false });
      fields.push(...schemaFields(prop, here));
    }
  } else if (s.type === "array" && s.items) {
    fields.push(...schemaFields(s.items, [...path, 0]));
  }
  return fields;
}

/** The objects of a schema (the root and nested ones) that refuse unknown keys, by path. */
export function strictObjects(schema: JsonSchema, path: readonly (string | number)[] = []): (string | number)[][] {
  const s = firstBranch(schema);
  const out: (string | number)[][] = [];
  if (s.type === "object") {
    if (s.additionalProperties === false) out.push([...path]);
    for (const [key, prop] of Object.entries(s.properties ?? {})) out.push(...strictObjects(prop, [...path, key]));
  } else if (s.type === "array" && s.items) {
    out.push(...strictObjects(s.items, [...path, 0]));
  }
  return out;
}

/** A deep copy of a JSON value with the value at `path` replaced (or deleted, for `undefined`). */
export function withValueAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy: unknown = structuredClone(root);
  if (path.length === 0) return value;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) Reflect.deleteProperty(parent, last);
  else parent[last] = value;
  return copy;
}
