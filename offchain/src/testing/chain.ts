/**
 * Test helpers for the API's chain tests: a Hardhat node of the test's own on a free loopback port
 * (stopped by its PID), Hardhat's public development keys, and deployment of a built contract from
 * `/work/main/artifacts` (the artifacts are built by `npm run build`; nothing is compiled here).
 * For tests only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer, type Server, type Socket } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { createPublicClient, createWalletClient, http, type Abi, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** The repository root (where `hardhat.config.ts` and `artifacts/` are). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Hardhat's well-known development keys (public test keys: local chains only). */
export const DEV_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
] as const satisfies readonly Hex[];

/** A running Hardhat node (chain id 31337 unless `startChain` was given another). */
export interface TestChain {
  readonly url: string;
  readonly port: number;
  /** Stops the node (SIGTERM to the PID this helper started) and waits for it to exit. */
  stop(): Promise<void>;
}

const handedOut = new Set<number>();

function askOs(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * A free TCP port on 127.0.0.1, asked from the OS (nothing listens on it when this resolves), and never
 * one this process has handed out before: the OS may return a port again once its probe has closed,
 * and a stack that asks for a dozen in a row stops when two services get the same one (EADDRINUSE).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await askOs();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

async function chainId(url: string): Promise<string> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  const body = (await res.json()) as { result?: string };
  if (!body.result) throw new Error("no chain id");
  return body.result;
}

/**
 * Starts `hardhat node` on `port` (default: a free one) on 127.0.0.1 with this Node, and waits until
 * it answers `eth_chainId` (at most 600 polls of 100 ms). `options.chainId` starts it with another
 * chain id (31338 for a bridge's second chain).
 */
export async function startChain(port?: number, options: { chainId?: number } = {}): Promise<TestChain> {
  const listenOn = port ?? (await freePort());
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("hardhat/package.json");
  const pkg = require(pkgPath) as { bin: string | Record<string, string> };
  const cli = join(dirname(pkgPath), typeof pkg.bin === "string" ? pkg.bin : pkg.bin["hardhat"]!);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      cli,
      "node",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(listenOn),
      ...(options.chainId === undefined ? [] : ["--chain-id", String(options.chainId)]),
    ],
    { cwd: REPO_ROOT, stdio: "ignore" },
  );
  const url = `http://127.0.0.1:${listenOn}`;
  for (let i = 0; ; i++) {
    try {
      await chainId(url);
      break;
    } catch {
      if (i > 600 || child.exitCode !== null) {
        if (child.exitCode === null) child.kill("SIGTERM");
        throw new Error(`hardhat node did not start on port ${listenOn}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port: listenOn,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}

/** A built contract's ABI and creation bytecode, from `artifacts/contracts/src/<path>`. */
export function artifact(path: string): { abi: Abi; bytecode: Hex } {
  return JSON.parse(readFileSync(join(REPO_ROOT, "artifacts/contracts/src", path), "utf8")) as {
    abi: Abi;
    bytecode: Hex;
  };
}

/**
 * Deploys `Certificates(admin, issuer)` from its built artifact, signed by `deployerKey` (which
 * becomes the admin), with the issuer role granted to `issuer` (the zero address for none).
 */
export async function deployCertificates(url: string, deployerKey: Hex, issuer: Address): Promise<Address> {
  const transport = http(url);
  const client = createPublicClient({ transport });
  const deployer = createWalletClient({ account: privateKeyToAccount(deployerKey), transport });
  const { abi, bytecode } = artifact("nft/Certificates.sol/Certificates.json");
  const hash = await deployer.deployContract({
    abi,
    bytecode,
    args: [deployer.account.address, issuer],
    chain: null,
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("Certificates was not deployed");
  return receipt.contractAddress;
}

/** A TCP proxy in front of a node (on 127.0.0.1) that a test can take down and bring back on the same port. */
export class ChainProxy {
  readonly port: number;
  private readonly target: number;
  private readonly mode: "close" | "reset";
  private server: Server | undefined;
  private refusing = false;
  private readonly sockets = new Set<Socket>();
  /**
   * `mode` "close" (default) releases the port while down, so clients see ECONNREFUSED; "reset" keeps
   * it bound and resets every connection, so nothing else (an ephemeral client port) can take the
   * port while the chain is down and `up()` cannot fail with EADDRINUSE.
   */
  constructor(port: number, target: number, mode: "close" | "reset" = "close") {
    this.port = port;
    this.target = target;
    this.mode = mode;
  }
  up(): Promise<void> {
    this.refusing = false;
    if (this.server) return Promise.resolve();
    const server = createServer((client) => {
      if (this.refusing) return void client.resetAndDestroy();
      const upstream = connect(this.target, "127.0.0.1");
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, "127.0.0.1", () => resolve()));
  }
  down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (this.mode === "reset") {
      this.refusing = true;
      return Promise.resolve();
    }
    return this.close();
  }
  /** Stops the proxy for good (whatever the mode): every connection ends and the port is released. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
