import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { MarketPanel } from "../../components/market/MarketPanel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("market"))("title") };
}

export default async function MarketplacePage() {
  const t = await getTranslations("market");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <MarketPanel />
    </>
  );
}
