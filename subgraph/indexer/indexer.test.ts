// The indexer end to end on the real compiled fixture subgraph (built with graph-cli) over a
// synthetic chain: handlers, templates created mid-block (graph-node's order), batches, resume
// from the SQLite cursor, chain and subgraph resets, deterministic failures, and the host's
// refusal of unknown imports.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { MappingModule } from "./host.ts";
import { createLogger, type LogRecord } from "./log.ts";
import { createIndexerService, type IndexerService } from "./service.ts";
import { address, artifactEvent, buildFixture, SyntheticChain, writeFixtureManifest } from "./testing.ts";
import type { Hex } from "./values.ts";

const Transfer = artifactEvent("DemoToken", "Transfer");
const PairCreated = artifactEvent("PeperFactory", "PairCreated");
const Sync = artifactEvent("PeperPair", "Sync");
const FACTORY = address(0xfac);
const TOKEN_A = address(0xa);
const TOKEN_B = address(0xb);
const PAIR = address(0x9a1);
const ZERO = address(0);
const ALICE = address(0x111);
const BOB = address(0x222);
const WAD = 10n ** 18n;

const mint = (to: Hex, value: bigint, token = TOKEN_A) => ({
  address: token,
  event: Transfer,
  args: { from: ZERO, to, value },
});
const send = (from: Hex, to: Hex, value: bigint, token = TOKEN_A) => ({
  address: token,
  event: Transfer,
  args: { from, to, value },
});
const created = (pair = PAIR) => ({
  address: FACTORY,
  event: PairCreated,
  args: { token0: TOKEN_A, token1: TOKEN_B, pair, allPairsLength: 1n },
});
const sync = (r0: bigint, r1: bigint, pair = PAIR) => ({
  address: pair,
  event: Sync,
  args: { reserve0: r0, reserve1: r1 },
});

describe("indexer on the fixture subgraph", () => {
  let fixture: string;
  let tmp: string;
  let manifest: string;
  const open: IndexerService[] = [];

  before(() => {
    fixture = buildFixture();
    tmp = mkdtempSync(join(tmpdir(), "peper-indexer-test-"));
    manifest = writeFixtureManifest(fixture, { factory: FACTORY, file: `indexer-test-${process.pid}.yaml` });
  });
  after(async () => {
    for (const s of open) await s.close();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(manifest, { force: true });
  });

  const service = (
    chain: SyntheticChain,
    db: string,
    logs: LogRecord[] = [],
    options: { rangeSize?: number; manifestPath?: string } = {},
  ) => {
    const s = createIndexerService({
      manifestPath: options.manifestPath ?? manifest,
      buildDir: join(fixture, "build"),
      dbPath: join(tmp, db),
      source: chain.source,
      logger: createLogger({ level: "debug", sink: (r) => logs.push(r) }),
      rangeSize: options.rangeSize ?? 2000,
      pollMs: 20,
    });
    open.push(s);
    return s;
  };
  const query = async (s: IndexerService, q: string) => {
    const r = await s.api.execute({ query: q });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return JSON.parse(JSON.stringify(r.data)) as Record<string, unknown>;
  };

  it("runs the mappings, including a template created mid-block, in graph-node's order", async () => {
    const chain = new SyntheticChain();
    chain.block([[mint(ALICE, 1000n * WAD)]]);
    // Block 1: the pair is created (log 0), it syncs (log 1), then a token transfer (log 2).
    chain.block([[created()], [sync(1000n, 3000n)], [send(ALICE, BOB, 5n * WAD)]]);
    chain.block([[sync(2000n, 3000n)]]);
    const logs: LogRecord[] = [];
    const s = service(chain, "order.sqlite", logs);
    await s.indexer.sync();
    assert.equal(s.health().indexedBlock, 2);
    assert.equal(s.health().state, "synced");

    // graph-node runs the new data source's triggers after the block's other triggers.
    const mappingLogs = logs.filter((r) => r["mapping"] === true).map((r) => r.msg);
    assert.deepEqual(mappingLogs, [
      `transfer ${1000n * WAD} of ${TOKEN_A}`,
      `transfer ${5n * WAD} of ${TOKEN_A}`,
      `sync ${PAIR} at log 1`,
      `sync ${PAIR} at log 0`,
    ]);

    const data = await query(
      s,
      `{ pairs { id index reserve0 reserve1 price factory token0 { id transferCount } syncs(orderBy: blockNumber) { reserve0 blockNumber } }
         accounts(orderBy: balance, orderDirection: desc) { id balance isHolder updates tags }
         transfers(orderBy: blockNumber) { from to value blockNumber timestamp txFrom } }`,
    );
    assert.deepEqual(data["pairs"], [
      {
        id: PAIR,
        index: 1,
        reserve0: "2000",
        reserve1: "3000",
        price: "1.5",
        factory: FACTORY,
        token0: { id: TOKEN_A, transferCount: "2" },
        syncs: [
          { reserve0: "1000", blockNumber: "1" },
          { reserve0: "2000", blockNumber: "2" },
        ],
      },
    ]);
    assert.deepEqual(data["accounts"], [
      { id: `${TOKEN_A}-${ALICE}`, balance: (995n * WAD).toString(), isHolder: true, updates: "2", tags: ["sender"] },
      { id: `${TOKEN_A}-${BOB}`, balance: (5n * WAD).toString(), isHolder: true, updates: "1", tags: ["receiver"] },
    ]);
    const transfers = data["transfers"] as { timestamp: string; blockNumber: string; txFrom: string }[];
    assert.equal(transfers.length, 2);
    assert.equal(transfers[1]!.timestamp, ((chain.genesisTime + 12n) * 1_000_000n).toString());
    assert.equal(transfers[1]!.txFrom, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  });

  it("logs a catch-up at info but following the head block by block at debug", async () => {
    const chain = new SyntheticChain();
    for (let i = 0; i < 12; i++) chain.block([[mint(ALICE, WAD)]]);
    const logs: LogRecord[] = [];
    const s = service(chain, "levels.sqlite", logs);
    await s.indexer.sync();
    const levels = (msg: string) => logs.filter((r) => r.msg === msg && r["mapping"] !== true).map((r) => r.level);
    assert.deepEqual(levels("indexing"), ["info"]);
    assert.deepEqual(levels("synced"), ["info"]);
    chain.block([[mint(ALICE, WAD)]]);
    await s.indexer.sync();
    chain.block([[mint(BOB, WAD)]]);
    await s.indexer.sync();
    assert.equal(s.health().indexedBlock, 13);
    assert.deepEqual(levels("indexing"), ["info", "debug", "debug"]);
    assert.deepEqual(levels("synced"), ["info", "debug", "debug"]);
  });

  it("indexes in batches, keeps templates across batches and resumes from the cursor", async () => {
    const chain = new SyntheticChain();
    chain.block([[mint(ALICE, 10n)]]);
    chain.block([[created()]]);
    chain.empty(3);
    chain.block([[sync(1n, 2n)]]);
    chain.block([[sync(3n, 4n)], [send(ALICE, BOB, 1n)]]);
    const s = service(chain, "resume.sqlite", [], { rangeSize: 2 });
    await s.indexer.sync();
    assert.equal(s.health().indexedBlock, 6);
    let data = await query(
      s,
      `{ tokens { transferCount } pair(id: "${PAIR}") { reserve0 syncs(orderBy: blockNumber) { blockNumber } } }`,
    );
    assert.deepEqual(data["tokens"], [{ transferCount: "2" }]);
    assert.deepEqual(data["pair"], { reserve0: "3", syncs: [{ blockNumber: "5" }, { blockNumber: "6" }] });
    await s.close();

    // Reopen: the cursor and the dynamic data source come back; only new blocks are processed.
    chain.block([[sync(5n, 6n)], [send(BOB, ALICE, 1n)]]);
    const again = service(chain, "resume.sqlite", [], { rangeSize: 2 });
    assert.equal(again.store.meta.cursor?.number, 6n);
    assert.equal(again.store.dataSources.length, 1);
    await again.indexer.sync();
    data = await query(
      again,
      `{ tokens { transferCount } pair(id: "${PAIR}") { reserve0 } _meta { block { number } } }`,
    );
    assert.deepEqual(data["tokens"], [{ transferCount: "3" }]);
    assert.deepEqual(data["pair"], { reserve0: "5" });
    assert.deepEqual(data["_meta"], { block: { number: 7 } });
  });

  it("wipes and reindexes when the chain is reset or the subgraph changes", async () => {
    const chain = new SyntheticChain({ seed: "first" });
    chain.block([[mint(ALICE, 10n)]]);
    chain.block([[mint(BOB, 20n)]]);
    chain.block([[mint(BOB, 30n)]]);
    const logs: LogRecord[] = [];
    const s = service(chain, "reset.sqlite", logs);
    await s.indexer.sync();
    assert.equal(s.store.count("Transfer"), 3);

    // A dev chain restarted: other hashes, shorter than the cursor.
    chain.reset("second", 1);
    chain.block([[mint(ALICE, 1n)]]);
    await s.indexer.sync();
    assert.ok(
      logs.some(
        (r) => r.msg.startsWith("chain or subgraph reset") && String(r["reason"]).includes("below the indexed block"),
      ),
    );
    assert.equal(s.store.count("Transfer"), 1);
    assert.equal(s.health().indexedBlock, 1);

    // Same height, another hash at the cursor.
    chain.reset("third", 2);
    await s.indexer.sync();
    assert.ok(logs.some((r) => String(r["reason"]).includes("has another hash")));
    assert.equal(s.store.count(), 0);
    await s.close();

    // The same database with a changed manifest (another start block) is reindexed too.
    chain.block([[mint(ALICE, 5n)]]);
    const changed = writeFixtureManifest(fixture, {
      factory: FACTORY,
      startBlock: 1,
      file: `indexer-test-changed-${process.pid}.yaml`,
    });
    try {
      const logs2: LogRecord[] = [];
      const s2 = service(chain, "reset.sqlite", logs2, { manifestPath: changed });
      await s2.indexer.sync();
      assert.ok(logs2.some((r) => String(r["reason"]).includes("the subgraph changed")));
      assert.equal(s2.store.count("Transfer"), 1);
    } finally {
      rmSync(changed, { force: true });
    }
  });

  const failing = async (db: string, bad: ReturnType<typeof mint>[][]) => {
    const chain = new SyntheticChain();
    chain.block([[mint(ALICE, 10n)]]);
    chain.block([[mint(BOB, 20n)]]);
    for (const b of bad) chain.block([b]);
    chain.block([[mint(BOB, 1n)]]);
    const logs: LogRecord[] = [];
    const s = service(chain, db, logs);
    await s.indexer.sync();
    return { s, logs, chain };
  };

  it("stops on a critical log, keeping the blocks before it queryable", async () => {
    const { s, logs } = await failing("critical.sqlite", [[mint(ALICE, 666n)]]);
    const health = s.health();
    assert.equal(health.state, "failed");
    assert.equal(health.hasIndexingErrors, true);
    assert.equal(health.indexedBlock, 1);
    assert.match(health.error!, /Critical error logged in mapping: critical transfer 666/);
    assert.match(health.error!, /in handler `handleTransfer` of data source Token at block #2 .* log index 0/);
    assert.ok(logs.some((r) => r.level === "critical" && r.msg === "critical transfer 666"));
    const data = await query(s, `{ transfers { value } _meta { block { number } hasIndexingErrors } }`);
    assert.deepEqual(data["transfers"], [{ value: "10" }, { value: "20" }]);
    assert.deepEqual(data["_meta"], { block: { number: 1 }, hasIndexingErrors: true });
    // Deterministic: polling again does not move past it.
    await s.indexer.sync();
    assert.equal(s.health().indexedBlock, 1);
  });

  it("reports a mapping abort with its message and location", async () => {
    const { s } = await failing("abort.sqlite", [[mint(ALICE, 667n)]]);
    assert.equal(s.health().indexedBlock, 1);
    assert.match(
      s.health().error!,
      /Mapping aborted at src\/token\.ts, line \d+, column \d+, with message: transfer 667 is refused/,
    );
  });

  it("refuses to overwrite an immutable entity from an earlier block", async () => {
    const { s } = await failing("immutable.sqlite", [[mint(ALICE, 668n)], [mint(ALICE, 668n)]]);
    assert.equal(s.health().indexedBlock, 2);
    assert.match(
      s.health().error!,
      /Immutable entity type Transfer only allows inserts: Transfer\[0x01\] already exists/,
    );
  });

  it("skips logs that do not decode with the handler's event", async () => {
    const chain = new SyntheticChain();
    // An ERC-721 Transfer: same topic 0, but the token id is indexed (no data).
    const nft = { ...Transfer, inputs: Transfer.inputs.map((i) => ({ ...i, indexed: true })) };
    chain.block([
      [{ address: address(0x721), event: nft, args: { from: ZERO, to: ALICE, value: 1n } }],
      [mint(ALICE, 3n)],
    ]);
    const logs: LogRecord[] = [];
    const s = service(chain, "skip.sqlite", logs);
    await s.indexer.sync();
    assert.equal(s.health().state, "synced");
    assert.equal(s.store.count("Transfer"), 1);
    assert.ok(logs.some((r) => r.level === "warn" && r.msg.startsWith("skipping a log")));
  });

  it("stops polling on stop() and leaves the store closed", async () => {
    const chain = new SyntheticChain();
    chain.block([[mint(ALICE, 1n)]]);
    const s = service(chain, "stop.sqlite");
    s.indexer.start();
    for (let i = 0; i < 2000 && s.health().indexedBlock !== 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(s.health().indexedBlock, 0);
    await s.close();
    assert.equal(s.indexer.status.state, "stopped");
  });
});

describe("WASM host", () => {
  it("refuses a module importing an unknown host function, naming it", () => {
    // (module (import "env" "foo.bar" (func)))
    const wasm = Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, 0x0f, 0x01, 0x03, 0x65,
      0x6e, 0x76, 0x07, 0x66, 0x6f, 0x6f, 0x2e, 0x62, 0x61, 0x72, 0x00, 0x00,
    ]);
    assert.throws(
      () => new MappingModule("Bad", wasm),
      /mapping Bad imports host function `foo\.bar` \(module `env`\), which this indexer does not provide/,
    );
  });

  it("loads every fixture mapping (all their imports are provided)", () => {
    const dir = buildFixture();
    for (const f of ["build/Token/Token.wasm", "build/Factory/Factory.wasm", "build/templates/Pair/Pair.wasm"]) {
      const m = new MappingModule(f, readFileSync(join(dir, f)));
      assert.ok(m.exportNames.some((n) => n.startsWith("handle")));
    }
  });
});
