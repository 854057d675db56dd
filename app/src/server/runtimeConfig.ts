// Server side only: reads the file system and the environment at request time.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

import type { Address } from "viem";

import { CHAINS, type PeperChain } from "@protocol/chains.ts";
import { deployedAddresses } from "@protocol/generated/addresses.ts";

import { EXPLORERS } from "../config/explorers.ts";
import type { ClientChain, RuntimeConfig } from "../config/runtime.ts";

/** The repository root: the nearest folder above the server's working directory with contracts/ignition. */
function repositoryRoot(): string {
  if (process.env.PEPER_ROOT) return resolve(process.env.PEPER_ROOT);
  let dir = process.cwd();
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "contracts", "ignition"))) return dir;
    dir = dirname(dir);
  }
  return resolve(process.cwd(), "..");
}

/** Where Ignition records deployments (PEPER_DEPLOYMENTS_DIR overrides). */
const deploymentsDir = (): string =>
  process.env.PEPER_DEPLOYMENTS_DIR
    ? resolve(process.env.PEPER_DEPLOYMENTS_DIR)
    : join(repositoryRoot(), "contracts", "ignition", "deployments");

/**
 * chain id → contract name → address: the protocol module's generated addresses (known at build
 * time) overlaid with Ignition's deployed_addresses.json files as they are now, so that a deploy after
 * the build (every `npm start`) needs no rebuild. Read the way scripts/generate-protocol.ts reads them.
 */
export function readDeployments(dir = deploymentsDir()): Record<number, Record<string, Address>> {
  const out: Record<number, Record<string, Address>> = {};
  for (const [id, byName] of Object.entries(deployedAddresses as Record<string, Record<string, string>>)) {
    out[Number(id)] = { ...(byName as Record<string, Address>) };
  }
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const match = /^chain-(\d+)$/.exec(entry.name);
    const file = join(dir, entry.name, "deployed_addresses.json");
    if (!entry.isDirectory() || !match || !existsSync(file)) continue;
    try {
      const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
      const byName: Record<string, Address> = {};
      for (const [futureId, address] of Object.entries(raw)) byName[futureId.split("#").pop()!] = address as Address;
      out[Number(match[1])] = byName;
    } catch {
      // a deployment being written right now: keep what the build knew
    }
  }
  return out;
}

/** The RPC URL of a chain on the server: the stack's PEPER_<NETWORK>_RPC_URL, chains.ts, or <NETWORK>_RPC_URL. */
export function rpcUrlFor(chain: PeperChain): string | undefined {
  if (chain.kind === "local") return process.env[`PEPER_${chain.network.toUpperCase()}_RPC_URL`] ?? chain.localRpcUrl;
  return chain.rpcUrlEnv ? process.env[chain.rpcUrlEnv] || undefined : undefined;
}

/** The chains the dApp offers: the two local chains, and each public chain with an RPC URL configured. */
export function configuredChains(): PeperChain[] {
  return CHAINS.filter((c) => c.kind === "local" || rpcUrlFor(c) !== undefined);
}

export function runtimeConfig(): RuntimeConfig {
  const chains: ClientChain[] = configuredChains().map((c) => ({
    chainId: c.chainId,
    name: c.name,
    nativeSymbol: c.nativeSymbol,
    kind: c.kind,
    ...(EXPLORERS[c.chainId] ? { explorerUrl: EXPLORERS[c.chainId] } : {}),
  }));
  const projectId = process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID || process.env.WALLETCONNECT_PROJECT_ID;
  return {
    chains,
    deployments: readDeployments(),
    ...(projectId ? { walletConnectProjectId: projectId } : {}),
  };
}
