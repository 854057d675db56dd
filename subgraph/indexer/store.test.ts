// Store durability: what a batch commits is there after reopening the SQLite file (entities with
// every value kind, deletions, the reverse index, dynamic data sources, cursor and meta), and a
// reset empties the file.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

import { BigDecimal } from "./numbers.ts";
import { parseSchema } from "./schema.ts";
import { BlockState, EntityStore, WriteBatch } from "./store.ts";
import type { Entity, Value } from "./values.ts";

const schema = parseSchema(`
  type Pool @entity(immutable: false) {
    id: Bytes!
    name: String!
    fee: Int!
    big: BigInt!
    price: BigDecimal!
    seen: Int8!
    at: Timestamp!
    live: Boolean!
    tags: [String!]!
    note: String
    positions: [Position!]! @derivedFrom(field: "pool")
  }
  type Position @entity(immutable: false) {
    id: ID!
    pool: Pool!
  }
`);

const POOL = "0x00000000000000000000000000000000000000aa";
const pool = (): Entity =>
  new Map<string, Value>([
    ["name", { kind: "String", value: "A/B" }],
    ["fee", { kind: "Int", value: -3 }],
    ["big", { kind: "BigInt", value: -(2n ** 200n) }],
    ["price", { kind: "BigDecimal", value: BigDecimal.parse("-0.000123") }],
    ["seen", { kind: "Int8", value: 2n ** 62n }],
    ["at", { kind: "Timestamp", value: 1_700_000_000_000_000n }],
    ["live", { kind: "Bool", value: true }],
    ["tags", { kind: "Array", value: [{ kind: "String", value: "x" }] }],
  ]);

describe("entity store durability", () => {
  const dir = mkdtempSync(join(tmpdir(), "peper-indexer-store-"));
  const path = join(dir, "nested", "store.sqlite");
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reopens with the same entities, index, data sources, cursor and meta", () => {
    const store = EntityStore.open(path, schema);
    const batch = new WriteBatch();
    const block = new BlockState(store, batch, 7n);
    block.set("Pool", POOL, pool());
    block.set("Position", "p1", new Map([["pool", { kind: "Bytes", value: POOL }]]));
    block.set("Position", "p2", new Map([["pool", { kind: "Bytes", value: POOL }]]));
    block.dataSources.push({
      template: "Pair",
      address: "0x00000000000000000000000000000000000000bb",
      context: new Map([["factory", { kind: "Bytes", value: POOL }]]),
      createdAt: 7n,
    });
    batch.absorb(block);
    store.commit(batch, { number: 8n, hash: "0x08", timestamp: 96n }, { chainId: 31337, manifestHash: "h1" });
    const expected = store.get("Pool", POOL);
    store.close();

    const again = EntityStore.open(path, schema);
    assert.deepEqual(again.get("Pool", POOL), expected);
    assert.equal((again.get("Pool", POOL)!.get("price") as { value: BigDecimal }).value.toString(), "-0.000123");
    assert.deepEqual([...again.related("Position", "pool", POOL)].sort(), ["p1", "p2"]);
    assert.equal(again.changedAt("Pool", POOL), 7n);
    assert.equal(again.count(), 3);
    assert.deepEqual(again.meta, {
      chainId: 31337,
      manifestHash: "h1",
      cursor: { number: 8n, hash: "0x08", timestamp: 96n },
    });
    assert.deepEqual(again.dataSources, [
      {
        template: "Pair",
        address: "0x00000000000000000000000000000000000000bb",
        context: new Map([["factory", { kind: "Bytes", value: POOL }]]),
        createdAt: 7n,
      },
    ]);

    // A later batch: a removal and an update, committed with the cursor.
    const next = new WriteBatch();
    const b9 = new BlockState(again, next, 9n);
    b9.remove("Position", "p2");
    b9.set("Pool", POOL, new Map([["note", { kind: "String", value: "hi" }]]));
    next.absorb(b9);
    again.commit(next, { number: 9n, hash: "0x09", timestamp: 108n }, { chainId: 31337, manifestHash: "h1" });
    again.close();

    const third = EntityStore.open(path, schema);
    assert.equal(third.get("Position", "p2"), undefined);
    assert.deepEqual([...third.related("Position", "pool", POOL)], ["p1"]);
    assert.deepEqual(third.get("Pool", POOL)!.get("note"), { kind: "String", value: "hi" });
    assert.deepEqual(third.get("Pool", POOL)!.get("fee"), { kind: "Int", value: -3 });
    assert.equal(third.meta.cursor?.number, 9n);
    third.close();
  });

  it("leaves nothing after a reset", () => {
    const store = EntityStore.open(path, schema);
    assert.ok(store.count() > 0);
    store.reset();
    assert.equal(store.count(), 0);
    assert.equal(store.meta.cursor, null);
    store.close();
    const again = EntityStore.open(path, schema);
    assert.equal(again.count(), 0);
    assert.deepEqual(again.dataSources, []);
    assert.deepEqual(again.meta, { chainId: null, manifestHash: null, cursor: null });
    again.close();
  });

  it("keeps nothing of a batch whose commit failed", () => {
    const store = EntityStore.open(path, schema);
    const batch = new WriteBatch();
    const one = new BlockState(store, batch, 1n);
    one.set("Position", "p8", new Map([["pool", { kind: "Bytes", value: POOL }]]));
    batch.absorb(one);
    // A block number SQLite cannot bind makes the transaction fail after p8 was written.
    const huge = new BlockState(store, batch, 2n ** 70n);
    huge.set("Position", "p9", new Map([["pool", { kind: "Bytes", value: POOL }]]));
    batch.absorb(huge);
    assert.throws(() => store.commit(batch, { number: 3n, hash: "0x03", timestamp: 0n }));
    assert.equal(store.get("Position", "p8"), undefined);
    assert.equal(store.meta.cursor, null);
    store.close();
    const again = EntityStore.open(path, schema);
    assert.equal(again.get("Position", "p8"), undefined);
    assert.equal(again.count(), 0);
    again.close();
  });
});
