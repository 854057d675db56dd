"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import type { ActiveChain } from "../../hooks/useRuntime.ts";
import type { SessionError, SignInRequest } from "../../hooks/useApiSession.ts";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { useConnectWallet } from "../wallet/WalletContext.tsx";
import { defaultRegion, emailValid, regionValid } from "./region.ts";

/**
 * Sign in with the connected wallet (Sign-In with Ethereum): the API's nonce, a message for this
 * site signed in the wallet. A wallet no account has needs an e-mail the first time (it creates a
 * wallet-only account); a wallet linked to an e-mail account signs in to that account.
 */
export function WalletSignInForm({
  chain,
  busy,
  error,
  onSubmit,
}: {
  chain: ActiveChain;
  busy: boolean;
  error: SessionError | undefined;
  onSubmit: (request: SignInRequest) => void;
}) {
  const t = useTranslations("signin");
  const { openConnectModal } = useConnectWallet();
  const ids = { region: useId(), email: useId() };
  const [region, setRegion] = useState(defaultRegion);
  const [email, setEmail] = useState("");
  const [touched, setTouched] = useState(false);
  const regionOk = regionValid(region);
  const emailOk = email === "" || emailValid(email);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (chain.problem === "disconnected" || chain.problem === "unsupported-chain" || !chain.account) return;
    if (!regionOk || !emailOk) return;
    onSubmit({ address: chain.account, chainId: chain.chainId, region, ...(email ? { email } : {}) });
  };
  const problem = chain.problem === "not-deployed" ? undefined : chain.problem;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("title")}>
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
              : error.code === "email-taken"
                ? t("walletEmailTaken")
                : t("failed", { message: error.message })}
        </p>
      ) : null}
      <div className="button-row">
        {chain.problem === "disconnected" && openConnectModal ? (
          <button type="button" onClick={() => openConnectModal()}>
            {t("connect")}
          </button>
        ) : (
          <button type="submit" disabled={busy || !!problem}>
            {busy ? t("signing") : t("submit")}
          </button>
        )}
      </div>
    </form>
  );
}
