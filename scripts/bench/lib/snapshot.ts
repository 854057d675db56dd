// Gas snapshots: each gas benchmark measures named calls and writes snapshots/gas/<name>.json.
// With PEPER_GAS_CHECK=1 it compares instead and fails on any drift, so a change in gas shows up in
// review as a diff of the committed snapshot (as Foundry's `forge snapshot --check` does).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type GasTable = Record<string, Record<string, number>>;

const dir = new URL("../../../snapshots/gas/", import.meta.url).pathname;

/** Prints the table: one row per call, one column per implementation, and the difference. */
export function printTable(title: string, table: GasTable): void {
  const impls = Object.keys(table);
  const calls = [...new Set(impls.flatMap((i) => Object.keys(table[i]!)))];
  const width = Math.max(...calls.map((c) => c.length), 8);
  console.log(`\n${title}\n`);
  const head = ["call".padEnd(width), ...impls.map((i) => i.padStart(18))];
  if (impls.length === 2) head.push("difference".padStart(12));
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map((h) => "-".repeat(h.length + 2)).join("|")}|`);
  for (const call of calls) {
    const values = impls.map((i) => table[i]![call]);
    const row = [
      call.padEnd(width),
      ...values.map((v) => (v === undefined ? "—" : v.toLocaleString("en-US")).padStart(18)),
    ];
    if (impls.length === 2 && values[0] !== undefined && values[1] !== undefined) {
      const d = values[0] - values[1];
      row.push(`${d > 0 ? "+" : ""}${d.toLocaleString("en-US")}`.padStart(12));
    } else if (impls.length === 2) row.push("".padStart(12));
    console.log(`| ${row.join(" | ")} |`);
  }
}

/** Writes the snapshot, or with PEPER_GAS_CHECK=1 compares it and exits 1 on drift. */
export function snapshot(name: string, table: GasTable): void {
  const file = join(dir, `${name}.json`);
  const text = JSON.stringify(table, null, 2) + "\n";
  if (process.env.PEPER_GAS_CHECK === "1") {
    const committed = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (committed !== text) {
      console.error(
        `\nGas snapshot snapshots/gas/${name}.json is out of date. Run \`npm run gas\` and commit the new ` +
          "snapshot (its diff shows the gas change for review).",
      );
      process.exitCode = 1;
      return;
    }
    console.log(`\nsnapshots/gas/${name}.json matches.`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  console.log(`\nwrote snapshots/gas/${name}.json`);
}
