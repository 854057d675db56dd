"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";

import { readPools, usdPrices, type Pool } from "../data/pools.ts";
import { readTokens, type Token } from "../data/tokens.ts";
import type { CurrencyRates } from "../lib/currency.ts";
import { useActiveChain } from "./useRuntime.ts";

export interface Market {
  tokens: Token[];
  pools: Pool[];
  /** USD price per token address. */
  usd: Map<string, number>;
  rates: CurrencyRates;
}

/**
 * Tokens, pools and USD prices of the active chain, read from chain and refreshed every 10 s: what
 * never changes (tokens' metadata, pair addresses and their tokens) is read once per session
 * (data/tokens.ts, data/pools.ts), so a refresh is one eth_call of allPairsLength and the listed
 * pools' reserves and LP supply, whatever the number of pairs the factory holds.
 */
export function useMarket() {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  return useQuery({
    queryKey: ["market", chain.chainId],
    enabled: client !== undefined && chain.deployed,
    refetchInterval: 10_000,
    queryFn: async (): Promise<Market> => {
      const factory = chain.address("PeperFactory");
      if (!client || !factory) throw new Error("PeperFactory is not deployed on this chain");
      const tokens = await readTokens(client, chain.address);
      const pools = await readPools(client, factory, tokens);
      const usd = usdPrices(pools);
      const weth = tokens.find((t) => t.symbol === "WETH");
      const peper = tokens.find((t) => t.symbol === "PEPER");
      const rates: CurrencyRates = {
        ...(weth && usd.has(weth.address) ? { ETH: usd.get(weth.address)! } : {}),
        ...(peper && usd.has(peper.address) ? { PEPER: usd.get(peper.address)! } : {}),
      };
      return { tokens, pools, usd, rates };
    },
  });
}
