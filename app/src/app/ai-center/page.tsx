import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { DecisionFeedPanel } from "../../components/ai/DecisionFeedPanel.tsx";
import { DecisionRequest } from "../../components/ai/DecisionRequest.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ai"))("title") };
}

export default async function AiCenterPage() {
  const t = await getTranslations("ai");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="grid-2">
        <DecisionFeedPanel />
        <DecisionRequest />
      </div>
    </>
  );
}
