/**
 * The query API: an executable graphql-js schema derived from the subgraph schema with graph-node's
 * conventions (graph/src/schema/api.rs), so the dApp's queries run unchanged here and on a real
 * graph-node:
 *
 * - per entity or interface type `Foo`: `foo(id: ID!, block: Block_height, subgraphError: _SubgraphErrorPolicy_! = deny)`
 *   and `foos(skip: Int = 0, first: Int = 100, orderBy: Foo_orderBy, orderDirection: OrderDirection,
 *   where: Foo_filter, block, subgraphError): [Foo!]!` (names from graph-node's inflection rules, see naming.ts);
 * - `Foo_filter`: equality and `_not`, `_gt/_lt/_gte/_lte`, `_in/_not_in`, string `_contains`,
 *   `_starts_with`, `_ends_with` (each with `_nocase` and `not_` variants), Bytes `_contains`, list
 *   `_contains(_nocase)` and `_not_contains(_nocase)`, relation `field_` nested filters (derived ones
 *   too), `and`/`or`, `_change_block: { number_gte }`; the ops each scalar gets are graph-node's;
 * - `Foo_orderBy`: every field plus `rel__field` one level down; nulls sort last ascending and
 *   first descending (Postgres), ties are broken by id in the same direction;
 * - list relation fields (derived or not) take `skip/first/orderBy/orderDirection/where`;
 * - scalars serialize as graph-node's: BigInt, BigDecimal, Int8 and Timestamp (microseconds) as
 *   strings, Bytes as lowercase 0x hex;
 * - `first` must be 1..1000 and `skip` 0..5000, with graph-node's error messages;
 * - `_meta { block { number hash timestamp parentHash } deployment hasIndexingErrors }`.
 *
 * Time travel is not supported: `block: { number }` / `{ hash }` must name the latest indexed
 * block (`number_gte` up to it is fine), anything else is a clear error. Fulltext search fields and
 * aggregations are not generated. `subgraphError` is accepted; as on graph-node, a subgraph that
 * stopped on a handler error still serves the data of the blocks before it.
 */
import {
  graphql,
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  type ExecutionResult,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLNamedOutputType,
  type GraphQLOutputType,
  type ValueNode,
} from "graphql";

import { camelCasedNames } from "./naming.ts";
import { BigDecimal } from "./numbers.ts";
import { itemKind, typeOf, type EntityModel, type FieldModel, type SchemaModel } from "./schema.ts";
import type { EntityStore } from "./store.ts";
import {
  compareValues,
  fromHex,
  idString,
  toHex,
  valuesEqual,
  type Entity,
  type Value,
  type ValueKind,
} from "./values.ts";

/** What the API reports about the indexed chain. */
export interface MetaInfo {
  readonly block: { readonly number: bigint; readonly hash: string; readonly timestamp: bigint } | null;
  readonly deployment: string;
  readonly hasIndexingErrors: boolean;
}

/** An entity with its concrete type (needed for interfaces). */
interface Row {
  readonly type: string;
  readonly entity: Entity;
}

interface Ctx {
  readonly store: EntityStore;
  readonly meta: MetaInfo;
}

type Args = Record<string, unknown>;

export const MAX_FIRST = 1000;
export const MAX_SKIP = 5000;

// --- scalars -----------------------------------------------------------------------------------

function literal(name: string, allowFloat: boolean) {
  return (ast: ValueNode): string => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || (allowFloat && ast.kind === Kind.FLOAT)) return ast.value;
    throw new GraphQLError(`${name} cannot represent a non-string value`);
  };
}

function input(name: string, allowFloat: boolean) {
  return (v: unknown): string => {
    if (typeof v === "string") return v;
    if (typeof v === "number" && (allowFloat || Number.isInteger(v))) return String(v);
    throw new GraphQLError(`${name} cannot represent value ${JSON.stringify(v)}`);
  };
}

/** Scalars whose results are strings; inputs stay raw strings until a filter parses them by field type. */
function stringScalar(name: string, description: string, allowFloat = false): GraphQLScalarType {
  return new GraphQLScalarType({
    name,
    description,
    serialize: (v) => (v instanceof BigDecimal ? v.toString() : String(v as string | bigint)),
    parseValue: input(name, allowFloat),
    parseLiteral: literal(name, allowFloat),
  });
}

const BigIntType = stringScalar("BigInt", "An arbitrary-size integer, as a decimal string");
const BigDecimalType = stringScalar("BigDecimal", "An arbitrary-precision decimal, as a string", true);
const BytesType = stringScalar("Bytes", "Bytes as a 0x-prefixed lowercase hex string");
const Int8Type = stringScalar("Int8", "8 bytes signed integer");
const TimestampType = stringScalar("Timestamp", "A string representation of microseconds UNIX timestamp (16 digits)");

const OrderDirection = new GraphQLEnumType({
  name: "OrderDirection",
  description: "Defines the order direction, either ascending or descending",
  values: { asc: { value: "asc" }, desc: { value: "desc" } },
});

const ErrorPolicy = new GraphQLEnumType({
  name: "_SubgraphErrorPolicy_",
  values: {
    allow: { value: "allow", description: "Data will be returned even if the subgraph has indexing errors" },
    deny: { value: "deny", description: "If the subgraph has indexing errors, data will be omitted. The default." },
  },
});

const BlockHeight = new GraphQLInputObjectType({
  name: "Block_height",
  description: "The block at which the query should be executed.",
  fields: { hash: { type: BytesType }, number: { type: GraphQLInt }, number_gte: { type: GraphQLInt } },
});

const BlockChangedFilter = new GraphQLInputObjectType({
  name: "BlockChangedFilter",
  fields: { number_gte: { type: new GraphQLNonNull(GraphQLInt) } },
});

const MetaBlock = new GraphQLObjectType<MetaInfo["block"] & object>({
  name: "_Block_",
  fields: {
    hash: { type: BytesType, description: "The hash of the block" },
    number: { type: new GraphQLNonNull(GraphQLInt), resolve: (b) => Number(b.number) },
    timestamp: { type: GraphQLInt, resolve: (b) => Number(b.timestamp) },
    parentHash: { type: BytesType, resolve: () => null },
  },
});

const Meta = new GraphQLObjectType<MetaInfo>({
  name: "_Meta_",
  description: "The type for the top-level _meta field",
  fields: {
    block: {
      type: new GraphQLNonNull(MetaBlock),
      resolve: (m) => m.block ?? { number: 0n, hash: null, timestamp: 0n },
    },
    deployment: { type: new GraphQLNonNull(GraphQLString) },
    hasIndexingErrors: { type: new GraphQLNonNull(GraphQLBoolean) },
  },
});

function scalarType(name: string): GraphQLScalarType {
  switch (name) {
    case "ID":
      return GraphQLID;
    case "String":
      return GraphQLString;
    case "Int":
      return GraphQLInt;
    case "Boolean":
      return GraphQLBoolean;
    case "BigInt":
      return BigIntType;
    case "BigDecimal":
      return BigDecimalType;
    case "Bytes":
      return BytesType;
    case "Int8":
      return Int8Type;
    case "Timestamp":
      return TimestampType;
    default:
      throw new Error(`unknown scalar ${name}`);
  }
}

/** The GraphQL result of a stored value (the scalar serializers turn bigints into strings). */
function output(v: Value | undefined): unknown {
  if (!v || v.kind === "Null") return null;
  if (v.kind === "Array") return v.value.map((x) => output(x));
  return v.value;
}

// --- filter values -----------------------------------------------------------------------------

/** A query input parsed as a store value of `kind` (graph-node's `Value::from_query_value`). */
function parseInput(raw: unknown, kind: ValueKind): Value {
  if (raw === null || raw === undefined) return { kind: "Null" };
  const s = String(raw);
  const fail = (msg: string): never => {
    throw new GraphQLError(`Failed to decode \`${kind}\` value: \`${msg}\``);
  };
  switch (kind) {
    case "String":
      return { kind, value: s };
    case "Bytes":
      try {
        return { kind, value: toHex(fromHex(s)) };
      } catch {
        return fail(`invalid hex string ${s}`);
      }
    case "BigInt":
    case "Int8":
    case "Timestamp":
      if (!/^-?\d+$/.test(s)) return fail(`invalid digit found in string ${s}`);
      return { kind, value: BigInt(s) };
    case "Int":
      return { kind, value: Number(raw) };
    case "BigDecimal":
      try {
        return { kind, value: BigDecimal.parse(s) };
      } catch {
        return fail(`invalid BigDecimal ${s}`);
      }
    case "Bool":
      return { kind, value: raw === true };
    default:
      return fail(s);
  }
}

// --- the schema ----------------------------------------------------------------------------------

type Op =
  | ""
  | "not"
  | "gt"
  | "lt"
  | "gte"
  | "lte"
  | "in"
  | "not_in"
  | "contains"
  | "contains_nocase"
  | "not_contains"
  | "not_contains_nocase"
  | "starts_with"
  | "starts_with_nocase"
  | "not_starts_with"
  | "not_starts_with_nocase"
  | "ends_with"
  | "ends_with_nocase"
  | "not_ends_with"
  | "not_ends_with_nocase"
  | "child";

const STRING_OPS: Op[] = [
  "",
  "not",
  "gt",
  "lt",
  "gte",
  "lte",
  "in",
  "not_in",
  "contains",
  "contains_nocase",
  "not_contains",
  "not_contains_nocase",
  "starts_with",
  "starts_with_nocase",
  "not_starts_with",
  "not_starts_with_nocase",
  "ends_with",
  "ends_with_nocase",
  "not_ends_with",
  "not_ends_with_nocase",
];
const ORDERED_OPS: Op[] = ["", "not", "gt", "lt", "gte", "lte", "in", "not_in"];

/** graph-node's `field_filter_ops` for a scalar (by GraphQL scalar name). */
function scalarOps(scalar: string): Op[] {
  switch (scalar) {
    case "Boolean":
      return ["", "not", "in", "not_in"];
    case "Bytes":
      return [...ORDERED_OPS, "contains", "not_contains"];
    case "String":
      return STRING_OPS;
    case "ID":
    case "BigInt":
    case "BigDecimal":
    case "Int":
    case "Int8":
    case "Timestamp":
      return ORDERED_OPS;
    default:
      return ["", "not"];
  }
}

/** What a `Foo_filter` input field tests: a field of `Foo` and an operator. */
interface FilterField {
  readonly field: FieldModel;
  readonly op: Op;
}

interface Compiled {
  (row: Row): boolean;
}

/** Builds the executable API schema. `meta` is read on every query. */
export function buildApiSchema(schema: SchemaModel, store: EntityStore, meta: () => MetaInfo): ApiSchema {
  return new ApiSchema(schema, store, meta);
}

export class ApiSchema {
  readonly graphql: GraphQLSchema;
  /** Query field names, singular and plural, by type (for docs and tests). */
  readonly queryFields = new Map<string, [string, string]>();
  private readonly schema: SchemaModel;
  private readonly store: EntityStore;
  private readonly meta: () => MetaInfo;
  private readonly outputs = new Map<string, GraphQLObjectType<Row, Ctx> | GraphQLInterfaceType>();
  private readonly filters = new Map<string, GraphQLInputObjectType>();
  private readonly filterFields = new Map<string, Map<string, FilterField>>();
  private readonly orderBys = new Map<string, GraphQLEnumType>();
  private readonly enums = new Map<string, GraphQLEnumType>();

  constructor(schema: SchemaModel, store: EntityStore, meta: () => MetaInfo) {
    this.schema = schema;
    this.store = store;
    this.meta = meta;
    for (const [name, values] of schema.enums) {
      this.enums.set(
        name,
        new GraphQLEnumType({ name, values: Object.fromEntries(values.map((v) => [v, { value: v }])) }),
      );
    }
    const types = [...schema.entities.values(), ...schema.interfaces.values()];
    for (const t of types) this.outputType(t);
    const fields: Record<string, GraphQLFieldConfig<unknown, Ctx>> = {};
    for (const t of types) {
      const [singular, plural] = camelCasedNames(t.name);
      this.queryFields.set(t.name, [singular, plural]);
      fields[singular] = {
        type: this.outputs.get(t.name)!,
        args: {
          id: { type: new GraphQLNonNull(GraphQLID) },
          block: { type: BlockHeight },
          subgraphError: this.errorPolicyArg(),
        },
        resolve: (_root, args: Args) => {
          this.checkBlock(args["block"]);
          return this.byId(t, String(args["id"]));
        },
      };
      fields[plural] = {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(this.outputs.get(t.name)!))),
        args: { ...this.collectionArgs(t), block: { type: BlockHeight }, subgraphError: this.errorPolicyArg() },
        resolve: (_root, args: Args) => {
          this.checkBlock(args["block"]);
          return this.collection(t, null, args);
        },
      };
    }
    fields["_meta"] = {
      type: Meta,
      description: "Access to subgraph metadata",
      args: { block: { type: BlockHeight } },
      resolve: (_root, args: Args) => {
        this.checkBlock(args["block"]);
        return this.meta();
      },
    };
    const query = new GraphQLObjectType<unknown, Ctx>({ name: "Query", fields });
    this.graphql = new GraphQLSchema({
      query,
      types: [...this.outputs.values()].filter((t): t is GraphQLObjectType<Row, Ctx> => t instanceof GraphQLObjectType),
    });
  }

  /** Runs a query (graphql-js validation and execution). */
  execute(request: {
    query: string;
    variables?: Record<string, unknown> | null;
    operationName?: string | null;
  }): Promise<ExecutionResult> {
    return graphql({
      schema: this.graphql,
      source: request.query,
      variableValues: request.variables ?? undefined,
      operationName: request.operationName ?? undefined,
      contextValue: { store: this.store, meta: this.meta() } satisfies Ctx,
    });
  }

  private errorPolicyArg() {
    return { type: new GraphQLNonNull(ErrorPolicy), defaultValue: "deny" };
  }

  private collectionArgs(t: EntityModel): GraphQLFieldConfigArgumentMap {
    return {
      skip: { type: GraphQLInt, defaultValue: 0 },
      first: { type: GraphQLInt, defaultValue: 100 },
      orderBy: { type: this.orderBy(t) },
      orderDirection: { type: OrderDirection },
      where: { type: this.filter(t) },
    };
  }

  // --- output types ----------------------------------------------------------------------------

  private outputType(t: EntityModel): GraphQLNamedOutputType {
    const existing = this.outputs.get(t.name);
    if (existing) return existing;
    const fields = () => Object.fromEntries(t.fields.map((f) => [f.name, this.fieldConfig(f)]));
    const type = t.isInterface
      ? new GraphQLInterfaceType({ name: t.name, fields, resolveType: (row: Row) => row.type })
      : new GraphQLObjectType<Row, Ctx>({
          name: t.name,
          fields,
          interfaces: () => t.related.map((i) => this.outputs.get(i) as GraphQLInterfaceType),
        });
    this.outputs.set(t.name, type);
    return type;
  }

  private fieldType(f: FieldModel): GraphQLOutputType {
    const named: GraphQLNamedOutputType =
      f.category === "scalar"
        ? scalarType(f.typeName)
        : f.category === "enum"
          ? this.enums.get(f.typeName)!
          : this.outputs.get(f.typeName)!;
    let type: GraphQLOutputType = named;
    if (f.list) type = new GraphQLList(f.itemNonNull ? new GraphQLNonNull(named) : named);
    return f.nonNull ? new GraphQLNonNull(type) : type;
  }

  private fieldConfig(f: FieldModel): GraphQLFieldConfig<Row, Ctx> {
    const type = this.fieldType(f);
    if (f.category !== "entity") return { type, resolve: (row) => output(row.entity.get(f.name)) };
    const target = typeOf(this.schema, f.typeName)!;
    if (f.list) {
      return {
        type,
        args: this.collectionArgs(target),
        resolve: (row, args: Args) => this.collection(target, this.relatedRows(f, row), args),
      };
    }
    return {
      type,
      resolve: (row) => {
        if (f.derivedFrom) return this.relatedRows(f, row).sort((a, b) => compareId(a, b))[0] ?? null;
        const v = row.entity.get(f.name);
        return v && v.kind !== "Null" ? this.lookup(target, idString(v)) : null;
      },
    };
  }

  /** The rows a relation field of `row` points to (stored ids, or the reverse index when derived). */
  private relatedRows(f: FieldModel, row: Row): Row[] {
    const target = typeOf(this.schema, f.typeName)!;
    const id = idString(row.entity.get("id")!);
    if (f.derivedFrom) {
      const out: Row[] = [];
      for (const t of this.concrete(target)) {
        for (const childId of this.store.related(t, f.derivedFrom, id)) {
          const entity = this.store.get(t, childId);
          if (entity) out.push({ type: t, entity });
        }
      }
      return out;
    }
    const v = row.entity.get(f.name);
    if (!v || v.kind !== "Array") return [];
    return v.value.flatMap((x) => {
      const r = x.kind === "Null" ? null : this.lookup(target, idString(x));
      return r ? [r] : [];
    });
  }

  private concrete(t: EntityModel): readonly string[] {
    return t.isInterface ? t.related : [t.name];
  }

  private lookup(t: EntityModel, id: string): Row | null {
    for (const name of this.concrete(t)) {
      const entity = this.store.get(name, id);
      if (entity) return { type: name, entity };
    }
    return null;
  }

  private byId(t: EntityModel, raw: string): Row | null {
    const id = t.idKind === "Bytes" ? idString(parseInput(raw, "Bytes")) : raw;
    return this.lookup(t, id);
  }

  // --- orderBy ---------------------------------------------------------------------------------

  private orderBy(t: EntityModel): GraphQLEnumType {
    const existing = this.orderBys.get(t.name);
    if (existing) return existing;
    const values: Record<string, { value: string }> = {};
    for (const f of t.fields) {
      values[f.name] = { value: f.name };
      if (f.category === "entity" && !f.list) {
        for (const c of typeOf(this.schema, f.typeName)!.fields) {
          if (!c.list && c.category !== "entity") values[`${f.name}__${c.name}`] = { value: `${f.name}__${c.name}` };
        }
      }
    }
    const e = new GraphQLEnumType({ name: `${t.name}_orderBy`, values });
    this.orderBys.set(t.name, e);
    return e;
  }

  /** A sort key function for `orderBy`, or an error for unsortable fields. */
  private sortKey(t: EntityModel, orderBy: string): (row: Row) => Value {
    const [parentName, childName] = orderBy.split("__") as [string, string | undefined];
    const f = t.fieldMap.get(parentName)!;
    const unsupported = (type: string, field: string) =>
      new GraphQLError(`Ordering by \`${field}\` is not supported for type \`${type}\``);
    if (childName === undefined) {
      if (f.list) throw unsupported(t.name, f.name);
      if (f.category === "entity" && f.derivedFrom) throw unsupported(t.name, f.name);
      return (row) => row.entity.get(f.name) ?? { kind: "Null" };
    }
    const target = typeOf(this.schema, f.typeName)!;
    return (row) => {
      const child = f.derivedFrom
        ? this.relatedRows(f, row).sort((a, b) => compareId(a, b))[0]
        : (() => {
            const v = row.entity.get(f.name);
            return v && v.kind !== "Null" ? this.lookup(target, idString(v)) : null;
          })();
      return child?.entity.get(childName) ?? { kind: "Null" };
    };
  }

  // --- filters ---------------------------------------------------------------------------------

  private filter(t: EntityModel): GraphQLInputObjectType {
    const existing = this.filters.get(t.name);
    if (existing) return existing;
    const map = new Map<string, FilterField>();
    this.filterFields.set(t.name, map);
    const type: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${t.name}_filter`,
      fields: () => {
        const out: GraphQLInputFieldConfigMap = {};
        const add = (
          f: FieldModel,
          op: Op,
          inputType: GraphQLInputType,
          name = op === "" ? f.name : `${f.name}_${op}`,
        ) => {
          out[name] = { type: inputType };
          map.set(name, { field: f, op });
        };
        for (const f of t.fields) {
          const target = f.category === "entity" ? typeOf(this.schema, f.typeName)! : null;
          // Relations are filtered by id; graph-node types those filters as String (Int for Int8 ids).
          const scalarName = target
            ? target.idKind === "Int8"
              ? "Int"
              : "String"
            : f.category === "enum"
              ? null
              : f.typeName;
          const base: GraphQLInputType = scalarName ? scalarType(scalarName) : this.enums.get(f.typeName)!;
          if (f.list) {
            if (!f.derivedFrom) {
              const listType = new GraphQLList(new GraphQLNonNull(base));
              for (const op of [
                "",
                "not",
                "contains",
                "contains_nocase",
                "not_contains",
                "not_contains_nocase",
              ] as Op[])
                add(f, op, listType);
            }
            if (target) add(f, "child", this.filter(target), `${f.name}_`);
            continue;
          }
          if (!f.derivedFrom) {
            const ops = scalarName ? scalarOps(scalarName) : (["", "not", "in", "not_in"] as Op[]);
            for (const op of ops)
              add(f, op, op === "in" || op === "not_in" ? new GraphQLList(new GraphQLNonNull(base)) : base);
          }
          if (target) add(f, "child", this.filter(target), `${f.name}_`);
        }
        out["_change_block"] = { type: BlockChangedFilter };
        out["and"] = { type: new GraphQLList(type) };
        out["or"] = { type: new GraphQLList(type) };
        return out;
      },
    });
    this.filters.set(t.name, type);
    return type;
  }

  /** Compiles a `where` object into a predicate (graph-node's `build_filter_from_object`). */
  private compile(t: EntityModel, where: Args): Compiled {
    const keys = Object.keys(where);
    for (const bool of ["and", "or"]) {
      if (keys.includes(bool) && keys.length > 1) {
        // graph-node fails such a filter too ("Filter must by an object").
        throw new GraphQLError(
          `Filter must not mix \`${bool}\` with other filters at the same level; nest them in the \`${bool}\` list`,
        );
      }
    }
    const preds: Compiled[] = keys.map((key) => {
      const value = where[key];
      if (key === "and" || key === "or") {
        if (!Array.isArray(value)) throw new GraphQLError("Filter must by an object");
        const parts = (value as Args[]).map((w) => this.compile(t, w ?? {}));
        return key === "and" ? (row) => parts.every((p) => p(row)) : (row) => parts.some((p) => p(row));
      }
      if (key === "_change_block") {
        const gte = BigInt((value as { number_gte: number }).number_gte);
        return (row) => (this.store.changedAt(row.type, idString(row.entity.get("id")!)) ?? -1n) >= gte;
      }
      const spec = this.filterFields.get(t.name)!.get(key);
      if (!spec) throw new GraphQLError(`Entity \`${t.name}\` has no attribute \`${key}\``);
      return this.compileField(t, spec.field, spec.op, value);
    });
    return (row) => preds.every((p) => p(row));
  }

  private compileField(t: EntityModel, f: FieldModel, op: Op, raw: unknown): Compiled {
    const get = (row: Row): Value => row.entity.get(f.name) ?? { kind: "Null" };
    if (op === "child") {
      const target = typeOf(this.schema, f.typeName)!;
      const inner = this.compile(target, (raw ?? {}) as Args);
      if (f.derivedFrom || f.list) return (row) => this.relatedRows(f, row).some(inner);
      return (row) => {
        const v = get(row);
        const child = v.kind === "Null" ? null : this.lookup(target, idString(v));
        return child !== null && inner(child);
      };
    }
    const kind = itemKind(this.schema, f);
    const one = (x: unknown) => parseInput(x, kind);
    if (f.list) {
      const wanted = raw === null ? null : (raw as unknown[]).map(one);
      const lower = (v: Value) => (v.kind === "String" ? v.value.toLowerCase() : v.kind === "Bytes" ? v.value : null);
      const containsAll = (have: readonly Value[], nocase: boolean) =>
        wanted!.every((w) =>
          have.some((h) => (nocase ? lower(h) !== null && lower(h) === lower(w) : valuesEqual(h, w))),
        );
      return (row) => {
        const v = get(row);
        if (wanted === null) return op === "" ? v.kind === "Null" : op === "not" ? v.kind !== "Null" : false;
        if (v.kind !== "Array") return false;
        switch (op) {
          case "":
            return valuesEqual(v, { kind: "Array", value: wanted });
          case "not":
            return !valuesEqual(v, { kind: "Array", value: wanted });
          case "contains":
            return containsAll(v.value, false);
          case "contains_nocase":
            return containsAll(v.value, true);
          case "not_contains":
            return !containsAll(v.value, false);
          case "not_contains_nocase":
            return !containsAll(v.value, true);
          default:
            throw new GraphQLError(`Filter not supported by value \`${f.name}\`: \`${op}\``);
        }
      };
    }
    if (op === "in" || op === "not_in") {
      if (!Array.isArray(raw)) throw new GraphQLError(`Non-list value passed to \`_${op}\` filter`);
      const set = raw.map(one);
      return (row) => {
        const v = get(row);
        if (v.kind === "Null") return false;
        const found = set.some((x) => valuesEqual(v, x));
        return op === "in" ? found : !found;
      };
    }
    const want = one(raw);
    if (want.kind === "Null") {
      if (op === "") return (row) => get(row).kind === "Null";
      if (op === "not") return (row) => get(row).kind !== "Null";
      return () => false;
    }
    const text = (v: Value, nocase: boolean): string | null => {
      if (v.kind !== "String" && v.kind !== "Bytes") return null;
      const s = v.kind === "Bytes" ? v.value.slice(2) : v.value;
      return nocase ? s.toLowerCase() : s;
    };
    const match = (fn: (have: string, w: string) => boolean, nocase: boolean, negate: boolean): Compiled => {
      const w = text(want, nocase)!;
      return (row) => {
        const have = text(get(row), nocase);
        if (have === null) return false;
        return negate ? !fn(have, w) : fn(have, w);
      };
    };
    // Bytes match on whole bytes (even hex offsets).
    const contains = (have: string, w: string) => {
      if (want.kind !== "Bytes") return have.includes(w);
      for (let i = have.indexOf(w); i !== -1; i = have.indexOf(w, i + 1)) if (i % 2 === 0) return true;
      return false;
    };
    const cmp =
      (pred: (c: number) => boolean): Compiled =>
      (row) => {
        const v = get(row);
        return v.kind !== "Null" && pred(compareValues(v, want));
      };
    switch (op) {
      case "":
        return (row) => valuesEqual(get(row), want);
      case "not":
        return (row) => get(row).kind !== "Null" && !valuesEqual(get(row), want);
      case "gt":
        return cmp((c) => c > 0);
      case "lt":
        return cmp((c) => c < 0);
      case "gte":
        return cmp((c) => c >= 0);
      case "lte":
        return cmp((c) => c <= 0);
      case "contains":
        return match(contains, false, false);
      case "contains_nocase":
        return match(contains, true, false);
      case "not_contains":
        return match(contains, false, true);
      case "not_contains_nocase":
        return match(contains, true, true);
      case "starts_with":
        return match((h, w) => h.startsWith(w), false, false);
      case "starts_with_nocase":
        return match((h, w) => h.startsWith(w), true, false);
      case "not_starts_with":
        return match((h, w) => h.startsWith(w), false, true);
      case "not_starts_with_nocase":
        return match((h, w) => h.startsWith(w), true, true);
      case "ends_with":
        return match((h, w) => h.endsWith(w), false, false);
      case "ends_with_nocase":
        return match((h, w) => h.endsWith(w), true, false);
      case "not_ends_with":
        return match((h, w) => h.endsWith(w), false, true);
      case "not_ends_with_nocase":
        return match((h, w) => h.endsWith(w), true, true);
    }
  }

  // --- collections -----------------------------------------------------------------------------

  /**
   * A page of `t` rows: from `candidates` (a relation's rows) or the whole type, filtered, sorted
   * and sliced per graph-node's arguments.
   */
  private collection(t: EntityModel, candidates: Row[] | null, args: Args): Row[] {
    const first = (args["first"] as number | null | undefined) ?? 100;
    const skip = (args["skip"] as number | null | undefined) ?? 0;
    if (!(first > 0 && first <= MAX_FIRST))
      throw new GraphQLError(`The \`first\` argument must be between 0 and ${MAX_FIRST}, but is ${first}`);
    if (!(skip >= 0 && skip <= MAX_SKIP))
      throw new GraphQLError(`The \`skip\` argument must be between 0 and ${MAX_SKIP}, but is ${skip}`);
    const where = (args["where"] as Args | null | undefined) ?? null;
    let rows = candidates;
    let rest = where;
    if (!rows) {
      const found = this.candidates(t, where);
      rows = found.rows;
      // Rows from a relation's reverse index satisfy that equality already: do not test it again
      // (unless `and` is there too: mixing it with a column filter must still be refused).
      if (where && found.satisfied && !("and" in where)) {
        const others = Object.entries(where).filter(([k]) => k !== found.satisfied);
        rest = others.length > 0 ? Object.fromEntries(others) : null;
      }
    }
    const pred = rest ? this.compile(t, rest) : null;
    const orderBy = args["orderBy"] as string | null | undefined;
    const desc = args["orderDirection"] === "desc";
    const key = orderBy ? this.sortKey(t, orderBy) : null;
    const keyed: { row: Row; key: Value | null; i: number }[] = [];
    for (const row of rows) {
      if (pred && !pred(row)) continue;
      keyed.push({ row, key: key ? key(row) : null, i: keyed.length });
    }
    // Ties (equal ids of different types behind an interface) keep the input order, as a stable sort.
    const page = smallest(keyed, skip + first, (a, b) => {
      const c = (a.key && b.key ? compareNullable(a.key, b.key) : 0) || compareId(a.row, b.row);
      return (desc ? -c : c) || a.i - b.i;
    });
    return page.slice(skip).map((k) => k.row);
  }

  /**
   * All rows of `t`, narrowed through `id`/`id_in` or an indexed relation equality when present;
   * `satisfied` names the `where` key that the rows satisfy by construction (the relation equality).
   */
  private candidates(t: EntityModel, where: Args | null): { rows: Row[]; satisfied: string | null } {
    const types = this.concrete(t);
    const rows = (ids: Iterable<string>) => {
      const out: Row[] = [];
      for (const name of types) {
        for (const id of ids) {
          const entity = this.store.get(name, id);
          if (entity) out.push({ type: name, entity });
        }
      }
      return out;
    };
    if (where && !("or" in where)) {
      const idKind = t.idKind === "Bytes" ? "Bytes" : t.idKind;
      if (typeof where["id"] === "string")
        return { rows: rows([idString(parseInput(where["id"], idKind))]), satisfied: null };
      if (Array.isArray(where["id_in"])) {
        const ids = new Set((where["id_in"] as unknown[]).map((x) => idString(parseInput(x, idKind))));
        return { rows: rows(ids), satisfied: null };
      }
      if (!t.isInterface) {
        for (const f of t.fields) {
          const v = where[f.name];
          if (
            f.category === "entity" &&
            !f.list &&
            !f.derivedFrom &&
            typeof v === "string" &&
            this.store.hasIndex(t.name, f.name)
          ) {
            const target = typeOf(this.schema, f.typeName)!;
            const id = idString(parseInput(v, target.idKind));
            return { rows: rows(this.store.related(t.name, f.name, id)), satisfied: f.name };
          }
        }
      }
    }
    const out: Row[] = [];
    for (const name of types) for (const entity of this.store.all(name)) out.push({ type: name, entity });
    return { rows: out, satisfied: null };
  }

  /** Only the latest indexed block can be queried (no time travel). */
  private checkBlock(block: unknown): void {
    if (!block) return;
    const b = block as { hash?: string | null; number?: number | null; number_gte?: number | null };
    const head = this.meta().block;
    const indexed = head ? head.number : -1n;
    if (b.number !== undefined && b.number !== null) {
      const n = BigInt(b.number);
      if (n > indexed) {
        throw new GraphQLError(
          `subgraph has only indexed up to block number ${indexed} and data for block number ${n} is therefore not yet available`,
        );
      }
      if (n < indexed) {
        throw new GraphQLError(
          `time travel queries are not supported by this indexer: block ${n} is not the latest indexed block (${indexed}); omit \`block\` to query the latest`,
        );
      }
    }
    if (b.number_gte !== undefined && b.number_gte !== null && BigInt(b.number_gte) > indexed) {
      throw new GraphQLError(
        `subgraph has only indexed up to block number ${indexed} and data for block number ${b.number_gte} is therefore not yet available`,
      );
    }
    if (b.hash !== undefined && b.hash !== null) {
      const hash = idString(parseInput(b.hash, "Bytes"));
      if (!head || hash !== head.hash) {
        throw new GraphQLError(
          `time travel queries are not supported by this indexer: block ${hash} is not the latest indexed block; omit \`block\` to query the latest`,
        );
      }
    }
  }
}

/**
 * The `n` first items in `compare` order (a total order), sorted: a full sort when that is about
 * as cheap, else one pass with a bounded max-heap, so that the last 100 of 30 000 swaps do not
 * sort all of them. The pass visits the items in a scrambled order (a stride coprime with their
 * number): in creation order, as the stores hand them over, nearly every item of a descending
 * page would displace the heap's top.
 */
function smallest<T>(items: T[], n: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= 4 * n) return items.sort(compare).slice(0, n);
  const heap: T[] = [];
  const swap = (i: number, j: number) => {
    const x = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = x;
  };
  const len = items.length;
  const stride = len % 1_000_003 === 0 ? 1_000_033 : 1_000_003; // primes
  for (let s = 0; s < len; s++) {
    const item = items[(s * stride) % len]!;
    if (heap.length < n) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (compare(heap[i]!, heap[parent]!) <= 0) break;
        swap(i, parent);
        i = parent;
      }
    } else if (compare(item, heap[0]!) < 0) {
      heap[0] = item;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let top = i;
        if (l < heap.length && compare(heap[l]!, heap[top]!) > 0) top = l;
        if (r < heap.length && compare(heap[r]!, heap[top]!) > 0) top = r;
        if (top === i) break;
        swap(i, top);
        i = top;
      }
    }
  }
  return heap.sort(compare);
}

function compareId(a: Row, b: Row): number {
  return compareValues(a.entity.get("id")!, b.entity.get("id")!);
}

/**
 * Postgres order: nulls last ascending, first descending. Nulls compare as the greatest value;
 * the caller negates the result for descending order.
 */
function compareNullable(a: Value, b: Value): number {
  const an = a.kind === "Null";
  const bn = b.kind === "Null";
  if (an || bn) return an && bn ? 0 : an ? 1 : -1;
  return compareValues(a, b);
}
