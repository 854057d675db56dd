"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { erc20Abi, type Abi, type Address } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { farmAbi } from "@protocol/generated/abis/Farm.ts";
import { peperPairAbi } from "@protocol/generated/abis/PeperPair.ts";

import { poolTvlUsd } from "../../data/pools.ts";
import type { Market } from "../../hooks/useMarket.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount, toNumber } from "../../lib/amounts.ts";
import { aprFromUsd, formatApr } from "../../lib/apr.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { TokenActionForm } from "./TokenActionForm.tsx";

const ABI = [...farmAbi, ...peperPairAbi] as Abi;

interface FarmPool {
  pid: bigint;
  lpToken: Address;
  allocPoint: bigint;
  totalDeposited: bigint;
  deposited: bigint;
  pending: bigint;
  lpBalance?: bigint;
  allowance: bigint;
}

/** Deposit LP tokens in the farm, withdraw, harvest; the APR of each pool at today's prices. */
export function FarmPanel({ market }: { market: Market }) {
  const t = useTranslations("farm");
  const locale = useLocale();
  const config = useConfig();
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const farm = chain.address("Farm");
  const tx = useTransactor(chain.chainId);
  const selectId = useId();
  const [selected, setSelected] = useState(0);
  const account = chain.account;
  const data = useQuery({
    queryKey: ["farm", chain.chainId, farm, account],
    enabled: !!client && !!farm,
    refetchInterval: 10_000,
    queryFn: async () => {
      const c = client!;
      const [length, rewardPerSecond, totalAllocPoint, rewardToken] = await Promise.all([
        c.readContract({ address: farm!, abi: farmAbi, functionName: "poolLength" }),
        c.readContract({ address: farm!, abi: farmAbi, functionName: "rewardPerSecond" }),
        c.readContract({ address: farm!, abi: farmAbi, functionName: "totalAllocPoint" }),
        c.readContract({ address: farm!, abi: farmAbi, functionName: "rewardToken" }),
      ]);
      const pools: FarmPool[] = await Promise.all(
        Array.from({ length: Number(length) }, async (_, i) => {
          const pid = BigInt(i);
          const [lpToken, allocPoint, , , totalDeposited] = await c.readContract({
            address: farm!,
            abi: farmAbi,
            functionName: "poolInfo",
            args: [pid],
          });
          const [user, pending, lpBalance, allowance] = account
            ? await Promise.all([
                c.readContract({ address: farm!, abi: farmAbi, functionName: "userInfo", args: [pid, account] }),
                c.readContract({ address: farm!, abi: farmAbi, functionName: "pendingReward", args: [pid, account] }),
                c.readContract({ address: lpToken, abi: erc20Abi, functionName: "balanceOf", args: [account] }),
                c.readContract({ address: lpToken, abi: erc20Abi, functionName: "allowance", args: [account, farm!] }),
              ])
            : [[0n, 0n] as const, 0n, undefined, 0n];
          return {
            pid,
            lpToken,
            allocPoint: BigInt(allocPoint),
            totalDeposited,
            deposited: user[0],
            pending,
            ...(lpBalance !== undefined ? { lpBalance } : {}),
            allowance,
          };
        }),
      );
      return { rewardPerSecond, totalAllocPoint, rewardToken, pools };
    },
  });
  if (!farm) return null;
  if (data.isPending) return <Loading />;
  if (data.isError) return <ErrorState error={data.error} retry={() => void data.refetch()} />;
  const d = data.data;
  if (d.pools.length === 0) return <Empty>{t("empty")}</Empty>;
  const rewardUsd = market.usd.get(d.rewardToken) ?? 0;
  const rows = d.pools.map((p) => {
    const pair = market.pools.find((x) => x.address.toLowerCase() === p.lpToken.toLowerCase());
    const tvl = pair ? poolTvlUsd(pair, market.usd) : undefined;
    const stakedUsd =
      pair && tvl !== undefined && pair.totalSupply > 0n
        ? (tvl * toNumber(p.totalDeposited, 18)) / toNumber(pair.totalSupply, 18)
        : undefined;
    const rewardPerSecond =
      d.totalAllocPoint > 0n ? (toNumber(d.rewardPerSecond, 18) * Number(p.allocPoint)) / Number(d.totalAllocPoint) : 0;
    const apr = stakedUsd === undefined ? undefined : aprFromUsd(rewardPerSecond * rewardUsd, stakedUsd);
    return { ...p, name: pair ? `${pair.token0.symbol}/${pair.token1.symbol}` : p.lpToken.slice(0, 10), apr };
  });
  const row = rows[selected] ?? rows[0]!;
  const run = (label: string, functionName: "deposit" | "withdraw" | "harvest", amount?: bigint) =>
    account &&
    void tx.run(label, ABI, async () => {
      if (functionName === "harvest") {
        const { request } = await simulateContract(config, {
          address: farm,
          abi: farmAbi,
          functionName,
          args: [row.pid],
          account,
          chainId: chain.chainId,
        });
        return writeContract(config, request);
      }
      const { request } = await simulateContract(config, {
        address: farm,
        abi: farmAbi,
        functionName,
        args: [row.pid, amount ?? 0n],
        account,
        chainId: chain.chainId,
      });
      return writeContract(config, request);
    });
  return (
    <div className="stack">
      <table className="table" aria-label={t("title")}>
        <thead>
          <tr>
            <th scope="col">{t("pool")}</th>
            <th scope="col">{t("apr")}</th>
            <th scope="col">{t("deposited")}</th>
            <th scope="col">{t("pending")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={String(r.pid)}>
              <th scope="row">{r.name}</th>
              <td data-testid={`farm-apr-${r.pid}`}>{formatApr(r.apr, locale)}</td>
              <td>{formatAmount(r.deposited, 18, { locale, maxFractionDigits: 6 })}</td>
              <td>{formatAmount(r.pending, 18, { locale })} PEPER</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TokenActionForm
        key={`${row.pid}-${tx.confirmations}`}
        title={t("title")}
        actions={[
          {
            id: "deposit",
            label: t("deposit"),
            symbol: "PEPER-LP",
            decimals: 18,
            ...(row.lpBalance !== undefined ? { available: row.lpBalance } : {}),
            approval: (amount) => (row.allowance < amount ? t("approve") : undefined),
          },
          { id: "withdraw", label: t("withdraw"), symbol: "PEPER-LP", decimals: 18, available: row.deposited },
        ]}
        {...(chain.problem ? { problem: chain.problem } : {})}
        busy={tx.busy}
        {...(tx.error ? { error: tx.error } : {})}
        onApprove={(_, amount) =>
          account &&
          void tx.run(
            t("approveLabel", { pool: row.name }),
            ABI,
            async () => {
              const { request } = await simulateContract(config, {
                address: row.lpToken,
                abi: erc20Abi,
                functionName: "approve",
                args: [farm, amount],
                account,
                chainId: chain.chainId,
              });
              return writeContract(config, request);
            },
            { keepForm: true },
          )
        }
        onSubmit={(action, amount) =>
          run(
            t(action === "deposit" ? "depositLabel" : "withdrawLabel", { pool: row.name }),
            action === "deposit" ? "deposit" : "withdraw",
            amount,
          )
        }
        extra={
          row.pending > 0n ? (
            <button
              type="button"
              className="button-secondary"
              disabled={tx.busy || !!chain.problem}
              onClick={() => run(t("harvestLabel", { pool: row.name }), "harvest")}
            >
              {t("harvest")}
            </button>
          ) : null
        }
      >
        <div className="field">
          <label htmlFor={selectId}>{t("pool")}</label>
          <select id={selectId} value={selected} onChange={(e) => setSelected(Number(e.target.value))}>
            {rows.map((r, i) => (
              <option key={String(r.pid)} value={i}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <Stats>
          <Stat label={t("apr")}>{formatApr(row.apr, locale)}</Stat>
          <Stat label={t("yourLp")}>{formatAmount(row.lpBalance ?? 0n, 18, { locale, maxFractionDigits: 6 })}</Stat>
        </Stats>
      </TokenActionForm>
    </div>
  );
}
