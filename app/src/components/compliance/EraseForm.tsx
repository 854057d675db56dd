"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { ApiError } from "../../lib/apiClient.ts";
import { checkErase, eraseConfirmation } from "../../lib/compliance.ts";
import { ErrorState } from "../States.tsx";

/**
 * Erase the account: a warning, the typed confirmation `ERASE <e-mail>` (nothing is sent unless it
 * matches exactly) and, for accounts that have one, the password.
 */
export function EraseForm({
  email,
  loadError,
  onRetryLoad,
  busy,
  error,
  onSubmit,
}: {
  /** The account's e-mail (from GET /auth/me); undefined while it loads or when it failed. */
  email: string | undefined;
  /** Why the account could not be loaded (GET /auth/me failed): shown with a retry instead of waiting. */
  loadError?: unknown;
  onRetryLoad?: () => void;
  busy: boolean;
  error?: unknown;
  onSubmit: (body: { confirm: string; password?: string }) => void;
}) {
  const t = useTranslations("compliance.privacy.erase");
  const ids = { confirm: useId(), password: useId(), warning: useId() };
  const [typed, setTyped] = useState("");
  const [password, setPassword] = useState("");
  const [touched, setTouched] = useState(false);
  const phrase = email === undefined ? "" : eraseConfirmation(email);
  const check = email === undefined ? undefined : checkErase(email, typed, password);
  const mismatch = touched && check !== undefined && !check.ok;
  const needPassword = error instanceof ApiError && error.field === "password" && error.status === 400;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (busy || !check?.ok) return;
    onSubmit(check.body);
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("title")} aria-describedby={ids.warning}>
      <h3>{t("title")}</h3>
      <p className="form-warning" id={ids.warning}>
        {t("warning")}
      </p>
      {email === undefined ? (
        loadError ? (
          <ErrorState error={loadError} {...(onRetryLoad ? { retry: onRetryLoad } : {})} />
        ) : (
          <p className="small muted">{t("noEmail")}</p>
        )
      ) : (
        <div className="field">
          <label htmlFor={ids.confirm}>{t("confirmLabel", { phrase })}</label>
          <input
            id={ids.confirm}
            value={typed}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setTyped(e.target.value)}
            aria-invalid={mismatch ? true : undefined}
            aria-describedby={mismatch ? `${ids.confirm}-error` : undefined}
          />
          {mismatch ? (
            <p id={`${ids.confirm}-error`} className="field-error" role="alert">
              {t("confirmMismatch", { phrase })}
            </p>
          ) : null}
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.password}>{t("passwordLabel")}</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={needPassword ? true : undefined}
        />
      </div>
      {needPassword ? (
        <p className="field-error" role="alert">
          {t("needPassword")}
        </p>
      ) : error ? (
        <ErrorState error={error} />
      ) : null}
      <div className="button-row">
        <button type="submit" disabled={busy || email === undefined}>
          {busy ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
