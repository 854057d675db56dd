"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { checkKycReference, type KycState } from "../../lib/compliance.ts";
import { ErrorState } from "../States.tsx";

/**
 * Submit (or resubmit) the case reference the KYC provider gave: checked here first (letters, digits
 * and `. _ : -`, at most 128), so a name or a document number with spaces is never sent.
 */
export function KycForm({
  status,
  busy,
  error,
  disabled,
  onSubmit,
}: {
  status: KycState;
  busy: boolean;
  error?: unknown;
  /** Why it cannot be sent now (not signed in), shown instead of sending. */
  disabled?: string;
  onSubmit: (reference: string) => void;
}) {
  const t = useTranslations("compliance.kyc.form");
  const id = useId();
  const [reference, setReference] = useState("");
  const [touched, setTouched] = useState(false);
  const check = checkKycReference(reference);
  const message = touched && !check.ok ? t(check.key) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (disabled || busy || !check.ok) return;
    onSubmit(check.reference);
  };
  const title = status === "not_submitted" ? t("title") : t("resubmitTitle");
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className="field">
        <label htmlFor={id}>{t("referenceLabel")}</label>
        <input
          id={id}
          value={reference}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setReference(e.target.value)}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-error` : `${id}-hint`}
        />
        <div className="hint" id={`${id}-hint`}>
          {t("referenceHint")}
        </div>
        {message ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {message}
          </p>
        ) : null}
      </div>
      {disabled ? <p className="form-warning">{disabled}</p> : null}
      {error ? <ErrorState error={error} /> : null}
      <div className="button-row">
        <button type="submit" disabled={busy || !!disabled}>
          {busy ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
