"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { erc20Abi, type Abi } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { peperTokenAbi } from "@protocol/generated/abis/PeperToken.ts";
import { stakingPoolAbi } from "@protocol/generated/abis/StakingPool.ts";

import { useChainTime } from "../../hooks/useChainTime.ts";
import { usePermit } from "../../hooks/usePermit.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { formatApr, sameTokenApr } from "../../lib/apr.ts";
import { ErrorState, Loading } from "../States.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { TokenActionForm } from "./TokenActionForm.tsx";

const ABI = [...stakingPoolAbi, ...peperTokenAbi] as Abi;

/** Stake PEPER (one transaction, with an EIP-2612 permit), withdraw, claim; the APR of the period. */
export function StakePanel() {
  const t = useTranslations("stake");
  const locale = useLocale();
  const config = useConfig();
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const pool = chain.address("StakingPool");
  const tx = useTransactor(chain.chainId);
  const permit = usePermit();
  const now = useChainTime(chain.chainId);
  const account = chain.account;
  const data = useQuery({
    queryKey: ["staking", chain.chainId, pool, account],
    enabled: !!client && !!pool,
    refetchInterval: 10_000,
    queryFn: async () => {
      const read = <F extends "totalSupply" | "rewardRate" | "periodFinish" | "stakingToken">(functionName: F) =>
        client!.readContract({ address: pool!, abi: stakingPoolAbi, functionName });
      const [total, rate, finish, token, block] = await Promise.all([
        read("totalSupply"),
        read("rewardRate"),
        read("periodFinish"),
        read("stakingToken"),
        client!.getBlock(),
      ]);
      const [staked, earned, balance, symbol, decimals] = await Promise.all([
        account
          ? client!.readContract({ address: pool!, abi: stakingPoolAbi, functionName: "balanceOf", args: [account] })
          : 0n,
        account
          ? client!.readContract({ address: pool!, abi: stakingPoolAbi, functionName: "earned", args: [account] })
          : 0n,
        account
          ? client!.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] })
          : undefined,
        client!.readContract({ address: token, abi: erc20Abi, functionName: "symbol" }),
        client!.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }),
      ]);
      return {
        total,
        rate,
        finish,
        token,
        staked,
        earned,
        balance,
        symbol,
        decimals,
        active: finish > block.timestamp,
      };
    },
  });
  if (!pool) return null;
  if (data.isPending) return <Loading />;
  if (data.isError) return <ErrorState error={data.error} retry={() => void data.refetch()} />;
  const d = data.data;
  const fmt = (v: bigint) => `${formatAmount(v, d.decimals, { locale })} ${d.symbol}`;
  return (
    <TokenActionForm
      key={tx.confirmations}
      title={t("title")}
      actions={[
        {
          id: "stake",
          label: t("stake"),
          symbol: d.symbol,
          decimals: d.decimals,
          ...(d.balance !== undefined ? { available: d.balance } : {}),
        },
        { id: "withdraw", label: t("withdraw"), symbol: d.symbol, decimals: d.decimals, available: d.staked },
      ]}
      {...(chain.problem ? { problem: chain.problem } : {})}
      busy={tx.busy}
      {...(tx.error ? { error: tx.error } : {})}
      onSubmit={(action, amount) => {
        if (!account) return;
        if (action === "stake") {
          void tx.run(t("stakeLabel", { amount: fmt(amount) }), ABI, async () => {
            const sig = await permit({
              token: d.token,
              owner: account,
              spender: pool,
              value: amount,
              deadline: (await now()) + 3600n,
              chainId: chain.chainId,
            });
            const { request } = await simulateContract(config, {
              address: pool,
              abi: stakingPoolAbi,
              functionName: "stakeWithPermit",
              args: [amount, sig.deadline, sig.v, sig.r, sig.s],
              account,
              chainId: chain.chainId,
            });
            return writeContract(config, request);
          });
        } else {
          void tx.run(t("withdrawLabel", { amount: fmt(amount) }), ABI, async () => {
            const { request } = await simulateContract(config, {
              address: pool,
              abi: stakingPoolAbi,
              functionName: "withdraw",
              args: [amount],
              account,
              chainId: chain.chainId,
            });
            return writeContract(config, request);
          });
        }
      }}
      extra={
        d.earned > 0n ? (
          <button
            type="button"
            className="button-secondary"
            disabled={tx.busy || !!chain.problem}
            onClick={() =>
              account &&
              void tx.run(t("claimLabel", { amount: fmt(d.earned) }), ABI, async () => {
                const { request } = await simulateContract(config, {
                  address: pool,
                  abi: stakingPoolAbi,
                  functionName: "getReward",
                  account,
                  chainId: chain.chainId,
                });
                return writeContract(config, request);
              })
            }
          >
            {t("claim")}
          </button>
        ) : null
      }
    >
      <Stats label={t("title")}>
        <Stat label={t("apr")} testId="stake-apr">
          {formatApr(sameTokenApr(d.rate, d.total, d.active), locale)}
        </Stat>
        <Stat label={t("totalStaked")}>{fmt(d.total)}</Stat>
        <Stat label={t("yourStake")} testId="stake-staked">
          {fmt(d.staked)}
        </Stat>
        <Stat label={t("earned")}>{fmt(d.earned)}</Stat>
        <Stat label={t("periodEnds")}>
          {d.active ? new Date(Number(d.finish) * 1000).toLocaleString(locale) : t("noPeriod")}
        </Stat>
      </Stats>
    </TokenActionForm>
  );
}
