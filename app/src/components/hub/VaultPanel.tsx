"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { erc20Abi, type Abi } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { indexVaultAbi } from "@protocol/generated/abis/IndexVault.ts";

import type { Market } from "../../hooks/useMarket.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { ErrorState, Loading } from "../States.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { TokenActionForm } from "./TokenActionForm.tsx";

const ABI = [...indexVaultAbi, ...erc20Abi] as Abi;

/** The ERC-4626 index vault: deposit the asset for shares, withdraw assets; its basket. */
export function VaultPanel({ market }: { market: Market }) {
  const t = useTranslations("vault");
  const locale = useLocale();
  const config = useConfig();
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const vault = chain.address("IndexVault");
  const tx = useTransactor(chain.chainId);
  const account = chain.account;
  const data = useQuery({
    queryKey: ["vault", chain.chainId, vault, account],
    enabled: !!client && !!vault,
    refetchInterval: 10_000,
    queryFn: async () => {
      const c = client!;
      const [asset, totalAssets, totalSupply, shareDecimals, weights] = await Promise.all([
        c.readContract({ address: vault!, abi: indexVaultAbi, functionName: "asset" }),
        c.readContract({ address: vault!, abi: indexVaultAbi, functionName: "totalAssets" }),
        c.readContract({ address: vault!, abi: indexVaultAbi, functionName: "totalSupply" }),
        c.readContract({ address: vault!, abi: indexVaultAbi, functionName: "decimals" }),
        c.readContract({ address: vault!, abi: indexVaultAbi, functionName: "targetWeights" }),
      ]);
      const [shares, maxWithdraw, balance, allowance] = account
        ? await Promise.all([
            c.readContract({ address: vault!, abi: indexVaultAbi, functionName: "balanceOf", args: [account] }),
            c.readContract({ address: vault!, abi: indexVaultAbi, functionName: "maxWithdraw", args: [account] }),
            c.readContract({ address: asset, abi: erc20Abi, functionName: "balanceOf", args: [account] }),
            c.readContract({ address: asset, abi: erc20Abi, functionName: "allowance", args: [account, vault!] }),
          ])
        : [0n, 0n, undefined, 0n];
      // what a rebalance would trade now and its fee; unavailable while the feed's weights are stale
      const preview = await c
        .readContract({ address: vault!, abi: indexVaultAbi, functionName: "rebalancePreview" })
        .catch(() => undefined);
      return {
        asset,
        totalAssets,
        totalSupply,
        shareDecimals,
        weights,
        shares,
        maxWithdraw,
        balance,
        allowance,
        preview,
      };
    },
  });
  if (!vault) return null;
  if (data.isPending) return <Loading />;
  if (data.isError) return <ErrorState error={data.error} retry={() => void data.refetch()} />;
  const d = data.data;
  const asset = market.tokens.find((x) => x.address === d.asset);
  const symbol = asset?.symbol ?? "";
  const decimals = asset?.decimals ?? 18;
  const fmt = (v: bigint) => `${formatAmount(v, decimals, { locale })} ${symbol}`;
  const send = (label: string, build: () => Promise<`0x${string}`>, options?: { keepForm: boolean }) =>
    void tx.run(label, ABI, build, options);
  return (
    <TokenActionForm
      key={tx.confirmations}
      title={t("title")}
      actions={[
        {
          id: "deposit",
          label: t("deposit"),
          symbol,
          decimals,
          ...(d.balance !== undefined ? { available: d.balance } : {}),
          approval: (amount) => (d.allowance < amount ? t("approve", { symbol }) : undefined),
        },
        { id: "withdraw", label: t("withdraw"), symbol, decimals, available: d.maxWithdraw },
      ]}
      {...(chain.problem ? { problem: chain.problem } : {})}
      busy={tx.busy}
      {...(tx.error ? { error: tx.error } : {})}
      onApprove={(_, amount) =>
        account &&
        send(
          t("approveLabel", { symbol }),
          async () => {
            const { request } = await simulateContract(config, {
              address: d.asset,
              abi: erc20Abi,
              functionName: "approve",
              args: [vault, amount],
              account,
              chainId: chain.chainId,
            });
            return writeContract(config, request);
          },
          { keepForm: true },
        )
      }
      onSubmit={(action, amount) =>
        account &&
        send(t(action === "deposit" ? "depositLabel" : "withdrawLabel", { amount: fmt(amount) }), async () => {
          if (action === "deposit") {
            const { request } = await simulateContract(config, {
              address: vault,
              abi: indexVaultAbi,
              functionName: "deposit",
              args: [amount, account],
              account,
              chainId: chain.chainId,
            });
            return writeContract(config, request);
          }
          const { request } = await simulateContract(config, {
            address: vault,
            abi: indexVaultAbi,
            functionName: "withdraw",
            args: [amount, account, account],
            account,
            chainId: chain.chainId,
          });
          return writeContract(config, request);
        })
      }
    >
      <Stats label={t("title")}>
        <Stat label={t("totalAssets")}>{fmt(d.totalAssets)}</Stat>
        <Stat label={t("sharePrice")}>
          {d.totalSupply > 0n
            ? `${formatAmount((d.totalAssets * 10n ** BigInt(d.shareDecimals)) / d.totalSupply, decimals, { locale, maxFractionDigits: 6 })} ${symbol}`
            : "—"}
        </Stat>
        <Stat label={t("yourShares")}>{formatAmount(d.shares, d.shareDecimals, { locale })}</Stat>
        <Stat label={t("withdrawable")}>{fmt(d.maxWithdraw)}</Stat>
        <Stat label={t("basket")}>
          {d.weights[0]
            .map(
              (tok, i) =>
                `${market.tokens.find((x) => x.address === tok)?.symbol ?? tok.slice(0, 8)} ${(d.weights[1][i] ?? 0) / 100} %`,
            )
            .join(", ")}
        </Stat>
        <Stat label={t("rebalance")}>
          {d.preview
            ? t(d.preview[0] >= d.preview[3] ? "rebalanceDue" : "rebalanceWithinBand", {
                drift: Number(d.preview[0]) / 100,
                band: Number(d.preview[3]) / 100,
                turnover: fmt(d.preview[1]),
                fee: fmt(d.preview[2]),
              })
            : "—"}
        </Stat>
      </Stats>
    </TokenActionForm>
  );
}
