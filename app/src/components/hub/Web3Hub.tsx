"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { useMarket } from "../../hooks/useMarket.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { Tabs } from "../Tabs.tsx";
import { FarmPanel } from "./FarmPanel.tsx";
import { LiquidityPanel } from "./LiquidityPanel.tsx";
import { StakePanel } from "./StakePanel.tsx";
import { SwapPanel } from "./SwapPanel.tsx";
import { VaultPanel } from "./VaultPanel.tsx";

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
