// Instance reuse (snapshot.ts, host.ts): a reused instance, restored to its state right after
// `_start`, is indistinguishable from a fresh one. A hand-assembled module checks each piece of
// state (mutable global, data segment, memory written by `_start`, memory beyond the snapshot in a
// page an earlier trigger grew) and the cases that must not reuse (a `_start` calling a
// trigger-dependent host function, a failed handler, reuse turned off). Then the fixture subgraph,
// whose Pair mapping fails if a mutable global, an object made by `_start` or a static array keeps
// a value from an earlier trigger, indexes the same chain with and without reuse to the same store.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { MappingError, MappingModule, type TriggerContext } from "./host.ts";
import { silentLogger } from "./log.ts";
import { parseSchema } from "./schema.ts";
import { createIndexerService } from "./service.ts";
import { exportMutableGlobals, GLOBAL_PREFIX } from "./snapshot.ts";
import { BlockState, EntityStore, WriteBatch } from "./store.ts";
import { address, artifactEvent, buildFixture, SyntheticChain, writeFixtureManifest } from "./testing.ts";
import { encodeEntity } from "./values.ts";

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Buffer.from(s)];
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/**
 * A module shaped like a graph-cli build (exports memory, `__new`, `id_of_type`, `_start` and a
 * handler) whose handler traps unless it sees a fresh instance: the mutable global is 1 (set by
 * `_start`), memory[16] is 7 (data segment), memory[32] is 5 (written by `_start`) and memory[65544]
 * (in a second page the handler grows) is 0. The handler then changes all of them. It also traps
 * when its argument is 1. With `impureStart`, `_start` calls `ens.nameByHash`, a host function that
 * is not pure.
 */
function testModule(impureStart: boolean): Uint8Array {
  const I32 = 0x7f;
  const types = vec([
    [0x60, 0, 0], // 0: () -> ()
    [0x60, 2, I32, I32, 1, I32], // 1: (i32, i32) -> i32
    [0x60, 1, I32, 1, I32], // 2: (i32) -> i32
    [0x60, 1, I32, 0], // 3: (i32) -> ()
  ]);
  const imports = impureStart ? vec([[...name("index"), ...name("ens.nameByHash"), 0x00, 2]]) : vec([]);
  const f = impureStart ? 1 : 0;
  const load = (addr: number[]) => [0x41, ...addr, 0x28, 2, 0];
  const store = (addr: number[], v: number) => [0x41, ...addr, 0x41, v, 0x36, 2, 0];
  const trapIf = [0x04, 0x40, 0x00, 0x0b];
  const HIGH = [0x88, 0x80, 0x04]; // 65544 as a signed LEB128
  const incGlobal = [0x23, 0, 0x41, 1, 0x6a, 0x24, 0];
  const body = (code: number[]) => [...uleb(code.length + 2), 0, ...code, 0x0b];
  const code = vec([
    body([0x41, 0]), // __new
    body([0x41, 0]), // id_of_type
    body([...(impureStart ? [0x41, 0, 0x10, 0, 0x1a] : []), ...store([32], 5), ...incGlobal]), // _start
    body([
      0x20,
      0,
      0x41,
      1,
      0x46,
      ...trapIf, // argument 1: trap
      0x23,
      0,
      0x41,
      1,
      0x47,
      ...trapIf, // global ≠ 1
      ...load([16]),
      0x41,
      7,
      0x47,
      ...trapIf, // data segment changed
      ...load([32]),
      0x41,
      5,
      0x47,
      ...trapIf, // what _start wrote changed
      0x3f,
      0,
      0x41,
      1,
      0x46,
      0x04,
      0x40,
      0x41,
      1,
      0x40,
      0,
      0x1a,
      0x0b, // grow to 2 pages if at 1
      ...load(HIGH),
      ...trapIf, // memory beyond the snapshot not zero
      ...store([16], 8),
      ...store([32], 6),
      ...store(HIGH, 9),
      ...incGlobal,
    ]),
  ]);
  const exports = vec([
    [...name("memory"), 0x02, 0],
    [...name("__new"), 0x00, f],
    [...name("id_of_type"), 0x00, f + 1],
    [...name("_start"), 0x00, f + 2],
    [...name("handle"), 0x00, f + 3],
  ]);
  const data = vec([[0x00, 0x41, 16, 0x0b, 4, 7, 0, 0, 0]]); // memory[16..20) = 7
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, vec([[1], [2], [0], [3]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(6, vec([[I32, 1, 0x41, 0, 0x0b]])),
    ...section(7, exports),
    ...section(10, code),
    ...section(11, data),
  ]);
}

describe("WASM instance reuse", () => {
  let ctx: TriggerContext;
  before(() => {
    const store = EntityStore.open(":memory:", parseSchema("type X @entity(immutable: false) { id: ID! }"));
    ctx = {
      block: new BlockState(store, new WriteBatch(), 1n),
      dataSource: { name: "T", network: "hardhat", address: null, context: null },
      templates: [],
      logger: silentLogger,
    };
  });
  const runs = (m: MappingModule, n: number) => {
    for (let i = 0; i < n; i++) m.run("handle", ctx, () => 0);
  };

  it("exports every mutable global of the module", () => {
    const rewritten = exportMutableGlobals(testModule(false));
    assert.ok(rewritten);
    assert.deepEqual(rewritten.globals, [`${GLOBAL_PREFIX}0`]);
    const fixture = buildFixture();
    const pair = exportMutableGlobals(readFileSync(join(fixture, "build/templates/Pair/Pair.wasm")));
    assert.ok(pair && pair.globals.length > 0, "graph-cli's build has mutable globals (the allocator's at least)");
    assert.equal(exportMutableGlobals(Uint8Array.from([1, 2, 3])), null);
  });

  it("restores globals, data segments, memory written by _start and zeroes grown pages", () => {
    const m = new MappingModule("T", testModule(false));
    runs(m, 5);
    assert.deepEqual(m.stats, { instantiated: 1, reused: 4 });
  });

  it("instantiates per trigger when _start calls a trigger-dependent host function", () => {
    const m = new MappingModule("T", testModule(true));
    runs(m, 3);
    assert.deepEqual(m.stats, { instantiated: 3, reused: 0 });
  });

  it("instantiates per trigger when reuse is off, and after a failed handler", () => {
    const off = new MappingModule("T", testModule(false), { reuseInstances: false });
    runs(off, 3);
    assert.deepEqual(off.stats, { instantiated: 3, reused: 0 });
    const m = new MappingModule("T", testModule(false));
    runs(m, 2);
    assert.throws(() => m.run("handle", ctx, () => 1), MappingError);
    runs(m, 2);
    // The failed trigger ran in a restored instance; the one after it gets a new instance.
    assert.deepEqual(m.stats, { instantiated: 2, reused: 3 });
  });
});

describe("instance reuse on the fixture subgraph", () => {
  let fixture: string;
  let tmp: string;
  let manifest: string;
  before(() => {
    fixture = buildFixture();
    tmp = mkdtempSync(join(tmpdir(), "peper-indexer-reuse-"));
    manifest = writeFixtureManifest(fixture, { factory: address(0xfac), file: `reuse-test-${process.pid}.yaml` });
  });
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(manifest, { force: true });
  });

  it("indexes a chain to the same store as fresh instances, with the mapping's leak checks passing", async () => {
    const Transfer = artifactEvent("DemoToken", "Transfer");
    const PairCreated = artifactEvent("PeperFactory", "PairCreated");
    const Sync = artifactEvent("PeperPair", "Sync");
    const pairs = [address(0x9a1), address(0x9a2)];
    const chain = new SyntheticChain();
    chain.block([
      pairs.map((pair, i) => ({
        address: address(0xfac),
        event: PairCreated,
        args: { token0: address(0xa), token1: address(0xb), pair, allPairsLength: BigInt(i + 1) },
      })),
    ]);
    for (let b = 0; b < 30; b++) {
      chain.block([
        [{ address: address(0xa), event: Transfer, args: { from: address(0), to: address(0x100 + b), value: 10n } }],
        ...pairs.map((pair, i) => [
          { address: pair, event: Sync, args: { reserve0: BigInt(1000 + b), reserve1: BigInt(2000 + 7 * b + i) } },
          { address: pair, event: Sync, args: { reserve0: BigInt(1001 + b), reserve1: BigInt(3000 + b) } },
        ]),
      ]);
    }
    const dump = async (reuseInstances: boolean) => {
      const s = createIndexerService({
        manifestPath: manifest,
        buildDir: join(fixture, "build"),
        dbPath: join(tmp, `reuse-${reuseInstances}.sqlite`),
        source: chain.source,
        rangeSize: 7,
        reuseInstances,
      });
      try {
        await s.indexer.sync();
        assert.equal(s.health().error, null);
        assert.equal(s.health().state, "synced");
        const stats = s.manifest.templates[0]!.module.stats;
        if (reuseInstances) assert.ok(stats.reused >= 100, `the Pair mapping reused its instance (${stats.reused})`);
        else assert.equal(stats.reused, 0);
        const out: Record<string, string[]> = {};
        for (const type of s.store.schema.entities.keys()) out[type] = [...s.store.all(type)].map(encodeEntity).sort();
        return out;
      } finally {
        await s.close();
      }
    };
    const reused = await dump(true);
    assert.equal(reused["Sync"]!.length, 120);
    assert.deepEqual(reused, await dump(false));
  });
});
