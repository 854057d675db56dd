"use client";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useAccount } from "wagmi";

import { useConnectWallet } from "../wallet/WalletContext.tsx";

/**
 * Read first, sign last: a visitor without a wallet sees one button for the action instead of the
 * forms; pressing it opens the wallet dialog, and once a wallet is connected the forms appear.
 */
export function ActionGate({
  title,
  label,
  hint,
  testId,
  children,
}: {
  /** A heading over the button (the section's title, which the forms carry themselves). */
  title?: string;
  /** The action, as the button says it ("Sell or make an offer"). */
  label: string;
  /** One sentence under the button: what the action needs. */
  hint?: string;
  testId?: string;
  children: ReactNode;
}) {
  const t = useTranslations("market.gate");
  const { isConnected } = useAccount();
  const { openConnectModal } = useConnectWallet();
  if (isConnected) return <>{children}</>;
  return (
    <section className="card stack" data-testid={testId} aria-label={title ?? label}>
      {title ? <h2>{title}</h2> : null}
      <p className="button-row">
        <button type="button" onClick={() => openConnectModal?.()} disabled={!openConnectModal}>
          {label}
        </button>
      </p>
      <p className="small muted">{hint ?? t("hint")}</p>
    </section>
  );
}
