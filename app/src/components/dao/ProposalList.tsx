"use client";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";

import { useProposals } from "../../hooks/useGovernance.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { ChainTimeNote } from "../analytics/ChainTimeNote.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import styles from "./dao.module.css";
import { Deadline } from "./Deadline.tsx";
import { QuorumMeter } from "./QuorumMeter.tsx";
import { RemoteGovernance } from "./RemoteGovernance.tsx";

export function StateBadge({ state }: { state: string }) {
  const t = useTranslations("dao.states");
  return <span className={`badge badge-${state.toLowerCase()}`}>{t(state)}</span>;
}

export function ProposalList() {
  const t = useTranslations("dao");
  const locale = useLocale();
  const chain = useActiveChain();
  const proposals = useProposals();
  if (!chain.deployed) return <Empty>{t("notDeployed", { chainId: chain.chainId })}</Empty>;
  // a remote chain has no Governor: the home chain's DAO governs it through the bridge
  if (!chain.address("PeperGovernor")) return <RemoteGovernance chainId={chain.chainId} />;
  if (proposals.isPending) return <Loading />;
  if (proposals.isError) return <ErrorState error={proposals.error} retry={() => void proposals.refetch()} />;
  if (proposals.data.length === 0) return <Empty>{t("noProposals")}</Empty>;
  const votes = (v: bigint) => formatAmount(v, 18, { locale, maxFractionDigits: 0 });
  return (
    <>
      <ChainTimeNote chainId={chain.chainId} />
      <ul className="proposal-list" aria-label={t("proposals")}>
        {proposals.data.map((p) => (
          <li key={p.id.toString()} className="card proposal-card" data-testid="proposal-card">
            <div className="proposal-head">
              <StateBadge state={p.state} />
              <Link href={`/dao/${p.id.toString()}`} className="proposal-title">
                {p.title || t("untitled")}
              </Link>
            </div>
            <div className={styles.meta}>
              <span className="small muted">
                {t("tallyShort", {
                  for: votes(p.tally.for),
                  against: votes(p.tally.against),
                  abstain: votes(p.tally.abstain),
                })}
              </span>
              <Deadline chainId={chain.chainId} proposal={p} />
            </div>
            <QuorumMeter
              tally={p.tally}
              {...(p.quorum !== undefined ? { quorum: p.quorum } : {})}
              testId="quorum-bar"
            />
          </li>
        ))}
      </ul>
    </>
  );
}
