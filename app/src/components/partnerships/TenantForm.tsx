"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent, type ReactNode } from "react";

import {
  checkCreateTenant,
  checkUpdateTenant,
  COLOUR_KEYS,
  emptyTenantForm,
  isColour,
  previewColours,
  type ColourKey,
  type CreateTenantBody,
  type TenantErrorKey,
  type TenantField,
  type TenantFormValues,
  type UpdateTenantBody,
} from "../../lib/tenants.ts";
import styles from "./partnerships.module.css";
import { TenantPreview } from "./TenantPreview.tsx";

interface Common {
  initial?: TenantFormValues;
  busy: boolean;
  /** The API's refusal: its message, and the field it names (shown there when the form has it). */
  error?: { message: string; field?: string | undefined } | undefined;
  onCancel?: () => void;
}

export type TenantFormProps = Common &
  (
    | { mode: "create"; onSubmit: (body: CreateTenantBody) => void }
    | {
        mode: "edit";
        /** false: the domain is not shown nor sent (the tenant edited from the domain it is served on). */
        withDomain: boolean;
        onSubmit: (body: UpdateTenantBody) => void;
      }
  );

/** The API's field names (zod paths like "theme.colors.primary") → the form's. */
const API_FIELDS: Record<string, TenantField> = {
  slug: "slug",
  name: "name",
  domain: "domain",
  ...Object.fromEntries(COLOUR_KEYS.map((k) => [`theme.colors.${k}`, `colors.${k}` as const])),
  "theme.logo_url": "logoUrl",
  "theme.favicon_url": "faviconUrl",
  "theme.font.family": "fontFamily",
  "theme.font.url": "fontUrl",
};

/**
 * Create or edit a white-label tenant, checked field by field as the API's schema checks it (slug,
 * name, domain, hex colours, https asset URLs, font name, mode), with a live preview of the name
 * and colours. Nothing is sent while a field is wrong.
 */
export function TenantForm(props: TenantFormProps) {
  const t = useTranslations("partnerships.tenantForm");
  const id = useId();
  const [form, setForm] = useState<TenantFormValues>(() => props.initial ?? emptyTenantForm());
  const [touched, setTouched] = useState(false);
  const withDomain = props.mode === "create" || props.withDomain;
  const check =
    props.mode === "create" ? checkCreateTenant(form) : checkUpdateTenant(form, { withDomain: props.withDomain });
  const errors: Partial<Record<TenantField, TenantErrorKey>> = touched && !check.ok ? check.errors : {};
  const apiField = props.error?.field ? API_FIELDS[props.error.field] : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (props.busy) return;
    if (props.mode === "create") {
      const c = checkCreateTenant(form);
      if (c.ok) props.onSubmit(c.body);
    } else {
      const c = checkUpdateTenant(form, { withDomain: props.withDomain });
      if (c.ok) props.onSubmit(c.body);
    }
  };

  const fieldId = (field: TenantField) => `${id}-${field.replace(".", "-")}`;
  const described = (field: TenantField, hint?: boolean) =>
    [hint ? `${fieldId(field)}-hint` : "", errors[field] || apiField === field ? `${fieldId(field)}-error` : ""]
      .filter(Boolean)
      .join(" ") || undefined;
  const errorFor = (field: TenantField): ReactNode => {
    const key = errors[field];
    if (key) {
      return (
        <p className="field-error" role="alert" id={`${fieldId(field)}-error`}>
          {t(`errors.${key}`)}
        </p>
      );
    }
    if (apiField === field && props.error) {
      return (
        <p className="field-error" role="alert" id={`${fieldId(field)}-error`}>
          {props.error.message}
        </p>
      );
    }
    return null;
  };
  const text = (
    field: "slug" | "name" | "domain" | "logoUrl" | "faviconUrl" | "fontFamily" | "fontUrl",
    options: { hint?: string; disabled?: boolean; mono?: boolean; placeholder?: string; type?: string } = {},
  ) => (
    <div className="field">
      <label htmlFor={fieldId(field)}>{t(`fields.${field}`)}</label>
      <input
        id={fieldId(field)}
        type={options.type ?? "text"}
        value={form[field]}
        disabled={options.disabled}
        spellCheck={false}
        autoComplete="off"
        className={options.mono ? "mono" : undefined}
        placeholder={options.placeholder}
        onChange={(e) => setForm({ ...form, [field]: e.target.value })}
        aria-invalid={errors[field] || apiField === field ? true : undefined}
        aria-describedby={described(field, !!options.hint)}
      />
      {options.hint ? (
        <span className="small muted" id={`${fieldId(field)}-hint`}>
          {options.hint}
        </span>
      ) : null}
      {errorFor(field)}
    </div>
  );
  const colour = (key: ColourKey) => {
    const field = `colors.${key}` as const;
    const value = form.colors[key].trim();
    return (
      <div className="field" key={key}>
        <label htmlFor={fieldId(field)}>{t(`colours.${key}`)}</label>
        <div className={styles.colourInput}>
          <span
            className={styles.swatch}
            aria-hidden="true"
            style={isColour(value) ? { background: value } : undefined}
          />
          <input
            id={fieldId(field)}
            className="mono"
            value={form.colors[key]}
            spellCheck={false}
            autoComplete="off"
            placeholder={key === "primary" ? "#1a2b3c" : t("optional")}
            onChange={(e) => setForm({ ...form, colors: { ...form.colors, [key]: e.target.value } })}
            aria-invalid={errors[field] || apiField === field ? true : undefined}
            aria-describedby={described(field)}
          />
        </div>
        {errorFor(field)}
      </div>
    );
  };
  const title = props.mode === "create" ? t("createTitle") : t("editTitle", { slug: form.slug });
  return (
    <form className={`form ${styles.tenantForm}`} onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className={styles.formGrid}>
        <div className="stack">
          {text("slug", {
            disabled: props.mode === "edit",
            mono: true,
            hint: t("hints.slug"),
            placeholder: "acme-bank",
          })}
          {text("name", { placeholder: "Acme Bank" })}
          {withDomain
            ? text("domain", { mono: true, hint: t("hints.domain"), placeholder: "invest.acme.example" })
            : null}
          <fieldset className={styles.colourRow}>
            <legend>{t("colours.legend")}</legend>
            {COLOUR_KEYS.map(colour)}
          </fieldset>
          {text("logoUrl", { type: "url", mono: true, hint: t("hints.https"), placeholder: "https://" })}
          {text("faviconUrl", { type: "url", mono: true, placeholder: "https://" })}
          {text("fontFamily", { hint: t("hints.fontFamily"), placeholder: "Inter" })}
          {text("fontUrl", { type: "url", mono: true, placeholder: "https://" })}
          <div className="field">
            <label htmlFor={`${id}-mode`}>{t("fields.mode")}</label>
            <select
              id={`${id}-mode`}
              value={form.mode}
              onChange={(e) => setForm({ ...form, mode: e.target.value as TenantFormValues["mode"] })}
            >
              <option value="">{t("modes.none")}</option>
              <option value="dark">{t("modes.dark")}</option>
              <option value="light">{t("modes.light")}</option>
            </select>
          </div>
        </div>
        <div className="stack">
          <h4>{t("previewTitle")}</h4>
          <TenantPreview name={form.name} colours={previewColours(form)} fontFamily={form.fontFamily} />
          <p className="small muted">{t("previewNote")}</p>
        </div>
      </div>
      {touched && !check.ok ? (
        <p className="form-error" role="alert">
          {t("fixFields")}
        </p>
      ) : null}
      {props.error && !apiField ? (
        <p className="form-error" role="alert">
          {props.error.message}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" disabled={props.busy}>
          {props.busy ? t("saving") : props.mode === "create" ? t("create") : t("save")}
        </button>
        {props.onCancel ? (
          <button type="button" className="button-secondary" onClick={props.onCancel}>
            {t("cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
