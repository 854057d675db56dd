"use client";
import { useTranslations } from "next-intl";
import { erc20Abi, type Abi } from "viem";
import { useBalance, useConfig } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { peperRouterAbi, wETH9Abi } from "@protocol/generated/abis.ts";

import type { Market } from "../../hooks/useMarket.ts";
import { useTokenAccount } from "../../hooks/useBalances.ts";
import { useChainTime } from "../../hooks/useChainTime.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { NATIVE } from "../../lib/route.ts";
import { deadlineAfter } from "../../lib/slippage.ts";
import { SwapForm, type SwapFormProps } from "./SwapForm.tsx";

const ABI = [...peperRouterAbi, ...erc20Abi, ...wETH9Abi] as Abi;

/** The form's optional start values and hooks, passed through (the trading floor uses them). */
type SwapPanelOptions = Pick<SwapFormProps, "initialIn" | "initialOut" | "initialAmount" | "formId" | "onStateChange">;

/** The swap form wired to the wallet: approve and swap through the router (also the trading floor's trade). */
export function SwapPanel({ market, ...options }: { market: Market } & SwapPanelOptions) {
  const t = useTranslations("swap");
  const config = useConfig();
  const chain = useActiveChain();
  const router = chain.address("PeperRouter");
  const account = useTokenAccount(
    market.tokens.map((x) => x.address),
    router,
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
  const tokens = weth
    ? [{ address: NATIVE, symbol: "ETH", name: "Ether", decimals: 18 }, ...market.tokens]
    : market.tokens;
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
      pools={market.pools}
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
        const label =
          r.kind === "wrap"
            ? t("wrapLabel", { amount })
            : r.kind === "unwrap"
              ? t("unwrapLabel", { amount })
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
            const { request } = await simulateContract(config, {
              ...base,
              address: router,
              abi: peperRouterAbi,
              functionName: "swapExactETHForTokens",
              args: [r.amountOutMin, r.path, account, deadline],
              value: r.amountIn,
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
