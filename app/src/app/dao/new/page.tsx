import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { CreateProposal } from "../../../components/dao/CreateProposal.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dao.create"))("title") };
}

export default async function NewProposalPage() {
  const t = await getTranslations("dao.create");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <CreateProposal />
    </>
  );
}
