/**
 * Reusing one WASM instance for many triggers without letting any state through: graph-node gives
 * every trigger a fresh instance, and so does this host, but instantiating costs more than many
 * handlers. A fresh instance of a module is fully described, once its start function has run, by
 * its linear memory and its mutable globals (the AssemblyScript allocator's bump pointer,
 * module-level `let`s and lazily initialized constants); its function table is never written by
 * AssemblyScript code. So the host takes a snapshot of both right after `_start` and, before each
 * later trigger, writes it back: the snapshot's bytes over the start of memory, zeros over the rest
 * (a fresh instance's memory is zero beyond what `_start` wrote), and every mutable global's value.
 * The handler then sees exactly what a fresh instance would — the only difference is `memory.size`,
 * which keeps the pages an earlier trigger grew (AssemblyScript's allocator reads it only to decide
 * when to grow).
 *
 * Mutable globals are not readable from JavaScript unless exported, so `exportMutableGlobals`
 * rewrites the module binary to export each of them under `__peper_global_<index>`. It returns null
 * (the host then instantiates per trigger, as before) for anything it does not fully understand: an
 * unparseable section, a global type JavaScript cannot hold (v128), imported mutable globals, or a
 * module without an export section.
 */

/** The export-name prefix of the rewritten module's mutable globals. */
export const GLOBAL_PREFIX = "__peper_global_";

class Reader {
  pos: number;
  private readonly b: Uint8Array;
  constructor(b: Uint8Array, pos = 0) {
    this.b = b;
    this.pos = pos;
  }
  byte(): number {
    if (this.pos >= this.b.length) throw new Error("unexpected end of module");
    return this.b[this.pos++]!;
  }
  /** An unsigned LEB128 (u32). */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error("LEB128 too long");
    }
  }
  /** Skips a (signed or unsigned) LEB128 of any width. */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }
  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.b.length) throw new Error("unexpected end of module");
  }
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Value types a WebAssembly.Global can hold in JavaScript: i32, i64, f32, f64, funcref, externref. */
const JS_VALUE_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x70, 0x6f]);

function skipLimits(r: Reader): void {
  const flags = r.byte();
  r.skipLeb();
  if (flags & 1) r.skipLeb();
}

/** Skips a constant expression (a global's initializer) up to and including its `end`. */
function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.byte();
    switch (op) {
      case 0x0b: // end
        return;
      case 0x41: // i32.const
      case 0x42: // i64.const
      case 0x23: // global.get
      case 0xd2: // ref.func
        r.skipLeb();
        break;
      case 0x43: // f32.const
        r.skip(4);
        break;
      case 0x44: // f64.const
        r.skip(8);
        break;
      case 0xd0: // ref.null
        r.byte();
        break;
      case 0x6a: // i32.add, i32.sub, i32.mul, i64.add, i64.sub, i64.mul (extended constant expressions)
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        break;
      default:
        throw new Error(`unsupported opcode 0x${op.toString(16)} in a constant expression`);
    }
  }
}

/**
 * The module with every mutable global it defines exported as `__peper_global_<index>`, and those
 * export names; null when the module cannot be rewritten safely (see the file comment).
 */
export function exportMutableGlobals(wasm: Uint8Array): { wasm: Uint8Array; globals: string[] } | null {
  try {
    if (wasm.length < 8 || wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) return null;
    const r = new Reader(wasm, 8);
    let importedGlobals = 0;
    const mutable: number[] = [];
    let exportSection: { start: number; end: number; contentStart: number } | null = null;
    while (r.pos < wasm.length) {
      const start = r.pos;
      const id = r.byte();
      const size = r.u32();
      const contentStart = r.pos;
      const end = contentStart + size;
      if (end > wasm.length) return null;
      if (id === 2) {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          r.skip(r.u32()); // module
          r.skip(r.u32()); // name
          const kind = r.byte();
          if (kind === 0x00) r.skipLeb();
          else if (kind === 0x01) {
            r.byte();
            skipLimits(r);
          } else if (kind === 0x02) skipLimits(r);
          else if (kind === 0x03) {
            r.byte();
            if (r.byte() !== 0) return null; // an imported mutable global: state we cannot snapshot here
            importedGlobals++;
          } else return null;
        }
      } else if (id === 6) {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const type = r.byte();
          const mut = r.byte();
          skipConstExpr(r);
          if (mut === 1) {
            if (!JS_VALUE_TYPES.has(type)) return null;
            mutable.push(importedGlobals + i);
          }
        }
      } else if (id === 7) {
        exportSection = { start, end, contentStart };
      }
      r.pos = end;
    }
    if (!exportSection) return null;
    const er = new Reader(wasm, exportSection.contentStart);
    const count = er.u32();
    const entries = wasm.subarray(er.pos, exportSection.end);
    const extra: number[] = [];
    const globals: string[] = [];
    for (const index of mutable) {
      const name = new TextEncoder().encode(`${GLOBAL_PREFIX}${index}`);
      extra.push(...leb(name.length), ...name, 0x03, ...leb(index));
      globals.push(`${GLOBAL_PREFIX}${index}`);
    }
    const countBytes = leb(count + mutable.length);
    const contentSize = countBytes.length + entries.length + extra.length;
    const header = [7, ...leb(contentSize)];
    const out = new Uint8Array(wasm.length - (exportSection.end - exportSection.start) + header.length + contentSize);
    let o = 0;
    out.set(wasm.subarray(0, exportSection.start), o);
    o += exportSection.start;
    out.set(header, o);
    o += header.length;
    out.set(countBytes, o);
    o += countBytes.length;
    out.set(entries, o);
    o += entries.length;
    out.set(extra, o);
    o += extra.length;
    out.set(wasm.subarray(exportSection.end), o);
    return { wasm: out, globals };
  } catch {
    return null;
  }
}

/** An instance's state right after `_start`: its memory and mutable globals. */
export class InstanceSnapshot {
  private readonly bytes: Uint8Array;
  private readonly globals: readonly { readonly global: WebAssembly.Global; readonly value: unknown }[];

  constructor(memory: WebAssembly.Memory, globals: readonly WebAssembly.Global[]) {
    this.bytes = new Uint8Array(memory.buffer).slice();
    this.globals = globals.map((global) => ({ global, value: global.value }));
  }

  /** The size of the memory when the snapshot was taken. */
  get size(): number {
    return this.bytes.length;
  }

  /** Puts the instance back in the state of the snapshot (memory beyond it zeroed). */
  restore(memory: WebAssembly.Memory): void {
    const now = new Uint8Array(memory.buffer);
    now.set(this.bytes, 0);
    now.fill(0, this.bytes.length);
    for (const { global, value } of this.globals) global.value = value;
  }
}
