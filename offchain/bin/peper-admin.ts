#!/usr/bin/env node
// peper-admin: account administration from the server's shell, for what no API call can do yet —
// above all giving the first account the admin role.
//
//   npm run api:admin -- grant <email> <role>     roles: user, institutional, educator, compliance_officer, admin
//
// Opens the same database as the API (DATABASE_URL, else PGlite under PEPER_STATE_DIR/db or .peper/db;
// stop the API first when it uses PGlite: one process at a time may open its directory).
import { eq } from "drizzle-orm";

import { appendAudit } from "../src/compliance/auditStore.ts";
import { pseudonymizer } from "../src/compliance/pseudonym.ts";
import { ApiConfigError, loadApiConfig } from "../src/api/config.ts";
import { openDatabase } from "../src/db/index.ts";
import { globalUsers, ROLES, type Role } from "../src/db/schema.ts";

const [command, email, role] = process.argv.slice(2);
const usage = () => {
  console.error(`usage: peper-admin grant <email> <role>   (role: ${ROLES.join(", ")})`);
  process.exit(2);
};
if (command !== "grant" || !email || !role) usage();
if (!(ROLES as readonly string[]).includes(role!)) usage();

let config;
try {
  config = loadApiConfig(process.env);
} catch (error) {
  if (error instanceof ApiConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const database = await openDatabase(
  config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
);
try {
  const updated = await database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(globalUsers)
      .set({ role: role as Role })
      .where(eq(globalUsers.email, email!.trim().toLowerCase()))
      .returning({ id: globalUsers.id });
    if (!row) return undefined;
    await appendAudit(tx, {
      actor: "system",
      action: "admin.role",
      // by pseudonym, as the API writes it: the audit log holds no user id (decision 0008)
      target: pseudonymizer(config.secrets.dataKey)(row.id),
      details: { role, via: "peper-admin" },
    });
    return row;
  });
  if (!updated) {
    console.error(`No account with the e-mail ${email}; register it first (POST /api/v5/auth/register).`);
    process.exitCode = 1;
  } else {
    console.log(
      `${email} is now ${role}: running APIs refuse the account's old access tokens within 5 s (401 token-expired), and the next refresh carries the new role.`,
    );
  }
} finally {
  await database.close();
}
