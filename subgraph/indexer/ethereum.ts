/**
 * Ethereum data for the mappings: the chain types the indexer hands to the host (block,
 * transaction, log, receipt), `ethereum.Value` tokens (event parameters, `ethereum.encode/decode`)
 * and the `ethereum.Event` object graph written into a mapping's memory. Field orders follow
 * graph-ts's `chain/ethereum.ts` classes (`Event`, `Block`, `Transaction`, `TransactionReceipt`,
 * `Log`, `EventParam`), which graph-node's `AscEthereum*` types mirror.
 */
import { decodeAbiParameters, encodeAbiParameters, parseAbiParameters, type AbiParameter } from "viem";

import type { AscMemory } from "./asc.ts";
import { fromHex, type Hex } from "./values.ts";

/** An ABI parameter (event input, tuple component) as in the ABI JSON. */
export interface Param {
  readonly type: string;
  readonly name?: string;
  readonly indexed?: boolean;
  readonly components?: readonly Param[];
}

export interface ChainBlock {
  readonly number: bigint;
  readonly hash: Hex;
  readonly parentHash: Hex;
  readonly timestamp: bigint;
  readonly unclesHash: Hex;
  readonly author: Hex;
  readonly stateRoot: Hex;
  readonly transactionsRoot: Hex;
  readonly receiptsRoot: Hex;
  readonly gasUsed: bigint;
  readonly gasLimit: bigint;
  readonly difficulty: bigint;
  readonly totalDifficulty: bigint;
  readonly size: bigint | null;
  readonly baseFeePerGas: bigint | null;
  readonly transactions: readonly ChainTransaction[];
}

export interface ChainTransaction {
  readonly hash: Hex;
  readonly index: bigint;
  readonly from: Hex;
  readonly to: Hex | null;
  readonly value: bigint;
  readonly gasLimit: bigint;
  readonly gasPrice: bigint;
  readonly input: Hex;
  readonly nonce: bigint;
}

export interface ChainLog {
  readonly address: Hex;
  readonly topics: readonly Hex[];
  readonly data: Hex;
  readonly blockNumber: bigint;
  readonly blockHash: Hex;
  readonly transactionHash: Hex;
  readonly transactionIndex: number;
  readonly logIndex: number;
}

export interface ChainReceipt {
  readonly transactionHash: Hex;
  readonly transactionIndex: bigint;
  readonly blockHash: Hex;
  readonly blockNumber: bigint;
  readonly cumulativeGasUsed: bigint;
  readonly gasUsed: bigint;
  readonly contractAddress: Hex | null;
  readonly logs: readonly ChainLog[];
  readonly status: bigint;
  readonly root: Hex | null;
  readonly logsBloom: Hex;
}

/** graph-ts's `ethereum.ValueKind`. */
export const EthValueKind = {
  ADDRESS: 0,
  FIXED_BYTES: 1,
  BYTES: 2,
  INT: 3,
  UINT: 4,
  BOOL: 5,
  STRING: 6,
  FIXED_ARRAY: 7,
  ARRAY: 8,
  TUPLE: 9,
} as const;

/** The canonical type of a parameter (`(uint256,address)[]` for a tuple array), as in signatures. */
export function canonicalType(p: Param): string {
  if (!p.type.startsWith("tuple")) return p.type;
  return `(${(p.components ?? []).map(canonicalType).join(",")})${p.type.slice("tuple".length)}`;
}

/** Splits `T[k]`/`T[]` into the element parameter and the fixed length (null when dynamic). */
function arrayOf(p: Param): { element: Param; length: number | null } | null {
  const m = /^(.*)\[(\d*)\]$/.exec(p.type);
  if (!m) return null;
  return { element: { ...p, type: m[1]! }, length: m[2] === "" ? null : Number(m[2]) };
}

function tupleValues(p: Param, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const o = value as Record<string, unknown>;
  return (p.components ?? []).map((c, i) => (c.name ? o[c.name] : o[i]));
}

/**
 * Writes a decoded ABI value (viem's representation) as an `ethereum.Value`. Indexed parameters of
 * dynamic types arrive as their topic (a keccak hash) and become FIXED_BYTES, as in graph-node.
 */
export function writeToken(mem: AscMemory, p: Param, value: unknown, indexedHash = false): number {
  const enumOf = (kind: number, data: number | bigint) => mem.writeEnum("EthereumValue", kind, data);
  if (indexedHash) return enumOf(EthValueKind.FIXED_BYTES, mem.writeBytes(fromHex(value as string)));
  const arr = arrayOf(p);
  if (arr) {
    const items = (value as readonly unknown[]).map((v) => writeToken(mem, arr.element, v));
    return enumOf(
      arr.length === null ? EthValueKind.ARRAY : EthValueKind.FIXED_ARRAY,
      mem.writePointers(items, "ArrayEthereumValue"),
    );
  }
  if (p.type === "tuple") {
    const items = tupleValues(p, value).map((v, i) => writeToken(mem, p.components![i]!, v));
    return enumOf(EthValueKind.TUPLE, mem.writePointers(items, "ArrayEthereumValue"));
  }
  if (p.type === "address") return enumOf(EthValueKind.ADDRESS, mem.writeBytes(fromHex(value as string)));
  if (p.type === "bytes") return enumOf(EthValueKind.BYTES, mem.writeBytes(fromHex(value as string)));
  if (/^bytes\d+$/.test(p.type)) return enumOf(EthValueKind.FIXED_BYTES, mem.writeBytes(fromHex(value as string)));
  if (/^int\d*$/.test(p.type)) return enumOf(EthValueKind.INT, mem.writeBigInt(BigInt(value as bigint | number)));
  if (/^uint\d*$/.test(p.type)) return enumOf(EthValueKind.UINT, mem.writeBigInt(BigInt(value as bigint | number)));
  if (p.type === "bool") return enumOf(EthValueKind.BOOL, value ? 1 : 0);
  if (p.type === "string") return enumOf(EthValueKind.STRING, mem.writeString(value as string));
  throw new Error(`unsupported ABI type ${p.type}`);
}

/** Whether an indexed parameter of this type is stored as a hash in its topic. */
export function isHashedWhenIndexed(p: Param): boolean {
  return p.type === "string" || p.type === "bytes" || p.type.startsWith("tuple") || p.type.endsWith("]");
}

/** Reads an `ethereum.Value` back as (ABI parameter, viem value), for `ethereum.encode`. */
export function readToken(mem: AscMemory, ptr: number): { param: Param; value: unknown } {
  const kind = mem.i32(ptr);
  const p = Number(BigInt.asUintN(32, mem.i64(ptr + 8)));
  switch (kind) {
    case EthValueKind.ADDRESS:
      return { param: { type: "address" }, value: mem.readHex(p) };
    case EthValueKind.FIXED_BYTES: {
      const b = mem.readBytes(p);
      return { param: { type: `bytes${b.length}` }, value: mem.readHex(p) };
    }
    case EthValueKind.BYTES:
      return { param: { type: "bytes" }, value: mem.readHex(p) };
    case EthValueKind.INT:
      return { param: { type: "int256" }, value: mem.readBigInt(p) };
    case EthValueKind.UINT:
      return { param: { type: "uint256" }, value: mem.readBigInt(p) };
    case EthValueKind.BOOL:
      return { param: { type: "bool" }, value: p !== 0 };
    case EthValueKind.STRING:
      return { param: { type: "string" }, value: mem.readString(p) };
    case EthValueKind.FIXED_ARRAY:
    case EthValueKind.ARRAY: {
      const items = mem.readPointers(p).map((q) => readToken(mem, q));
      const element = items[0]?.param ?? { type: "uint256" };
      const suffix = kind === EthValueKind.ARRAY ? "[]" : `[${items.length}]`;
      const param: Param = element.type.startsWith("tuple")
        ? { type: `${element.type}${suffix}`, components: element.components ?? [] }
        : { type: `${element.type}${suffix}` };
      return { param, value: items.map((i) => i.value) };
    }
    case EthValueKind.TUPLE: {
      const items = mem.readPointers(p).map((q) => readToken(mem, q));
      return { param: { type: "tuple", components: items.map((i) => i.param) }, value: items.map((i) => i.value) };
    }
    default:
      throw new Error(`unknown ethereum value kind ${kind}`);
  }
}

/** `ethereum.encode`: the ABI encoding of one token. */
export function encodeToken(mem: AscMemory, ptr: number): Uint8Array {
  const { param, value } = readToken(mem, ptr);
  return fromHex(encodeAbiParameters([param as AbiParameter], [value]));
}

/** `ethereum.decode(types, data)`: one token of the given type, or null when the data does not decode. */
export function decodeToken(mem: AscMemory, types: string, data: Uint8Array): number {
  let params: readonly AbiParameter[];
  try {
    params = parseAbiParameters(types) as readonly AbiParameter[];
  } catch (e) {
    throw new Error(`ethereum.decode: invalid type \`${types}\`: ${(e as Error).message.split("\n")[0]}`, { cause: e });
  }
  if (params.length !== 1) throw new Error(`ethereum.decode: expected one type, got \`${types}\``);
  let values: readonly unknown[];
  try {
    values = decodeAbiParameters(params, `0x${Buffer.from(data).toString("hex")}`);
  } catch {
    return 0;
  }
  return writeToken(mem, params[0] as Param, values[0]);
}

export interface DecodedParam {
  readonly param: Param;
  readonly value: unknown;
}

/** Writes the `ethereum.Event` passed to an event handler and returns its pointer. */
export function writeEvent(
  mem: AscMemory,
  event: {
    log: ChainLog;
    block: ChainBlock;
    transaction: ChainTransaction;
    params: readonly DecodedParam[];
    receipt: ChainReceipt | null;
  },
): number {
  const { log, block, transaction } = event;
  const bytes = (h: Hex) => mem.writeBytes(fromHex(h));
  const big = (n: bigint | number) => mem.writeBigInt(BigInt(n));
  const blockPtr = mem.writeObject("EthereumBlock", [
    bytes(block.hash),
    bytes(block.parentHash),
    bytes(block.unclesHash),
    bytes(block.author),
    bytes(block.stateRoot),
    bytes(block.transactionsRoot),
    bytes(block.receiptsRoot),
    big(block.number),
    big(block.gasUsed),
    big(block.gasLimit),
    big(block.timestamp),
    big(block.difficulty),
    big(block.totalDifficulty),
    block.size === null ? 0 : big(block.size),
    block.baseFeePerGas === null ? 0 : big(block.baseFeePerGas),
  ]);
  const txPtr = mem.writeObject("EthereumTransaction", [
    bytes(transaction.hash),
    big(transaction.index),
    bytes(transaction.from),
    transaction.to === null ? 0 : bytes(transaction.to),
    big(transaction.value),
    big(transaction.gasLimit),
    big(transaction.gasPrice),
    bytes(transaction.input),
    big(transaction.nonce),
  ]);
  const params = event.params.map(({ param, value }) =>
    mem.writeObject("EventParam", [
      mem.writeString(param.name ?? ""),
      writeToken(mem, param, value, param.indexed === true && isHashedWhenIndexed(param)),
    ]),
  );
  const receiptPtr = event.receipt ? writeReceipt(mem, event.receipt) : 0;
  return mem.writeObject("EthereumEvent", [
    bytes(log.address),
    big(log.logIndex),
    // graph-node fills transactionLogIndex from the RPC's (rarely present) field; we use the log index.
    big(log.logIndex),
    0, // logType: null
    blockPtr,
    txPtr,
    mem.writePointers(params, "ArrayEventParam"),
    receiptPtr,
  ]);
}

function writeLog(mem: AscMemory, log: ChainLog): number {
  const bytes = (h: Hex) => mem.writeBytes(fromHex(h));
  const big = (n: bigint | number) => mem.writeBigInt(BigInt(n));
  return mem.writeObject("Log", [
    bytes(log.address),
    mem.writePointers(log.topics.map(bytes), "ArrayH256"),
    bytes(log.data),
    bytes(log.blockHash),
    big(log.blockNumber),
    bytes(log.transactionHash),
    big(log.transactionIndex),
    big(log.logIndex),
    big(log.logIndex),
    0, // logType: null
    0, // removed: null
  ]);
}

function writeReceipt(mem: AscMemory, r: ChainReceipt): number {
  const bytes = (h: Hex) => mem.writeBytes(fromHex(h));
  const big = (n: bigint | number) => mem.writeBigInt(BigInt(n));
  return mem.writeObject("TransactionReceipt", [
    bytes(r.transactionHash),
    big(r.transactionIndex),
    bytes(r.blockHash),
    big(r.blockNumber),
    big(r.cumulativeGasUsed),
    big(r.gasUsed),
    bytes(r.contractAddress ?? "0x0000000000000000000000000000000000000000"),
    mem.writePointers(
      r.logs.map((l) => writeLog(mem, l)),
      "ArrayLog",
    ),
    big(r.status),
    bytes(r.root ?? "0x"),
    bytes(r.logsBloom),
  ]);
}
