// Small helpers shared by the repository scripts (start, deploy, test, bench).
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const require = createRequire(import.meta.url);

/** Hardhat 3 needs Node 22; npm scripts get it from the `node` devDependency. */
export function assertNode22(): void {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) {
    console.error(
      `Peper's scripts need Node 22 (this is ${process.version}). Run them through npm (npm start, npm test, ` +
        "npm run deploy), which puts the project's Node 22 first on PATH, after `npm install`.",
    );
    process.exit(1);
  }
}

/** The path of the Hardhat CLI script, to run with this Node (never a `node` found elsewhere on PATH). */
export function hardhatCli(): string {
  const pkgPath = require.resolve("hardhat/package.json");
  const pkg = require(pkgPath) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin["hardhat"]!;
  return join(dirname(pkgPath), bin);
}

/** Arguments to spawn Hardhat with the current Node. */
export const hardhat = (...args: string[]): [string, string[]] => [process.execPath, [hardhatCli(), ...args]];

export interface RunOptions extends SpawnOptions {
  /** Print nothing; collect output and show it only on failure. */
  quiet?: boolean;
}

/** Runs a command to completion; rejects with its output on a non-zero exit. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  const { quiet = false, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      ...spawnOptions,
    });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve(output);
      else {
        const err = new Error(
          `${[command, ...args].join(" ")} failed (${signal ?? `exit ${code}`})${output ? `:\n${output.slice(-4000)}` : ""}`,
        );
        reject(err);
      }
    });
  });
}

/** True when nothing listens on 127.0.0.1:port (we can bind it ourselves). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Sends a JSON-RPC request; resolves to the result, rejects on transport or RPC error. */
export async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Waits until `check` resolves truthy, or the child exits, or the time is up. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  { timeoutMs = 90_000, child }: { timeoutMs?: number; child?: ChildProcess } = {},
): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${what}: the process exited (code ${child.exitCode}).`);
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Formats milliseconds as "12.3 s". */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A mistake in how a script was called or configured: printed as-is, without a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Runs a script's main; prints UsageErrors plainly and exits 1 on any failure. */
export function main(fn: () => Promise<void>): void {
  fn().catch((error: unknown) => {
    if (error instanceof UsageError) console.error(`\n${error.message}`);
    else console.error(error);
    process.exit(1);
  });
}
