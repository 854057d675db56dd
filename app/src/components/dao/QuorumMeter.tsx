"use client";
import { useLocale, useTranslations } from "next-intl";

import { formatAmount } from "../../lib/amounts.ts";
import { quorumBar } from "../../lib/dao.ts";
import type { Tally } from "../../lib/proposals.ts";
import styles from "./dao.module.css";

/**
 * A proposal's votes against the quorum at its snapshot (Governor.quorum(voteStart)): for, abstain
 * and against stacked on one bar, the quorum as a line, and how far for + abstain reach it.
 */
export function QuorumMeter({ tally, quorum, testId }: { tally: Tally; quorum?: bigint; testId?: string }) {
  const t = useTranslations("dao");
  const locale = useLocale();
  if (quorum === undefined) {
    return (
      <p className="small muted" data-testid={testId}>
        {t("quorum")}: {t("quorumPending")}
      </p>
    );
  }
  const bar = quorumBar(tally, quorum);
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(bar.percent / 100);
  const votes = (v: bigint) => formatAmount(v, 18, { locale, maxFractionDigits: 0 });
  const width = (f: number) => `${(f * 100).toFixed(2)}%`;
  return (
    <div className={styles.quorum} data-testid={testId} data-percent={bar.percent}>
      <div
        className={styles.quorumBar}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, bar.percent)}
        aria-valuetext={pct}
        aria-label={t("quorum")}
      >
        <span className={styles.for} style={{ width: width(bar.segments.for) }} />
        <span className={styles.abstain} style={{ width: width(bar.segments.abstain) }} />
        <span className={styles.against} style={{ width: width(bar.segments.against) }} />
        <i className={styles.quorumLine} style={{ left: width(bar.quorumAt) }} aria-hidden="true" />
      </div>
      <p className="small muted">
        {t(bar.reached ? "quorumReached" : "quorumProgress", {
          percent: pct,
          counted: votes(tally.for + tally.abstain),
          quorum: votes(quorum),
        })}
      </p>
    </div>
  );
}
