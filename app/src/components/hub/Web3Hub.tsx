"use client";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { useMarket } from "../../hooks/useMarket.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { Tabs } from "../Tabs.tsx";
import { SwapPanel } from "./SwapPanel.tsx";

// The tabs after the first are loaded when they are opened (the swap is what most visits use).
const loading = () => <Loading />;
const LiquidityPanel = dynamic(() => import("./LiquidityPanel.tsx").then((m) => m.LiquidityPanel), { loading });
const StakePanel = dynamic(() => import("./StakePanel.tsx").then((m) => m.StakePanel), { loading });
const FarmPanel = dynamic(() => import("./FarmPanel.tsx").then((m) => m.FarmPanel), { loading });
const VaultPanel = dynamic(() => import("./VaultPanel.tsx").then((m) => m.VaultPanel), { loading });

type Tab = "swap" | "liquidity" | "stake" | "farm" | "vault";

export function Web3Hub() {
  const t = useTranslations("hub");
  const chain = useActiveChain();
  const market = useMarket();
  const [tab, setTab] = useState<Tab>("swap");
  if (!chain.deployed) return <Empty>{t("notDeployed", { chainId: chain.chainId })}</Empty>;
  if (market.isPending) return <Loading label={t("loading")} />;
  if (market.isError) return <ErrorState error={market.error} retry={() => void market.refetch()} />;
  if (market.data.pools.length === 0) return <Empty>{t("noPools")}</Empty>;
  return (
    <Tabs
      label={t("title")}
      selected={tab}
      onSelect={setTab}
      tabs={(["swap", "liquidity", "stake", "farm", "vault"] as const).map((key) => ({ key, label: t(`tabs.${key}`) }))}
    >
      {tab === "swap" ? <SwapPanel market={market.data} /> : null}
      {tab === "liquidity" ? <LiquidityPanel market={market.data} /> : null}
      {tab === "stake" ? <StakePanel /> : null}
      {tab === "farm" ? <FarmPanel market={market.data} /> : null}
      {tab === "vault" ? <VaultPanel market={market.data} /> : null}
    </Tabs>
  );
}
