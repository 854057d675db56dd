"use client";
import { useQuery } from "@tanstack/react-query";
import { erc20Abi, type Address } from "viem";
import { usePublicClient } from "wagmi";

import { useActiveChain } from "./useRuntime.ts";

export interface TokenAccount {
  balances: Record<string, bigint>;
  allowances: Record<string, bigint>;
}

/** The connected account's balance of each token, and its allowance to `spender`. */
export function useTokenAccount(tokens: readonly Address[], spender: Address | undefined) {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const account = chain.account;
  return useQuery({
    queryKey: ["token-account", chain.chainId, account, spender, tokens.join(",")],
    enabled: client !== undefined && account !== undefined && tokens.length > 0,
    refetchInterval: 10_000,
    queryFn: async (): Promise<TokenAccount> => {
      const balances: Record<string, bigint> = {};
      const allowances: Record<string, bigint> = {};
      await Promise.all(
        tokens.map(async (token) => {
          balances[token] = await client!.readContract({
            address: token,
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [account!],
          });
          if (spender) {
            allowances[token] = await client!.readContract({
              address: token,
              abi: erc20Abi,
              functionName: "allowance",
              args: [account!, spender],
            });
          }
        }),
      );
      return { balances, allowances };
    },
  });
}
