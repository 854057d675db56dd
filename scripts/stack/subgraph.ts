// The subgraph in the local stack: renders a manifest per local chain from the fresh Ignition
// deployments and builds the WASM mappings when their sources changed since the last build. The
// embedded indexer (subgraph/indexer) then runs that build against each local chain.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

import { ROOT, run } from "../lib/runtime.ts";

export const SUBGRAPH_DIR = join(ROOT, "subgraph");
const STAMP = join(SUBGRAPH_DIR, "build", ".sources.sha256");

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    })
    .sort();
}

/** A hash of everything `graph build` reads: the schema, the mappings and the ABIs (after render). */
function sourcesHash(): string {
  const hash = createHash("sha256");
  const inputs = [
    join(SUBGRAPH_DIR, "schema.graphql"),
    ...files(join(SUBGRAPH_DIR, "src")),
    ...files(join(SUBGRAPH_DIR, "abis")),
  ];
  for (const path of inputs) {
    hash.update(relative(SUBGRAPH_DIR, path));
    hash.update(readFileSync(path));
  }
  return hash.digest("hex");
}

let prepared: Promise<{ built: boolean }> | undefined;

/**
 * Renders `subgraph/generated/<network>/subgraph.yaml` for every deployed chain (which also copies
 * the ABIs from the artifacts), then runs `graph codegen && graph build` unless the build is
 * current. Runs once per `npm start`, however many indexers ask.
 */
export function prepareSubgraph(env: NodeJS.ProcessEnv): Promise<{ built: boolean }> {
  prepared ??= (async () => {
    await run(process.execPath, ["scripts/render.ts", "--all"], { cwd: SUBGRAPH_DIR, quiet: true, env });
    const hash = sourcesHash();
    const current = existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === hash;
    if (current) return { built: false };
    const graph = join(ROOT, "node_modules/@graphprotocol/graph-cli/bin/run.js");
    const graphEnv = { ...env, GRAPH_SKIP_NEW_VERSION_CHECK: "true" };
    // codegen and build read subgraph.yaml: render the local chain A manifest there too.
    await run(process.execPath, ["scripts/render.ts", "--network", "localA"], { cwd: SUBGRAPH_DIR, quiet: true, env });
    await run(process.execPath, [graph, "codegen"], { cwd: SUBGRAPH_DIR, quiet: true, env: graphEnv });
    await run(process.execPath, [graph, "build"], { cwd: SUBGRAPH_DIR, quiet: true, env: graphEnv });
    writeFileSync(STAMP, hash + "\n");
    return { built: true };
  })();
  return prepared;
}
