"use client";
import { useTranslations } from "next-intl";

import type { NetworkProblem } from "../hooks/useRuntime.ts";

/** Why the form cannot send on this network, as a sentence (nothing when it can). */
export function NetworkNotice({ problem }: { problem: NetworkProblem | undefined }) {
  const t = useTranslations("form");
  if (!problem) return null;
  return (
    <p className="form-warning" role="alert">
      {t(`network.${problem}`)}
    </p>
  );
}
