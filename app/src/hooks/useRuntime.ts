"use client";
import { createContext, useContext } from "react";
import type { Address } from "viem";
import { useAccount, useChainId } from "wagmi";

import type { RuntimeConfig } from "../config/runtime.ts";

export const RuntimeContext = createContext<RuntimeConfig>({ chains: [], deployments: {} });

export const useRuntime = (): RuntimeConfig => useContext(RuntimeContext);

/** Why the connected wallet cannot act here, or undefined when it can. */
export type NetworkProblem = "disconnected" | "unsupported-chain" | "not-deployed";

export interface ActiveChain {
  /** The chain the app reads (the wallet's when it is on a supported one). */
  chainId: number;
  /** Address of a Peper contract on that chain, by name ("PeperRouter", "USDC"); undefined if absent. */
  address: (name: string) => Address | undefined;
  deployed: boolean;
  /** The connected account, if any. */
  account?: Address;
  /** undefined when the account can send transactions on `chainId`. */
  problem?: NetworkProblem;
}

/** The chain the pages work on, its deployment, and whether the wallet can transact there. */
export function useActiveChain(): ActiveChain {
  const runtime = useRuntime();
  const chainId = useChainId();
  const { address, chainId: walletChainId, isConnected } = useAccount();
  const deployment = runtime.deployments[chainId];
  const deployed = deployment !== undefined && Object.keys(deployment).length > 0;
  const problem: NetworkProblem | undefined = !isConnected
    ? "disconnected"
    : walletChainId !== undefined && !runtime.chains.some((c) => c.chainId === walletChainId)
      ? "unsupported-chain"
      : !deployed
        ? "not-deployed"
        : undefined;
  return {
    chainId,
    deployed,
    address: (name) => deployment?.[name],
    ...(address ? { account: address } : {}),
    ...(problem ? { problem } : {}),
  };
}
