"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { isTenantDomain } from "../../lib/tenants.ts";

/** A host name to look a tenant up by (checked as the API checks domains before anything is asked). */
export function DomainLookupForm({ onSubmit }: { onSubmit: (domain: string) => void }) {
  const t = useTranslations("partnerships.lookup");
  const id = useId();
  const [domain, setDomain] = useState("");
  const [touched, setTouched] = useState(false);
  const ok = isTenantDomain(domain);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (ok) onSubmit(domain.trim().toLowerCase());
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("title")}>
      <div className="field">
        <label htmlFor={`${id}-domain`}>{t("domain")}</label>
        <input
          id={`${id}-domain`}
          className="mono"
          value={domain}
          spellCheck={false}
          autoComplete="off"
          placeholder="invest.acme.example"
          onChange={(e) => setDomain(e.target.value)}
          aria-invalid={touched && !ok ? true : undefined}
          aria-describedby={touched && !ok ? `${id}-error` : undefined}
        />
      </div>
      {touched && !ok ? (
        <p className="field-error" role="alert" id={`${id}-error`}>
          {t("invalid")}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit">{t("submit")}</button>
      </div>
    </form>
  );
}
