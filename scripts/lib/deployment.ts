// Ignition's record of a chain's deployment (contracts/ignition/deployments/chain-<id>/), read in
// one place: by the stack, the demo and the tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { ROOT } from "./runtime.ts";

/** The deployed_addresses.json of a chain. */
export const deploymentFile = (chainId: number): string =>
  join(ROOT, `contracts/ignition/deployments/chain-${chainId}/deployed_addresses.json`);

/** Ignition future id ("PeperLocal#OracleHub", "Governance#PeperToken") → address. */
export function readDeployedAddresses(chainId: number): Record<string, `0x${string}`> {
  return JSON.parse(readFileSync(deploymentFile(chainId), "utf8")) as Record<string, `0x${string}`>;
}

/** Looks an address up by the contract part of its Ignition id ("PeperToken", "USDC"). */
export function readDeployment(chainId: number): (name: string) => `0x${string}` {
  const deployed = readDeployedAddresses(chainId);
  return (name) => {
    const hit = Object.entries(deployed).find(([id]) => id.endsWith(`#${name}`));
    if (!hit) throw new Error(`${name} is not in the deployment of chain ${chainId}`);
    return hit[1];
  };
}
