// Builds the subgraph: renders subgraph.yaml (chain localA, or placeholders on a fresh clone), then
// `graph codegen && graph build`. With --if-changed it skips codegen and build when the schema, the
// mappings and the ABIs hash to what the last build recorded in build/.sources.sha256 (npm start
// uses this, so a second start does not spend 30 s rebuilding the same WASM).
//
//   node scripts/build.ts [--if-changed]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const SUBGRAPH = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const STAMP = join(SUBGRAPH, "build", ".sources.sha256");
const GRAPH = join(SUBGRAPH, "..", "node_modules/@graphprotocol/graph-cli/bin/run.js");

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    })
    .sort();
}

/** A hash of everything `graph build` compiles: the schema, the mappings and the ABIs (after render). */
function sourcesHash(): string {
  const hash = createHash("sha256");
  for (const path of [
    join(SUBGRAPH, "schema.graphql"),
    ...files(join(SUBGRAPH, "src")),
    ...files(join(SUBGRAPH, "abis")),
  ]) {
    hash.update(relative(SUBGRAPH, path));
    hash.update(readFileSync(path));
  }
  return hash.digest("hex");
}

function step(label: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: SUBGRAPH, stdio: "inherit", env });
  if (result.status !== 0) {
    process.stderr.write(`build: ${label} failed (${result.signal ?? `exit ${result.status}`})\n`);
    process.exit(1);
  }
  process.stdout.write(`build: ${label} ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const { values } = parseArgs({ options: { "if-changed": { type: "boolean", default: false } }, strict: true });
step("render", ["scripts/render.ts"]);
const hash = sourcesHash();
if (values["if-changed"] && existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === hash) {
  process.stdout.write("build: up to date (schema, mappings and ABIs unchanged)\n");
} else {
  // graph-cli checks for a newer version online unless told not to; this machine has no internet.
  const env = { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true" };
  step("graph codegen", [GRAPH, "codegen"], env);
  step("graph build", [GRAPH, "build"], env);
  writeFileSync(STAMP, hash + "\n");
}
