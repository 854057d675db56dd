import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { AnalyticsPanel } from "../../components/analytics/AnalyticsPanel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("analytics"))("title") };
}

export default async function AnalyticsPage() {
  const t = await getTranslations("analytics");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <AnalyticsPanel />
    </>
  );
}
