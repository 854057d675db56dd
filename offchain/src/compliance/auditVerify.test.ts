// `peper-audit-verify` as a child process on a PGlite data directory in a temporary directory: an
// intact log exits 0, an edited or a deleted entry exits 1 naming the first broken seq, and a missing
// database or a bad argument exits 2.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { sql } from "drizzle-orm";

import { openDatabase } from "../db/index.ts";
import { appendAudit } from "./auditStore.ts";

const BIN = fileURLToPath(new URL("../../bin/peper-audit-verify.ts", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "peper-audit-verify-"));
after(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function verify(stateDir: string, args: string[] = []): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, PEPER_STATE_DIR: stateDir };
  delete env["DATABASE_URL"];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Writes an audit log of `n` entries into a new PGlite database under `dir`; returns its head hash. */
async function writeLog(dir: string, n: number): Promise<string> {
  const database = await openDatabase({ dataDir: join(dir, "db") });
  let head = "";
  try {
    for (let i = 0; i < n; i++) {
      const entry = await database.db.transaction((tx) =>
        appendAudit(
          tx,
          { actor: `u_${String(i % 3).repeat(32)}`, action: "test.entry", target: `t${i}`, details: { i } },
          Date.UTC(2026, 0, 1, 12, i),
        ),
      );
      head = entry.hash;
    }
  } finally {
    await database.close();
  }
  return head;
}

/** The seven-entry log, written once and copied per scenario (creating a database is slow). */
const original = join(work, "original");
let originalHead = "";
const copyOfLog = (name: string): string => {
  const dir = join(work, name);
  cpSync(original, dir, { recursive: true });
  return dir;
};

async function tamper(dir: string, statement: ReturnType<typeof sql>): Promise<void> {
  const database = await openDatabase({ dataDir: join(dir, "db") });
  try {
    await database.db.execute(statement);
  } finally {
    await database.close();
  }
}

describe("peper-audit-verify", () => {
  before(async () => {
    originalHead = await writeLog(original, 7);
  });

  it("exits 0 on an intact log and prints the entry count and head hash", async () => {
    const dir = copyOfLog("intact");
    const head = originalHead;
    const run = await verify(dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Audit log\s+INTACT/);
    assert.match(run.stdout, /Entries\s+7\n/);
    assert.ok(run.stdout.includes(head), "the head hash is printed");
    assert.match(run.stderr, /Verifying the audit log in PGlite /);

    const asJson = await verify(dir, ["--json"]);
    assert.equal(asJson.code, 0, asJson.stderr);
    assert.deepEqual(JSON.parse(asJson.stdout), {
      ok: true,
      database: `PGlite ${join(dir, "db")}`,
      entries: 7,
      head_hash: head,
    });
  });

  it("exits 1 naming the seq of an entry whose details were edited", async () => {
    const dir = copyOfLog("edited");
    await tamper(dir, sql`UPDATE audit_log SET details = '{"i": 99}'::jsonb WHERE seq = 4`);
    const run = await verify(dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /Audit log\s+BROKEN/);
    assert.match(run.stdout, /First broken seq\s+4\n/);
    assert.match(run.stdout, /entry 4: its content was changed/);
    assert.match(run.stdout, /Intact entries\s+3 /);

    const asJson = JSON.parse((await verify(dir, ["--json"])).stdout) as Record<string, unknown>;
    assert.equal(asJson["ok"], false);
    assert.equal(asJson["broken_seq"], 4);
    assert.equal(asJson["problem"], "its content was changed");
  });

  it("exits 1 naming the seq of a deleted middle entry", async () => {
    const dir = copyOfLog("deleted");
    await tamper(dir, sql`DELETE FROM audit_log WHERE seq = 5`);
    const run = await verify(dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /First broken seq\s+5\n/);
    assert.match(run.stdout, /entry 5 is missing \(found 6 next\)/);
  });

  it("exits 2 when there is no database or an argument is unknown", async () => {
    const missing = await verify(join(work, "nothing-here"));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /There is no database in .*nothing-here/);
    // Arguments are checked before the database is opened.
    const bad = await verify(original, ["--repair"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown argument --repair/);
    const help = await verify(original, ["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: peper-audit-verify/);
  });
});
