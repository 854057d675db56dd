import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { CompliancePanel } from "../../components/compliance/CompliancePanel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("compliance"))("title") };
}

export default async function CompliancePage() {
  const t = await getTranslations("compliance");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <CompliancePanel />
    </>
  );
}
