"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useLocale, useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";

import { readAnalyticsOverview, readPairDays, SubgraphError } from "../../data/subgraph.ts";
import { useCurrency } from "../../hooks/useCurrency.tsx";
import { useActiveChain, useRuntime } from "../../hooks/useRuntime.ts";
import {
  daySeries,
  dayValues,
  decimalToNumber,
  participation,
  rawToNumber,
  seriesTotals,
  tokenLabel,
  type ValueUnit,
} from "../../lib/analytics.ts";
import { formatCurrency } from "../../lib/currency.ts";
import { proposalTitle } from "../../lib/proposals.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { Stat, Stats } from "../Stat.tsx";
import type { ChartFormat } from "./AnalyticsCharts.tsx";
import { ChainTimeNote } from "./ChainTimeNote.tsx";

// recharts (about 400 kB raw) is loaded with the first chart, not with the page.
const charts = () => import("./AnalyticsCharts.tsx");
const TvlChart = dynamic(() => charts().then((m) => m.TvlChart), { ssr: false, loading: () => <Loading /> });
const VolumeChart = dynamic(() => charts().then((m) => m.VolumeChart), { ssr: false, loading: () => <Loading /> });
const PairChart = dynamic(() => charts().then((m) => m.PairChart), { ssr: false, loading: () => <Loading /> });
const ParticipationChart = dynamic(() => charts().then((m) => m.ParticipationChart), {
  ssr: false,
  loading: () => <Loading />,
});

/** "PIP-3 Title", unless the title already names itself ("PIP-1: …"). */
const rowTitle = (index: number, title: string) => (/^PIP-\d+/.test(title) ? title : `PIP-${index} ${title}`.trim());

const ERROR_KEYS = {
  "not-configured": "notConfigured",
  unavailable: "unavailable",
  query: "query",
  http: "http",
  shape: "shape",
} as const;

/** The protocol's history from the subgraph only (GraphQL through /subgraph/<chainId>): AMM days, pairs, governance. */
export function AnalyticsPanel() {
  const t = useTranslations("analytics");
  const locale = useLocale();
  const chain = useActiveChain();
  const runtime = useRuntime();
  const deployment = runtime.deployments[chain.chainId];
  const { currency } = useCurrency();
  const pairSelectId = useId();
  const [chosenPair, setChosenPair] = useState<string>();
  const weth = chain.address("WETH9") ?? chain.address("WETH");

  const overview = useQuery({
    queryKey: ["subgraph-analytics", chain.chainId, weth],
    refetchInterval: 10_000,
    retry: 1,
    queryFn: ({ signal }) => readAnalyticsOverview(chain.chainId, weth, { signal }),
  });
  const pairs = overview.data?.pairs ?? [];
  const pair = pairs.find((p) => p.id === chosenPair) ?? pairs[0];
  const pairDays = useQuery({
    queryKey: ["subgraph-pair-days", chain.chainId, pair?.id],
    enabled: !!pair,
    refetchInterval: 20_000,
    retry: 1,
    queryFn: ({ signal }) => readPairDays(chain.chainId, pair!.id, { signal }),
  });

  // Values in the chosen currency: USD and PEPER are stored by the subgraph; ETH is USD at WETH's current price.
  const ethUsd = overview.data?.ethUsd;
  const unit: ValueUnit = currency === "ETH" && ethUsd === undefined ? "USD" : currency;
  const format: ChartFormat = useMemo(() => {
    const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 2 });
    const dateFormat = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
    return {
      value: (x) => formatCurrency(x, unit, locale),
      tick: (x) => (unit === "USD" ? `$${compact.format(x)}` : compact.format(x)),
      date: (s) => dateFormat.format(new Date(s * 1000)),
    };
  }, [locale, unit]);
  const series = useMemo(
    () => daySeries((overview.data?.days ?? []).map((d) => dayValues(d, unit, ethUsd))),
    [overview.data?.days, unit, ethUsd],
  );
  const pairSeries = useMemo(
    () => daySeries((pairDays.data ?? []).map((d) => dayValues(d, unit, ethUsd))),
    [pairDays.data, unit, ethUsd],
  );
  const points = useMemo(() => participation(overview.data?.proposals ?? []), [overview.data?.proposals]);

  if (overview.isPending) return <Loading label={t("loading")} />;
  if (overview.isError) {
    const e = overview.error;
    const kind = e instanceof SubgraphError ? ERROR_KEYS[e.kind] : "http";
    return (
      <div data-testid="analytics-error">
        <ErrorState
          error={
            new Error(
              t(`errors.${kind}`, { chainId: chain.chainId }) + (e instanceof SubgraphError ? ` (${e.detail})` : ""),
            )
          }
          retry={() => void overview.refetch()}
        />
      </div>
    );
  }
  const { meta, protocol } = overview.data;
  const num = (x: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(x);
  const compactPeper = (x: number) =>
    new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(x);
  const pct = (x: number) => `${num(x, 0)}%`;
  const pick = (usd: string | undefined, peper: string | undefined) =>
    format.value(
      unit === "PEPER"
        ? decimalToNumber(peper)
        : unit === "ETH"
          ? decimalToNumber(usd) / (ethUsd ?? 1)
          : decimalToNumber(usd),
    );
  const pairName = (p: (typeof pairs)[number]) =>
    `${tokenLabel(p.token0.id, deployment, p.token0.symbol)}/${tokenLabel(p.token1.id, deployment, p.token1.symbol)}`;
  const totals = seriesTotals(series);
  return (
    <div className="stack">
      <p className="small muted" data-testid="indexed-block" data-block={meta.block.number}>
        {t("indexedUpTo", { block: num(meta.block.number) })}
        {meta.block.timestamp !== null ? ` · ${new Date(meta.block.timestamp * 1000).toLocaleString(locale)}` : ""}
        {" · "}
        {t("source")}
      </p>
      <ChainTimeNote chainId={chain.chainId} />
      {meta.hasIndexingErrors ? (
        <div className="state state-error" role="alert" data-testid="indexing-errors">
          {t("indexingErrors")}
        </div>
      ) : null}
      {currency === "ETH" && unit === "USD" ? <p className="hint">{t("noEthPrice")}</p> : null}
      <Stats label={t("totals")}>
        <Stat label={t("tvl")} testId="analytics-tvl">
          {protocol ? pick(protocol.totalLiquidityUSD, protocol.totalLiquidityPeper) : "—"}
        </Stat>
        <Stat label={t("totalVolume")}>
          {protocol ? pick(protocol.totalVolumeUSD, protocol.totalVolumePeper) : "—"}
        </Stat>
        <Stat label={t("totalFees")}>{protocol ? pick(protocol.totalFeesUSD, protocol.totalFeesPeper) : "—"}</Stat>
        <Stat label={t("peperPrice")}>
          {protocol && decimalToNumber(protocol.peperPriceUSD) > 0
            ? formatCurrency(decimalToNumber(protocol.peperPriceUSD), "USD", locale)
            : "—"}
        </Stat>
        <Stat label={t("proposals")} testId="analytics-proposal-count">
          {num(protocol?.proposalCount ?? 0)}
        </Stat>
        <Stat label={t("votes")}>{num(protocol?.voteCount ?? 0)}</Stat>
        <Stat label={t("delegates")}>{num(protocol?.delegateCount ?? 0)}</Stat>
        <Stat label={t("holders")}>{num(protocol?.holderCount ?? 0)}</Stat>
        <Stat label={t("supply")}>{`${compactPeper(rawToNumber(protocol?.peperTotalSupply ?? "0", 18))} PEPER`}</Stat>
      </Stats>

      <div className="analytics-grid">
        <section className="card" aria-labelledby="analytics-tvl-h">
          <h2 id="analytics-tvl-h">{t("tvlTitle")}</h2>
          {series.length === 0 ? (
            <Empty>{t("noDays")}</Empty>
          ) : (
            <TvlChart
              series={series}
              name={t("tvl")}
              format={format}
              label={t("tvlLabel", { days: series.length, unit })}
            />
          )}
        </section>
        <section className="card" aria-labelledby="analytics-volume-h">
          <h2 id="analytics-volume-h">{t("volumeTitle")}</h2>
          {series.length === 0 ? (
            <Empty>{t("noDays")}</Empty>
          ) : (
            <VolumeChart
              series={series}
              format={format}
              names={{ volume: t("volume"), fees: t("fees") }}
              label={t("volumeLabel", {
                days: series.length,
                volume: format.value(totals.volume),
                fees: format.value(totals.fees),
              })}
            />
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="analytics-pair-h">
        <h2 id="analytics-pair-h">{t("pairTitle")}</h2>
        {pairs.length === 0 ? (
          <Empty>{t("noPairs")}</Empty>
        ) : (
          <>
            <div className="field">
              <label htmlFor={pairSelectId}>{t("pair")}</label>
              <select id={pairSelectId} value={pair?.id} onChange={(e) => setChosenPair(e.target.value)}>
                {pairs.map((p) => (
                  <option key={p.id} value={p.id}>
                    {pairName(p)}
                  </option>
                ))}
              </select>
            </div>
            {pairDays.isPending ? (
              <Loading />
            ) : pairDays.isError ? (
              <ErrorState error={pairDays.error} retry={() => void pairDays.refetch()} />
            ) : pairSeries.length === 0 ? (
              <Empty>{t("noDays")}</Empty>
            ) : (
              <PairChart
                series={pairSeries}
                format={format}
                names={{ tvl: t("reserves"), volume: t("volume") }}
                label={t("pairLabel", { pair: pairName(pair!), days: pairSeries.length })}
              />
            )}
          </>
        )}
      </section>

      <section className="card" aria-labelledby="analytics-gov-h">
        <h2 id="analytics-gov-h">{t("governanceTitle")}</h2>
        <p className="hint">{t("governanceHint")}</p>
        {points.length === 0 ? (
          <Empty>{t("noProposals")}</Empty>
        ) : (
          <>
            <ParticipationChart
              points={points}
              votes={compactPeper}
              percent={pct}
              names={{
                for: t("for"),
                against: t("against"),
                abstain: t("abstain"),
                quorum: t("quorumShare"),
                quorumLine: t("quorum"),
              }}
              label={t("governanceLabel", { count: points.length })}
            />
            <div className="table-wrap">
              <table className="table" data-testid="analytics-proposals">
                <caption className="sr-only">{t("governanceTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("proposal")}</th>
                    <th scope="col">{t("state")}</th>
                    <th scope="col">{t("for")}</th>
                    <th scope="col">{t("against")}</th>
                    <th scope="col">{t("abstain")}</th>
                    <th scope="col">{t("voters")}</th>
                    <th scope="col">{t("quorumShare")}</th>
                  </tr>
                </thead>
                <tbody>
                  {points.map((p) => {
                    const source = overview.data.proposals.find((x) => x.proposalId === p.proposalId);
                    return (
                      <tr key={p.proposalId} data-testid="analytics-proposal">
                        <th scope="row">{rowTitle(p.index, source ? proposalTitle(source.description) : "")}</th>
                        <td>{p.state}</td>
                        <td>{compactPeper(p.for)}</td>
                        <td>{compactPeper(p.against)}</td>
                        <td>{compactPeper(p.abstain)}</td>
                        <td>{num(p.voters)}</td>
                        <td>
                          {p.quorumPercent === undefined
                            ? t("quorumUnknown")
                            : `${pct(p.quorumPercent)} ${t("ofQuorum", { quorum: compactPeper(p.quorum ?? 0) })}`}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
