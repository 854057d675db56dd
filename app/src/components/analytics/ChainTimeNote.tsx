"use client";
import { useTranslations } from "next-intl";

import { useChainClock } from "../../hooks/useChainClock.ts";
import { durationParts } from "../../lib/feeds.ts";

/**
 * One sentence next to chain-time dates when the chain's clock is far from this device's: on the
 * local stack, tests move the chain forward (votes, locks), so its dates lie days ahead.
 */
export function ChainTimeNote({ chainId }: { chainId: number }) {
  const t = useTranslations("analytics.chainTime");
  const clock = useChainClock(chainId);
  const offset = clock.data?.offset ?? 0;
  if (offset === 0) return null;
  const { days, hours, minutes } = durationParts(offset);
  const gap =
    days > 0 ? t("days", { days, hours }) : hours > 0 ? t("hours", { hours, minutes }) : t("minutes", { minutes });
  return (
    <p className="small muted" role="note" data-testid="chain-time-note">
      {offset > 0 ? t("ahead", { gap }) : t("behind", { gap })}
    </p>
  );
}
