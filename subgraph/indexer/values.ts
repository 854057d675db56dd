/**
 * Entity values as the store keeps them: a tagged union mirroring graph-node's `store::Value`
 * (the `ValueKind` of graph-ts), plus their JSON encoding for SQLite and their total order for
 * `orderBy` and range filters. Bytes are kept as lowercase `0x` hex strings so they compare, hash
 * and serialize cheaply; the WASM host converts them to and from byte arrays.
 */
import { BigDecimal } from "./numbers.ts";

export type Hex = `0x${string}`;

export type Value =
  | { readonly kind: "String"; readonly value: string }
  | { readonly kind: "Int"; readonly value: number }
  | { readonly kind: "Int8"; readonly value: bigint }
  | { readonly kind: "Timestamp"; readonly value: bigint }
  | { readonly kind: "BigInt"; readonly value: bigint }
  | { readonly kind: "BigDecimal"; readonly value: BigDecimal }
  | { readonly kind: "Bool"; readonly value: boolean }
  | { readonly kind: "Bytes"; readonly value: Hex }
  | { readonly kind: "Array"; readonly value: readonly Value[] }
  | { readonly kind: "Null" };

export type ValueKind = Value["kind"];

/** An entity's attributes by field name (`id` included). */
export type Entity = Map<string, Value>;

export const NULL: Value = { kind: "Null" };

export const str = (value: string): Value => ({ kind: "String", value });
export const bytes = (value: Hex): Value => ({ kind: "Bytes", value: value.toLowerCase() as Hex });

/** Lowercase hex of a byte array. */
export function toHex(b: Uint8Array): Hex {
  return `0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex")}`;
}

/** Bytes of a hex string (with or without `0x`); throws on odd length or non-hex digits. */
export function fromHex(hex: string): Uint8Array {
  const body = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) throw new Error(`invalid hex string '${hex}'`);
  return new Uint8Array(Buffer.from(body, "hex"));
}

/** The entity id as the store keys it: a String id as is, a Bytes id as lowercase hex, an Int8 id in decimal. */
export function idString(v: Value): string {
  switch (v.kind) {
    case "String":
    case "Bytes":
      return v.value;
    case "Int8":
      return v.value.toString();
    default:
      throw new Error(`an id must be a String, Bytes or Int8 value, not ${v.kind}`);
  }
}

/** A readable rendering for error messages (graph-node prints values similarly). */
export function display(v: Value): string {
  switch (v.kind) {
    case "Null":
      return "null";
    case "Array":
      return `[${v.value.map(display).join(", ")}]`;
    case "BigDecimal":
      return v.value.toString();
    default:
      return String(v.value);
  }
}

// --- JSON encoding (SQLite) -------------------------------------------------------------------

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** `[tag, payload]` pairs; bigints and decimals as strings so nothing loses precision. */
export function encodeValue(v: Value): Json {
  switch (v.kind) {
    case "String":
      return ["s", v.value];
    case "Int":
      return ["i", v.value];
    case "Int8":
      return ["i8", v.value.toString()];
    case "Timestamp":
      return ["t", v.value.toString()];
    case "BigInt":
      return ["n", v.value.toString()];
    case "BigDecimal":
      return ["d", v.value.digits.toString(), v.value.exp];
    case "Bool":
      return ["b", v.value];
    case "Bytes":
      return ["x", v.value];
    case "Array":
      return ["a", v.value.map(encodeValue)];
    case "Null":
      return null;
  }
}

export function decodeValue(j: Json): Value {
  if (j === null) return NULL;
  if (!Array.isArray(j)) throw new Error(`corrupt stored value ${JSON.stringify(j)}`);
  const [tag, a, b] = j;
  switch (tag) {
    case "s":
      return { kind: "String", value: a as string };
    case "i":
      return { kind: "Int", value: a as number };
    case "i8":
      return { kind: "Int8", value: BigInt(a as string) };
    case "t":
      return { kind: "Timestamp", value: BigInt(a as string) };
    case "n":
      return { kind: "BigInt", value: BigInt(a as string) };
    case "d":
      return { kind: "BigDecimal", value: BigDecimal.of(BigInt(a as string), b as number) };
    case "b":
      return { kind: "Bool", value: a as boolean };
    case "x":
      return { kind: "Bytes", value: a as Hex };
    case "a":
      return { kind: "Array", value: (a as Json[]).map(decodeValue) };
    default:
      throw new Error(`corrupt stored value ${JSON.stringify(j)}`);
  }
}

export function encodeEntity(e: Entity): string {
  const o: Record<string, Json> = {};
  for (const [k, v] of e) o[k] = encodeValue(v);
  return JSON.stringify(o);
}

export function decodeEntity(s: string): Entity {
  const o = JSON.parse(s) as Record<string, Json>;
  const e: Entity = new Map();
  for (const [k, j] of Object.entries(o)) e.set(k, decodeValue(j));
  return e;
}

// --- Order ------------------------------------------------------------------------------------

/**
 * Compares two non-null values of the same kind the way Postgres orders graph-node's columns:
 * numbers numerically, strings by code unit (graph-node requires the C collation), bytes
 * bytewise, booleans false < true, arrays element by element then by length.
 */
export function compareValues(a: Value, b: Value): number {
  if (a.kind === "Null" || b.kind === "Null") {
    return a.kind === b.kind ? 0 : a.kind === "Null" ? 1 : -1;
  }
  switch (a.kind) {
    case "BigDecimal": {
      const other =
        b.kind === "BigDecimal"
          ? b.value
          : b.kind === "BigInt" || b.kind === "Int8"
            ? BigDecimal.fromBigInt(b.value)
            : null;
      if (other) return a.value.compare(other);
      break;
    }
    case "Array": {
      if (b.kind !== "Array") break;
      const n = Math.min(a.value.length, b.value.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(a.value[i]!, b.value[i]!);
        if (c !== 0) return c;
      }
      return a.value.length - b.value.length;
    }
    case "Bool":
      if (b.kind === "Bool") return Number(a.value) - Number(b.value);
      break;
    default:
      break;
  }
  const x = scalarOf(a);
  const y = scalarOf(b);
  if (typeof x === "bigint" && typeof y === "bigint") return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === "string" && typeof y === "string") return x < y ? -1 : x > y ? 1 : 0;
  throw new Error(`cannot compare ${a.kind} with ${b.kind}`);
}

/** Integers as bigints, strings and hex as strings (hex of equal-case compares bytewise). */
function scalarOf(v: Value): bigint | string | null {
  switch (v.kind) {
    case "Int":
      return BigInt(v.value);
    case "Int8":
    case "Timestamp":
    case "BigInt":
      return v.value;
    case "String":
    case "Bytes":
      return v.value;
    default:
      return null;
  }
}

export function valuesEqual(a: Value, b: Value): boolean {
  if (a.kind === "Null" || b.kind === "Null") return a.kind === b.kind;
  if (a.kind === "Array" && b.kind === "Array") {
    return a.value.length === b.value.length && a.value.every((x, i) => valuesEqual(x, b.value[i]!));
  }
  return compareValues(a, b) === 0;
}
