import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { Markets } from "../../components/global/Markets.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("global"))("title") };
}

export default async function GlobalPage() {
  const t = await getTranslations("global");
  return (
    <>
      <section className="hero">
        <h1>{t("headline")}</h1>
        <p className="lead">{t("lead")}</p>
        <p className="button-row">
          <Link className="button" href="/web3-hub">
            {t("ctaTrade")}
          </Link>
          <Link className="button button-secondary" href="/dao">
            {t("ctaGovern")}
          </Link>
        </p>
      </section>
      <h2>{t("markets")}</h2>
      <Markets />
    </>
  );
}
