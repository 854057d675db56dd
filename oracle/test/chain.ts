// Test helpers: a Hardhat node of our own on a free loopback port (stopped by PID when done), keys and fixtures.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

import { hardhat, ROOT, rpc } from "../../scripts/lib/runtime.ts";
import type { OracleConfig } from "../src/config.ts";

export interface TestChain {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked from the OS). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `hardhat node` (chain id 31337) on a free port and waits until it answers. */
export async function startChain(): Promise<TestChain> {
  const port = await freePort();
  const [cmd, args] = hardhat("node", "--hostname", "127.0.0.1", "--port", String(port));
  const child: ChildProcess = spawn(cmd, args, { cwd: ROOT, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await rpc<string>(url, "eth_chainId");
      break;
    } catch {
      if (i > 300 || child.exitCode !== null) throw new Error(`hardhat node did not start on ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Hardhat's well-known development keys (public test keys, local chains only). */
export const DEV_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
] as const;

/** Two markets replaying the shipped data set (DAX, CAC) under made-up token addresses. */
export const TEST_MARKETS: OracleConfig["markets"] = [
  {
    asset: "0x1111111111111111111111111111111111111111",
    symbol: "PEPER",
    history: { source: "dataset", series: "DAX" },
  },
  {
    asset: "0x2222222222222222222222222222222222222222",
    symbol: "WETH",
    history: { source: "dataset", series: "CAC" },
  },
];
