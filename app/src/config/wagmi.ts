import { connectorsForWallets } from "@rainbow-me/rainbowkit";
import { injectedWallet, metaMaskWallet, rainbowWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import { defineChain, http, type Chain, type Transport } from "viem";
import { createConfig, type Config } from "wagmi";

import type { ClientChain, RuntimeConfig } from "./runtime.ts";

/** A viem chain for a chain the server offers; reads go through the app's /rpc/<chainId> proxy. */
export function toViemChain(chain: ClientChain, origin: string): Chain {
  return defineChain({
    id: chain.chainId,
    name: chain.name,
    nativeCurrency: { name: chain.nativeSymbol, symbol: chain.nativeSymbol, decimals: 18 },
    rpcUrls: { default: { http: [`${origin}/rpc/${chain.chainId}`] } },
    ...(chain.explorerUrl ? { blockExplorers: { default: { name: "Explorer", url: chain.explorerUrl } } } : {}),
    testnet: chain.kind !== "mainnet",
  });
}

/**
 * The wagmi config: injected wallets (EIP-6963 discovery and window.ethereum) always; MetaMask's
 * and Rainbow's mobile apps and WalletConnect only when a WalletConnect project id is configured,
 * because they need WalletConnect's relay on the internet.
 */
export function createWagmiConfig(runtime: RuntimeConfig, origin: string): Config {
  const chains = runtime.chains.map((c) => toViemChain(c, origin));
  if (chains.length === 0) throw new Error("no chain is configured");
  const projectId = runtime.walletConnectProjectId;
  const connectors = connectorsForWallets(
    [
      {
        groupName: "Wallets",
        wallets: projectId ? [injectedWallet, metaMaskWallet, rainbowWallet, walletConnectWallet] : [injectedWallet],
      },
    ],
    // Without a project id no WalletConnect wallet is listed, so this placeholder is never used.
    { appName: "Peper", projectId: projectId ?? "walletconnect-not-configured" },
  );
  const transports: Record<number, Transport> = {};
  for (const chain of chains) transports[chain.id] = http(chain.rpcUrls.default.http[0]);
  return createConfig({
    chains: chains as [Chain, ...Chain[]],
    connectors,
    transports,
    ssr: true,
    multiInjectedProviderDiscovery: true,
  });
}
