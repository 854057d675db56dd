import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import modelCard from "../../../../offchain/src/models/decision/model-card.json";
import { DecisionFeedPanel } from "../../components/ai/DecisionFeedPanel.tsx";
import { DecisionRequest } from "../../components/ai/DecisionRequest.tsx";
import { SignInGate } from "../../components/account/SignInGate.tsx";
import { modelDisplayName, modelVersionNumber, type KnownModel } from "../../lib/feeds.ts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ai"))("title") };
}

/** The shipped decision model, so the feed names it ("peper-decision-lr-1") instead of its uint32. */
const number = modelVersionNumber(modelCard.version);
const MODELS: KnownModel[] = number === undefined ? [] : [{ number, name: modelDisplayName(modelCard.version) }];

export default async function AiCenterPage() {
  const t = await getTranslations("ai");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="grid-2">
        <DecisionFeedPanel models={MODELS} />
        <SignInGate
          title={t("request.gateTitle")}
          label={t("request.gate")}
          hint={t("request.gateHint")}
          testId="decision-gate"
        >
          <DecisionRequest />
        </SignInGate>
      </div>
    </>
  );
}
