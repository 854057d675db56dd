"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { checkName } from "../../lib/institutional.ts";

/**
 * One name (a portfolio's, to create or rename it), checked as the API checks it (trimmed, 1–100
 * characters) before `onSubmit` is called.
 */
export function NameForm({
  title,
  label,
  submitLabel,
  initial = "",
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  /** The form's accessible name (and heading). */
  title: string;
  label: string;
  submitLabel: string;
  initial?: string;
  busy: boolean;
  /** The API's refusal, shown under the form. */
  error?: string | undefined;
  onSubmit: (name: string) => void;
  onCancel?: () => void;
}) {
  const t = useTranslations("institutional");
  const id = useId();
  const [name, setName] = useState(initial);
  const [touched, setTouched] = useState(false);
  const check = checkName(name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!check.ok || busy) return;
    onSubmit(check.name);
  };
  const invalid = touched && !check.ok;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>{label}</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
        />
      </div>
      {touched && !check.ok ? (
        <p className="field-error" role="alert" id={`${id}-error`}>
          {t(`errors.${check.key}`)}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? t("working") : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t("cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
