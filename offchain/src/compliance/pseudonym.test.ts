// One pseudonym per user for every writer of the audit log: the API's context and the shell's
// `npm run api:admin` (which wrote the raw user id before).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";

import { desc, eq } from "drizzle-orm";

import { TEST_SECRETS, testApi } from "../api/testing.ts";
import { openDatabase } from "../db/index.ts";
import { auditLog, globalUsers } from "../db/schema.ts";
import { pseudonymizer } from "./pseudonym.ts";

const run = promisify(execFile);
const ADMIN_BIN = new URL("../../bin/peper-admin.ts", import.meta.url).pathname;

describe("audit pseudonyms", () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("are stable, not the id, and the same as the API context's", async () => {
    const api = await testApi();
    try {
      const p = pseudonymizer(TEST_SECRETS.dataKey);
      const id = "6f1c0a52-8f0e-4a4b-9a0c-2f2a5d3c9b11";
      assert.equal(p(id), api.ctx.pseudonym(id));
      assert.equal(p(id), p(id));
      assert.match(p(id), /^u_[0-9a-f]{32}$/);
      assert.notEqual(p(id), pseudonymizer(`${TEST_SECRETS.dataKey}x`)(id), "keyed by the data key");
    } finally {
      await api.close();
    }
  });

  it("`api:admin grant` audits the account by pseudonym, never by its id", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "peper-admin-"));
    dirs.push(stateDir);
    const database = await openDatabase({ dataDir: join(stateDir, "db") });
    const [user] = await database.db
      .insert(globalUsers)
      .values({ email: "desk@peper.test", region: "DE" })
      .returning({ id: globalUsers.id });
    await database.close();

    const env = {
      ...process.env,
      PEPER_STATE_DIR: stateDir,
      PEPER_JWT_SECRET: TEST_SECRETS.jwtSecret,
      PEPER_DATA_KEY: TEST_SECRETS.dataKey,
    };
    await run(process.execPath, [ADMIN_BIN, "grant", "desk@peper.test", "institutional"], { env });

    const reopened = await openDatabase({ dataDir: join(stateDir, "db") });
    try {
      const [entry] = await reopened.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
      assert.equal(entry?.action, "admin.role");
      assert.equal(entry?.target, pseudonymizer(TEST_SECRETS.dataKey)(user!.id));
      assert.doesNotMatch(JSON.stringify(entry), new RegExp(user!.id), "the user id is nowhere in the entry");
      const [row] = await reopened.db.select().from(globalUsers).where(eq(globalUsers.id, user!.id));
      assert.equal(row?.role, "institutional");
    } finally {
      await reopened.close();
    }
  });
});
