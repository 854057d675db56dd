"use client";
import { useTranslations } from "next-intl";
import { erc20Abi, type Abi } from "viem";
import { useConfig } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { peperPairAbi } from "@protocol/generated/abis/PeperPair.ts";
import { peperRouterAbi } from "@protocol/generated/abis/PeperRouter.ts";

import type { Market } from "../../hooks/useMarket.ts";
import { useTokenAccount } from "../../hooks/useBalances.ts";
import { useChainTime } from "../../hooks/useChainTime.ts";
import { usePermit } from "../../hooks/usePermit.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { deadlineAfter } from "../../lib/slippage.ts";
import { LiquidityForm } from "./LiquidityForm.tsx";

const ABI = [...peperRouterAbi, ...peperPairAbi, ...erc20Abi] as Abi;
const DEADLINE_MINUTES = 20;

export function LiquidityPanel({ market }: { market: Market }) {
  const t = useTranslations("liquidity");
  const config = useConfig();
  const chain = useActiveChain();
  const router = chain.address("PeperRouter");
  const account = useTokenAccount(
    [...market.tokens.map((x) => x.address), ...market.pools.map((p) => p.address)],
    router,
  );
  const tx = useTransactor(chain.chainId);
  const now = useChainTime(chain.chainId);
  const permit = usePermit();
  const owner = chain.account;
  return (
    <LiquidityForm
      key={tx.confirmations}
      pools={market.pools}
      balances={account.data?.balances ?? {}}
      allowances={account.data?.allowances ?? {}}
      {...(chain.problem ? { problem: chain.problem } : {})}
      busy={tx.busy}
      {...(tx.error ? { error: tx.error } : {})}
      onApprove={(token, amount) => {
        if (!router || !owner) return;
        void tx.run(
          t("approveLabel", { symbol: token.symbol }),
          ABI,
          async () => {
            const { request } = await simulateContract(config, {
              address: token.address,
              abi: erc20Abi,
              functionName: "approve",
              args: [router, amount],
              account: owner,
              chainId: chain.chainId,
            });
            return writeContract(config, request);
          },
          { keepForm: true },
        );
      }}
      onAdd={(r) => {
        if (!router || !owner) return;
        void tx.run(t("addLabel", { pair: `${r.pool.token0.symbol}/${r.pool.token1.symbol}` }), ABI, async () => {
          const deadline = deadlineAfter(await now(), DEADLINE_MINUTES);
          const { request } = await simulateContract(config, {
            address: router,
            abi: peperRouterAbi,
            functionName: "addLiquidity",
            args: [r.pool.token0.address, r.pool.token1.address, r.amount0, r.amount1, r.min0, r.min1, owner, deadline],
            account: owner,
            chainId: chain.chainId,
          });
          return writeContract(config, request);
        });
      }}
      onRemove={(r) => {
        if (!router || !owner) return;
        void tx.run(t("removeLabel", { pair: `${r.pool.token0.symbol}/${r.pool.token1.symbol}` }), ABI, async () => {
          const deadline = deadlineAfter(await now(), DEADLINE_MINUTES);
          // One transaction: an EIP-2612 permit on the LP token instead of an approve.
          const sig = await permit({
            token: r.pool.address,
            owner,
            spender: router,
            value: r.liquidity,
            deadline,
            chainId: chain.chainId,
          });
          const { request } = await simulateContract(config, {
            address: router,
            abi: peperRouterAbi,
            functionName: "removeLiquidityWithPermit",
            args: [
              r.pool.token0.address,
              r.pool.token1.address,
              r.liquidity,
              r.min0,
              r.min1,
              owner,
              deadline,
              false,
              sig.v,
              sig.r,
              sig.s,
            ],
            account: owner,
            chainId: chain.chainId,
          });
          return writeContract(config, request);
        });
      }}
    />
  );
}
