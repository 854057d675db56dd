import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { EducationPanel } from "../../components/education/EducationPanel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("education"))("title") };
}

export default async function EducationPage() {
  const t = await getTranslations("education");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <EducationPanel />
    </>
  );
}
