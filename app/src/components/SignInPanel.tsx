"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { useApiAccount } from "../hooks/useApiAccount.ts";
import { useApiSession } from "../hooks/useApiSession.ts";
import { shortAddress } from "../lib/format.ts";
import { NetworkNotice } from "./NetworkNotice.tsx";

const defaultRegion = (): string => {
  if (typeof navigator === "undefined") return "US";
  const region = /-([A-Z]{2})$/.exec(navigator.language)?.[1];
  return region ?? "US";
};

/**
 * Sign in to the API with the connected wallet (Sign-In with Ethereum): the API's nonce, a message
 * for this site signed in the wallet, and the API's tokens kept for this tab. A new wallet needs an
 * e-mail the first time (it creates a wallet-only account).
 */
export function SignInPanel() {
  const t = useTranslations("signin");
  const { chain, session, signedIn, signOut } = useApiAccount({ me: false });
  const { signIn, busy, error } = useApiSession();
  const ids = { region: useId(), email: useId() };
  const [region, setRegion] = useState(defaultRegion);
  const [email, setEmail] = useState("");
  const [touched, setTouched] = useState(false);
  const regionOk = /^[A-Z]{2}$/.test(region);
  const emailOk = email === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
  if (signedIn && session) {
    return (
      <div className="card signed-in" data-testid="signed-in">
        <p>
          {t("signedInAs")} <span className="mono">{shortAddress(session.address)}</span>{" "}
          <button type="button" className="link-button" onClick={() => void signOut()}>
            {t("signOut")}
          </button>
        </p>
      </div>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (chain.problem === "disconnected" || chain.problem === "unsupported-chain" || !chain.account) return;
    if (!regionOk || !emailOk) return;
    void signIn({ address: chain.account, chainId: chain.chainId, region, ...(email ? { email } : {}) });
  };
  const problem = chain.problem === "not-deployed" ? undefined : chain.problem;
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
      <h2>{t("title")}</h2>
      <p className="small muted">{t("why")}</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.region}>{t("region")}</label>
          <input
            id={ids.region}
            value={region}
            maxLength={2}
            autoComplete="country"
            onChange={(e) => setRegion(e.target.value.toUpperCase())}
            aria-invalid={touched && !regionOk ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.email}>{t("email")}</label>
          <input
            id={ids.email}
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={touched && !emailOk ? true : undefined}
          />
        </div>
      </div>
      {touched && !regionOk ? (
        <p className="field-error" role="alert">
          {t("regionInvalid")}
        </p>
      ) : null}
      {touched && !emailOk ? (
        <p className="field-error" role="alert">
          {t("emailInvalid")}
        </p>
      ) : null}
      <NetworkNotice problem={problem} />
      {error ? (
        <p className="form-error" role="alert">
          {error.code === "wallet-not-linked"
            ? t("needEmail")
            : error.code === "rejected"
              ? t("rejected")
              : t("failed", { message: error.message })}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" disabled={busy || !!problem}>
          {busy ? t("signing") : t("submit")}
        </button>
      </div>
    </form>
  );
}
