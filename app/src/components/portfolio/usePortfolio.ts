"use client";
import { useQueries } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { Address, PublicClient } from "viem";
import { useConfig } from "wagmi";
import { getPublicClient } from "wagmi/actions";

import type { ClientChain } from "../../config/runtime.ts";
import { useRuntime } from "../../hooks/useRuntime.ts";
import { valueChain, type ChainPortfolio } from "../../lib/portfolio.ts";
import { readChainPortfolio } from "../../lib/portfolioReads.ts";
import { parseStoredTokens, storedTokensKey, type ListToken } from "../../lib/tokenlist.ts";

/** The configured chains with a Peper deployment: the portfolio reads every one of them. */
export function usePortfolioChains(): ClientChain[] {
  const runtime = useRuntime();
  return useMemo(
    () => runtime.chains.filter((c) => Object.keys(runtime.deployments[c.chainId] ?? {}).length > 0),
    [runtime],
  );
}

/**
 * The portfolio of `account` on every chain at once, each read with its own public client (not the
 * wallet's chain) and valued at its own pools' prices; one query per chain, so one chain failing
 * leaves the others shown.
 */
export function usePortfolio(chains: readonly ClientChain[], account: Address) {
  const config = useConfig();
  const runtime = useRuntime();
  // the swap's token list: the visitor's own tokens per chain (lib/tokenlist.ts), next to the market's
  const [listed] = useState<Record<number, ListToken[]>>(() =>
    typeof window === "undefined"
      ? {}
      : Object.fromEntries(
          chains.map((c) => [c.chainId, parseStoredTokens(localStorage.getItem(storedTokensKey(c.chainId)))]),
        ),
  );
  return useQueries({
    queries: chains.map((c) => ({
      queryKey: ["portfolio", c.chainId, account, (listed[c.chainId] ?? []).map((t) => t.address).join(",")],
      refetchInterval: 10_000,
      queryFn: async (): Promise<ChainPortfolio> => {
        const client = getPublicClient(config, { chainId: c.chainId }) as PublicClient | undefined;
        if (!client) throw new Error(`No RPC client for chain ${c.chainId}: is it in the runtime configuration?`);
        const deployment = runtime.deployments[c.chainId] ?? {};
        const raw = await readChainPortfolio(client, c.chainId, (name) => deployment[name], account, listed[c.chainId]);
        return valueChain(raw, c.nativeSymbol);
      },
    })),
  });
}
