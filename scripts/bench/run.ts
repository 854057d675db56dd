// `npm run bench`: runs every benchmark in scripts/bench/ and prints its table.
// `npm run bench -- indexer api`: only the named benchmarks (file names without `.ts`).
// `npm run gas`: only the gas benchmarks, which rewrite snapshots/gas/*.json.
// `npm run gas -- --check`: compare with the committed snapshots instead, exit 1 on drift (CI).
import { readdirSync } from "node:fs";
import { parseArgs } from "node:util";

import { assertNode22, hardhat, main, run, UsageError } from "../lib/runtime.ts";

main(async () => {
  assertNode22();
  const { values, positionals } = parseArgs({
    options: { check: { type: "boolean" }, gas: { type: "boolean" } },
    allowPositionals: true,
  });
  const dir = new URL(".", import.meta.url).pathname;
  const all = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "run.ts");
  const unknown = positionals.filter((name) => !all.includes(`${name}.ts`));
  if (unknown.length > 0) {
    throw new UsageError(
      `No benchmark named ${unknown.join(", ")} in scripts/bench/ (there are: ${all.map((f) => f.slice(0, -3)).join(", ")}).`,
    );
  }
  const benches = all
    .filter((f) => positionals.length === 0 || positionals.includes(f.slice(0, -3)))
    .filter((f) => !values.gas || f.endsWith("-gas.ts"))
    .sort();
  const env = { ...process.env, ...(values.check ? { PEPER_GAS_CHECK: "1" } : {}) };
  let first = true;
  for (const file of benches) {
    // Gas benchmarks run inside Hardhat (its in-process chain); compile once, before the first.
    const [cmd, args] = file.endsWith("-gas.ts")
      ? hardhat("run", ...(first ? [] : ["--no-compile"]), `scripts/bench/${file}`)
      : [process.execPath, [`scripts/bench/${file}`]];
    first = false;
    console.log(`\n### ${file}`);
    await run(cmd, args, { env });
  }
});
