// What the demo scripts share: the connection and the addresses of this chain's deployment.
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

export { readDeployment } from "../lib/deployment.ts";
