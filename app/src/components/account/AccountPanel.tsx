"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { useAccountMethods } from "../../hooks/useApiAccount.ts";
import { useApiSession, type SessionError } from "../../hooks/useApiSession.ts";
import type { ActiveChain } from "../../hooks/useRuntime.ts";
import { hasWallet, isLastWayIn, type AccountMethods, type LinkedWallet } from "../../lib/account.ts";
import { api, ApiError } from "../../lib/apiClient.ts";
import { shortAddress } from "../../lib/format.ts";
import { ErrorState, Loading } from "../States.tsx";
import { Alert, Field, PendingButton } from "./FormParts.tsx";
import { PASSWORD_MIN } from "./EmailSignInForm.tsx";
import { passkeysAvailable } from "./passkey.ts";
import { TotpSetup } from "./TotpSetup.tsx";
import styles from "./account.module.css";
import { emailValid } from "./region.ts";

const asError = (e: unknown): SessionError =>
  e instanceof ApiError
    ? { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) }
    : { code: "failed", message: e instanceof Error ? e.message : String(e) };

/** The API's refusals about sign-in methods, as one sentence each. */
function useProblem() {
  const t = useTranslations("account");
  return (error: SessionError): string => {
    switch (error.code) {
      case "wallet-linked-elsewhere":
        return t("linkedElsewhere");
      case "reauthentication-required":
        return t("reauth");
      case "last-sign-in-method":
        return t("lastWayIn");
      case "email-taken":
        return t("emailTaken");
      case "rejected":
        return t("rejected");
      case "passkey-cancelled":
        return t("passkeyCancelled");
      case "passkey-exists":
        return t("passkeyExists");
      case "too-many-wallets":
        return t("tooMany");
      default:
        return t("failed", { message: error.message });
    }
  };
}

/**
 * The signed-in account's ways in: its e-mail (and, for an account made by a wallet, a form that adds
 * e-mail and password sign-in), TOTP and passkeys, and the linked wallets — link the connected one
 * (a fresh signature by it), unlink one (not the last way in).
 */
export function AccountPanel({ chain, account }: { chain: ActiveChain; account: string }) {
  const t = useTranslations("account");
  const methods = useAccountMethods(true, account);
  const headingId = useId();
  if (methods.isPending) return <Loading />;
  if (methods.isError) return <ErrorState error={methods.error} retry={() => void methods.refetch()} />;
  const data = methods.data;
  return (
    <section className="stack" aria-labelledby={headingId} data-testid="account-panel">
      <h3 id={headingId}>{t("title")}</h3>
      <dl className="quote">
        <dt>{t("email")}</dt>
        <dd data-testid="account-email" className={styles.identity}>
          {data.email} <span className="small muted">{data.password ? t("passwordSet") : t("passwordMissing")}</span>
        </dd>
        <dt>{t("second")}</dt>
        <dd>
          {data.totp ? t("totpOn") : t("totpOff")} · {t("passkeys", { count: data.passkeys })}
        </dd>
      </dl>
      {data.password && !data.totp ? <TotpSetup /> : null}
      <AddPasskey />
      {data.password ? null : <AddEmailForm data={data} />}
      <Wallets chain={chain} data={data} />
    </section>
  );
}

function Wallets({ chain, data }: { chain: ActiveChain; data: AccountMethods }) {
  const t = useTranslations("account");
  const problem = useProblem();
  const queryClient = useQueryClient();
  const { linkWallet, busy, error } = useApiSession();
  const [confirm, setConfirm] = useState<string>();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["account"] });
  const unlink = useMutation({
    mutationFn: (wallet: LinkedWallet) =>
      api<{ deleted: string }>(`/auth/siwe/wallets/${wallet.id}`, { method: "DELETE", auth: true }),
    onSuccess: () => {
      setConfirm(undefined);
      refresh();
      void queryClient.invalidateQueries({ queryKey: ["siwe-wallets"] });
    },
  });
  const connected = chain.account;
  const canLink = !!connected && !hasWallet(data, connected) && chain.problem !== "unsupported-chain";
  const last = isLastWayIn(data);
  return (
    <div className="stack">
      <h4>{t("wallets")}</h4>
      {data.wallets.length === 0 ? (
        <p className="small muted">{t("noWallets")}</p>
      ) : (
        <ul className={styles.wallets} data-testid="account-wallets">
          {data.wallets.map((w) => (
            <li key={w.id} data-testid={`linked-wallet-${w.address}`}>
              <span className="mono" title={w.address}>
                {shortAddress(w.address)}
              </span>{" "}
              <span className="small muted">{t("chain", { id: w.chain_id })}</span>{" "}
              {confirm === w.id ? (
                <>
                  <PendingButton
                    pending={unlink.isPending}
                    pendingLabel={t("unlinking")}
                    onClick={() => unlink.mutate(w)}
                  >
                    {t("confirmUnlink")}
                  </PendingButton>{" "}
                  <button type="button" className="link-button" onClick={() => setConfirm(undefined)}>
                    {t("cancel")}
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="link-button"
                  disabled={last}
                  title={last ? t("lastWayIn") : undefined}
                  onClick={() => {
                    unlink.reset();
                    setConfirm(w.id);
                  }}
                >
                  {t("unlink")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {last && data.wallets.length > 0 ? <p className="small muted">{t("lastWayIn")}</p> : null}
      <Alert message={unlink.isError && problem(asError(unlink.error))} />
      {canLink && connected && chain.problem !== "disconnected" ? (
        <div className="button-row">
          <PendingButton
            pending={busy}
            pendingLabel={t("linking")}
            onClick={() =>
              void linkWallet(connected, chain.chainId).then((ok) => {
                if (ok) refresh();
              })
            }
          >
            {t("link", { address: shortAddress(connected) })}
          </PendingButton>
        </div>
      ) : !connected ? (
        <p className="small muted">{t("connectToLink")}</p>
      ) : null}
      <Alert message={error && problem(error)} />
    </div>
  );
}

/** A passkey of this device for the account (the API's registration ceremony). */
function AddPasskey() {
  const t = useTranslations("account");
  const problem = useProblem();
  const queryClient = useQueryClient();
  const { addPasskey, busy, error } = useApiSession();
  if (!passkeysAvailable()) return null;
  return (
    <div className="stack">
      <p className="button-row">
        <PendingButton
          className="button-secondary"
          pending={busy}
          pendingLabel={t("addingPasskey")}
          onClick={() =>
            void addPasskey().then((ok) => {
              if (ok) void queryClient.invalidateQueries({ queryKey: ["account"] });
            })
          }
        >
          {t("addPasskey")}
        </PendingButton>
      </p>
      <Alert message={error && problem(error)} />
    </div>
  );
}

/** E-mail and password sign-in for an account a wallet made (POST /account/email). */
function AddEmailForm({ data }: { data: AccountMethods }) {
  const t = useTranslations("account");
  const problem = useProblem();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(data.email);
  const [password, setPassword] = useState("");
  const [touched, setTouched] = useState(false);
  const add = useMutation({
    mutationFn: () => api<AccountMethods>("/account/email", { body: { email, password }, auth: true }),
    onSuccess: (next) => {
      setPassword("");
      queryClient.setQueryData(["account", next.id], next);
      void queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const emailProblem = emailValid(email) ? undefined : t("emailInvalid");
  const passwordProblem = password.length < PASSWORD_MIN ? t("passwordShort", { min: PASSWORD_MIN }) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (emailProblem || passwordProblem) return;
    add.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("addEmailTitle")}>
      <h4>{t("addEmailTitle")}</h4>
      <p className="small muted">{t("addEmailWhy")}</p>
      <Field
        label={t("email")}
        error={touched ? emailProblem : undefined}
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Field
        label={t("newPassword")}
        error={touched ? passwordProblem : undefined}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Alert message={add.isError && problem(asError(add.error))} />
      <div className="button-row">
        <PendingButton type="submit" pending={add.isPending} pendingLabel={t("saving")}>
          {t("addEmail")}
        </PendingButton>
      </div>
    </form>
  );
}
