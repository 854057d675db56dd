/**
 * drizzle-kit configuration for the off-chain API's database (schema: `src/db/schema.ts`).
 *
 * After changing the schema, generate a new versioned migration and commit it with the schema change:
 *
 *     npx drizzle-kit generate --config offchain/drizzle.config.ts --name add_x   # from the repository root
 *     npx drizzle-kit generate --config drizzle.config.ts --name add_x            # from offchain/
 *     npx drizzle-kit check --config offchain/drizzle.config.ts                   # journal consistency
 *
 * This writes `src/db/migrations/NNNN_<name>.sql` and updates `src/db/migrations/meta/` (the journal and
 * the schema snapshot drizzle-kit diffs against next time); it needs no database. Then format the JSON
 * it wrote (`npm run format`; the lint step's `prettier --check .` covers meta/, drizzle-kit reads
 * either layout). `openDatabase` (`src/db/index.ts`) applies pending migrations when it opens a
 * database, so there is no separate "migrate" step. Never edit a migration that has been committed: add a new one.
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { defineConfig } from "drizzle-kit";

/** `offchain/`, wherever the command runs from (drizzle-kit resolves paths against the working directory). */
const here = dirname(fileURLToPath(import.meta.url));
const fromCwd = (path: string) => relative(process.cwd(), join(here, path)) || ".";

export default defineConfig({
  dialect: "postgresql",
  schema: fromCwd("src/db/schema.ts"),
  out: fromCwd("src/db/migrations"),
  strict: true,
  verbose: true,
});
