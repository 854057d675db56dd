// What the demo scripts share: the connection and the addresses of this chain's deployment.
import { readFileSync } from "node:fs";

import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

export interface DemoContext {
  ethers: HardhatEthers;
  networkHelpers: NetworkHelpers;
  chainId: number;
  /** Demo accounts: Alice (deployer), Bob, Carol, Dave, Erin, and the grants multisig. */
  accounts: HardhatEthersSigner[];
  /** The deployed address of a contract by its Ignition id's contract part ("PeperToken", "USDC"). */
  address: (name: string) => string;
}

export function readDeployment(chainId: number): (name: string) => string {
  const file = new URL(
    `../../contracts/ignition/deployments/chain-${chainId}/deployed_addresses.json`,
    import.meta.url,
  );
  const deployed = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  return (name) => {
    const hit = Object.entries(deployed).find(([id]) => id.endsWith(`#${name}`));
    if (!hit) throw new Error(`${name} is not in the deployment of chain ${chainId}`);
    return hit[1];
  };
}
