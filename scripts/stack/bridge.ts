// The bridge's processes in the local stack (issue 16): the `bridge` section of the oracle operators'
// config (they relay the OperatorVerifier's attestations between chain A, PEPER's home, and chain B),
// the Hyperlane validator + relayer (`peper-hyperlane`, the second verifier) and the accountant
// (`peper-accountant`, which pauses both BridgeManagers as guardian if bridged PEPER ever exceeds
// what is locked at home). Addresses come from Ignition's deployment of the "Bridge" module on each
// chain. Every key here is one of Hardhat's public development keys (scripts/lib/local-keys.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import type { Hex } from "viem";

import { CHAINS, peperRole } from "../../offchain/src/protocol/chains.ts";
import { readDeployedAddresses } from "../lib/deployment.ts";
import { LOCAL_VALIDATOR_KEYS } from "../lib/local-keys.ts";
import type { ServiceDefinition, StackContext } from "./services.ts";

// Hardhat's test key #4: the local guardian (contracts/ignition/parameters/local.json), which may pause.
const LOCAL_GUARDIAN_KEY: Hex = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";
// Hardhat's test key #13: pays for Hyperlane deliveries (Mailbox.process); anyone may relay.
const LOCAL_HYPERLANE_RELAYER_KEY: Hex = "0x47c99abed3324a2707c28affff1267e45918ec8c3f20b8aa892e8b065d2942dd";

const localChains = CHAINS.filter((c) => c.kind === "local");

const portFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(`${name}=${raw} is not a port between 1024 and 65535.`);
  }
  return port;
};

/** A local chain's RPC URL as `npm start` exported it (PEPER_LOCALA_RPC_URL, …). */
function rpcUrlOf(network: string, ctx: StackContext): string {
  const variable = `PEPER_${network.toUpperCase()}_RPC_URL`;
  const url = ctx.env[variable];
  if (!url) throw new Error(`${variable} is not set: the chains must be up before the bridge's processes`);
  return url;
}

/** The "Bridge" module's address `name` on `chainId`, or an error naming what is missing. */
function bridgeAddress(chainId: number, name: string): `0x${string}` {
  const address = readDeployedAddresses(chainId)[`Bridge#${name}`];
  if (!address)
    throw new Error(`Bridge#${name} is not in the deployment of chain ${chainId}; was the bridge deployed?`);
  return address;
}

const health = async (port: number): Promise<Record<string, unknown> | undefined> => {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
  return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
};

/**
 * The `bridge` section of an oracle operator's config file: relay between the local chains (token
 * messages both ways, governance messages from A's GovernanceSender to B's GovernanceReceiver),
 * 2 confirmations, from block 0 (the node keeps its scan position in its state directory).
 */
export function oracleBridgeSection(ctx: StackContext) {
  return {
    chains: localChains.map((chain) => ({
      chainId: chain.chainId,
      rpcUrl: rpcUrlOf(chain.network, ctx),
      manager: bridgeAddress(chain.chainId, "BridgeManager"),
      operatorVerifier: bridgeAddress(chain.chainId, "OperatorVerifier"),
      // one DAO (docs/decisions/0013-one-dao.md): A's GovernanceSender's messages to B's GovernanceReceiver
      ...(peperRole(chain.chainId) === "home"
        ? { governanceSender: bridgeAddress(chain.chainId, "GovernanceSender") }
        : { governanceReceiver: bridgeAddress(chain.chainId, "GovernanceReceiver") }),
      confirmations: 2,
      fromBlock: 0,
    })),
    relayTimeoutSeconds: 10,
  };
}

/** The bridge part of an oracle operator's status line, from its /health (undefined: nothing to say). */
export function oracleBridgeStatus(health: Record<string, unknown>): string | undefined {
  const bridge = health["bridge"] as { pending?: number; delivered?: number } | undefined;
  if (!bridge) return undefined;
  return `bridge: ${bridge.delivered ?? 0} delivered, ${bridge.pending ?? 0} pending`;
}

/** `peper-hyperlane`: the validators (Hardhat keys #10–#12) sign checkpoints; the relayer delivers. */
export const hyperlaneService: ServiceDefinition = {
  name: "hyperlane",
  critical: false, // the operators' verifier alone cannot execute at 2-of-2, but nothing is lost: it resumes
  port: portFromEnv("PEPER_HYPERLANE_PORT", 7450),
  portEnv: "PEPER_HYPERLANE_PORT",
  describe: "Hyperlane validators (3, threshold 2) + relayer between chains A and B (our TypeScript agents)",
  url: (port) => `http://127.0.0.1:${port}/health`,
  prepare: async (port, ctx) => {
    const dir = join(ctx.stateDir, "hyperlane");
    mkdirSync(dir, { recursive: true });
    const config = {
      chains: localChains.map((chain) => ({
        chainId: chain.chainId,
        rpcUrl: rpcUrlOf(chain.network, ctx),
        mailbox: bridgeAddress(chain.chainId, "Mailbox"),
        merkleTreeHook: bridgeAddress(chain.chainId, "MerkleTreeHook"),
        confirmations: 2,
        fromBlock: 0,
      })),
    };
    writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
    return {
      PEPER_HYPERLANE_VALIDATOR_KEYS: LOCAL_VALIDATOR_KEYS.join(","),
      PEPER_HYPERLANE_RELAYER_KEY: LOCAL_HYPERLANE_RELAYER_KEY,
      PEPER_HYPERLANE_PORT: String(port),
      PEPER_HYPERLANE_STATE_DIR: dir,
    };
  },
  command: (_port, ctx) => [
    process.execPath,
    ["oracle/bin/peper-hyperlane.ts", "--config", join(ctx.stateDir, "hyperlane", "config.json")],
  ],
  ready: async (port) => (await health(port)) !== undefined,
  status: async (port) => {
    const h = await health(port);
    if (!h) return undefined;
    return `${String(h["signedCheckpoints"])} checkpoints signed, ${String(h["delivered"])} delivered, ${String(h["pending"])} pending`;
  },
};

/** `peper-accountant`: locked on A against bridged on B every block; pauses both managers as guardian. */
export const accountantService: ServiceDefinition = {
  name: "accountant",
  critical: false,
  port: portFromEnv("PEPER_ACCOUNTANT_PORT", 7460),
  portEnv: "PEPER_ACCOUNTANT_PORT",
  describe: "bridge accountant: PEPER locked on A vs bridged on B every block; pauses both managers on a discrepancy",
  url: (port) => `http://127.0.0.1:${port}/health`,
  prepare: async (port, ctx) => {
    const dir = join(ctx.stateDir, "accountant");
    mkdirSync(dir, { recursive: true });
    const [home, ...remotes] = localChains.map((chain) => ({
      chainId: chain.chainId,
      rpcUrl: rpcUrlOf(chain.network, ctx),
      manager: bridgeAddress(chain.chainId, "BridgeManager"),
      fromBlock: 0,
    }));
    writeFileSync(join(dir, "config.json"), JSON.stringify({ home, remotes }, null, 2));
    return { PEPER_ACCOUNTANT_GUARDIAN_KEY: LOCAL_GUARDIAN_KEY, PEPER_ACCOUNTANT_PORT: String(port) };
  },
  command: (_port, ctx) => [
    process.execPath,
    ["oracle/bin/peper-accountant.ts", "--config", join(ctx.stateDir, "accountant", "config.json")],
  ],
  // ready once it has made its first check (it answers 503 before)
  ready: async (port) => (await fetch(`http://127.0.0.1:${port}/health`)).ok,
  status: async (port) => {
    const h = await health(port);
    return typeof h?.["line"] === "string" ? h["line"] : undefined;
  },
};

/** The bridge's own services, in start order (after the chains, the deployment and the oracle operators). */
export const bridgeServices: ServiceDefinition[] = [hyperlaneService, accountantService];
