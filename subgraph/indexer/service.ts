/**
 * The indexer assembled: manifest (with compiled mappings), SQLite-backed store, indexing loop and
 * query API, plus the health summary. The CLI (bin/peper-indexer.ts) and the tests build on this;
 * anything that wants an embedded indexer can too (any `LogSource`, e.g. `MemoryLogSource`).
 */
import { buildApiSchema, type ApiSchema, type MetaInfo } from "./graphql.ts";
import { Indexer } from "./indexer.ts";
import { silentLogger, type Logger } from "./log.ts";
import { loadManifest, type Manifest } from "./manifest.ts";
import type { LogSource } from "./source.ts";
import { EntityStore } from "./store.ts";

export interface ServiceOptions {
  readonly manifestPath: string;
  /** Where `graph build` wrote the WASM (default: `build/` next to the manifest). */
  readonly buildDir?: string;
  /** SQLite file (`:memory:` for a throwaway store). */
  readonly dbPath: string;
  readonly source: LogSource;
  readonly logger?: Logger;
  readonly pollMs?: number;
  readonly rangeSize?: number;
  readonly confirmations?: number;
  readonly progressMs?: number;
  /** Reuse restored WASM instances across triggers (default true; see host.ts). */
  readonly reuseInstances?: boolean;
}

export interface Health {
  readonly network: string;
  readonly chainId: number | null;
  readonly latestBlock: number | null;
  readonly indexedBlock: number | null;
  readonly entities: number;
  readonly state: Indexer["status"]["state"];
  readonly hasIndexingErrors: boolean;
  readonly error: string | null;
}

export interface IndexerService {
  readonly manifest: Manifest;
  readonly store: EntityStore;
  readonly indexer: Indexer;
  readonly api: ApiSchema;
  health(): Health;
  /** Stops indexing (after the current batch) and closes the store. */
  close(): Promise<void>;
}

export function createIndexerService(options: ServiceOptions): IndexerService {
  const logger = options.logger ?? silentLogger;
  const manifest = loadManifest({
    manifestPath: options.manifestPath,
    ...(options.buildDir ? { buildDir: options.buildDir } : {}),
    ...(options.reuseInstances !== undefined ? { reuseInstances: options.reuseInstances } : {}),
  });
  for (const w of manifest.warnings) logger.warn(w);
  const store = EntityStore.open(options.dbPath, manifest.schema);
  const indexer = new Indexer({
    manifest,
    store,
    source: options.source,
    logger,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.rangeSize !== undefined ? { rangeSize: options.rangeSize } : {}),
    ...(options.confirmations !== undefined ? { confirmations: options.confirmations } : {}),
    ...(options.progressMs !== undefined ? { progressMs: options.progressMs } : {}),
  });
  const meta = (): MetaInfo => {
    const cursor = store.meta.cursor;
    return {
      block: cursor ? { number: cursor.number, hash: cursor.hash, timestamp: cursor.timestamp } : null,
      deployment: manifest.hash,
      hasIndexingErrors: indexer.status.hasIndexingErrors,
    };
  };
  const api = buildApiSchema(manifest.schema, store, meta);
  let closed = false;
  return {
    manifest,
    store,
    indexer,
    api,
    health: () => ({
      network: manifest.network,
      chainId: indexer.status.chainId,
      latestBlock: indexer.status.latestBlock === null ? null : Number(indexer.status.latestBlock),
      indexedBlock: store.meta.cursor ? Number(store.meta.cursor.number) : null,
      entities: store.count(),
      state: indexer.status.state,
      hasIndexingErrors: indexer.status.hasIndexingErrors,
      error: indexer.status.error,
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      await indexer.stop();
      store.close();
    },
  };
}
