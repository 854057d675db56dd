import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { Web3Hub } from "../../components/hub/Web3Hub.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("hub"))("title") };
}

export default async function Web3HubPage() {
  const t = await getTranslations("hub");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <Web3Hub />
    </>
  );
}
