import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { BridgeView } from "../../components/bridge/BridgeView.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("bridge"))("title") };
}

export default async function BridgePage() {
  const t = await getTranslations("bridge");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <BridgeView />
    </>
  );
}
