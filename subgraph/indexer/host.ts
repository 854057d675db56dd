/**
 * The WASM host: runs a subgraph's real compiled mappings (graph-cli's AssemblyScript output) in
 * Node with graph-ts's host functions. Like graph-node, every trigger sees a fresh instance of the
 * compiled module (`_start` has run), so mappings keep no state between triggers; the store
 * writes of a trigger go to the block's `BlockState`, committed by the indexer.
 *
 * Instantiating costs more than many handlers, so a module keeps its last instance and, before the
 * next trigger, restores the snapshot of memory and mutable globals taken right after `_start`
 * (snapshot.ts): the handler sees exactly a fresh instance. Not reused, and instantiated per trigger
 * as before: modules the binary rewrite does not understand, modules whose `_start` calls a host
 * function that depends on the trigger (store, data source, logging: its result would be baked into
 * the snapshot), an instance whose handler failed, and one whose memory grew past 2 MiB (restoring
 * it would cost more than instantiating).
 *
 * Host functions are matched by their import name (`store.get`, `bigInt.plus`, ...), whatever the
 * import module (graph-ts file) they come from. A module importing a function this host does not
 * provide is refused when it is loaded, naming the function. Errors in host functions, `abort`
 * and critical logs fail the handler (a deterministic error: the indexer stops at that block).
 *
 * `ethereum.call` performs an eth_call at the event's block through the trigger's `ethCall`
 * (calls.ts: a revert is null to the mapping, an unanswered call interrupts the handler with
 * `PendingCall`, which the indexer answers before running it again).
 *
 * Not available (clear errors): `ethereum.getBalance`/`hasCode`, `ipfs.*`, `yaml.*`,
 * `arweave.*`, `box.*`. `ens.nameByHash` returns null.
 */
import {
  decodeAbiParameters,
  encodeAbiParameters,
  keccak256,
  parseAbiParameters,
  toFunctionSelector,
  type AbiParameter,
} from "viem";

import { AscMemory, type MappingExports } from "./asc.ts";
import { canonicalType, decodeToken, encodeToken, readToken, writeToken, type Param } from "./ethereum.ts";
import { PendingCall, type EthCallOutcome } from "./calls.ts";
import type { Level, Logger } from "./log.ts";
import { BigDecimal, bigIntToHex, checkBigIntSize, NumberError, parseBigInt } from "./numbers.ts";
import { exportMutableGlobals, InstanceSnapshot } from "./snapshot.ts";
import type { BlockState, DynamicDataSource } from "./store.ts";
import { toHex, type Entity, type Hex } from "./values.ts";

/** A deterministic failure of a handler (mapping abort, host error, critical log). */
export class MappingError extends Error {
  override name = "MappingError";
}

/** What a running handler can see and do besides its argument. */
export interface TriggerContext {
  readonly block: BlockState;
  readonly dataSource: {
    readonly name: string;
    readonly network: string;
    readonly address: Hex | null;
    readonly context: Entity | null;
  };
  /** Template names the running data source may instantiate. */
  readonly templates: readonly string[];
  readonly logger: Logger;
  /**
   * `ethereum.call` at the trigger's block: the call's outcome, or `PendingCall` thrown while the
   * indexer has not fetched it yet. Absent: calls fail the handler (no chain to call).
   */
  readonly ethCall?: (to: Hex, data: Hex) => EthCallOutcome;
}

const LOG_LEVELS: readonly Level[] = ["critical", "error", "warn", "info", "debug"];
const ZERO_ADDRESS = new Uint8Array(20);
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = BASE58[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = "1" + out;
  }
  return out;
}

/** Host functions take i32 pointers/values and return a pointer, number, i64 bigint or nothing. */
type HostFn = (...args: number[]) => unknown;

function unsupported(name: string, why: string): HostFn {
  return () => {
    throw new MappingError(`${name} is not supported by the embedded indexer: ${why}`);
  };
}

/** The state of the instance currently running (set per trigger). */
interface Running {
  mem: AscMemory;
  ctx: TriggerContext;
}

/** An instance of the module with its memory view and, once `_start` has run, its snapshot. */
interface Live {
  readonly exports: MappingExports;
  readonly mem: AscMemory;
  snapshot: InstanceSnapshot | null;
}

/**
 * Host functions whose result depends only on their arguments: `_start` may call them and its
 * snapshot still holds for every trigger. Any other host call during `_start` disables reuse.
 */
const PURE_PREFIXES = [
  "bigInt.",
  "bigDecimal.",
  "typeConversion.",
  "crypto.",
  "json.",
  "ethereum.encode",
  "ethereum.decode",
];
/** Above this memory size an instance is dropped rather than restored. */
const MAX_REUSED_MEMORY = 2 * 1024 * 1024;

export interface MappingModuleOptions {
  /**
   * Reuse one instance across triggers, restored to its post-`_start` snapshot before each
   * (default true); false instantiates the module for every trigger.
   */
  readonly reuseInstances?: boolean;
}

/** A compiled mapping module (one per data source or template). */
export class MappingModule {
  readonly name: string;
  /** Whether the module imports `ethereum.call` (its triggers may need to run again, see calls.ts). */
  readonly callsContracts: boolean;
  /** Instances created and triggers that ran in a restored instance instead. */
  readonly stats = { instantiated: 0, reused: 0 };
  private readonly module: WebAssembly.Module;
  private running: Running | null = null;
  private readonly imports: WebAssembly.Imports;
  private readonly host: Record<string, HostFn>;
  /** Export names of the mutable globals (null: the module is not reusable). */
  private globals: readonly string[] | null;
  /** An idle instance to restore for the next trigger. */
  private kept: Live | null = null;
  /** Set while `_start` runs; `impureStart` records a call to a host function that is not pure. */
  private starting = false;
  private impureStart = false;

  /** Compiles `wasm`; throws if it imports a host function we do not provide. */
  constructor(name: string, wasm: Uint8Array, options: MappingModuleOptions = {}) {
    this.name = name;
    const rewritten = options.reuseInstances === false ? null : exportMutableGlobals(wasm);
    let module: WebAssembly.Module | null = null;
    if (rewritten) {
      try {
        module = new WebAssembly.Module(rewritten.wasm);
      } catch {
        module = null; // e.g. an export name clash: fall back to the module as built
      }
    }
    this.globals = module && rewritten ? rewritten.globals : null;
    this.module = module ?? new WebAssembly.Module(wasm);
    const fns = (this.host = this.hostFunctions());
    const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
    for (const imp of WebAssembly.Module.imports(this.module)) {
      if (imp.kind !== "function") {
        throw new Error(
          `mapping ${name} imports ${imp.kind} \`${imp.module}.${imp.name}\`, which the host does not provide`,
        );
      }
      const fn = fns[imp.name];
      if (!fn) {
        throw new Error(
          `mapping ${name} imports host function \`${imp.name}\` (module \`${imp.module}\`), which this indexer does not provide`,
        );
      }
      const pure = PURE_PREFIXES.some((p) => imp.name.startsWith(p));
      (imports[imp.module] ??= {})[imp.name] = pure
        ? fn
        : (...args: number[]) => {
            if (this.starting) this.impureStart = true;
            return fn(...args);
          };
    }
    this.imports = imports;
    this.callsContracts = WebAssembly.Module.imports(this.module).some((i) => i.name === "ethereum.call");
    const exported = new Set(WebAssembly.Module.exports(this.module).map((e) => e.name));
    for (const required of ["memory", "__new", "id_of_type"]) {
      if (!exported.has(required))
        throw new Error(`mapping ${name} does not export \`${required}\` (not built by graph-cli?)`);
    }
  }

  /** Exported function names (handlers). */
  get exportNames(): string[] {
    return WebAssembly.Module.exports(this.module)
      .filter((e) => e.kind === "function")
      .map((e) => e.name);
  }

  /**
   * Runs `handler` in a fresh instance (or one restored to exactly that state): `argument` writes
   * the handler's argument into the instance's memory and returns its pointer. Host and mapping
   * failures throw `MappingError`.
   */
  run(handler: string, ctx: TriggerContext, argument: (mem: AscMemory) => number): void {
    let live = this.kept;
    this.kept = null;
    let ok = false;
    try {
      if (live) {
        live.snapshot!.restore(live.exports.memory);
        this.stats.reused++;
        this.running = { mem: live.mem, ctx };
      } else {
        const instance = new WebAssembly.Instance(this.module, this.imports);
        const exports = instance.exports as unknown as MappingExports;
        live = { exports, mem: new AscMemory(exports), snapshot: null };
        this.stats.instantiated++;
        this.running = { mem: live.mem, ctx };
        this.start(live);
      }
      const fn = live.exports[handler];
      if (typeof fn !== "function")
        throw new MappingError(`mapping ${this.name} has no exported handler \`${handler}\``);
      (fn as (ptr: number) => void)(argument(live.mem));
      ok = true;
    } catch (e) {
      if (e instanceof MappingError || e instanceof PendingCall) throw e;
      const err = e as Error;
      throw new MappingError(
        err instanceof WebAssembly.RuntimeError ? `WASM runtime error: ${err.message}` : err.message,
      );
    } finally {
      this.running = null;
      // Keep the instance for the next trigger unless the handler failed or its memory grew large.
      if (ok && live?.snapshot && live.exports.memory.buffer.byteLength <= MAX_REUSED_MEMORY) this.kept = live;
    }
  }

  /** Runs `_start` and, when the module is reusable and `_start` was pure, snapshots the instance. */
  private start(live: Live): void {
    this.starting = true;
    this.impureStart = false;
    try {
      live.exports._start?.();
    } finally {
      this.starting = false;
    }
    if (this.impureStart) this.globals = null; // its state may depend on this trigger: never reuse
    if (!this.globals) return;
    const globals = this.globals.map((name) => live.exports[name] as WebAssembly.Global);
    live.snapshot = new InstanceSnapshot(live.exports.memory, globals);
  }

  /**
   * Runs `fn` against a fresh instance (after `_start`) with access to its memory and to the host
   * functions by name, as a mapping would call them. For tests and debugging.
   */
  withInstance<T>(
    ctx: TriggerContext,
    fn: (mem: AscMemory, host: (name: string, ...args: number[]) => unknown) => T,
  ): T {
    const instance = new WebAssembly.Instance(this.module, this.imports);
    const exports = instance.exports as unknown as MappingExports;
    const mem = new AscMemory(exports);
    this.running = { mem, ctx };
    try {
      exports._start?.();
      return fn(mem, (name, ...args) => {
        const f = this.host[name];
        if (!f) throw new Error(`no host function ${name}`);
        return f(...args);
      });
    } finally {
      this.running = null;
    }
  }

  private get cur(): Running {
    if (!this.running) throw new MappingError("host function called outside of a handler");
    return this.running;
  }

  private hostFunctions(): Record<string, HostFn> {
    const m = () => this.cur.mem;
    const ctx = () => this.cur.ctx;
    const big = (p: number) => m().readBigInt(p);
    const wbig = (n: bigint) => m().writeBigInt(checkBigIntSize(n));
    const dec = (p: number) => m().readBigDecimal(p);
    const wdec = (d: BigDecimal) => m().writeBigDecimal(d);
    const s = (p: number) => m().readString(p);

    return {
      abort: (msg, file, line, column) => {
        const mem = m();
        const message = mem.readNullableString(msg);
        const fileName = mem.readNullableString(file);
        const where =
          fileName === null ? "an unknown location" : line ? `${fileName}, line ${line}, column ${column}` : fileName;
        throw new MappingError(
          `Mapping aborted at ${where}, with ${message === null ? "no message" : `message: ${message}`}`,
        );
      },

      // --- store -----------------------------------------------------------------------------
      "store.get": (type, id) => {
        const e = ctx().block.get(s(type), s(id));
        return e ? m().writeEntity(e) : 0;
      },
      "store.get_in_block": (type, id) => {
        const e = ctx().block.getInBlock(s(type), s(id));
        return e ? m().writeEntity(e) : 0;
      },
      "store.set": (type, id, data) => {
        ctx().block.set(s(type), s(id), m().readEntity(data));
      },
      "store.remove": (type, id) => {
        ctx().block.remove(s(type), s(id));
      },
      "store.loadRelated": (type, id, field) => {
        const list = ctx().block.loadRelated(s(type), s(id), s(field));
        const mem = m();
        return mem.writePointers(
          list.map((e) => mem.writeEntity(e)),
          "ArrayTypedMapEntryStringStoreValue",
        );
      },

      // --- BigInt ------------------------------------------------------------------------------
      "bigInt.plus": (x, y) => wbig(big(x) + big(y)),
      "bigInt.minus": (x, y) => wbig(big(x) - big(y)),
      "bigInt.times": (x, y) => wbig(big(x) * big(y)),
      "bigInt.dividedBy": (x, y) => {
        const d = big(y);
        if (d === 0n) throw new NumberError(`attempted to divide BigInt \`${big(x)}\` by zero`);
        return wbig(big(x) / d);
      },
      "bigInt.dividedByDecimal": (x, y) => wdec(BigDecimal.fromBigInt(big(x)).dividedBy(dec(y))),
      "bigInt.mod": (x, y) => {
        const d = big(y);
        if (d === 0n)
          throw new NumberError(`attempted to calculate the remainder of \`${big(x)}\` with a divisor of zero`);
        return wbig(big(x) % d);
      },
      "bigInt.pow": (x, exp) => wbig(big(x) ** BigInt(exp & 0xff)),
      "bigInt.fromString": (p) => wbig(parseBigInt(s(p))),
      "bigInt.bitOr": (x, y) => wbig(big(x) | big(y)),
      "bigInt.bitAnd": (x, y) => wbig(big(x) & big(y)),
      "bigInt.leftShift": (x, bits) => wbig(big(x) << BigInt(bits & 0xff)),
      "bigInt.rightShift": (x, bits) => wbig(big(x) >> BigInt(bits & 0xff)),

      // --- BigDecimal --------------------------------------------------------------------------
      "bigDecimal.plus": (x, y) => wdec(dec(x).plus(dec(y))),
      "bigDecimal.minus": (x, y) => wdec(dec(x).minus(dec(y))),
      "bigDecimal.times": (x, y) => wdec(dec(x).times(dec(y))),
      "bigDecimal.dividedBy": (x, y) => wdec(dec(x).dividedBy(dec(y))),
      "bigDecimal.equals": (x, y) => (dec(x).equals(dec(y)) ? 1 : 0),
      "bigDecimal.toString": (x) => m().writeString(dec(x).toString()),
      "bigDecimal.fromString": (p) => wdec(BigDecimal.parse(s(p))),

      // --- type conversions --------------------------------------------------------------------
      "typeConversion.bytesToString": (p) => {
        // Lossy UTF-8, without the trailing NULs of fixed-size buffers (as graph-node).
        let text = new TextDecoder("utf-8").decode(m().readBytes(p));
        while (text.endsWith("\u0000")) text = text.slice(0, -1);
        return m().writeString(text);
      },
      "typeConversion.bytesToHex": (p) => m().writeString(toHex(m().readBytes(p))),
      "typeConversion.bigIntToString": (p) => m().writeString(big(p).toString()),
      "typeConversion.bigIntToHex": (p) => m().writeString(bigIntToHex(big(p))),
      "typeConversion.stringToH160": (p) => {
        const text = s(p).replace(/^0x/, "");
        if (!/^[0-9a-fA-F]{40}$/.test(text)) {
          throw new MappingError(`Failed to convert string to Address/H160: '${text}'`);
        }
        return m().writeBytes(Buffer.from(text, "hex"));
      },
      "typeConversion.bytesToBase58": (p) => m().writeString(base58(m().readBytes(p))),

      // --- crypto, json, logging --------------------------------------------------------------
      "crypto.keccak256": (p) => m().writeBytes(keccak256(m().readBytes(p), "bytes")),
      "json.fromBytes": (p) => writeJson(m(), parseJson(m().readBytes(p))),
      "json.try_fromBytes": (p) => {
        const mem = m();
        let parsed: unknown;
        try {
          parsed = parseJson(mem.readBytes(p));
        } catch {
          const wrapped = mem.alloc(4, "WrappedBool");
          mem.setU32(wrapped, 1);
          return mem.writeObject("ResultJsonValueBool", [0, wrapped]);
        }
        return mem.writeObject("ResultJsonValueBool", [
          mem.writeObject("WrappedJsonValue", [writeJson(mem, parsed)]),
          0,
        ]);
      },
      "json.toI64": (p) => jsonInteger(s(p), -(2n ** 63n), 2n ** 63n - 1n, "i64"),
      "json.toU64": (p) => BigInt.asIntN(64, jsonInteger(s(p), 0n, 2n ** 64n - 1n, "u64")),
      "json.toF64": (p) => {
        const text = s(p);
        const n = Number(text);
        if (text.trim() === "" || Number.isNaN(n)) throw new MappingError(`JSON \`${text}\` cannot be parsed as f64`);
        // f64 results travel as their bit pattern through the i64 ABI slot only in wasm; return as number.
        return n;
      },
      "json.toBigInt": (p) => {
        const text = s(p);
        if (!/^-?\d+$/.test(text)) throw new MappingError(`JSON \`${text}\` is not a decimal string`);
        return wbig(BigInt(text));
      },
      "log.log": (level, msg) => {
        const c = ctx();
        const lvl = LOG_LEVELS[level] ?? "info";
        const text = s(msg);
        c.logger.log(lvl, text, { dataSource: c.dataSource.name, mapping: true });
        if (level === 0) throw new MappingError(`Critical error logged in mapping: ${text}`);
      },

      // --- data sources ------------------------------------------------------------------------
      "dataSource.create": (name, params) => this.createDataSource(s(name), m().readStringArray(params), null),
      "dataSource.createWithContext": (name, params, context) =>
        this.createDataSource(s(name), m().readStringArray(params), m().readEntity(context)),
      "dataSource.address": () => {
        const a = ctx().dataSource.address;
        return m().writeBytes(a ? Buffer.from(a.slice(2), "hex") : ZERO_ADDRESS);
      },
      "dataSource.network": () => m().writeString(ctx().dataSource.network),
      "dataSource.context": () => m().writeEntity(ctx().dataSource.context ?? new Map()),

      // --- ethereum ----------------------------------------------------------------------------
      "ethereum.encode": (p) => {
        try {
          return m().writeBytes(encodeToken(m(), p));
        } catch {
          return 0;
        }
      },
      "ethereum.decode": (types, data) => decodeToken(m(), s(types), m().readBytes(data)),
      "ethereum.call": (call) => this.ethereumCall(call),
      "ethereum.getBalance": unsupported("ethereum.getBalance", "only contract calls (ethereum.call) are provided"),
      "ethereum.hasCode": unsupported("ethereum.hasCode", "only contract calls (ethereum.call) are provided"),

      // --- not available ------------------------------------------------------------------------
      "ens.nameByHash": () => 0,
      "ipfs.cat": unsupported("ipfs.cat", "no IPFS access"),
      "ipfs.map": unsupported("ipfs.map", "no IPFS access"),
      "ipfs.getBlock": unsupported("ipfs.getBlock", "no IPFS access"),
      "yaml.fromBytes": unsupported("yaml.fromBytes", "YAML parsing is not implemented"),
      "yaml.try_fromBytes": unsupported("yaml.try_fromBytes", "YAML parsing is not implemented"),
      "arweave.transactionData": unsupported("arweave.transactionData", "no Arweave access"),
      "box.profile": unsupported("box.profile", "no 3Box access"),
    };
  }

  /**
   * `ethereum.call(SmartContractCall)`: encodes the call from its signature (`name(inputs):(outputs)`,
   * as graph-cli's generated bindings pass it), asks the trigger's `ethCall` and returns the decoded
   * outputs as `Array<ethereum.Value>`, or null when the call reverted. An answer that is empty or
   * does not decode as the outputs (a call to an account without code, a wrong ABI) is a revert too.
   */
  private ethereumCall(ptr: number): number {
    const { mem, ctx } = this.cur;
    const [, addressPtr, namePtr, signaturePtr, paramsPtr] = [0, 4, 8, 12, 16].map((o) => mem.u32(ptr + o)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const to = mem.readHex(addressPtr);
    const functionName = mem.readString(namePtr);
    const signature = mem.readString(signaturePtr);
    const m = /^([^(]+)\((.*?)\):\((.*)\)$/.exec(signature);
    if (!m)
      throw new MappingError(`ethereum.call: cannot parse the function signature \`${signature}\` of ${functionName}`);
    const parse = (list: string): readonly AbiParameter[] =>
      list.trim() === "" ? [] : (parseAbiParameters(list) as readonly AbiParameter[]);
    let inputs: readonly AbiParameter[];
    let outputs: readonly AbiParameter[];
    try {
      inputs = parse(m[2]!);
      outputs = parse(m[3]!);
    } catch (e) {
      throw new MappingError(
        `ethereum.call: invalid types in \`${signature}\`: ${(e as Error).message.split("\n")[0]}`,
      );
    }
    const args = mem.readPointers(paramsPtr).map((p) => readToken(mem, p).value);
    if (args.length !== inputs.length) {
      throw new MappingError(
        `ethereum.call: ${functionName} takes ${inputs.length} arguments (\`${signature}\`), ${args.length} given`,
      );
    }
    const selector = toFunctionSelector(`${m[1]}(${inputs.map((p) => canonicalType(p as Param)).join(",")})`);
    const data = `${selector}${encodeAbiParameters(inputs, args).slice(2)}` as Hex;
    if (!ctx.ethCall) throw new MappingError(`ethereum.call: no chain to call (${functionName} on ${to})`);
    const outcome = ctx.ethCall(to, data);
    if (outcome.reverted) {
      ctx.logger.debug("ethereum.call reverted", { to, function: functionName, reason: outcome.reason });
      return 0;
    }
    let values: readonly unknown[];
    try {
      if (outcome.data === "0x" && outputs.length > 0) throw new Error("empty answer");
      values = decodeAbiParameters(outputs, outcome.data);
    } catch (e) {
      ctx.logger.debug("ethereum.call answer does not decode: treated as a revert", {
        to,
        function: functionName,
        error: (e as Error).message.split("\n")[0],
      });
      return 0;
    }
    return mem.writePointers(
      outputs.map((p, i) => writeToken(mem, p as Param, values[i])),
      "ArrayEthereumValue",
    );
  }

  private createDataSource(name: string, params: string[], context: Entity | null): void {
    const c = this.cur.ctx;
    if (!c.templates.includes(name)) {
      throw new MappingError(
        `Failed to create data source from name \`${name}\`: No template with this name in parent data source \`${c.dataSource.name}\`. Available names: ${c.templates.join(", ")}.`,
      );
    }
    const address = (params[0] ?? "").toLowerCase();
    if (!/^0x[0-9a-f]{40}$/.test(address)) {
      throw new MappingError(
        `Failed to create data source \`${name}\`: invalid address parameter \`${params[0] ?? ""}\``,
      );
    }
    const ds: DynamicDataSource = { template: name, address: address as Hex, context, createdAt: c.block.number };
    c.block.dataSources.push(ds);
    c.logger.info("create data source", { template: name, address, block: c.block.number });
  }
}

function jsonInteger(text: string, min: bigint, max: bigint, type: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new MappingError(`JSON \`${text}\` cannot be parsed as ${type}`);
  const n = BigInt(text);
  if (n < min || n > max) throw new MappingError(`JSON \`${text}\` cannot be parsed as ${type}`);
  return n;
}

/** JSON numbers keep their source text (graph-ts's JSONValue NUMBER holds a string). */
class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

function parseJson(bytes: Uint8Array): unknown {
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  // Re-parse numbers from their source text so large integers keep every digit.
  return JSON.parse(text, (_key, value, context?: { source?: string }) =>
    typeof value === "number" ? new JsonNumber(context?.source ?? String(value)) : value,
  );
}

/** Writes a parsed JSON value as graph-ts's `JSONValue` (`{ kind, data }`). */
function writeJson(mem: AscMemory, v: unknown): number {
  const w = (kind: number, data: number | bigint) => mem.writeEnum("JsonValue", kind, data);
  if (v === null) return w(0, 0);
  if (typeof v === "boolean") return w(1, v ? 1 : 0);
  if (v instanceof JsonNumber) return w(2, mem.writeString(v.text));
  if (typeof v === "string") return w(3, mem.writeString(v));
  if (Array.isArray(v)) {
    return w(
      4,
      mem.writePointers(
        v.map((x) => writeJson(mem, x)),
        "ArrayJsonValue",
      ),
    );
  }
  const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) =>
    mem.writeObject("TypedMapEntryStringJsonValue", [mem.writeString(k), writeJson(mem, x)]),
  );
  return w(
    5,
    mem.writeObject("TypedMapStringJsonValue", [mem.writePointers(entries, "ArrayTypedMapEntryStringJsonValue")]),
  );
}
