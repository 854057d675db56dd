/**
 * `node:sqlite` without its ExperimentalWarning: Node 22 prints the warning when the module is
 * first loaded, through `process.emitWarning`. We filter exactly that one warning while loading it
 * (dynamic import, so the filter is in place first) and restore `emitWarning` right after; every
 * other warning still prints.
 */
import type * as Sqlite from "node:sqlite";

type EmitWarning = typeof process.emitWarning;

const original: EmitWarning = process.emitWarning;
const filtered = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
  const message = typeof warning === "string" ? warning : warning.message;
  const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  const name = typeof warning === "string" ? type : warning.name;
  if (name === "ExperimentalWarning" && /SQLite/i.test(message)) return;
  (original as (...args: unknown[]) => void).call(process, warning, ...rest);
};
process.emitWarning = filtered as EmitWarning;
let sqlite: typeof Sqlite;
try {
  sqlite = await import("node:sqlite");
} finally {
  process.emitWarning = original;
}

export const DatabaseSync = sqlite.DatabaseSync;
export type DatabaseSync = Sqlite.DatabaseSync;
