"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { usePublicClient } from "wagmi";

import { priceFeedAbi } from "@protocol/generated/abis/PriceFeed.ts";

import { readPoolCandles } from "../../data/candles.ts";
import { poolTvlUsd, price0In1 } from "../../data/pools.ts";
import { useMarket } from "../../hooks/useMarket.ts";
import { useMoney } from "../../hooks/useMoney.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { CandleChart } from "../charts/CandleChart.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { ChainTimeNote } from "../analytics/ChainTimeNote.tsx";

/**
 * The PEPER/USD answer of the oracle network's PriceFeed (8 decimals), when the chain has one, with
 * the feed's own round (contiguous: 1, 2, 3, …) and its name ("PEPER / USD" → "PEPER/USD").
 */
function useOraclePrice() {
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const feed = chain.address("PriceFeed");
  return useQuery({
    queryKey: ["oracle-price", chain.chainId, feed],
    enabled: !!client && !!feed,
    refetchInterval: 15_000,
    queryFn: async () => {
      try {
        const [[round, answer, , updatedAt], description] = await Promise.all([
          client!.readContract({ address: feed!, abi: priceFeedAbi, functionName: "latestRoundData" }),
          client!.readContract({ address: feed!, abi: priceFeedAbi, functionName: "description" }),
        ]);
        const name = description.replace(/\s*\/\s*/g, "/").trim() || "PEPER/USD";
        return { round, name, price: Number(answer) / 1e8, updatedAt: Number(updatedAt) };
      } catch {
        return null; // no report accepted yet
      }
    },
  });
}

export function Markets() {
  const t = useTranslations("global");
  const locale = useLocale();
  const money = useMoney();
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const market = useMarket();
  const oracle = useOraclePrice();
  const selectId = useId();
  const [chosen, setSelected] = useState<number>();
  const pools_ = market.data?.pools ?? [];
  const peperUsd = pools_.findIndex((p) => [p.token0.symbol, p.token1.symbol].sort().join("/") === "PEPER/USDC");
  const selected = chosen ?? Math.max(0, peperUsd);
  const pool = pools_[selected];
  const candles = useQuery({
    queryKey: ["candles", chain.chainId, pool?.address],
    enabled: !!client && !!pool,
    refetchInterval: 20_000,
    queryFn: () => readPoolCandles(client!, chain.chainId, pool!),
  });
  if (!chain.deployed) return <Empty>{t("notDeployed", { chainId: chain.chainId })}</Empty>;
  if (market.isPending) return <Loading />;
  if (market.isError) return <ErrorState error={market.error} retry={() => void market.refetch()} />;
  const { pools, tokens, usd } = market.data;
  if (pools.length === 0) return <Empty>{t("noPools")}</Empty>;
  const totalTvl = pools.reduce((sum, p) => sum + (poolTvlUsd(p, usd) ?? 0), 0);
  const price = (n: number) => new Intl.NumberFormat(locale, { maximumSignificantDigits: 6 }).format(n);
  return (
    <div className="stack">
      <Stats label={t("overview")}>
        <Stat label={t("tvl")} testId="total-tvl">
          {money(totalTvl)}
        </Stat>
        {tokens.map((tok) => (
          <Stat key={tok.address} label={t("priceOf", { symbol: tok.symbol })}>
            {money(usd.get(tok.address))}
          </Stat>
        ))}
        <Stat label={t("oracle")}>
          {oracle.data ? (
            <>
              ${price(oracle.data.price)}
              <br />
              <span className="small muted" data-testid="oracle-round">
                {t("oracleRound", {
                  round: oracle.data.round.toString(),
                  feed: oracle.data.name,
                  time: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
                    oracle.data.updatedAt * 1000,
                  ),
                })}
              </span>
            </>
          ) : (
            t("noReport")
          )}
        </Stat>
      </Stats>
      {oracle.data ? <ChainTimeNote chainId={chain.chainId} /> : null}
      <table className="table">
        <caption>{t("pools")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("pool")}</th>
            <th scope="col">{t("price")}</th>
            <th scope="col">{t("tvl")}</th>
          </tr>
        </thead>
        <tbody>
          {pools.map((p) => (
            <tr key={p.address}>
              <th scope="row">
                {p.token0.symbol}/{p.token1.symbol}
              </th>
              <td>
                1 {p.token0.symbol} = {price(price0In1(p))} {p.token1.symbol}
              </td>
              <td>{money(poolTvlUsd(p, usd))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="card" aria-labelledby={`${selectId}-h`}>
        <h2 id={`${selectId}-h`}>{t("chartTitle")}</h2>
        <div className="field">
          <label htmlFor={selectId}>{t("pool")}</label>
          <select id={selectId} value={selected} onChange={(e) => setSelected(Number(e.target.value))}>
            {pools.map((p, i) => (
              <option key={p.address} value={i}>
                {p.token0.symbol}/{p.token1.symbol}
              </option>
            ))}
          </select>
        </div>
        <p className="hint">{t("chartHint")}</p>
        {candles.isPending ? (
          <Loading />
        ) : candles.isError ? (
          <ErrorState error={candles.error} retry={() => void candles.refetch()} />
        ) : candles.data.length === 0 ? (
          <Empty>{t("noTrades")}</Empty>
        ) : (
          <CandleChart
            candles={candles.data}
            label={t("chartLabel", {
              pair: `${pool!.token0.symbol}/${pool!.token1.symbol}`,
              count: candles.data.length,
            })}
          />
        )}
      </section>
    </div>
  );
}
