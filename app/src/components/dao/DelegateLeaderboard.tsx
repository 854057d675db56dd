"use client";
import { useLocale, useTranslations } from "next-intl";

import { useActiveChain } from "../../hooks/useRuntime.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { shortAddress } from "../../lib/dao.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";
import styles from "./dao.module.css";
import { useDelegates } from "./useDelegates.ts";

/** The top delegates by voting power, for anyone (no wallet): Tally's delegate leaderboard. */
export function DelegateLeaderboard() {
  const t = useTranslations("dao.leaderboard");
  const locale = useLocale();
  const chain = useActiveChain();
  const board = useDelegates();
  if (!chain.address("PeperToken")) return null;
  const pct = (bps: number) =>
    new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(bps / 10_000);
  return (
    <section className="card" aria-labelledby="leaderboard-heading" data-testid="delegate-leaderboard">
      <h2 id="leaderboard-heading">{t("title")}</h2>
      <p className="small muted">{t("lead")}</p>
      {board.isPending ? (
        <Loading />
      ) : board.isError ? (
        <ErrorState error={board.error} retry={() => void board.refetch()} />
      ) : board.data.delegates.length === 0 ? (
        <Empty>{t("empty")}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className={`table ${styles.board}`}>
              <caption className="sr-only">{t("title")}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("delegate")}</th>
                  <th scope="col">{t("votes")}</th>
                  <th scope="col">{t("share")}</th>
                </tr>
              </thead>
              <tbody>
                {board.data.delegates.map((d) => {
                  const you = chain.account?.toLowerCase() === d.address.toLowerCase();
                  return (
                    <tr key={d.address} data-testid="leaderboard-row" data-address={d.address.toLowerCase()}>
                      <td>{d.rank}</td>
                      <th scope="row">
                        <span className={styles.address} title={d.address}>
                          {shortAddress(d.address)}
                        </span>
                        {you ? <span className="small muted"> ({t("you")})</span> : null}
                        {d.delegators !== undefined ? (
                          <>
                            <br />
                            <span className="small muted">{t("delegators", { count: d.delegators })}</span>
                          </>
                        ) : null}
                      </th>
                      <td>{formatAmount(d.votes, 18, { locale, maxFractionDigits: 0 })}</td>
                      <td>{pct(d.shareBps)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="small muted">
            {board.data.source.kind === "subgraph"
              ? t("fromSubgraph")
              : t("fromChain", { blocks: board.data.source.blocks })}
          </p>
        </>
      )}
    </section>
  );
}
