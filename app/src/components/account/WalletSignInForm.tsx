"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import type { ActiveChain } from "../../hooks/useRuntime.ts";
import type { SessionError, SignInRequest } from "../../hooks/useApiSession.ts";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { useConnectWallet } from "../wallet/WalletContext.tsx";
import { Alert, Field, PendingButton } from "./FormParts.tsx";
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
  const failure = (e: SessionError): string =>
    e.code === "wallet-not-linked"
      ? t("needEmail")
      : e.code === "rejected"
        ? t("rejected")
        : e.code === "email-taken"
          ? t("walletEmailTaken")
          : t("failed", { message: e.message });
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("title")}>
      <h2>{t("title")}</h2>
      <p className="small muted">{t("why")}</p>
      <div className="field-row">
        <Field
          label={t("region")}
          invalid={touched && !regionOk}
          value={region}
          maxLength={2}
          autoComplete="country"
          onChange={(e) => setRegion(e.target.value.toUpperCase())}
        />
        <Field
          label={t("email")}
          invalid={touched && !emailOk}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <Alert className="field-error" message={touched && !regionOk ? t("regionInvalid") : undefined} />
      <Alert className="field-error" message={touched && !emailOk ? t("emailInvalid") : undefined} />
      <NetworkNotice problem={problem} />
      <Alert message={error && failure(error)} />
      <div className="button-row">
        {chain.problem === "disconnected" && openConnectModal ? (
          <button type="button" onClick={() => openConnectModal()}>
            {t("connect")}
          </button>
        ) : (
          <PendingButton type="submit" pending={busy} pendingLabel={t("signing")} disabled={!!problem}>
            {t("submit")}
          </PendingButton>
        )}
      </div>
    </form>
  );
}
