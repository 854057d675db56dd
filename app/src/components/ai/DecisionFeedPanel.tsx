"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import * as v from "valibot";

import type { FeedDecision } from "../../data/oracle.ts";
import { useDecisionFeed, type Positioned } from "../../hooks/useOracleFeeds.ts";
import { modelLabel, type KnownModel } from "../../lib/feeds.ts";
import { ChainTimeNote } from "../analytics/ChainTimeNote.tsx";
import { ErrorState, Loading, Queried } from "../States.tsx";

/**
 * The oracle's reasoning document (peper.decision.reasoning/1), the fields this panel shows. It comes
 * from IPFS by the CID the feed reported, so it is checked before it is read.
 */
export const REASONING = v.object({
  reasoning: v.optional(v.string()),
  symbol: v.optional(v.string()),
  history: v.optional(
    v.object({ series: v.optional(v.string()), day: v.optional(v.number()), time: v.optional(v.number()) }),
  ),
  probabilities: v.optional(v.record(v.string(), v.number())),
  model_version: v.optional(v.string()),
});

function Reasoning({ cid }: { cid: string }) {
  const t = useTranslations("ai.feed");
  const locale = useLocale();
  const doc = useQuery({
    queryKey: ["reasoning", cid],
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch(`/oracle-documents/${cid}`);
      if (!res.ok) throw new Error(t("reasoningMissing", { status: res.status }));
      const parsed = v.safeParse(REASONING, await res.json().catch(() => undefined));
      if (!parsed.success) throw new Error(t("reasoningInvalid"));
      return parsed.output;
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
      <p className="small muted mono" style={{ overflowWrap: "anywhere" }}>
        ipfs://{cid}
      </p>
    </div>
  );
}

/**
 * DecisionFeed's decisions, newest first, for anyone (no wallet): the asset, action, size and
 * confidence, "report 12 of the decision feed" with its chain date, the model by name, and the
 * reasoning document from IPFS on demand.
 */
export function DecisionFeedPanel({ models = [] }: { models?: readonly KnownModel[] }) {
  const t = useTranslations("ai.feed");
  const locale = useLocale();
  const { chain, feed, query } = useDecisionFeed();
  const [open, setOpen] = useState<string>();
  const pct = (bps: number) =>
    new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(bps / 10_000);
  const date = (seconds: bigint) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(Number(seconds) * 1000);
  const key = (d: FeedDecision) => `${d.asset}-${d.round}`;
  return (
    <section aria-labelledby="decision-feed">
      <h2 id="decision-feed">{t("title")}</h2>
      <p className="small muted">{t("lead")}</p>
      <Queried
        query={query}
        unavailable={feed ? undefined : t("notDeployed")}
        empty={t("none")}
        isEmpty={(data) => data.entries.length === 0}
      >
        {(data) => (
          <>
            <p className="small" data-testid="decision-feed-total">
              {t("total", { count: data.total })}
            </p>
            <ChainTimeNote chainId={chain.chainId} />
            <ul className="proposal-list" data-testid="decision-feed">
              {data.entries.map((d: Positioned<FeedDecision>) => (
                <li key={key(d)} className="card">
                  <div className="section-head">
                    <strong>
                      {d.symbol} · <span className={`badge badge-${d.action}`}>{t(d.action)}</span>
                    </strong>
                    <span className="small muted" title={t("roundRaw", { round: String(d.round) })}>
                      {t("report", { position: d.position })} · {date(d.timestamp)}
                    </span>
                  </div>
                  <p>
                    {t("size")}: {pct(d.sizeBps)} · {t("confidence")}: {pct(d.confidenceBps)}
                  </p>
                  <p className="small muted" data-testid="decision-model">
                    {t("model", { name: modelLabel(d.modelVersion, models) })}
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
          </>
        )}
      </Queried>
    </section>
  );
}
