/**
 * Reading and writing AssemblyScript objects in a mapping's linear memory (AS 0.19, the "stub"
 * runtime graph-cli builds with). The layouts are those graph-node's `AscType`s describe:
 *
 * - every object has a 20-byte header before it; `rtId` (u32) at ptr-8 and `rtSize` (u32) at ptr-4;
 * - `string`: UTF-16LE code units, `rtSize` bytes; `ArrayBuffer`: raw bytes;
 * - typed arrays (`Uint8Array`, and graph-ts's `Bytes`, `Address`, `BigInt` built on it):
 *   `{ buffer: ptr, dataStart: ptr, byteLength: i32 }`;
 * - `Array<T>`: `{ buffer, dataStart, byteLength, length }`, references stored as u32 pointers;
 * - classes: fields in declaration order with natural alignment (`Value` = `{ kind: i32 @0, data: u64 @8 }`).
 *
 * Objects are allocated with the module's exported `__new(size, rtId)`; class ids come from the
 * exported `id_of_type`, called with graph-node's `IndexForAscTypeId` numbers (`TypeIndex` below),
 * exactly what graph-node does.
 */
import {
  BigDecimal,
  BIGDECIMAL_MAX_EXP,
  BIGDECIMAL_MIN_EXP,
  checkBigIntSize,
  fromSignedBytesLE,
  NumberError,
  toSignedBytesLE,
} from "./numbers.ts";
import { toHex, type Entity, type Hex, type Value } from "./values.ts";

/** graph-node's `IndexForAscTypeId` (= graph-ts's `TypeId`) for the classes the host allocates. */
export const TypeIndex = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayJsonValue: 17,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringJsonValue: 20,
  ArrayTypedMapEntryStringStoreValue: 21,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  WrappedBool: 28,
  WrappedJsonValue: 29,
  EthereumValue: 30,
  StoreValue: 31,
  JsonValue: 32,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapEntryStringJsonValue: 35,
  TypedMapStringStoreValue: 36,
  TypedMapStringJsonValue: 37,
  ResultJsonValueBool: 40,
  TransactionReceipt: 1000,
  Log: 1001,
  ArrayH256: 1002,
  ArrayLog: 1003,
} as const;
export type TypeIndexName = keyof typeof TypeIndex;

/** graph-ts's store `ValueKind`. */
export const StoreValueKind = {
  STRING: 0,
  INT: 1,
  BIGDECIMAL: 2,
  BOOL: 3,
  ARRAY: 4,
  NULL: 5,
  BYTES: 6,
  BIGINT: 7,
  INT8: 8,
  TIMESTAMP: 9,
} as const;

/** What the host needs from a mapping instance's exports. */
export interface MappingExports {
  readonly memory: WebAssembly.Memory;
  __new(size: number, id: number): number;
  id_of_type(index: number): number;
  _start?: () => void;
  readonly [name: string]: unknown;
}

const utf16 = new TextDecoder("utf-16le");

export class AscMemory {
  private readonly exports: MappingExports;
  private readonly ids = new Map<number, number>();
  private buffer: ArrayBuffer | null = null;
  private dv!: DataView;
  private u8!: Uint8Array;

  constructor(exports: MappingExports) {
    this.exports = exports;
  }

  /**
   * Views over the current memory. Growing the memory replaces its buffer and detaches the old one
   * (its length becomes 0), which is cheaper to test than reading `memory.buffer` on every access.
   */
  private get view(): DataView {
    if (this.buffer === null || this.buffer.byteLength === 0) {
      this.buffer = this.exports.memory.buffer as ArrayBuffer;
      this.dv = new DataView(this.buffer);
      this.u8 = new Uint8Array(this.buffer);
    }
    return this.dv;
  }

  private get bytes(): Uint8Array {
    void this.view;
    return this.u8;
  }

  rtId(index: TypeIndexName): number {
    const i = TypeIndex[index];
    let id = this.ids.get(i);
    if (id === undefined) {
      id = this.exports.id_of_type(i) >>> 0;
      this.ids.set(i, id);
    }
    return id;
  }

  alloc(size: number, type: TypeIndexName): number {
    return this.exports.__new(size, this.rtId(type)) >>> 0;
  }

  u32(ptr: number): number {
    return this.view.getUint32(ptr, true);
  }

  i32(ptr: number): number {
    return this.view.getInt32(ptr, true);
  }

  i64(ptr: number): bigint {
    return this.view.getBigInt64(ptr, true);
  }

  setU32(ptr: number, v: number): void {
    this.view.setUint32(ptr, v >>> 0, true);
  }

  setI64(ptr: number, v: bigint): void {
    this.view.setBigInt64(ptr, BigInt.asIntN(64, v), true);
  }

  private check(ptr: number, what: string): void {
    if (ptr === 0) throw new Error(`unexpected null ${what} passed to the host`);
  }

  // --- strings --------------------------------------------------------------------------------

  readString(ptr: number): string {
    this.check(ptr, "string");
    const size = this.u32(ptr - 4);
    if (size <= 32 && size % 2 === 0) {
      // Short strings (field names, type names) without the decoder's call overhead; a surrogate
      // or a leading BOM goes through the decoder (which replaces lone surrogates and drops the
      // BOM), so the result is the same as for longer strings.
      const dv = this.view;
      let s = "";
      for (let i = 0; i < size; i += 2) {
        const c = dv.getUint16(ptr + i, true);
        if ((c & 0xf800) === 0xd800 || (i === 0 && c === 0xfeff))
          return utf16.decode(this.bytes.subarray(ptr, ptr + size));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return utf16.decode(this.bytes.subarray(ptr, ptr + size));
  }

  readNullableString(ptr: number): string | null {
    return ptr === 0 ? null : this.readString(ptr);
  }

  writeString(s: string): number {
    const ptr = this.alloc(s.length * 2, "String");
    const dv = this.view;
    for (let i = 0; i < s.length; i++) dv.setUint16(ptr + i * 2, s.charCodeAt(i), true);
    return ptr;
  }

  // --- bytes and numbers ----------------------------------------------------------------------

  /** A `Uint8Array`-based object (Bytes, Address, BigInt, ByteArray) as a copy. */
  readBytes(ptr: number): Uint8Array {
    this.check(ptr, "byte array");
    const dataStart = this.u32(ptr + 4);
    const length = this.i32(ptr + 8);
    return this.bytes.slice(dataStart, dataStart + length);
  }

  readHex(ptr: number): Hex {
    return toHex(this.readBytes(ptr));
  }

  writeBytes(data: Uint8Array): number {
    const buffer = this.alloc(data.length, "ArrayBuffer");
    this.bytes.set(data, buffer);
    const ptr = this.alloc(12, "Uint8Array");
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, data.length);
    return ptr;
  }

  readBigInt(ptr: number): bigint {
    return fromSignedBytesLE(this.readBytes(ptr));
  }

  writeBigInt(n: bigint): number {
    return this.writeBytes(toSignedBytesLE(checkBigIntSize(n)));
  }

  /** graph-node's `FromAscObj<AscBigDecimal>`: normalized, exponent range checked. */
  readBigDecimal(ptr: number): BigDecimal {
    this.check(ptr, "BigDecimal");
    const digits = this.readBigInt(this.u32(ptr));
    const exp = BigInt.asIntN(64, this.readBigInt(this.u32(ptr + 4)));
    const d = BigDecimal.of(digits, Number(exp));
    if (!d.isZero() && (d.exp < BIGDECIMAL_MIN_EXP || d.exp > BIGDECIMAL_MAX_EXP)) {
      throw new NumberError(
        `big decimal exponent \`${d.exp}\` is outside the \`${BIGDECIMAL_MIN_EXP}\` to \`${BIGDECIMAL_MAX_EXP}\` range`,
      );
    }
    return d;
  }

  writeBigDecimal(d: BigDecimal): number {
    const digits = this.writeBigInt(d.digits);
    const exp = this.writeBigInt(BigInt(d.exp));
    const ptr = this.alloc(8, "BigDecimal");
    this.setU32(ptr, digits);
    this.setU32(ptr + 4, exp);
    return ptr;
  }

  // --- arrays ---------------------------------------------------------------------------------

  /** The u32 elements (pointers) of an `Array<T>` of references. */
  readPointers(ptr: number): number[] {
    this.check(ptr, "array");
    const dataStart = this.u32(ptr + 4);
    const length = this.i32(ptr + 12);
    const out: number[] = [];
    for (let i = 0; i < length; i++) out.push(this.u32(dataStart + i * 4));
    return out;
  }

  writePointers(ptrs: readonly number[], type: TypeIndexName): number {
    const buffer = this.alloc(ptrs.length * 4, "ArrayBuffer");
    for (let i = 0; i < ptrs.length; i++) this.setU32(buffer + i * 4, ptrs[i]!);
    const ptr = this.alloc(16, type);
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, ptrs.length * 4);
    this.setU32(ptr + 12, ptrs.length);
    return ptr;
  }

  readStringArray(ptr: number): string[] {
    return this.readPointers(ptr).map((p) => this.readString(p));
  }

  /** An object of `fields.length` pointer fields. */
  writeObject(type: TypeIndexName, fields: readonly number[]): number {
    const ptr = this.alloc(fields.length * 4, type);
    fields.forEach((f, i) => this.setU32(ptr + i * 4, f));
    return ptr;
  }

  /** `{ kind: i32, data: u64 }` (store `Value`, `ethereum.Value`, `JSONValue`). */
  writeEnum(type: TypeIndexName, kind: number, data: bigint | number): number {
    const ptr = this.alloc(16, type);
    this.view.setInt32(ptr, kind, true);
    this.setI64(ptr + 8, BigInt(data));
    return ptr;
  }

  // --- store values and entities ----------------------------------------------------------------

  readValue(ptr: number): Value {
    this.check(ptr, "Value");
    const kind = this.i32(ptr);
    const data = this.i64(ptr + 8);
    const p = Number(BigInt.asUintN(32, data));
    switch (kind) {
      case StoreValueKind.STRING:
        return { kind: "String", value: this.readString(p) };
      case StoreValueKind.INT:
        return { kind: "Int", value: Number(BigInt.asIntN(32, data)) };
      case StoreValueKind.BIGDECIMAL:
        return { kind: "BigDecimal", value: this.readBigDecimal(p) };
      case StoreValueKind.BOOL:
        return { kind: "Bool", value: data !== 0n };
      case StoreValueKind.ARRAY:
        return { kind: "Array", value: this.readPointers(p).map((q) => this.readValue(q)) };
      case StoreValueKind.NULL:
        return { kind: "Null" };
      case StoreValueKind.BYTES:
        return { kind: "Bytes", value: this.readHex(p) };
      case StoreValueKind.BIGINT:
        return { kind: "BigInt", value: checkBigIntSize(this.readBigInt(p)) };
      case StoreValueKind.INT8:
        return { kind: "Int8", value: data };
      case StoreValueKind.TIMESTAMP:
        return { kind: "Timestamp", value: data };
      default:
        throw new Error(`unknown store value kind ${kind}`);
    }
  }

  writeValue(v: Value): number {
    const w = (kind: number, data: bigint | number) => this.writeEnum("StoreValue", kind, data);
    switch (v.kind) {
      case "String":
        return w(StoreValueKind.STRING, this.writeString(v.value));
      case "Int":
        return w(StoreValueKind.INT, v.value);
      case "BigDecimal":
        return w(StoreValueKind.BIGDECIMAL, this.writeBigDecimal(v.value));
      case "Bool":
        return w(StoreValueKind.BOOL, v.value ? 1 : 0);
      case "Array":
        return w(
          StoreValueKind.ARRAY,
          this.writePointers(
            v.value.map((x) => this.writeValue(x)),
            "ArrayStoreValue",
          ),
        );
      case "Null":
        return w(StoreValueKind.NULL, 0);
      case "Bytes":
        return w(StoreValueKind.BYTES, this.writeBytes(Buffer.from(v.value.slice(2), "hex")));
      case "BigInt":
        return w(StoreValueKind.BIGINT, this.writeBigInt(v.value));
      case "Int8":
        return w(StoreValueKind.INT8, v.value);
      case "Timestamp":
        return w(StoreValueKind.TIMESTAMP, v.value);
    }
  }

  /** An `Entity` (`TypedMap<string, Value>`: `{ entries: Array<TypedMapEntry> }`). */
  readEntity(ptr: number): Entity {
    this.check(ptr, "Entity");
    const e: Entity = new Map();
    for (const entry of this.readPointers(this.u32(ptr))) {
      e.set(this.readString(this.u32(entry)), this.readValue(this.u32(entry + 4)));
    }
    return e;
  }

  writeEntity(e: Entity): number {
    const entries: number[] = [];
    for (const [k, v] of e)
      entries.push(this.writeObject("TypedMapEntryStringStoreValue", [this.writeString(k), this.writeValue(v)]));
    return this.writeObject("TypedMapStringStoreValue", [
      this.writePointers(entries, "ArrayTypedMapEntryStringStoreValue"),
    ]);
  }
}
