// Runs after `npm install` / `npm ci` at the repository root, on whatever Node runs npm (20 or 22).
//
// Why it exists: Hardhat 3's simulator (EDR) ships its native code as optional, per-platform
// packages whose `engines` field says Node >= 22. npm running on Node 20 treats that as an
// unsupported optional dependency and silently skips it, and Hardhat then fails with
// "HHE27 Missing platform package". We run Hardhat on Node 22 (the `node` devDependency), so the
// native package is the right one; we add it here with `npm pack` from the registry, at exactly
// the version `@nomicfoundation/edr` asks for. See docs/toolchain.md.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const edrDir = join(root, "node_modules", "@nomicfoundation", "edr");

function isMusl() {
  if (process.platform !== "linux") return false;
  const report = process.report?.getReport();
  return !(report && report.header && report.header.glibcVersionRuntime);
}

function platformPackage() {
  const { platform, arch } = process;
  if (platform === "linux") return `@nomicfoundation/edr-linux-${arch}-${isMusl() ? "musl" : "gnu"}`;
  if (platform === "win32") return `@nomicfoundation/edr-win32-${arch}-msvc`;
  return `@nomicfoundation/edr-${platform}-${arch}`;
}

/** Adds the EDR platform package when missing. Safe to call often: a no-op when present. */
export function ensureEdr() {
  if (!existsSync(edrDir)) return; // Hardhat not installed (e.g. a workspace-only install).
  const edr = JSON.parse(readFileSync(join(edrDir, "package.json"), "utf8"));
  const name = platformPackage();
  const version = edr.optionalDependencies?.[name];
  if (!version) {
    console.warn(`[postinstall] EDR ${edr.version} has no native package for ${name}; Hardhat may not run here.`);
    return;
  }
  const target = join(root, "node_modules", ...name.split("/"));
  if (existsSync(join(target, "package.json"))) {
    const installed = JSON.parse(readFileSync(join(target, "package.json"), "utf8")).version;
    if (installed === version) return;
  }
  console.log(`[postinstall] adding ${name}@${version} (npm skipped it: its engines field asks for Node >= 22)`);
  const work = mkdtempSync(join(tmpdir(), "peper-edr-"));
  try {
    const out = execFileSync("npm", ["pack", `${name}@${version}`, "--silent", "--pack-destination", work], {
      cwd: work,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const tarball = join(work, out.trim().split("\n").pop());
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], { stdio: "inherit" });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// As the root `postinstall` (`npm install`, `npm ci`). `npm install <pkg>` does not run it and
// prunes the package again, so hardhat.config.ts calls ensureEdr() too.
if (import.meta.url === `file://${process.argv[1]}`) ensureEdr();
