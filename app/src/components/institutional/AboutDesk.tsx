"use client";
import { useTranslations } from "next-intl";

/**
 * What a visitor sees on /institutional before signing in: what the desk does, the role it needs,
 * and the steps to get that role (the API's roles are granted by an admin).
 */
export function AboutDesk() {
  const t = useTranslations("institutional.about");
  return (
    <section className="card stack" aria-labelledby="about-desk" data-testid="about-desk">
      <h2 id="about-desk">{t("title")}</h2>
      <ul>
        <li>{t("portfolios")}</li>
        <li>{t("positions")}</li>
        <li>{t("pnl")}</li>
        <li>{t("whiteLabel")}</li>
      </ul>
      <h3>{t("accessTitle")}</h3>
      <p data-testid="about-desk-role">{t("role")}</p>
      <ol>
        <li>{t("step1")}</li>
        <li>{t("step2")}</li>
        <li>{t("step3")}</li>
      </ol>
    </section>
  );
}
