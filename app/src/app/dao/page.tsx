import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { DelegateLeaderboard } from "../../components/dao/DelegateLeaderboard.tsx";
import { DelegatePanel } from "../../components/dao/DelegatePanel.tsx";
import { ProposalList } from "../../components/dao/ProposalList.tsx";
import { ActionGate } from "../../components/market/ActionGate.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dao"))("title") };
}

export default async function DaoPage() {
  const t = await getTranslations("dao");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="grid-2">
        <section aria-labelledby="proposals-heading">
          <div className="section-head">
            <h2 id="proposals-heading">{t("proposals")}</h2>
            <Link className="button" href="/dao/new">
              {t("new")}
            </Link>
          </div>
          <ProposalList />
        </section>
        <div className="stack">
          {/* a visitor sees no "Your PEPER 0": the personal panel comes with a wallet */}
          <ActionGate
            title={t("delegate.title")}
            label={t("delegate.connect")}
            hint={t("delegate.gateHint")}
            testId="delegate-gate"
          >
            <DelegatePanel />
          </ActionGate>
          <DelegateLeaderboard />
        </div>
      </div>
    </>
  );
}
