"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { checkReview, type ReviewDecision } from "../../lib/compliance.ts";
import { ErrorState } from "../States.tsx";

/** A compliance officer's decision on one KYC submission: verified, or rejected with a reason. */
export function ReviewForm({
  label,
  busy,
  error,
  onSubmit,
}: {
  /** The form's accessible name (which submission it decides). */
  label: string;
  busy: boolean;
  error?: unknown;
  onSubmit: (body: { status: ReviewDecision; reason?: string }) => void;
}) {
  const t = useTranslations("compliance.queue.review");
  const id = useId();
  const [decision, setDecision] = useState<ReviewDecision>();
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const check = checkReview(decision, reason);
  const message = touched && !check.ok ? t(check.key) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (busy || !check.ok) return;
    onSubmit(check.body);
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={label}>
      <fieldset>
        <legend>{t("legend")}</legend>
        {(["verified", "rejected"] as const).map((d) => (
          <label key={d} className="radio">
            <input
              type="radio"
              name={`${id}-decision`}
              value={d}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />
            {t(d)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t("reason")}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          maxLength={2100}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={message && check.ok === false && check.key !== "decisionMissing" ? true : undefined}
        />
      </div>
      {message ? (
        <p className="field-error" role="alert">
          {message}
        </p>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
