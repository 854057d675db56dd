import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { MetaversePreview } from "../../components/metaverse/MetaversePreview.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metaverse"))("title") };
}

export default async function MetaversePage() {
  const t = await getTranslations("metaverse");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <MetaversePreview />
    </>
  );
}
