#!/usr/bin/env node
// peper-audit-verify: checks the audit log's hash chain in the API's database, from the first entry to
// the last, and reports the first entry that was edited, removed or reordered.
//
//   node offchain/bin/peper-audit-verify.ts [--json]
//
// The database is the API's (see offchain/src/api/config.ts): DATABASE_URL when set, else PGlite under
// $PEPER_STATE_DIR/db (default <repository>/.peper/db). A PGlite directory may be open in one process at
// a time: stop the API first, or verify on PostgreSQL. Progress goes to stderr, the verdict to stdout.
// Exit status: 0 the log is intact, 1 it is broken, 2 it could not be checked (usage, configuration,
// no database, database unreachable).
import { existsSync } from "node:fs";
import { join } from "node:path";

import { ApiConfigError, loadApiConfig } from "../src/api/config.ts";
import { verifyStoredAuditLog } from "../src/compliance/auditStore.ts";
import { DatabaseError, openDatabase, redactDatabaseUrl, type PeperDatabase } from "../src/db/index.ts";

const USAGE = `Usage: peper-audit-verify [--json]

Verifies the hash chain of the API's audit log.
  --json   print the verdict as one JSON object instead of a table
  --help   show this help

Database: DATABASE_URL, else PGlite in $PEPER_STATE_DIR/db (default .peper/db); stop the API first
when it uses that PGlite directory. Exit status: 0 intact, 1 broken, 2 not checked.`;

class UsageError extends Error {}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== "--json" && a !== "--help" && a !== "-h");
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (unknown.length > 0) throw new UsageError(`Unknown argument ${unknown[0]}.\n\n${USAGE}`);
  const json = argv.includes("--json");

  // The check needs no secrets: placeholders keep loadApiConfig from generating a secrets file (and
  // from refusing a malformed secret that plays no part here).
  const placeholder = "audit-verify-needs-no-secret-0123456789";
  const config = loadApiConfig({ ...process.env, PEPER_JWT_SECRET: placeholder, PEPER_DATA_KEY: placeholder });
  let where: string;
  let database: PeperDatabase;
  if (config.databaseUrl) {
    where = `PostgreSQL ${redactDatabaseUrl(config.databaseUrl)}`;
    database = await openDatabase({ databaseUrl: config.databaseUrl });
  } else {
    where = `PGlite ${config.dataDir}`;
    // Opening would create an empty database, which would "verify" trivially: refuse instead.
    if (!existsSync(join(config.dataDir, "PG_VERSION"))) {
      throw new UsageError(
        `There is no database in ${config.dataDir}. Set PEPER_STATE_DIR to the API's state directory, or DATABASE_URL.`,
      );
    }
    database = await openDatabase({ dataDir: config.dataDir });
  }

  try {
    process.stderr.write(`Verifying the audit log in ${where}…\n`);
    const started = Date.now();
    const result = await verifyStoredAuditLog(database.db, (checked) =>
      process.stderr.write(`  ${checked.toLocaleString("en-US")} entries checked\n`),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const entries = result.ok ? result.entries : result.seq - 1;
    if (json) {
      process.stdout.write(
        `${JSON.stringify({
          ok: result.ok,
          database: where,
          entries,
          head_hash: result.headHash ?? null,
          ...(result.ok ? {} : { broken_seq: result.seq, problem: result.problem }),
        })}\n`,
      );
    } else if (result.ok) {
      process.stdout.write(
        `${table([
          ["Audit log", "INTACT"],
          ["Database", where],
          ["Entries", String(result.entries)],
          ["Head hash", result.headHash ?? "(empty log)"],
          ["Checked in", `${seconds} s`],
        ])}\n` + "Record the entry count and head hash: deleting the newest entries can only be seen against them.\n",
      );
    } else {
      process.stdout.write(
        `${table([
          ["Audit log", "BROKEN"],
          ["Database", where],
          ["First broken seq", String(result.seq)],
          ["Problem", `entry ${result.seq}: ${result.problem}`],
          ["Intact entries", `${entries} (seq 1 to ${entries})`],
          ["Last intact hash", result.headHash ?? "(none)"],
        ])}\n`,
      );
    }
    return result.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ApiConfigError) {
    process.stderr.write(`peper-audit-verify: ${error.message}\n`);
  } else if (error instanceof DatabaseError) {
    // The message carries the details (what to check); it never contains a password.
    process.stderr.write(`peper-audit-verify: ${error.message}\n`);
  } else {
    process.stderr.write(
      `peper-audit-verify: the log could not be checked: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = 2;
}
