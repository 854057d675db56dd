"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { erc20Abi } from "viem";
import { usePublicClient } from "wagmi";

import { indexVaultAbi } from "@protocol/generated/abis/IndexVault.ts";

import { NAV_GROUPS } from "../../config/nav.ts";
import { querySubgraph, SubgraphError } from "../../data/subgraph.ts";
import { useMoney } from "../../hooks/useMoney.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { ago, LANDING, LANDING_QUERY, parseLanding } from "../../lib/landing.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { Stat, Stats } from "../Stat.tsx";

/**
 * The index vault's assets, read from the vault: its asset's symbol and decimals, and totalAssets
 * (null when the vault cannot value its basket now, e.g. a pool's TWAP is stale: the page then shows
 * the subgraph's figure as of the vault's last event).
 */
function useVaultAssets() {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const vault = chain.address("IndexVault");
  return useQuery({
    queryKey: ["landing-vault", chain.chainId, vault],
    enabled: !!client && !!vault,
    refetchInterval: 15_000,
    queryFn: async () => {
      const asset = await client!.readContract({ address: vault!, abi: indexVaultAbi, functionName: "asset" });
      const total = await client!
        .readContract({ address: vault!, abi: indexVaultAbi, functionName: "totalAssets" })
        .catch(() => null);
      const [symbol, decimals] = await Promise.all([
        client!.readContract({ address: asset, abi: erc20Abi, functionName: "symbol" }),
        client!.readContract({ address: asset, abi: erc20Abi, functionName: "decimals" }),
      ]);
      return { total, symbol, decimals };
    },
  });
}

/** The protocol's live figures: from the chain's subgraph, and the vault from the chain itself. */
export function LandingFigures() {
  const t = useTranslations("landing");
  const errors = useTranslations("analytics.errors");
  const locale = useLocale();
  const money = useMoney();
  const chain = useActiveChain();
  const vault = useVaultAssets();
  const figures = useQuery({
    queryKey: ["landing", chain.chainId],
    enabled: chain.deployed,
    refetchInterval: 15_000,
    queryFn: async ({ signal }) =>
      parseLanding(await querySubgraph(chain.chainId, LANDING_QUERY, LANDING, {}, { signal })),
  });
  if (!chain.deployed) return <Empty>{t("notDeployed", { chainId: chain.chainId })}</Empty>;
  if (figures.isPending) return <Loading label={t("loading")} />;
  if (figures.isError) {
    const e = figures.error;
    const message =
      e instanceof SubgraphError
        ? errors(e.kind === "not-configured" ? "notConfigured" : e.kind === "unavailable" ? "unavailable" : e.kind, {
            chainId: chain.chainId,
          })
        : e.message;
    return <ErrorState error={new Error(message)} retry={() => void figures.refetch()} />;
  }
  const f = figures.data;
  const vaultAddress = chain.address("IndexVault");
  const vaultText = () => {
    if (!vaultAddress) return t("noVault");
    if (vault.isError) return t("unavailable");
    if (!vault.data) return t("loadingShort");
    const { total, decimals, symbol } = vault.data;
    const show = (raw: bigint) => `${formatAmount(raw, decimals, { locale, maxFractionDigits: 2 })} ${symbol}`;
    if (total !== null) return show(total);
    const indexed = f.vaultAssets[vaultAddress.toLowerCase()];
    if (indexed === undefined) return t("unavailable");
    return (
      <>
        {show(indexed)} <small className="muted">{t("vaultIndexed")}</small>
      </>
    );
  };
  const number = new Intl.NumberFormat(locale);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "always" });
  const since = (then: number) => {
    if (f.chainTime === null) return "";
    const [value, unit] = ago(then, f.chainTime);
    return relative.format(-value, unit);
  };
  return (
    <>
      <Stats label={t("figures")}>
        <Stat label={t("liquidity")} testId="landing-liquidity">
          {money(f.liquidityUsd)}
        </Stat>
        <Stat label={t("volume24h")} testId="landing-volume">
          {money(f.volume24hUsd)}
        </Stat>
        <Stat label={t("peperPrice")} testId="landing-price">
          {f.peperUsd === undefined
            ? t("noPrice")
            : new Intl.NumberFormat(locale, { style: "currency", currency: "USD", maximumFractionDigits: 4 }).format(
                f.peperUsd,
              )}
        </Stat>
        <Stat label={t("staked")} testId="landing-staked">
          {formatAmount(f.stakedRaw, 18, { locale, maxFractionDigits: 0 })} PEPER
        </Stat>
        <Stat label={t("vault")} testId="landing-vault">
          {vaultText()}
        </Stat>
        <Stat label={t("oracle")} testId="landing-oracle">
          {f.lastReport
            ? t("lastReport", { ago: since(f.lastReport.observedAt), reports: number.format(f.oracleReports) })
            : t("noReport")}
        </Stat>
        <Stat label={t("proposals")} testId="landing-proposals">
          {t("proposalCount", { total: f.proposals, active: f.activeProposals })}
        </Stat>
        <Stat label={t("swaps")} testId="landing-swaps">
          {t("swapCount", { swaps: number.format(f.swaps), pools: f.pools })}
        </Stat>
      </Stats>
      <p className="hint">
        {t("source", { block: number.format(f.block) })} {t("chainTime")}
        {f.hasIndexingErrors ? ` ${t("indexingErrors")}` : ""}
      </p>
    </>
  );
}

/** A card per menu group: what it is for and its pages. */
export function LandingGroups() {
  const t = useTranslations("landing");
  const nav = useTranslations("nav");
  return (
    <ul className="landing-groups">
      {NAV_GROUPS.map((g) => (
        <li key={g.key} className="card landing-group">
          <h3>{nav(`groups.${g.key}`)}</h3>
          <p className="muted">{t(`groups.${g.key}`)}</p>
          <ul>
            {g.routes.map((r) => (
              <li key={r.href}>
                <Link href={r.href}>{nav(r.key)}</Link>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
