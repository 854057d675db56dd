import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { NftPanel } from "../../components/nft/NftPanel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nft"))("title") };
}

export default async function NftPage() {
  const t = await getTranslations("nft");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <NftPanel />
    </>
  );
}
