import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { InstitutionalPanel } from "../../components/institutional/InstitutionalPanel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("institutional"))("title") };
}

export default async function InstitutionalPage() {
  const t = await getTranslations("institutional");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <InstitutionalPanel />
    </>
  );
}
