"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { usePublicClient } from "wagmi";

import { readPortfolios } from "../../data/oracle.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { Queried } from "../States.tsx";

/** The portfolio the index vault follows: PortfolioFeed's PortfolioUpdated events, newest first. */
export function PortfolioFeedPanel() {
  const t = useTranslations("quantum.feed");
  const locale = useLocale();
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const feed = chain.address("PortfolioFeed");
  const query = useQuery({
    queryKey: ["portfolioFeed", chain.chainId, feed],
    enabled: !!client && !!feed,
    refetchInterval: 15_000,
    queryFn: () => readPortfolios(client!, feed!),
  });
  const pct = (bps: number) =>
    new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000);
  return (
    <section aria-labelledby="portfolio-feed">
      <h2 id="portfolio-feed">{t("title")}</h2>
      <p className="small muted">{t("lead")}</p>
      <Queried
        query={query}
        unavailable={feed ? undefined : t("notDeployed")}
        empty={t("none")}
        isEmpty={(data) => data.length === 0}
      >
        {(data) => (
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
                {data.map((p) => (
                  <tr key={String(p.round)}>
                    <td>{String(p.round)}</td>
                    <td>{p.weights.map((w) => `${w.symbol} ${pct(w.bps)}`).join(", ")}</td>
                    <td>{pct(p.expectedReturnBps)}</td>
                    <td>{pct(p.volatilityBps)}</td>
                    <td>{t(p.algorithm)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Queried>
    </section>
  );
}
