import type { Address } from "viem";

/**
 * What the browser learns from the server at request time (see server/runtimeConfig.ts and
 * docs/decisions/0010-dapp.md): the chains it may switch between and the deployment on each. ABIs
 * are compiled in; addresses are not, so one build serves every deployment.
 */
export interface ClientChain {
  chainId: number;
  name: string;
  nativeSymbol: string;
  kind: "local" | "mainnet" | "testnet";
  explorerUrl?: string;
}

export interface RuntimeConfig {
  chains: ClientChain[];
  /** chain id → contract name (Solidity name or Ignition id's contract part) → address. */
  deployments: Record<number, Record<string, Address>>;
  /** WalletConnect only when a project id is configured; otherwise injected wallets only. */
  walletConnectProjectId?: string;
}
