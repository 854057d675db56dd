"use client";
import { useTranslations } from "next-intl";
import { erc20Abi, type Abi } from "viem";
import { useConfig } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { peperRouterAbi } from "@protocol/generated/abis.ts";

import type { Market } from "../../hooks/useMarket.ts";
import { useTokenAccount } from "../../hooks/useBalances.ts";
import { useChainTime } from "../../hooks/useChainTime.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { deadlineAfter } from "../../lib/slippage.ts";
import { SwapForm } from "./SwapForm.tsx";

const ABI = [...peperRouterAbi, ...erc20Abi] as Abi;

export function SwapPanel({ market }: { market: Market }) {
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
  return (
    <SwapForm
      key={tx.confirmations}
      tokens={market.tokens}
      pools={market.pools}
      balances={account.data?.balances ?? {}}
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
        const label = t("swapLabel", {
          amount: formatAmount(r.amountIn, r.tokenIn.decimals),
          from: r.tokenIn.symbol,
          to: r.tokenOut.symbol,
        });
        void tx.run(label, ABI, async () => {
          const deadline = deadlineAfter(await now(), r.deadlineMinutes);
          const { request } = await simulateContract(config, {
            address: router,
            abi: peperRouterAbi,
            functionName: "swapExactTokensForTokens",
            args: [r.amountIn, r.amountOutMin, r.path, chain.account!, deadline],
            account: chain.account!,
            chainId: chain.chainId,
          });
          return writeContract(config, request);
        });
      }}
    />
  );
}
