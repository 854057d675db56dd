// `npm test`: every test of the repository, stage by stage, with the time each took. Runs every
// stage even when one fails, then exits 1 if any failed.
//
//   build       compile the contracts, regenerate the protocol module
//   typecheck   tsc over the root project and every workspace
//   contracts   Hardhat: mocha + ethers tests and Solidity unit/fuzz/invariant tests (with coverage in CI)
//   gas         the gas benchmarks, compared with the committed snapshots/gas/*.json
//   workspaces  each workspace's own `npm test`
//   scripts     the repository scripts: deploy checks and the end-to-end test of `npm start`
import { hardhat, main, run, seconds, assertNode22 } from "./lib/runtime.ts";

interface Stage {
  name: string;
  steps: [string, string[]][];
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const stages: Stage[] = [
  { name: "build", steps: [hardhat("compile"), [process.execPath, ["scripts/generate-protocol.ts"]]] },
  {
    name: "typecheck",
    steps: [
      [process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"]],
      [npm, ["run", "typecheck", "--workspaces", "--if-present"]],
    ],
  },
  // In CI the contract tests run with coverage (lcov + a table in the log: coverage/).
  {
    name: "contracts",
    steps: [
      process.env.CI === "true" || process.env.PEPER_COVERAGE === "1" ? hardhat("test", "--coverage") : hardhat("test"),
    ],
  },
  { name: "gas", steps: [[process.execPath, ["scripts/bench/run.ts", "--gas", "--check"]]] },
  { name: "workspaces", steps: [[npm, ["test", "--workspaces", "--if-present"]]] },
  { name: "scripts", steps: [[process.execPath, ["--test", "scripts/**/*.test.ts"]]] },
];

main(async () => {
  assertNode22();
  const only = process.argv.slice(2);
  const selected = only.length > 0 ? stages.filter((s) => only.includes(s.name)) : stages;
  if (selected.length === 0) {
    console.error(`Unknown stage(s) ${only.join(", ")}. Stages: ${stages.map((s) => s.name).join(", ")}.`);
    process.exit(1);
  }
  const results: { name: string; ok: boolean; ms: number }[] = [];
  for (const stage of selected) {
    console.log(`\n=== ${stage.name} ===`);
    const t = Date.now();
    let ok = true;
    for (const [cmd, args] of stage.steps) {
      try {
        await run(cmd, args);
      } catch (error) {
        console.error(`\n${stage.name}: ${(error as Error).message.split("\n")[0]}`);
        ok = false;
        break;
      }
    }
    results.push({ name: stage.name, ok, ms: Date.now() - t });
  }
  console.log("\n=== summary ===");
  for (const r of results) console.log(`  ${r.name.padEnd(12)} ${r.ok ? "ok  " : "FAIL"} ${seconds(r.ms)}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`stages: ${results.length - failed} passed, ${failed} failed`);
  if (failed > 0) process.exit(1);
});
