import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { LandingFigures, LandingGroups } from "../components/landing/Landing.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: { absolute: (await getTranslations("landing"))("title") } };
}

/** The landing page: what Peper is, the protocol's live figures (no wallet needed) and a way into each group. */
export default async function Home() {
  const t = await getTranslations("landing");
  return (
    <>
      <section className="hero landing-hero">
        <h1>{t("headline")}</h1>
        <p className="lead">{t("lead")}</p>
        <p className="lead">{t("lead2")}</p>
        <p className="button-row">
          <Link className="button" href="/web3-hub">
            {t("ctaSwap")}
          </Link>
          <Link className="button button-secondary" href="/global">
            {t("ctaMarkets")}
          </Link>
          <Link className="button button-secondary" href="/dao">
            {t("ctaGovern")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="landing-live">
        <h2 id="landing-live">{t("live")}</h2>
        <LandingFigures />
      </section>
      <section aria-labelledby="landing-explore">
        <h2 id="landing-explore">{t("explore")}</h2>
        <LandingGroups />
      </section>
    </>
  );
}
