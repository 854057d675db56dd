/**
 * The subgraph manifest (`subgraph.yaml`, as rendered by subgraph/scripts/render.ts): data sources
 * and templates with their contracts, start blocks, ABIs and event handlers, resolved to the WASM
 * files `graph build` wrote (`build/<Name>/<Name>.wasm`, `build/templates/<Name>/<Name>.wasm`, or
 * whatever `build/subgraph.yaml` names). A manifest whose `mapping.file` already points at a
 * `.wasm` (the built manifest itself) works too.
 *
 * `hash` covers the manifest, the schema, the ABIs and every WASM file: the store remembers it, and
 * a changed subgraph is reindexed from its start blocks.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

import { toEventSelector } from "viem";
import { parse as parseYaml } from "yaml";

import { canonicalType, type Param } from "./ethereum.ts";
import { MappingModule } from "./host.ts";
import { parseSchema, type SchemaModel } from "./schema.ts";
import type { Hex } from "./values.ts";

export interface EventHandlerSpec {
  /** As written in the manifest, e.g. `Transfer(indexed address,indexed address,uint256)`. */
  readonly signature: string;
  readonly handler: string;
  readonly topic0: Hex;
  /** The ABI event the logs are decoded with. */
  readonly inputs: readonly Param[];
  readonly receipt: boolean;
  /** `topic1`..`topic3` filters (32-byte values), null when absent. */
  readonly topics: readonly (readonly Hex[] | null)[];
}

export interface DataSourceSpec {
  readonly name: string;
  readonly isTemplate: boolean;
  readonly network: string;
  /** Null for a data source without an address (it matches every contract) and for templates. */
  readonly address: Hex | null;
  readonly startBlock: bigint;
  readonly endBlock: bigint | null;
  readonly handlers: readonly EventHandlerSpec[];
  readonly module: MappingModule;
  readonly wasmPath: string;
}

export interface Manifest {
  readonly path: string;
  readonly network: string;
  readonly schema: SchemaModel;
  readonly dataSources: readonly DataSourceSpec[];
  readonly templates: readonly DataSourceSpec[];
  readonly hash: string;
  /** Manifest features this indexer ignores (logged at startup). */
  readonly warnings: readonly string[];
}

export class ManifestError extends Error {
  override name = "ManifestError";
}

type Yaml = Record<string, unknown>;

function obj(v: unknown, where: string): Yaml {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ManifestError(`${where} must be a mapping`);
  return v as Yaml;
}

function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ManifestError(`${where} must be a list`);
  return v;
}

function text(v: unknown, where: string): string {
  if (typeof v !== "string" || v === "") throw new ManifestError(`${where} must be a non-empty string`);
  return v;
}

interface AbiItem {
  type: string;
  name?: string;
  inputs?: Param[];
  anonymous?: boolean;
}

function readAbi(path: string): AbiItem[] {
  const json = JSON.parse(readFileSync(path, "utf8")) as unknown;
  const abi = Array.isArray(json) ? json : (json as { abi?: unknown }).abi;
  if (!Array.isArray(abi)) throw new ManifestError(`${path} is not an ABI (a JSON array or an object with "abi")`);
  return abi as AbiItem[];
}

const signatureOf = (e: AbiItem, withIndexed: boolean) =>
  `${e.name}(${(e.inputs ?? []).map((i) => (withIndexed && i.indexed ? `indexed ${canonicalType(i)}` : canonicalType(i))).join(",")})`;

/** Finds the ABI event for a manifest signature (with `indexed` markers first, then by types only). */
function findEvent(abi: AbiItem[], signature: string, where: string): AbiItem {
  const events = abi.filter((i) => i.type === "event");
  const compact = (s: string) => s.replace(/\s+/g, "");
  const exact = events.find((e) => compact(signatureOf(e, true)) === compact(signature));
  if (exact) return exact;
  const typesOnly = compact(signature.replace(/\bindexed\s+/g, ""));
  const loose = events.find((e) => signatureOf(e, false) === typesOnly);
  if (loose) return loose;
  throw new ManifestError(`${where}: event \`${signature}\` is not in the ABI`);
}

function topicValue(v: unknown, where: string): Hex {
  const s = String(v).toLowerCase();
  if (!/^0x[0-9a-f]{0,64}$/.test(s)) throw new ManifestError(`${where}: topic filter value ${String(v)} is not hex`);
  return `0x${s.slice(2).padStart(64, "0")}`;
}

/**
 * Reads and resolves the manifest; loads and compiles every mapping module (`reuseInstances`:
 * see `MappingModuleOptions`, default true).
 */
export function loadManifest(options: { manifestPath: string; buildDir?: string; reuseInstances?: boolean }): Manifest {
  const path = resolve(options.manifestPath);
  if (!existsSync(path)) throw new ManifestError(`manifest not found: ${path}`);
  const base = dirname(path);
  const buildDir = resolve(options.buildDir ?? join(base, "build"));
  const source = readFileSync(path, "utf8");
  const doc = obj(parseYaml(source), "the manifest");
  const warnings: string[] = [];
  const hash = createHash("sha256").update(source);

  if (doc["graft"]) warnings.push("graft is ignored: the subgraph is indexed from its start blocks");
  for (const feature of list(doc["features"], "features")) {
    if (feature !== "grafting") warnings.push(`feature ${String(feature)} is not supported and is ignored`);
  }

  const schemaFile = resolve(base, text(obj(doc["schema"], "schema")["file"], "schema.file"));
  if (!existsSync(schemaFile)) throw new ManifestError(`schema file not found: ${schemaFile}`);
  const schemaSource = readFileSync(schemaFile, "utf8");
  hash.update(schemaSource);
  const schema = parseSchema(schemaSource);
  warnings.push(...schema.warnings);

  let built: Yaml | null | undefined;
  const builtManifest = (): Yaml | null => {
    if (built === undefined) {
      const p = join(buildDir, "subgraph.yaml");
      built = existsSync(p) ? obj(parseYaml(readFileSync(p, "utf8")), p) : null;
    }
    return built;
  };

  const wasmFor = (name: string, file: string, isTemplate: boolean): string => {
    if (file.endsWith(".wasm")) return resolve(base, file);
    const candidates = [
      isTemplate ? join(buildDir, "templates", name, `${name}.wasm`) : join(buildDir, name, `${name}.wasm`),
    ];
    const b = builtManifest();
    if (b) {
      const entries = list(b[isTemplate ? "templates" : "dataSources"], "built manifest");
      const entry = entries.map((e) => obj(e, "built data source")).find((e) => e["name"] === name);
      const f = entry ? obj(entry["mapping"], "mapping")["file"] : undefined;
      if (typeof f === "string") candidates.push(join(buildDir, f));
    }
    const found = candidates.find((c) => existsSync(c));
    if (!found) {
      throw new ManifestError(
        `no built WASM for ${isTemplate ? "template" : "data source"} ${name} (looked at ${candidates.join(", ")}): run \`graph build\``,
      );
    }
    return found;
  };

  const abiPath = (dsName: string, abiName: string, file: string): string => {
    const direct = resolve(base, file);
    if (existsSync(direct)) return direct;
    const inBuild = join(buildDir, dsName, `${abiName}.json`);
    if (existsSync(inBuild)) return inBuild;
    throw new ManifestError(`ABI ${abiName} of ${dsName} not found at ${direct}`);
  };

  const networks = new Set<string>();
  const parse = (raw: unknown, isTemplate: boolean): DataSourceSpec => {
    const ds = obj(raw, isTemplate ? "template" : "data source");
    const name = text(ds["name"], "data source name");
    const where = `${isTemplate ? "template" : "data source"} ${name}`;
    const kind = text(ds["kind"], `${where}: kind`);
    if (kind !== "ethereum/contract" && kind !== "ethereum")
      throw new ManifestError(`${where}: kind ${kind} is not supported (ethereum only)`);
    const network = text(ds["network"], `${where}: network`);
    networks.add(network);
    const src = obj(ds["source"] ?? {}, `${where}: source`);
    const mapping = obj(ds["mapping"], `${where}: mapping`);
    for (const unsupported of ["blockHandlers", "callHandlers"]) {
      if (list(mapping[unsupported], unsupported).length > 0) {
        throw new ManifestError(
          `${where}: ${unsupported} are not supported by the embedded indexer (event handlers only)`,
        );
      }
    }
    const abiFiles = new Map<string, string>();
    for (const a of list(mapping["abis"], `${where}: abis`)) {
      const abi = obj(a, `${where}: abi`);
      const abiName = text(abi["name"], `${where}: abi name`);
      abiFiles.set(abiName, abiPath(name, abiName, text(abi["file"], `${where}: abi file`)));
    }
    const abiName = text(src["abi"], `${where}: source.abi`);
    const abiFile = abiFiles.get(abiName);
    if (!abiFile) throw new ManifestError(`${where}: source.abi ${abiName} is not listed in mapping.abis`);
    const abiText = readFileSync(abiFile, "utf8");
    hash.update(abiText);
    const abi = readAbi(abiFile);

    const handlers: EventHandlerSpec[] = list(mapping["eventHandlers"], `${where}: eventHandlers`).map((h) => {
      const spec = obj(h, `${where}: event handler`);
      const signature = text(spec["event"], `${where}: event handler event`);
      const event = findEvent(abi, signature, where);
      if (event.anonymous) throw new ManifestError(`${where}: anonymous event ${signature} is not supported`);
      if (spec["calls"])
        warnings.push(
          `${where}: declared eth_calls of ${signature} are ignored (mappings call ethereum.call when they run)`,
        );
      const topics = [1, 2, 3].map((i) => {
        const t = spec[`topic${i}`];
        return t === undefined ? null : list(t, `${where}: topic${i}`).map((v) => topicValue(v, where));
      });
      return {
        signature,
        handler: text(spec["handler"], `${where}: handler`),
        topic0: toEventSelector(signatureOf(event, false)),
        inputs: event.inputs ?? [],
        receipt: spec["receipt"] === true,
        topics,
      };
    });
    if (handlers.length === 0) throw new ManifestError(`${where}: no eventHandlers`);

    const wasmPath = wasmFor(name, text(mapping["file"], `${where}: mapping.file`), isTemplate);
    const wasm = readFileSync(wasmPath);
    hash.update(wasm);
    const module = new MappingModule(
      name,
      wasm,
      options.reuseInstances === undefined ? {} : { reuseInstances: options.reuseInstances },
    );
    const exported = new Set(module.exportNames);
    for (const h of handlers) {
      if (!exported.has(h.handler))
        throw new ManifestError(`${where}: handler ${h.handler} is not exported by ${wasmPath}`);
    }
    const address = src["address"];
    if (address !== undefined && (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address))) {
      throw new ManifestError(`${where}: source.address must be a 0x-prefixed 20-byte hex address`);
    }
    const block = (v: unknown, what: string): bigint | null => {
      if (v === undefined || v === null) return null;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
        throw new ManifestError(`${where}: ${what} must be a block number`);
      return BigInt(v);
    };
    return {
      name,
      isTemplate,
      network,
      address: isTemplate || address === undefined ? null : (address.toLowerCase() as Hex),
      startBlock: block(src["startBlock"], "startBlock") ?? 0n,
      endBlock: block(src["endBlock"], "endBlock"),
      handlers,
      module,
      wasmPath,
    };
  };

  const dataSources = list(doc["dataSources"], "dataSources").map((d) => parse(d, false));
  if (dataSources.length === 0) throw new ManifestError("the manifest has no dataSources");
  const templates = list(doc["templates"], "templates").map((t) => parse(t, true));
  if (networks.size !== 1)
    throw new ManifestError(`all data sources must use one network, found: ${[...networks].join(", ")}`);
  return {
    path,
    network: [...networks][0]!,
    schema,
    dataSources,
    templates,
    hash: hash.digest("hex"),
    warnings,
  };
}
