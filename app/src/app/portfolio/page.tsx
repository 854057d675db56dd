import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PortfolioView } from "../../components/portfolio/PortfolioView.tsx";
import { parseAddressParam } from "../../lib/portfolio.ts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("portfolio"))("title") };
}

export default async function PortfolioPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const t = await getTranslations("portfolio");
  const param = parseAddressParam((await searchParams)["address"]);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <PortfolioView param={param} />
    </>
  );
}
