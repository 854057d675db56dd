/**
 * Test and benchmark support: `SyntheticChain` appends blocks of ABI-encoded event logs to a
 * `MemoryLogSource`, so the indexer can run real mappings without a node. Block hashes derive from
 * a seed and the number; a new seed gives another chain with the same numbers (a reset).
 * `buildFixture` builds the fixture subgraph; `writeSubgraphManifest` points a copy of the real
 * subgraph's manifest at given addresses, from block 0.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import {
  encodeAbiParameters,
  encodeEventTopics,
  keccak256,
  toHex as numberToHex,
  type AbiEvent,
  type AbiParameter,
} from "viem";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";

import type { ChainBlock, ChainLog, ChainTransaction } from "./ethereum.ts";
import { MemoryLogSource } from "./source.ts";
import type { Hex } from "./values.ts";

export interface SyntheticEvent {
  readonly address: Hex;
  readonly event: AbiEvent;
  readonly args: Record<string, unknown>;
  /** The transaction sender (default: a fixed test account). */
  readonly from?: Hex;
}

export const TEST_SENDER: Hex = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

/** Topics and data of an event log. */
export function encodeLog(event: AbiEvent, args: Record<string, unknown>): { topics: Hex[]; data: Hex } {
  const topics = encodeEventTopics({ abi: [event], eventName: event.name, args } as never) as Hex[];
  const plain = event.inputs.filter((i) => !i.indexed);
  const data = encodeAbiParameters(
    plain as AbiParameter[],
    plain.map((i) => args[i.name ?? ""]),
  );
  return { topics: topics.map((t) => t.toLowerCase() as Hex), data };
}

export class SyntheticChain {
  readonly source: MemoryLogSource;
  private seed: string;
  /** Seconds of block 0; each block is `blockTime` seconds later. */
  readonly genesisTime = 1_700_000_000n;
  /** Seconds between blocks (default 12). */
  readonly blockTime: bigint;

  constructor(options: { chainId?: number; seed?: string; blockTime?: bigint } = {}) {
    this.source = new MemoryLogSource(options.chainId ?? 31337);
    this.seed = options.seed ?? "chain-a";
    this.blockTime = options.blockTime ?? 12n;
  }

  hashOf(number: bigint, seed = this.seed): Hex {
    return keccak256(new TextEncoder().encode(`${seed}:${number}`));
  }

  /** Appends a block whose transactions each emit the given events (one transaction per entry). */
  block(transactions: readonly (readonly SyntheticEvent[])[] = []): ChainBlock {
    const number = BigInt(this.source.length);
    const hash = this.hashOf(number);
    const txs: ChainTransaction[] = [];
    const logs: ChainLog[] = [];
    transactions.forEach((events, i) => {
      const txHash = keccak256(new TextEncoder().encode(`${this.seed}:${number}:tx${i}`));
      txs.push({
        hash: txHash,
        index: BigInt(i),
        from: events[0]?.from ?? TEST_SENDER,
        to: events[0]?.address ?? null,
        value: 0n,
        gasLimit: 100_000n,
        gasPrice: 1_000_000_000n,
        input: "0x",
        nonce: BigInt(i),
      });
      for (const e of events) {
        const { topics, data } = encodeLog(e.event, e.args);
        logs.push({
          address: e.address.toLowerCase() as Hex,
          topics,
          data,
          blockNumber: number,
          blockHash: hash,
          transactionHash: txHash,
          transactionIndex: i,
          logIndex: logs.length,
        });
      }
    });
    const block: ChainBlock = {
      number,
      hash,
      parentHash: number === 0n ? `0x${"00".repeat(32)}` : this.hashOf(number - 1n),
      timestamp: this.genesisTime + number * this.blockTime,
      unclesHash: `0x${"11".repeat(32)}`,
      author: `0x${"22".repeat(20)}`,
      stateRoot: `0x${"33".repeat(32)}`,
      transactionsRoot: `0x${"44".repeat(32)}`,
      receiptsRoot: `0x${"55".repeat(32)}`,
      gasUsed: 21_000n * BigInt(txs.length),
      gasLimit: 30_000_000n,
      difficulty: 0n,
      totalDifficulty: 0n,
      size: 1000n,
      baseFeePerGas: 7n,
      transactions: txs,
    };
    this.source.push({ block, logs });
    return block;
  }

  /** Appends `n` empty blocks. */
  empty(n: number): void {
    for (let i = 0; i < n; i++) this.block();
  }

  /** Replaces the chain by a new one (new hashes) of `length` empty blocks: a dev-chain reset. */
  reset(seed: string, length = 1): void {
    this.seed = seed;
    this.source.replace([]);
    for (let i = 0; i < length; i++) this.block();
  }
}

/** A deterministic fake address `0x…n`. */
export function address(n: number): Hex {
  return numberToHex(n, { size: 20 });
}

/** The repository root (tests read contract ABIs from `artifacts/`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const FIXTURE_ABIS: Record<string, string> = {
  DemoToken: "demo/DemoToken.sol/DemoToken.json",
  PeperFactory: "defi/PeperFactory.sol/PeperFactory.json",
  PeperPair: "defi/PeperPair.sol/PeperPair.json",
};

/** A contract ABI from the Hardhat artifacts (`npm run build` made them). */
export function artifactAbi(name: keyof typeof FIXTURE_ABIS | string): AbiEvent[] {
  const rel = FIXTURE_ABIS[name];
  if (!rel) throw new Error(`no artifact path known for ${name}`);
  return (JSON.parse(readFileSync(join(REPO_ROOT, "artifacts/contracts/src", rel), "utf8")) as { abi: AbiEvent[] }).abi;
}

/** An event of an artifact's ABI by name. */
export function artifactEvent(contract: string, event: string): AbiEvent {
  const e = artifactAbi(contract).find((i) => i.type === "event" && i.name === event);
  if (!e) throw new Error(`${contract} has no event ${event}`);
  return e;
}

/**
 * Builds the fixture subgraph (indexer/fixtures: schema, three mappings, a manifest) with the
 * real graph-cli (`graph codegen && graph build`) in a directory under the OS temp dir, cached by
 * the fixture's content so later runs reuse it. Returns that directory: `build/` has the WASM and
 * `writeManifest` renders a manifest for given addresses.
 */
export function buildFixture(): string {
  const files = ["schema.graphql", "subgraph.yaml", "src/token.ts", "src/factory.ts", "src/pair.ts"];
  const hash = createHash("sha256");
  for (const f of files) hash.update(f).update(readFileSync(join(FIXTURE_DIR, f)));
  for (const rel of Object.values(FIXTURE_ABIS))
    hash.update(readFileSync(join(REPO_ROOT, "artifacts/contracts/src", rel)));
  const dir = join(tmpdir(), `peper-indexer-fixture-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(join(dir, "build", "subgraph.yaml"))) return dir;

  const work = mkdtempSync(join(tmpdir(), "peper-indexer-fixture-build-"));
  cpSync(FIXTURE_DIR, work, { recursive: true });
  mkdirSync(join(work, "abis"));
  for (const [name, rel] of Object.entries(FIXTURE_ABIS)) {
    const { abi } = JSON.parse(readFileSync(join(REPO_ROOT, "artifacts/contracts/src", rel), "utf8")) as {
      abi: unknown;
    };
    writeFileSync(join(work, "abis", `${name}.json`), JSON.stringify(abi));
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(work, "node_modules"));
  const graph = join(REPO_ROOT, "node_modules/@graphprotocol/graph-cli/bin/run.js");
  const env = { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true" };
  for (const command of ["codegen", "build"]) {
    execFileSync(process.execPath, [graph, command], { cwd: work, env, stdio: "pipe" });
  }
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another process finished first
  }
  return dir;
}

/** Writes `<dir>/<file>` from the fixture manifest with the factory address and start block filled in. */
export function writeFixtureManifest(
  dir: string,
  options: { factory: Hex; startBlock?: number; file?: string },
): string {
  const text = readFileSync(join(dir, "subgraph.yaml"), "utf8")
    .replace('address: "0x0000000000000000000000000000000000000000"', `address: "${options.factory}"`)
    .replaceAll("startBlock: 0", `startBlock: ${options.startBlock ?? 0}`);
  const path = join(dir, options.file ?? "subgraph.test.yaml");
  writeFileSync(path, text);
  return path;
}

/** The subgraph directory (subgraph.yaml rendered and build/ built by `npm run build` there). */
export const SUBGRAPH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Writes `<dir>/subgraph.yaml`: the rendered subgraph/subgraph.yaml with every path absolute (so it
 * can live anywhere; pass `buildDir: <SUBGRAPH_DIR>/build` to the indexer), every start block 0
 * (a rendered manifest carries the start blocks of a local deployment) and the data sources named
 * in `addresses` at those addresses.
 */
export function writeSubgraphManifest(dir: string, addresses: Readonly<Record<string, Hex>> = {}): string {
  interface Mapping {
    file: string;
    abis: { file: string }[];
  }
  interface Doc {
    schema: { file: string };
    dataSources: { name: string; source: { address?: string; startBlock?: number }; mapping: Mapping }[];
    templates?: { mapping: Mapping }[];
  }
  const doc = parseYaml(readFileSync(join(SUBGRAPH_DIR, "subgraph.yaml"), "utf8")) as Doc;
  const abs = (p: string) => resolve(SUBGRAPH_DIR, p);
  doc.schema.file = abs(doc.schema.file);
  for (const ds of [...doc.dataSources, ...(doc.templates ?? [])]) {
    ds.mapping.file = abs(ds.mapping.file);
    for (const a of ds.mapping.abis) a.file = abs(a.file);
  }
  for (const name of Object.keys(addresses)) {
    if (!doc.dataSources.some((d) => d.name === name)) throw new Error(`subgraph.yaml has no data source ${name}`);
  }
  for (const ds of doc.dataSources) {
    ds.source = { ...ds.source, ...(addresses[ds.name] ? { address: addresses[ds.name] } : {}), startBlock: 0 };
  }
  const path = join(dir, "subgraph.yaml");
  writeFileSync(path, stringifyYaml(doc));
  return path;
}
