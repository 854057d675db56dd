"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { usePublicClient } from "wagmi";

import { readDecisions, type FeedDecision } from "../../data/oracle.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { ErrorState, Loading, Queried } from "../States.tsx";

interface ReasoningDocument {
  reasoning?: string;
  symbol?: string;
  history?: { series?: string; day?: number; time?: number };
  probabilities?: Record<string, number>;
  model_version?: string;
}

function Reasoning({ cid }: { cid: string }) {
  const t = useTranslations("ai.feed");
  const locale = useLocale();
  const doc = useQuery({
    queryKey: ["reasoning", cid],
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch(`/oracle-documents/${cid}`);
      if (!res.ok) throw new Error(t("reasoningMissing", { status: res.status }));
      return (await res.json()) as ReasoningDocument;
    },
  });
  if (doc.isPending) return <Loading />;
  if (doc.isError) return <ErrorState error={doc.error} retry={() => void doc.refetch()} />;
  const pct = (x: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(x);
  return (
    <div className="reasoning-doc" data-testid="reasoning">
      <p className="reasoning">{doc.data.reasoning ?? t("noReasoning")}</p>
      {doc.data.probabilities ? (
        <p className="small muted">
          {Object.entries(doc.data.probabilities)
            .map(([k, v]) => `${t(k === "buy" || k === "sell" || k === "hold" ? k : "hold")} ${pct(v)}`)
            .join(" · ")}
          {doc.data.history?.series ? ` · ${doc.data.history.series}` : ""}
          {doc.data.model_version ? ` · ${doc.data.model_version}` : ""}
        </p>
      ) : null}
      <p className="small muted mono">ipfs://{cid}</p>
    </div>
  );
}

/** DecisionFeed's DecisionUpdated events (action, size, confidence), each with its reasoning from IPFS. */
export function DecisionFeedPanel() {
  const t = useTranslations("ai.feed");
  const locale = useLocale();
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const feed = chain.address("DecisionFeed");
  const [open, setOpen] = useState<string>();
  const query = useQuery({
    queryKey: ["decisionFeed", chain.chainId, feed],
    enabled: !!client && !!feed,
    refetchInterval: 15_000,
    queryFn: () => readDecisions(client!, feed!),
  });
  const pct = (bps: number) =>
    new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(bps / 10_000);
  const key = (d: FeedDecision) => `${d.asset}-${d.round}`;
  return (
    <section aria-labelledby="decision-feed">
      <h2 id="decision-feed">{t("title")}</h2>
      <p className="small muted">{t("lead")}</p>
      <Queried
        query={query}
        unavailable={feed ? undefined : t("notDeployed")}
        empty={t("none")}
        isEmpty={(data) => data.length === 0}
      >
        {(data) => (
          <ul className="proposal-list" data-testid="decision-feed">
            {data.map((d) => (
              <li key={key(d)} className="card">
                <div className="section-head">
                  <strong>
                    {d.symbol} · <span className={`badge badge-${d.action}`}>{t(d.action)}</span>
                  </strong>
                  <span className="small muted">
                    {t("round", { round: String(d.round) })} · {t("model", { version: d.modelVersion })}
                  </span>
                </div>
                <p>
                  {t("size")}: {pct(d.sizeBps)} · {t("confidence")}: {pct(d.confidenceBps)}
                </p>
                <button
                  type="button"
                  className="button-secondary"
                  aria-expanded={open === key(d)}
                  onClick={() => setOpen(open === key(d) ? undefined : key(d))}
                >
                  {open === key(d) ? t("hideReasoning") : t("showReasoning")}
                </button>
                {open === key(d) && d.reasoningCid ? <Reasoning cid={d.reasoningCid} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Queried>
    </section>
  );
}
