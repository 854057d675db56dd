"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { erc20Abi, zeroAddress, type Abi, type Address } from "viem";
import { useBalance, useConfig, usePublicClient } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { peperFactoryAbi } from "@protocol/generated/abis/PeperFactory.ts";
import { peperPairAbi } from "@protocol/generated/abis/PeperPair.ts";
import { peperRouterAbi } from "@protocol/generated/abis/PeperRouter.ts";
import { wETH9Abi } from "@protocol/generated/abis/WETH9.ts";

import type { Pool } from "../../data/pools.ts";
import type { Token } from "../../data/tokens.ts";

import type { Market } from "../../hooks/useMarket.ts";
import { useTokenAccount } from "../../hooks/useBalances.ts";
import { useChainTime } from "../../hooks/useChainTime.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { NATIVE } from "../../lib/route.ts";
import { deadlineAfter } from "../../lib/slippage.ts";
import { checkTokenMeta, parseStoredTokens, storedTokensKey, type ListToken } from "../../lib/tokenlist.ts";
import { useConnectWallet } from "../wallet/WalletContext.tsx";
import { SwapForm, type SwapFormProps } from "./SwapForm.tsx";

const ABI = [...peperRouterAbi, ...erc20Abi, ...wETH9Abi] as Abi;

/** The form's optional start values and hooks, passed through (the trading floor uses them). */
type SwapPanelOptions = Pick<SwapFormProps, "initialIn" | "initialOut" | "initialAmount" | "formId" | "onStateChange">;

/** The visitor's own tokens on a chain (imported by address in the picker), kept in localStorage. */
function useOwnTokens(chainId: number) {
  const [version, setVersion] = useState(0);
  const tokens = useMemo(
    () => (typeof window === "undefined" ? [] : parseStoredTokens(localStorage.getItem(storedTokensKey(chainId)))),
    // version: re-read after an import
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [chainId, version],
  );
  const add = useCallback(
    (token: ListToken) => {
      const list = [...parseStoredTokens(localStorage.getItem(storedTokensKey(chainId))), token];
      localStorage.setItem(storedTokensKey(chainId), JSON.stringify(list));
      setVersion((v) => v + 1);
    },
    [chainId],
  );
  return { tokens, add };
}

/** The factory's pairs between the visitor's own tokens and the listed ones, with their reserves. */
function useOwnPools(own: Token[], listed: Token[]) {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const factory = chain.address("PeperFactory");
  return useQuery({
    queryKey: ["own-pools", chain.chainId, own.map((x) => x.address).join(",")],
    enabled: !!client && !!factory && own.length > 0,
    refetchInterval: 10_000,
    queryFn: async (): Promise<Pool[]> => {
      const all = [...listed, ...own];
      const pairs = own.flatMap((a, i) =>
        all.filter((b, j) => b.address !== a.address && j < listed.length + i).map((b) => [a, b] as const),
      );
      const found = await Promise.all(
        pairs.map(async ([a, b]) => {
          const pair = await client!.readContract({
            address: factory!,
            abi: peperFactoryAbi,
            functionName: "getPair",
            args: [a.address, b.address],
          });
          if (pair === zeroAddress) return undefined;
          const [t0, reserves, totalSupply] = await Promise.all([
            client!.readContract({ address: pair, abi: peperPairAbi, functionName: "token0" }),
            client!.readContract({ address: pair, abi: peperPairAbi, functionName: "getReserves" }),
            client!.readContract({ address: pair, abi: peperPairAbi, functionName: "totalSupply" }),
          ]);
          const [token0, token1] = t0.toLowerCase() === a.address.toLowerCase() ? [a, b] : [b, a];
          return { address: pair, token0, token1, reserve0: reserves[0], reserve1: reserves[1], totalSupply };
        }),
      );
      return found.filter((p): p is Pool => p !== undefined);
    },
  });
}

/**
 * The swap form wired to the chain and the wallet: quotes from the pools read with the public client
 * (no wallet needed), the visitor's own tokens, then approve and swap through the router (exact input
 * or exact output, ETH through WETH); also the trading floor's trade.
 */
export function SwapPanel({ market, ...options }: { market: Market } & SwapPanelOptions) {
  const t = useTranslations("swap");
  const config = useConfig();
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const { openConnectModal } = useConnectWallet();
  const router = chain.address("PeperRouter");
  const own = useOwnTokens(chain.chainId);
  const ownTokens = own.tokens.filter(
    (x) => !market.tokens.some((m) => m.address.toLowerCase() === x.address.toLowerCase()),
  );
  const ownPools = useOwnPools(ownTokens, market.tokens);
  const account = useTokenAccount(
    [...market.tokens, ...ownTokens].map((x) => x.address),
    router,
  );
  const loadToken = useCallback(
    async (address: Address) => {
      if (!client) throw new Error("no client for this network");
      const [symbol, name, decimals] = await Promise.all([
        client.readContract({ address, abi: erc20Abi, functionName: "symbol" }),
        client.readContract({ address, abi: erc20Abi, functionName: "name" }),
        client.readContract({ address, abi: erc20Abi, functionName: "decimals" }),
      ]);
      return checkTokenMeta(address, symbol, name, decimals);
    },
    [client],
  );
  const tx = useTransactor(chain.chainId);
  const now = useChainTime(chain.chainId);
  const native = useBalance({
    chainId: chain.chainId,
    ...(chain.account ? { address: chain.account } : {}),
    query: { enabled: !!chain.account },
  });
  // ETH joins the list when the chain's WETH is known: the router swaps it through WETH.
  const weth = market.tokens.find((x) => x.symbol === "WETH")?.address;
  const listed = [...market.tokens, ...ownTokens];
  const tokens = weth ? [{ address: NATIVE, symbol: "ETH", name: "Ether", decimals: 18 }, ...listed] : listed;
  const balances = {
    ...(account.data?.balances ?? {}),
    ...(native.data ? { [NATIVE]: native.data.value } : {}),
  };
  return (
    <SwapForm
      {...options}
      key={tx.confirmations}
      tokens={tokens}
      {...(weth ? { weth } : {})}
      pools={[...market.pools, ...(ownPools.data ?? [])]}
      loadToken={loadToken}
      onImportToken={own.add}
      {...(openConnectModal ? { onConnect: openConnectModal } : {})}
      balances={balances}
      allowances={account.data?.allowances ?? {}}
      {...(chain.problem ? { problem: chain.problem } : {})}
      busy={tx.busy}
      {...(tx.error ? { error: tx.error } : {})}
      onApprove={(token, amount) => {
        if (!router || !chain.account) return;
        void tx.run(
          t("approveLabel", { symbol: token.symbol }),
          ABI,
          async () => {
            const { request } = await simulateContract(config, {
              address: token.address,
              abi: erc20Abi,
              functionName: "approve",
              args: [router, amount],
              account: chain.account!,
              chainId: chain.chainId,
            });
            return writeContract(config, request);
          },
          { keepForm: true },
        );
      }}
      onSwap={(r) => {
        if (!router || !chain.account) return;
        if (r.kind !== "swap" && !weth) return; // ETH is offered only when WETH is known
        const account = chain.account;
        const amount = formatAmount(r.amountIn, r.tokenIn.decimals);
        const received = formatAmount(r.amountOut, r.tokenOut.decimals);
        const label =
          r.kind === "wrap"
            ? t("wrapLabel", { amount })
            : r.kind === "unwrap"
              ? t("unwrapLabel", { amount })
              : r.mode === "exact-out"
                ? t("swapExactOutLabel", { amount: received, from: r.tokenIn.symbol, to: r.tokenOut.symbol })
                : t("swapLabel", { amount, from: r.tokenIn.symbol, to: r.tokenOut.symbol });
        void tx.run(label, ABI, async () => {
          const base = { account, chainId: chain.chainId } as const;
          if (r.kind === "wrap") {
            const { request } = await simulateContract(config, {
              ...base,
              address: weth!,
              abi: wETH9Abi,
              functionName: "deposit",
              value: r.amountIn,
            });
            return writeContract(config, request);
          }
          if (r.kind === "unwrap") {
            const { request } = await simulateContract(config, {
              ...base,
              address: weth!,
              abi: wETH9Abi,
              functionName: "withdraw",
              args: [r.amountIn],
            });
            return writeContract(config, request);
          }
          const deadline = deadlineAfter(await now(), r.deadlineMinutes);
          if (r.kind === "eth-in") {
            // exact output: send the maximum; the router refunds what the swap did not use
            const { request } = await simulateContract(config, {
              ...base,
              address: router,
              abi: peperRouterAbi,
              ...(r.mode === "exact-out"
                ? {
                    functionName: "swapETHForExactTokens",
                    args: [r.amountOut, r.path, account, deadline],
                    value: r.amountInMax,
                  }
                : {
                    functionName: "swapExactETHForTokens",
                    args: [r.amountOutMin, r.path, account, deadline],
                    value: r.amountIn,
                  }),
            } as const);
            return writeContract(config, request);
          }
          if (r.mode === "exact-out") {
            const { request } = await simulateContract(config, {
              ...base,
              address: router,
              abi: peperRouterAbi,
              functionName: r.kind === "eth-out" ? "swapTokensForExactETH" : "swapTokensForExactTokens",
              args: [r.amountOut, r.amountInMax, r.path, account, deadline],
            });
            return writeContract(config, request);
          }
          const { request } = await simulateContract(config, {
            ...base,
            address: router,
            abi: peperRouterAbi,
            functionName: r.kind === "eth-out" ? "swapExactTokensForETH" : "swapExactTokensForTokens",
            args: [r.amountIn, r.amountOutMin, r.path, account, deadline],
          });
          return writeContract(config, request);
        });
      }}
    />
  );
}
