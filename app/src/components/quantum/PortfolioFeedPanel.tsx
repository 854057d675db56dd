"use client";
import { useLocale, useTranslations } from "next-intl";

import { usePortfolioFeed } from "../../hooks/useOracleFeeds.ts";
import { ChainTimeNote } from "../analytics/ChainTimeNote.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { Queried } from "../States.tsx";

/**
 * The portfolio the index vault follows, for anyone: the latest PortfolioFeed report (the oracle
 * network's last measured optimisation on the shipped index history: weights, expected return,
 * volatility, algorithm) and the reports before it, each as "report 12 of the portfolio feed".
 */
export function PortfolioFeedPanel() {
  const t = useTranslations("quantum.feed");
  const locale = useLocale();
  const { chain, feed, query } = usePortfolioFeed();
  const pct = (bps: number) =>
    new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000);
  const date = (seconds: bigint) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(Number(seconds) * 1000);
  return (
    <section aria-labelledby="portfolio-feed">
      <h2 id="portfolio-feed">{t("title")}</h2>
      <p className="small muted">{t("lead")}</p>
      <Queried
        query={query}
        unavailable={feed ? undefined : t("notDeployed")}
        empty={t("none")}
        isEmpty={(data) => data.entries.length === 0}
      >
        {(data) => {
          const latest = data.entries[0]!;
          return (
            <div className="stack">
              <article className="card" data-testid="portfolio-latest" aria-labelledby="portfolio-latest-title">
                <h3 id="portfolio-latest-title">{t("latest", { position: latest.position, total: data.total })}</h3>
                <p className="small muted">
                  {t("measuredAt", { date: date(latest.timestamp) })} · {t(latest.algorithm)}
                </p>
                <Stats label={t("latestMetrics")}>
                  {latest.weights.map((w) => (
                    <Stat key={w.asset} label={w.symbol} testId={`feed-weight-${w.symbol}`}>
                      {pct(w.bps)}
                    </Stat>
                  ))}
                  <Stat label={t("expectedReturn")} testId="feed-expected-return">
                    {pct(latest.expectedReturnBps)}
                  </Stat>
                  <Stat label={t("volatility")}>{pct(latest.volatilityBps)}</Stat>
                </Stats>
                <ChainTimeNote chainId={chain.chainId} />
              </article>
              <div className="table-wrap">
                <table className="table" data-testid="portfolio-feed">
                  <caption className="sr-only">{t("title")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("round")}</th>
                      <th scope="col">{t("weights")}</th>
                      <th scope="col">{t("expectedReturn")}</th>
                      <th scope="col">{t("volatility")}</th>
                      <th scope="col">{t("algorithm")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.entries.map((p) => (
                      <tr key={String(p.round)}>
                        <td title={t("roundRaw", { round: String(p.round) })}>
                          {t("report", { position: p.position })}
                          <br />
                          <span className="small muted">{date(p.timestamp)}</span>
                        </td>
                        <td>{p.weights.map((w) => `${w.symbol} ${pct(w.bps)}`).join(", ")}</td>
                        <td>{pct(p.expectedReturnBps)}</td>
                        <td>{pct(p.volatilityBps)}</td>
                        <td>{t(p.algorithm)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          );
        }}
      </Queried>
    </section>
  );
}
