// The subgraph in the local stack: renders a manifest per local chain from the fresh Ignition
// deployments and builds the WASM mappings when their sources changed since the last build
// (subgraph/scripts/build.ts --if-changed). The embedded indexer (subgraph/indexer) then runs that
// build against each local chain.
import { join } from "node:path";

import { ROOT, run } from "../lib/runtime.ts";

export const SUBGRAPH_DIR = join(ROOT, "subgraph");

let prepared: Promise<void> | undefined;

/**
 * Renders `subgraph/generated/<network>/subgraph.yaml` for every deployed chain, then builds the
 * mappings unless the build is current. Runs once per `npm start`, however many indexers ask.
 */
export function prepareSubgraph(env: NodeJS.ProcessEnv): Promise<void> {
  prepared ??= (async () => {
    await run(process.execPath, ["scripts/render.ts", "--all"], { cwd: SUBGRAPH_DIR, quiet: true, env });
    await run(process.execPath, ["scripts/build.ts", "--if-changed"], { cwd: SUBGRAPH_DIR, quiet: true, env });
  })();
  return prepared;
}
