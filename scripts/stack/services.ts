// The services of the local stack. Each part of Peper that runs as a process plugs in here: a name,
// the port it needs, how to start it and how to know it is ready. `scripts/start.ts` starts them in
// order, prints one status line each, and stops them in reverse order.
import type { ChildProcess } from "node:child_process";

import { CHAINS } from "../../offchain/src/protocol/chains.ts";
import { hardhat, rpc } from "../lib/runtime.ts";

export interface StackContext {
  /** The repository root. */
  root: string;
  /** Where services keep state and logs (`.peper/`). */
  stateDir: string;
  /** Environment passed to every child: carries each service's URL for the ones after it. */
  env: NodeJS.ProcessEnv;
}

export interface ServiceDefinition {
  /** Short name in status lines and log file names. */
  name: string;
  /** The loopback port it listens on. */
  port: number;
  /** The environment variable that moves it to another port. */
  portEnv: string;
  /** The URL printed in the status line. */
  url: (port: number) => string;
  /** The command to run. */
  command: (port: number, ctx: StackContext) => [string, string[]];
  /** Resolves true once the service answers. */
  ready: (port: number, child: ChildProcess) => Promise<boolean>;
  /** Extra words for the status line. */
  describe?: string;
}

const portFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(`${name}=${raw} is not a port between 1024 and 65535.`);
  }
  return port;
};

const localChains = CHAINS.filter((c) => c.kind === "local");

/** The two local chains: Hardhat nodes on loopback. */
export const chainServices: ServiceDefinition[] = localChains.map((chain, i) => {
  const portEnv = `PEPER_CHAIN_${String.fromCharCode(65 + i)}_PORT`;
  const defaultPort = Number(new URL(chain.localRpcUrl!).port);
  return {
    name: `chain ${String.fromCharCode(65 + i)}`,
    port: portFromEnv(portEnv, defaultPort),
    portEnv,
    describe: `chainId ${chain.chainId} (${chain.network})`,
    url: (port) => `http://127.0.0.1:${port}`,
    command: (port) =>
      hardhat("node", "--hostname", "127.0.0.1", "--port", String(port), "--chain-id", String(chain.chainId)),
    ready: async (port) => {
      const id = await rpc<string>(`http://127.0.0.1:${port}`, "eth_chainId");
      return Number(id) === chain.chainId;
    },
  };
});

/** Every long-running service, in start order. Later parts (indexer, oracle, API, app) append here. */
export const services: ServiceDefinition[] = [...chainServices];

/** The environment variable that tells Hardhat a local network's URL (see hardhat.config.ts). */
export const rpcUrlEnvFor = (network: string): string => `PEPER_${network.toUpperCase()}_RPC_URL`;

export { localChains };
