"use client";
import { useTranslations } from "next-intl";

import { AUDIT_ROLES, REVIEW_ROLES } from "../../lib/compliance.ts";
import { useRoleList } from "./access.tsx";

/**
 * What a visitor sees on /compliance before signing in: each section, who may use it, and how to get
 * the role it needs; instead of a column of empty panels.
 */
export function AboutCompliance() {
  const t = useTranslations("compliance.about");
  const list = useRoleList();
  const rows = [
    { key: "kyc", who: t("anyUser") },
    { key: "privacy", who: t("anyUser") },
    { key: "queue", who: list(REVIEW_ROLES) },
    { key: "audit", who: list(AUDIT_ROLES) },
  ] as const;
  return (
    <section className="card stack" aria-labelledby="about-compliance" data-testid="about-compliance">
      <h2 id="about-compliance">{t("title")}</h2>
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">{t("title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("section")}</th>
              <th scope="col">{t("what")}</th>
              <th scope="col">{t("who")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{t(`${r.key}.name`)}</th>
                <td>{t(`${r.key}.what`)}</td>
                <td>{r.who}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("accessTitle")}</h3>
      <ol>
        <li>{t("step1")}</li>
        <li>{t("step2")}</li>
      </ol>
    </section>
  );
}
