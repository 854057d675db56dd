"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

import { useChainClock } from "../../hooks/useChainClock.ts";
import { chainNowSeconds, proposalCountdown } from "../../lib/dao.ts";
import type { ProposalState } from "../../lib/proposals.ts";

/** The chain's "now" in seconds, ticking every second between reads of its latest block. */
export function useChainNow(chainId: number): number | undefined {
  const clock = useChainClock(chainId);
  const [wall, setWall] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setWall(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!clock.data) return undefined;
  return chainNowSeconds(clock.data.chainSeconds, clock.dataUpdatedAt, wall);
}

/**
 * "Ends in 2 d 3 h", "Starts in 4 min 10 s" or "Voting ended": a proposal's deadline counted in
 * chain time (the Governor's clock), which on the local stack runs ahead of this device's.
 */
export function Deadline({
  chainId,
  proposal,
}: {
  chainId: number;
  proposal: { state: ProposalState; voteStart: bigint; voteEnd: bigint };
}) {
  const t = useTranslations("dao.countdown");
  const now = useChainNow(chainId);
  if (now === undefined) return null;
  const c = proposalCountdown(proposal, now);
  if (c.kind === "ended") {
    return (
      <span className="small muted" data-testid="deadline" data-kind="ended">
        {t("ended")}
      </span>
    );
  }
  const time =
    c.days > 0
      ? t("days", { days: c.days, hours: c.hours })
      : c.hours > 0
        ? t("hours", { hours: c.hours, minutes: c.minutes })
        : t("minutes", { minutes: c.minutes, seconds: c.seconds });
  return (
    <span className="small" data-testid="deadline" data-kind={c.kind}>
      {t(c.kind, { time })}
    </span>
  );
}
