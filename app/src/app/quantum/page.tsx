import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { QuantumPanel } from "../../components/quantum/QuantumPanel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("quantum"))("title") };
}

export default async function QuantumPage() {
  const t = await getTranslations("quantum");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <QuantumPanel />
    </>
  );
}
