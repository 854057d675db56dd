"use client";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { useAccount } from "wagmi";

/**
 * Read first, sign last, for the actions that need the API's sign-in (not a wallet): a visitor sees
 * one button for the action; pressing it opens the sign-in (`children`, the SignInPanel with its
 * e-mail and wallet tabs), so an e-mail user never has to connect a wallet. With a wallet connected
 * it is open from the start, as the wallet's sign-in is one click away.
 */
export function SignInGate({
  title,
  label,
  hint,
  testId,
  children,
}: {
  /** A heading over the button (the section's title). */
  title?: string;
  /** The action, as the button says it ("Open the desk"). */
  label: string;
  /** One sentence under the button: what the action needs. */
  hint?: string;
  testId?: string;
  children: ReactNode;
}) {
  const t = useTranslations("signin");
  const { isConnected } = useAccount();
  const [open, setOpen] = useState(false);
  if (isConnected || open) return <>{children}</>;
  return (
    <section className="card stack" data-testid={testId} aria-label={title ?? label}>
      {title ? <h2>{title}</h2> : null}
      <p className="button-row">
        <button type="button" onClick={() => setOpen(true)}>
          {label}
        </button>
      </p>
      <p className="small muted">{hint ?? t("gateHint")}</p>
    </section>
  );
}
