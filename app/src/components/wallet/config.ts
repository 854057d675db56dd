/**
 * The wagmi config without RainbowKit, so that no route's first load carries RainbowKit's modal and
 * wallet list: the chains (reads through the app's /rpc/<chainId> proxy) and the wallets the browser
 * announces (EIP-6963), which wagmi discovers itself. RainbowKit's wallet connectors (the injected
 * window.ethereum, and with a WalletConnect project id MetaMask, Rainbow and WalletConnect) are added
 * when RainbowKit loads (RainbowConnect.tsx): on the first "Connect wallet", or when a wallet was
 * connected before.
 */
import { defineChain, http, type Chain, type Transport } from "viem";
import { createConfig, type Config } from "wagmi";

import { MULTICALL3_ADDRESS } from "../../config/multicall3.ts";
import type { ClientChain, RuntimeConfig } from "../../config/runtime.ts";

/** A viem chain for a chain the server offers; reads go through the app's /rpc/<chainId> proxy. */
export function walletChain(chain: ClientChain, origin: string): Chain {
  return defineChain({
    id: chain.chainId,
    name: chain.name,
    nativeCurrency: { name: chain.nativeSymbol, symbol: chain.nativeSymbol, decimals: 18 },
    rpcUrls: { default: { http: [`${origin}/rpc/${chain.chainId}`] } },
    // reads batched into one eth_call to the chain's Multicall3 (config/multicall3.ts)
    contracts: { multicall3: { address: MULTICALL3_ADDRESS } },
    ...(chain.explorerUrl ? { blockExplorers: { default: { name: "Explorer", url: chain.explorerUrl } } } : {}),
    testnet: chain.kind !== "mainnet",
  });
}

export function createWalletConfig(runtime: RuntimeConfig, origin: string): Config {
  const chains = runtime.chains.map((c) => walletChain(c, origin));
  if (chains.length === 0) throw new Error("no chain is configured");
  const transports: Record<number, Transport> = {};
  for (const chain of chains) transports[chain.id] = http(chain.rpcUrls.default.http[0]);
  return createConfig({
    chains: chains as [Chain, ...Chain[]],
    connectors: [],
    transports,
    ssr: true,
    multiInjectedProviderDiscovery: true,
  });
}
