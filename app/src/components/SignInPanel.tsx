"use client";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import { useApiAccount } from "../hooks/useApiAccount.ts";
import { useApiSession } from "../hooks/useApiSession.ts";
import { shortAddress } from "../lib/format.ts";
import { AccountPanel } from "./account/AccountPanel.tsx";
import styles from "./account/account.module.css";
import { EmailSignInForm } from "./account/EmailSignInForm.tsx";
import { WalletSignInForm } from "./account/WalletSignInForm.tsx";

type Method = "wallet" | "email";

/**
 * One sign-in for every page that calls the API: with the connected wallet (Sign-In with Ethereum)
 * or with the e-mail and password (and TOTP code) — the wallet first when one is connected. Both start
 * the same session of the same account; signed in, it names the account and opens its panel (e-mail,
 * linked wallets, link and unlink).
 */
export function SignInPanel() {
  const t = useTranslations("signin");
  const { chain, session, signedIn, signOut } = useApiAccount({ me: false });
  const { signIn, signInWithEmail, signInWithPasskey, busy, error, clearError } = useApiSession();
  const [chosen, setChosen] = useState<Method>();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  if (signedIn && session) {
    const who = session.method === "siwe" && session.address ? shortAddress(session.address) : session.email;
    return (
      <div className="card signed-in stack" data-testid="signed-in">
        <p className={styles.identity}>
          {t("signedInAs")} <span className="mono">{who}</span>{" "}
          <span className="small muted">
            (
            {session.method === "siwe"
              ? t("viaWallet")
              : session.method === "passkey"
                ? t("viaPasskey")
                : t("viaEmail")}
            )
          </span>{" "}
          <button
            type="button"
            className="link-button"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen(!open)}
          >
            {t("account")}
          </button>{" "}
          <button type="button" className="link-button" onClick={() => void signOut()}>
            {t("signOut")}
          </button>
        </p>
        {open ? (
          <div id={panelId}>
            <AccountPanel chain={chain} account={session.account} />
          </div>
        ) : null}
      </div>
    );
  }
  const method: Method = chosen ?? (chain.account ? "wallet" : "email");
  const tabs: { id: Method; label: string }[] = chain.account
    ? [
        { id: "wallet", label: t("tabWallet") },
        { id: "email", label: t("tabEmail") },
      ]
    : [
        { id: "email", label: t("tabEmail") },
        { id: "wallet", label: t("tabWallet") },
      ];
  return (
    <div className="card" data-testid="sign-in">
      <div className={`tabs ${styles.tabs}`} role="tablist" aria-label={t("how")}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            aria-selected={method === tab.id}
            onClick={() => {
              clearError();
              setChosen(tab.id);
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {method === "wallet" ? (
          <WalletSignInForm chain={chain} busy={busy} error={error} onSubmit={(r) => void signIn(r)} />
        ) : (
          <EmailSignInForm
            busy={busy}
            error={error}
            onSubmit={(r) => void signInWithEmail(r)}
            onPasskey={(r) => void signInWithPasskey(r)}
          />
        )}
      </div>
    </div>
  );
}
