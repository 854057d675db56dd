/**
 * The entity store. Committed state lives in memory (maps per entity type, plus a reverse index per
 * relation field for `@derivedFrom` lookups and relation filters) and durably in SQLite
 * (`node:sqlite`): one table of entities as JSON, the dynamic data sources created from templates,
 * and a meta table with the cursor (last block number and hash), the chain id and the manifest
 * hash. `commit` writes one batch of blocks in one SQLite transaction, then applies it to memory.
 *
 * Handlers never write to the committed state directly: their writes go to a `BlockState` (the
 * current block), which is folded into a `WriteBatch` (blocks processed but not yet committed)
 * when the block succeeds. Reads go block → batch → committed, like graph-node's entity cache.
 * Writes follow graph-node: `set` merges into the existing entity (a null value removes the
 * field), the result is validated against the schema, and immutable entities only allow inserts.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

import { typeOf, validateEntity, type EntityModel, type SchemaModel } from "./schema.ts";
import { DatabaseSync } from "./sqlite.ts";
import { decodeEntity, encodeEntity, fromHex, idString, toHex, type Entity, type Hex, type Value } from "./values.ts";

const FORMAT_VERSION = "1";

/** The last block indexed (every block up to it has been processed). */
export interface Cursor {
  readonly number: bigint;
  readonly hash: Hex;
  /** Unix seconds. */
  readonly timestamp: bigint;
}

/** A data source created from a template by `dataSource.create`. */
export interface DynamicDataSource {
  readonly template: string;
  readonly address: Hex;
  readonly context: Entity | null;
  /** The block in which it was created (it handles that block's events, then every later block's). */
  readonly createdAt: bigint;
}

export interface StoreMeta {
  readonly chainId: number | null;
  readonly manifestHash: string | null;
  readonly cursor: Cursor | null;
}

/** A deterministic mapping error raised by a store operation (validation, immutability). */
export class StoreError extends Error {
  override name = "StoreError";
}

type Changes = Map<string, Map<string, Entity | null>>;

function change(changes: Changes, type: string, id: string): Entity | null | undefined {
  return changes.get(type)?.get(id);
}

function put(changes: Changes, type: string, id: string, entity: Entity | null): void {
  let m = changes.get(type);
  if (!m) changes.set(type, (m = new Map()));
  m.set(id, entity);
}

/** Ids an entity's relation field refers to (one for a single relation, several for a list). */
function refs(value: Value | undefined): string[] {
  if (!value || value.kind === "Null") return [];
  if (value.kind === "Array") return value.value.filter((v) => v.kind !== "Null").map(idString);
  return [idString(value)];
}

/** Blocks processed but not yet committed: entity changes with the block that made them. */
export class WriteBatch {
  readonly changes: Changes = new Map();
  readonly changedAt = new Map<string, Map<string, bigint>>();
  readonly dataSources: DynamicDataSource[] = [];
  blocks = 0;
  triggers = 0;

  get isEmpty(): boolean {
    return this.changes.size === 0 && this.dataSources.length === 0;
  }

  /** Folds a successful block into the batch. */
  absorb(block: BlockState): void {
    for (const [type, m] of block.changes) {
      for (const [id, entity] of m) {
        put(this.changes, type, id, entity);
        let at = this.changedAt.get(type);
        if (!at) this.changedAt.set(type, (at = new Map()));
        at.set(id, block.number);
      }
    }
    this.dataSources.push(...block.dataSources);
    this.blocks++;
  }
}

/** The writes of the block being processed, read through to the batch and the committed store. */
export class BlockState {
  readonly changes: Changes = new Map();
  readonly dataSources: DynamicDataSource[] = [];
  readonly number: bigint;
  private readonly store: EntityStore;
  private readonly batch: WriteBatch;
  /** While a trigger may be undone: each write's previous state of `changes`, in order. */
  private journal: { type: string; id: string; previous: Entity | null | undefined }[] | null = null;
  private journalDataSources = 0;

  constructor(store: EntityStore, batch: WriteBatch, number: bigint) {
    this.store = store;
    this.batch = batch;
    this.number = number;
  }

  /** Starts recording this block's writes so that `rollback` can undo them (one trigger). */
  checkpoint(): void {
    this.journal = [];
    this.journalDataSources = this.dataSources.length;
  }

  /** Undoes the writes and data sources since `checkpoint` (a trigger that will run again). */
  rollback(): void {
    const journal = this.journal;
    if (!journal) return;
    for (let i = journal.length - 1; i >= 0; i--) {
      const { type, id, previous } = journal[i]!;
      if (previous === undefined) this.changes.get(type)?.delete(id);
      else put(this.changes, type, id, previous);
    }
    this.dataSources.length = this.journalDataSources;
    this.journal = null;
  }

  /** Keeps the writes since `checkpoint`. */
  release(): void {
    this.journal = null;
  }

  private write(type: string, id: string, entity: Entity | null): void {
    this.journal?.push({ type, id, previous: change(this.changes, type, id) });
    put(this.changes, type, id, entity);
  }

  /** The entity as the handler sees it now (null when absent or removed). */
  get(type: string, id: string): Entity | null {
    const b = change(this.changes, type, id);
    if (b !== undefined) return b;
    return this.before(type, id);
  }

  /** The entity as it was before this block. */
  private before(type: string, id: string): Entity | null {
    const w = change(this.batch.changes, type, id);
    if (w !== undefined) return w;
    return this.store.get(type, id) ?? null;
  }

  /** `store.get_in_block`: only entities written in this block. */
  getInBlock(type: string, id: string): Entity | null {
    return change(this.changes, type, id) ?? null;
  }

  /** `store.set`: merge, validate, respect immutability. */
  set(typeName: string, id: string, data: Entity): void {
    const schema = this.store.schema;
    const type = schema.entities.get(typeName);
    if (!type) throw new StoreError(`Unknown entity type \`${typeName}\``);
    const given = data.get("id");
    const idValue = idValueFor(type, id);
    if (given && given.kind !== "Null" && idString(given) !== id) {
      throw new StoreError(
        `Value of ${typeName} attribute 'id' conflicts with ID passed to \`store.set()\`: ${idString(given)} != ${id}`,
      );
    }
    if (type.immutable && this.before(typeName, id) !== null) {
      throw new StoreError(`Immutable entity type ${typeName} only allows inserts: ${typeName}[${id}] already exists`);
    }
    const current = this.get(typeName, id);
    const merged: Entity = current ? new Map(current) : new Map();
    for (const [k, v] of data) {
      if (v.kind === "Null") merged.delete(k);
      else merged.set(k, v);
    }
    merged.set("id", idValue);
    try {
      validateEntity(schema, type, id, merged);
    } catch (e) {
      throw new StoreError((e as Error).message);
    }
    this.write(typeName, id, merged);
  }

  /** `store.remove`. */
  remove(typeName: string, id: string): void {
    const type = this.store.schema.entities.get(typeName);
    if (!type) throw new StoreError(`Unknown entity type \`${typeName}\``);
    if (type.immutable && this.before(typeName, id) !== null) {
      throw new StoreError(
        `Immutable entity type ${typeName} only allows inserts: ${typeName}[${id}] can not be removed`,
      );
    }
    this.write(typeName, id, null);
  }

  /** `store.loadRelated`: the entities behind a `@derivedFrom` field of `type`/`id`. */
  loadRelated(typeName: string, id: string, fieldName: string): Entity[] {
    const schema = this.store.schema;
    const type = typeOf(schema, typeName);
    const field = type?.fieldMap.get(fieldName);
    if (!type || !field) throw new StoreError(`Entity \`${typeName}\` has no field \`${fieldName}\``);
    if (!field.derivedFrom) throw new StoreError(`${typeName}.${fieldName} is not a derived field`);
    const target = typeOf(schema, field.typeName)!;
    const types = target.isInterface ? target.related : [target.name];
    const out: Entity[] = [];
    for (const t of types) {
      const candidates = new Set(this.store.related(t, field.derivedFrom, id));
      for (const changes of [this.batch.changes, this.changes]) {
        for (const childId of changes.get(t)?.keys() ?? []) candidates.add(childId);
      }
      for (const childId of [...candidates].sort()) {
        const child = this.get(t, childId);
        if (child && refs(child.get(field.derivedFrom)).includes(id)) out.push(child);
      }
    }
    return out;
  }
}

/** The id value stored in the `id` field for an id string of `type`. */
function idValueFor(type: EntityModel, id: string): Value {
  switch (type.idKind) {
    case "String":
      return { kind: "String", value: id };
    case "Bytes":
      return { kind: "Bytes", value: toHex(fromHex(id)) };
    case "Int8":
      return { kind: "Int8", value: BigInt(id) };
  }
}

export class EntityStore {
  readonly schema: SchemaModel;
  private readonly db: DatabaseSync;
  private readonly entities = new Map<string, Map<string, Entity>>();
  private readonly blocks = new Map<string, Map<string, bigint>>();
  /** `${type}.${field}` → referenced id → ids of `type` entities referring to it. */
  private readonly reverse = new Map<string, Map<string, Set<string>>>();
  private readonly relationFields = new Map<string, string[]>();
  private dynamic: DynamicDataSource[] = [];
  private metaCache: StoreMeta = { chainId: null, manifestHash: null, cursor: null };

  private constructor(db: DatabaseSync, schema: SchemaModel) {
    this.db = db;
    this.schema = schema;
    for (const t of schema.entities.values()) {
      this.entities.set(t.name, new Map());
      this.blocks.set(t.name, new Map());
      const rel = t.fields.filter((f) => f.category === "entity" && !f.derivedFrom).map((f) => f.name);
      this.relationFields.set(t.name, rel);
      for (const f of rel) this.reverse.set(`${t.name}.${f}`, new Map());
    }
  }

  /** Opens (creating if needed) the SQLite file at `path` (`:memory:` works) and loads it into memory. */
  static open(path: string, schema: SchemaModel): EntityStore {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const db = new DatabaseSync(path);
    // 8 KiB pages (a new file only: WAL fixes the page size): an entity row up to ~2 KB stays in
    // its b-tree page; with 4 KiB pages a row over ~1 KB (a Swap, a PairHourData) spilled into an
    // overflow page of its own, which tripled the file.
    db.exec(`
      PRAGMA page_size = 8192;
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS entities (
        type TEXT NOT NULL, id TEXT NOT NULL, block INTEGER NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (type, id)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS data_sources (
        seq INTEGER PRIMARY KEY, template TEXT NOT NULL, address TEXT NOT NULL, context TEXT, block INTEGER NOT NULL
      );
    `);
    const store = new EntityStore(db, schema);
    store.load();
    return store;
  }

  private metaGet(key: string): string | null {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  private load(): void {
    const version = this.metaGet("version");
    if (version !== null && version !== FORMAT_VERSION) {
      // An older layout: start over (the indexer reindexes from the start blocks).
      this.wipeTables();
    }
    const chainId = this.metaGet("chainId");
    const number = this.metaGet("cursorNumber");
    const hash = this.metaGet("cursorHash");
    const timestamp = this.metaGet("cursorTimestamp") ?? "0";
    this.metaCache = {
      chainId: chainId === null ? null : Number(chainId),
      manifestHash: this.metaGet("manifestHash"),
      cursor:
        number !== null && hash !== null
          ? { number: BigInt(number), hash: hash as Hex, timestamp: BigInt(timestamp) }
          : null,
    };
    const rows = this.db.prepare("SELECT type, id, block, data FROM entities").iterate() as Iterable<{
      type: string;
      id: string;
      block: number | bigint;
      data: string;
    }>;
    for (const row of rows) {
      if (!this.entities.has(row.type)) continue; // a type no longer in the schema
      this.apply(row.type, row.id, decodeEntity(row.data), BigInt(row.block));
    }
    this.dynamic = (
      this.db.prepare("SELECT template, address, context, block FROM data_sources ORDER BY seq").all() as {
        template: string;
        address: string;
        context: string | null;
        block: number | bigint;
      }[]
    ).map((r) => ({
      template: r.template,
      address: r.address as Hex,
      context: r.context === null ? null : decodeEntity(r.context),
      createdAt: BigInt(r.block),
    }));
  }

  get meta(): StoreMeta {
    return this.metaCache;
  }

  get dataSources(): readonly DynamicDataSource[] {
    return this.dynamic;
  }

  get(type: string, id: string): Entity | undefined {
    return this.entities.get(type)?.get(id);
  }

  /** All committed entities of a type (insertion order; callers sort). */
  all(type: string): IterableIterator<Entity> {
    return (this.entities.get(type) ?? new Map<string, Entity>()).values();
  }

  count(type?: string): number {
    if (type) return this.entities.get(type)?.size ?? 0;
    let n = 0;
    for (const m of this.entities.values()) n += m.size;
    return n;
  }

  /** The block at which an entity was last written. */
  changedAt(type: string, id: string): bigint | undefined {
    return this.blocks.get(type)?.get(id);
  }

  /** Ids of `type` entities whose relation `field` refers to `id` (committed state). */
  related(type: string, field: string, id: string): ReadonlySet<string> {
    return this.reverse.get(`${type}.${field}`)?.get(id) ?? new Set();
  }

  /** Whether `type.field` has a reverse index (a non-derived relation field). */
  hasIndex(type: string, field: string): boolean {
    return this.reverse.has(`${type}.${field}`);
  }

  private index(type: string, id: string, entity: Entity | undefined, add: boolean): void {
    if (!entity) return;
    for (const field of this.relationFields.get(type) ?? []) {
      const idx = this.reverse.get(`${type}.${field}`)!;
      for (const ref of refs(entity.get(field))) {
        let set = idx.get(ref);
        if (add) {
          if (!set) idx.set(ref, (set = new Set()));
          set.add(id);
        } else if (set) {
          set.delete(id);
          if (set.size === 0) idx.delete(ref);
        }
      }
    }
  }

  private apply(type: string, id: string, entity: Entity | null, block: bigint): void {
    const m = this.entities.get(type)!;
    this.index(type, id, m.get(id), false);
    if (entity) {
      m.set(id, entity);
      this.blocks.get(type)!.set(id, block);
      this.index(type, id, entity, true);
    } else {
      m.delete(id);
      this.blocks.get(type)!.delete(id);
    }
  }

  /**
   * Writes the batch and the new cursor in one SQLite transaction, then applies them to memory.
   * `meta` (chain id, manifest hash) is written with the first commit after a reset.
   */
  commit(batch: WriteBatch, cursor: Cursor, meta?: { chainId: number; manifestHash: string }): void {
    const upsert = this.db.prepare("INSERT OR REPLACE INTO entities (type, id, block, data) VALUES (?, ?, ?, ?)");
    const del = this.db.prepare("DELETE FROM entities WHERE type = ? AND id = ?");
    const addDs = this.db.prepare("INSERT INTO data_sources (template, address, context, block) VALUES (?, ?, ?, ?)");
    const setMeta = this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    this.db.exec("BEGIN");
    try {
      for (const [type, m] of batch.changes) {
        for (const [id, entity] of m) {
          if (entity) upsert.run(type, id, batch.changedAt.get(type)!.get(id)!, encodeEntity(entity));
          else del.run(type, id);
        }
      }
      for (const ds of batch.dataSources) {
        addDs.run(ds.template, ds.address, ds.context ? encodeEntity(ds.context) : null, ds.createdAt);
      }
      setMeta.run("version", FORMAT_VERSION);
      setMeta.run("cursorNumber", cursor.number.toString());
      setMeta.run("cursorHash", cursor.hash);
      setMeta.run("cursorTimestamp", cursor.timestamp.toString());
      if (meta) {
        setMeta.run("chainId", String(meta.chainId));
        setMeta.run("manifestHash", meta.manifestHash);
      }
      this.db.exec("COMMIT");
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
    for (const [type, m] of batch.changes) {
      for (const [id, entity] of m) this.apply(type, id, entity, batch.changedAt.get(type)!.get(id)!);
    }
    this.dynamic = [...this.dynamic, ...batch.dataSources];
    this.metaCache = {
      chainId: meta?.chainId ?? this.metaCache.chainId,
      manifestHash: meta?.manifestHash ?? this.metaCache.manifestHash,
      cursor,
    };
  }

  private wipeTables(): void {
    this.db.exec("BEGIN; DELETE FROM entities; DELETE FROM data_sources; DELETE FROM meta; COMMIT;");
  }

  /** Forgets everything (chain reset, changed subgraph): the indexer starts again from the start blocks. */
  reset(): void {
    this.wipeTables();
    for (const m of this.entities.values()) m.clear();
    for (const m of this.blocks.values()) m.clear();
    for (const m of this.reverse.values()) m.clear();
    this.dynamic = [];
    this.metaCache = { chainId: null, manifestHash: null, cursor: null };
  }

  close(): void {
    this.db.close();
  }
}
