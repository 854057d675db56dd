// Our chain names (CHAINS[].network, as Hardhat names them) → The Graph's network names, used in
// networks.json and in the manifest's `network:` fields. Shared by the renderer and anything else
// that needs to know which Graph network a chain is.
import type { PeperChain } from "../../offchain/src/protocol/chains.ts";

/**
 * The local chains have no Graph name of their own: a graph-node that indexes them must be started
 * with these names in its `ethereum` setting (e.g. `peper-local-a:http://127.0.0.1:8545`).
 */
export const GRAPH_NETWORKS: Readonly<Record<string, string>> = {
  localA: "peper-local-a",
  localB: "peper-local-b",
  ethereum: "mainnet",
  sepolia: "sepolia",
  polygon: "matic",
  polygonAmoy: "polygon-amoy",
  bsc: "bsc",
  bscTestnet: "chapel",
  avalanche: "avalanche",
  avalancheFuji: "fuji",
  arbitrum: "arbitrum-one",
  arbitrumSepolia: "arbitrum-sepolia",
  optimism: "optimism",
  optimismSepolia: "optimism-sepolia",
  base: "base",
  baseSepolia: "base-sepolia",
};

/** The Graph network name of a chain; throws for a chain missing from GRAPH_NETWORKS. */
export function graphNetwork(chain: PeperChain): string {
  const name = GRAPH_NETWORKS[chain.network];
  if (!name) throw new Error(`no Graph network name for chain ${chain.network}: add it to GRAPH_NETWORKS`);
  return name;
}
