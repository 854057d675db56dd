/**
 * The subgraph's `schema.graphql` as a model: entity and interface types, their fields (scalar,
 * enum, relation, list, `@derivedFrom`), id types and `@entity(immutable)`. Parsed with graphql-js
 * (AST only: the file uses The Graph's directives and scalars, which are not a valid executable
 * schema by themselves). The store validates writes against it and the GraphQL layer builds the
 * query schema from it.
 */
import { Kind, parse, type ConstDirectiveNode, type FieldDefinitionNode, type TypeNode } from "graphql";

import type { Value, ValueKind } from "./values.ts";
import { display } from "./values.ts";

export const SCALARS = [
  "ID",
  "String",
  "Int",
  "Int8",
  "BigInt",
  "BigDecimal",
  "Bytes",
  "Boolean",
  "Timestamp",
] as const;
export type ScalarName = (typeof SCALARS)[number];

export type IdKind = "String" | "Bytes" | "Int8";

export interface FieldModel {
  readonly name: string;
  /** The named (innermost) type. */
  readonly typeName: string;
  readonly category: "scalar" | "enum" | "entity";
  readonly list: boolean;
  /** The field itself is non-null (`T!` or `[T]!`). */
  readonly nonNull: boolean;
  /** For lists: the items are non-null (`[T!]`). */
  readonly itemNonNull: boolean;
  /** `@derivedFrom(field: ...)`: the name of the field on `typeName` that points back here. */
  readonly derivedFrom: string | null;
}

export interface EntityModel {
  readonly name: string;
  readonly isInterface: boolean;
  readonly fields: readonly FieldModel[];
  readonly fieldMap: ReadonlyMap<string, FieldModel>;
  readonly idKind: IdKind;
  readonly immutable: boolean;
  /** For objects: the interfaces implemented; for interfaces: the object types implementing it. */
  readonly related: readonly string[];
}

export interface SchemaModel {
  /** Object entity types (`@entity`), in declaration order. */
  readonly entities: ReadonlyMap<string, EntityModel>;
  readonly interfaces: ReadonlyMap<string, EntityModel>;
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** Features of the schema this indexer ignores (fulltext search, aggregations). */
  readonly warnings: readonly string[];
}

export class SchemaError extends Error {
  override name = "SchemaError";
}

/** An entity or interface type by name. */
export function typeOf(schema: SchemaModel, name: string): EntityModel | undefined {
  return schema.entities.get(name) ?? schema.interfaces.get(name);
}

function directive(node: { directives?: readonly ConstDirectiveNode[] | undefined }, name: string) {
  return node.directives?.find((d) => d.name.value === name);
}

function argument(d: ConstDirectiveNode | undefined, name: string) {
  return d?.arguments?.find((a) => a.name.value === name)?.value;
}

function unwrap(t: TypeNode): { typeName: string; list: boolean; nonNull: boolean; itemNonNull: boolean } {
  let nonNull = false;
  let cur = t;
  if (cur.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    cur = cur.type;
  }
  if (cur.kind === Kind.LIST_TYPE) {
    let inner = cur.type;
    let itemNonNull = false;
    if (inner.kind === Kind.NON_NULL_TYPE) {
      itemNonNull = true;
      inner = inner.type;
    }
    if (inner.kind !== Kind.NAMED_TYPE) throw new SchemaError("nested lists are not supported in entity fields");
    return { typeName: inner.name.value, list: true, nonNull, itemNonNull };
  }
  if (cur.kind !== Kind.NAMED_TYPE) throw new SchemaError("unexpected type");
  return { typeName: cur.name.value, list: false, nonNull, itemNonNull: false };
}

/** Parses `schema.graphql` text into the model; throws `SchemaError` on what graph-node would refuse. */
export function parseSchema(source: string): SchemaModel {
  const doc = parse(source);
  const enums = new Map<string, string[]>();
  const objectNodes: {
    name: string;
    fields: readonly FieldDefinitionNode[];
    immutable: boolean;
    interfaces: string[];
    isInterface: boolean;
  }[] = [];
  const warnings: string[] = [];

  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
      enums.set(
        def.name.value,
        (def.values ?? []).map((v) => v.name.value),
      );
    } else if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
      if (def.name.value === "_Schema_") {
        if (directive(def, "fulltext"))
          warnings.push("@fulltext search fields are not supported and are left out of the API");
        continue;
      }
      const entity = directive(def, "entity");
      if (directive(def, "aggregation")) {
        warnings.push(`aggregation type ${def.name.value} is not supported and is left out of the API`);
        continue;
      }
      if (!entity) throw new SchemaError(`type ${def.name.value} has no @entity directive`);
      const immutable = argument(entity, "immutable");
      const timeseries = argument(entity, "timeseries");
      objectNodes.push({
        name: def.name.value,
        fields: def.fields ?? [],
        immutable:
          (immutable?.kind === Kind.BOOLEAN && immutable.value) ||
          (timeseries?.kind === Kind.BOOLEAN && timeseries.value),
        interfaces: (def.interfaces ?? []).map((i) => i.name.value),
        isInterface: false,
      });
    } else if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      objectNodes.push({
        name: def.name.value,
        fields: def.fields ?? [],
        immutable: false,
        interfaces: [],
        isInterface: true,
      });
    }
  }

  const names = new Set(objectNodes.map((o) => o.name));
  const entities = new Map<string, EntityModel>();
  const interfaces = new Map<string, EntityModel>();
  const idKinds = new Map<string, IdKind>();

  for (const o of objectNodes) {
    const idField = o.fields.find((f) => f.name.value === "id");
    if (!idField) throw new SchemaError(`type ${o.name} has no id field`);
    const idType = unwrap(idField.type);
    if (idType.list || !idType.nonNull) throw new SchemaError(`${o.name}.id must be ID!, String!, Bytes! or Int8!`);
    const k = idType.typeName === "ID" || idType.typeName === "String" ? "String" : idType.typeName;
    if (k !== "String" && k !== "Bytes" && k !== "Int8")
      throw new SchemaError(`illegal type for ${o.name}.id: ${idType.typeName}`);
    idKinds.set(o.name, k);
  }

  for (const o of objectNodes) {
    const fields: FieldModel[] = o.fields.map((f) => {
      const t = unwrap(f.type);
      const category = (SCALARS as readonly string[]).includes(t.typeName)
        ? "scalar"
        : enums.has(t.typeName)
          ? "enum"
          : names.has(t.typeName)
            ? "entity"
            : null;
      if (!category) throw new SchemaError(`${o.name}.${f.name.value} has unknown type ${t.typeName}`);
      const derived = argument(directive(f, "derivedFrom"), "field");
      if (directive(f, "derivedFrom") && derived?.kind !== Kind.STRING) {
        throw new SchemaError(`${o.name}.${f.name.value}: @derivedFrom needs a field argument`);
      }
      if (derived && category !== "entity")
        throw new SchemaError(`${o.name}.${f.name.value}: @derivedFrom on a non-entity field`);
      return { name: f.name.value, ...t, category, derivedFrom: derived?.kind === Kind.STRING ? derived.value : null };
    });
    const model: EntityModel = {
      name: o.name,
      isInterface: o.isInterface,
      fields,
      fieldMap: new Map(fields.map((f) => [f.name, f])),
      idKind: idKinds.get(o.name)!,
      immutable: o.immutable,
      related: o.interfaces,
    };
    (o.isInterface ? interfaces : entities).set(o.name, model);
  }

  // Interfaces: the implementing types, and the id kind of the first one (as graph-node).
  for (const [name, itf] of interfaces) {
    const impls = [...entities.values()].filter((e) => e.related.includes(name)).map((e) => e.name);
    const idKind = impls.length > 0 ? entities.get(impls[0]!)!.idKind : itf.idKind;
    interfaces.set(name, { ...itf, related: impls, idKind });
  }
  // Derived fields must point at a relation back to this type.
  for (const t of [...entities.values(), ...interfaces.values()]) {
    for (const f of t.fields) {
      if (!f.derivedFrom) continue;
      const target = entities.get(f.typeName) ?? interfaces.get(f.typeName);
      const back = target?.fieldMap.get(f.derivedFrom);
      if (!back || back.category !== "entity") {
        throw new SchemaError(
          `${t.name}.${f.name}: @derivedFrom(field: "${f.derivedFrom}") is not a relation on ${f.typeName}`,
        );
      }
    }
  }
  return { entities, interfaces, enums, warnings };
}

/** The value kind the store holds for one (non-list) item of a field. */
export function itemKind(schema: SchemaModel, field: FieldModel): ValueKind {
  if (field.category === "enum") return "String";
  if (field.category === "entity") return typeOf(schema, field.typeName)!.idKind;
  switch (field.typeName as ScalarName) {
    case "ID":
    case "String":
      return "String";
    case "Int":
      return "Int";
    case "Int8":
      return "Int8";
    case "BigInt":
      return "BigInt";
    case "BigDecimal":
      return "BigDecimal";
    case "Bytes":
      return "Bytes";
    case "Boolean":
      return "Bool";
    case "Timestamp":
      return "Timestamp";
  }
}

function typeText(f: FieldModel): string {
  const inner = f.typeName + (f.list && f.itemNonNull ? "!" : "");
  return (f.list ? `[${inner}]` : inner) + (f.nonNull ? "!" : "");
}

/**
 * Checks an entity about to be stored against its type, with graph-node's messages: unknown
 * fields, derived fields set by the mapping, missing non-null values, wrong value kinds.
 */
export function validateEntity(
  schema: SchemaModel,
  type: EntityModel,
  id: string,
  data: ReadonlyMap<string, Value>,
): void {
  const where = `Entity ${type.name}[${id}]`;
  for (const [key, value] of data) {
    const field = type.fieldMap.get(key);
    if (!field)
      throw new SchemaError(`${where}: unknown key \`${key}\`. It probably is a typo or a missing field in the schema`);
    if (field.derivedFrom && value.kind !== "Null") {
      throw new SchemaError(`${where}: field \`${key}\` is derived and can not be set`);
    }
  }
  for (const field of type.fields) {
    if (field.derivedFrom) continue;
    const value = data.get(field.name);
    if (value === undefined || value.kind === "Null") {
      if (field.nonNull) throw new SchemaError(`${where}: missing value for non-nullable field \`${field.name}\``);
      continue;
    }
    const want = itemKind(schema, field);
    const ok = field.list
      ? value.kind === "Array" && value.value.every((v) => v.kind === want || (v.kind === "Null" && !field.itemNonNull))
      : value.kind === want;
    if (!ok) {
      throw new SchemaError(
        `${where}: the value \`${display(value)}\` for field \`${field.name}\` must have type ${typeText(field)} but has type ${value.kind === "Array" ? `[${value.value[0]?.kind ?? ""}]` : value.kind}`,
      );
    }
  }
}
