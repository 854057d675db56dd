/**
 * The chains Peper deploys to: the two local chains of the stack, and a mainnet plus one testnet
 * of each supported EVM network. Hand-written (not generated): it is configuration, not output.
 *
 * Used by `hardhat.config.ts` (networks), `scripts/deploy.ts` (which variables a network needs),
 * the generated protocol module (addresses per chain id) and the dApp (chain switcher).
 * RPC URLs of public chains come only from the environment variable named in `rpcUrlEnv`.
 */

/** The kind of rollup a chain is, as Hardhat 3 names it (`chainType`). */
export type ChainKind = "l1" | "op";

/** One chain Peper knows about. */
export interface PeperChain {
  /** Hardhat network name, used as `--network <name>`. */
  readonly network: string;
  /** EIP-155 chain id. */
  readonly chainId: number;
  /** Human name shown in the dApp. */
  readonly name: string;
  /** The native currency's symbol. */
  readonly nativeSymbol: string;
  /** `local` chains run on this machine; `mainnet` and `testnet` are public networks. */
  readonly kind: "local" | "mainnet" | "testnet";
  /** Hardhat's chain type (OP-stack chains have different fee rules). */
  readonly chainType: ChainKind;
  /** For local chains: the RPC URL. For public chains: undefined (read from `rpcUrlEnv`). */
  readonly localRpcUrl?: string;
  /** For public chains: the environment variable that holds the RPC URL. */
  readonly rpcUrlEnv?: string;
}

/** The environment variable holding the deployer's private key for public chains. */
export const DEPLOYER_KEY_ENV = "DEPLOYER_PRIVATE_KEY";

/** Default loopback ports of the two local chains (overridable in `npm start`, see scripts/start.ts). */
export const LOCAL_CHAIN_A_PORT = 8545;
export const LOCAL_CHAIN_B_PORT = 8546;

const publicChain = (
  network: string,
  chainId: number,
  name: string,
  nativeSymbol: string,
  kind: "mainnet" | "testnet",
  chainType: ChainKind,
): PeperChain => ({
  network,
  chainId,
  name,
  nativeSymbol,
  kind,
  chainType,
  rpcUrlEnv: `${network.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}_RPC_URL`,
});

/** Every chain, local first. Network names are unique, and so are chain ids. */
export const CHAINS: readonly PeperChain[] = [
  {
    network: "localA",
    chainId: 31337,
    name: "Peper Local A",
    nativeSymbol: "ETH",
    kind: "local",
    chainType: "l1",
    localRpcUrl: `http://127.0.0.1:${LOCAL_CHAIN_A_PORT}`,
  },
  {
    network: "localB",
    chainId: 31338,
    name: "Peper Local B",
    nativeSymbol: "ETH",
    kind: "local",
    chainType: "l1",
    localRpcUrl: `http://127.0.0.1:${LOCAL_CHAIN_B_PORT}`,
  },
  publicChain("ethereum", 1, "Ethereum", "ETH", "mainnet", "l1"),
  publicChain("sepolia", 11155111, "Sepolia", "ETH", "testnet", "l1"),
  publicChain("polygon", 137, "Polygon PoS", "POL", "mainnet", "l1"),
  publicChain("polygonAmoy", 80002, "Polygon Amoy", "POL", "testnet", "l1"),
  publicChain("bsc", 56, "BNB Smart Chain", "BNB", "mainnet", "l1"),
  publicChain("bscTestnet", 97, "BNB Smart Chain Testnet", "tBNB", "testnet", "l1"),
  publicChain("avalanche", 43114, "Avalanche C-Chain", "AVAX", "mainnet", "l1"),
  publicChain("avalancheFuji", 43113, "Avalanche Fuji", "AVAX", "testnet", "l1"),
  publicChain("arbitrum", 42161, "Arbitrum One", "ETH", "mainnet", "l1"),
  publicChain("arbitrumSepolia", 421614, "Arbitrum Sepolia", "ETH", "testnet", "l1"),
  publicChain("optimism", 10, "OP Mainnet", "ETH", "mainnet", "op"),
  publicChain("optimismSepolia", 11155420, "OP Sepolia", "ETH", "testnet", "op"),
  publicChain("base", 8453, "Base", "ETH", "mainnet", "op"),
  publicChain("baseSepolia", 84532, "Base Sepolia", "ETH", "testnet", "op"),
];

/** The chain with this Hardhat network name, or undefined. */
export const chainByNetwork = (network: string): PeperChain | undefined => CHAINS.find((c) => c.network === network);

/** The chain with this chain id, or undefined. */
export const chainById = (chainId: number): PeperChain | undefined => CHAINS.find((c) => c.chainId === chainId);

/**
 * PEPER's home chains: where PeperToken and its distribution live and the bridge locks PEPER. Every
 * other chain holds bridged PEPER (PeperBridgedToken), minted only by its BridgeManager. Local chain A
 * is the local stack's home; Ethereum is the mainnets' home and Sepolia the testnets'.
 */
export const PEPER_HOME_CHAIN_IDS: readonly number[] = [31337, 1, 11155111];

/** Whether a chain is PEPER's home ("home") or holds bridged PEPER ("remote"). */
export const peperRole = (chainId: number): "home" | "remote" =>
  PEPER_HOME_CHAIN_IDS.includes(chainId) ? "home" : "remote";
