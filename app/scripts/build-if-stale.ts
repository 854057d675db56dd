// Builds the app (`next build`) unless app/.next holds a build newer than every source file of the
// app and of the hand-written protocol module, or PEPER_APP_REBUILD=1. (The generated ABIs are
// rewritten by every `npm start`, so their time says nothing; after a contract change, rebuild with
// the flag.) Used by `npm start` (scripts/stack/services.ts) and the browser tests.
//
//   node app/scripts/build-if-stale.ts
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = resolve(APP_DIR, "..");

const newestMtime = (path: string): number => {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((e) => newestMtime(join(path, e))));
};

/** True when a build was needed and made; false when the existing build is current. */
export function buildIfStale(): boolean {
  const buildId = join(APP_DIR, ".next", "BUILD_ID");
  const sources = ["src", "messages", "next.config.ts", "package.json"].map((p) => join(APP_DIR, p));
  const protocol = join(ROOT, "offchain", "src", "protocol");
  sources.push(
    ...readdirSync(protocol)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(protocol, f)),
  );
  const fresh = existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...sources.map(newestMtime));
  if (fresh && process.env.PEPER_APP_REBUILD !== "1") return false;
  const result = spawnSync(process.execPath, [join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: APP_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`next build failed (${result.signal ?? `exit ${result.status}`})`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(buildIfStale() ? "app: built" : "app: build is current");
  } catch (error) {
    console.error(`app: ${(error as Error).message}`);
    process.exit(1);
  }
}
