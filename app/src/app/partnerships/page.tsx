import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { IntegrationPanel } from "../../components/partnerships/IntegrationPanel.tsx";
import { TenantsPanel } from "../../components/partnerships/TenantsPanel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("partnerships"))("title") };
}

export default async function PartnershipsPage() {
  const t = await getTranslations("partnerships");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="stack">
        <h2>{t("integrationHeading")}</h2>
        <IntegrationPanel />
        <h2>{t("tenantsHeading")}</h2>
        <p className="small muted">{t("tenantsLead")}</p>
        <TenantsPanel />
      </div>
    </>
  );
}
