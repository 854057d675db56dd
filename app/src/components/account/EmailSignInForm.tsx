"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import type { EmailSignInRequest, SessionError } from "../../hooks/useApiSession.ts";
import { passkeysAvailable } from "./passkey.ts";
import { defaultRegion, emailValid, regionValid } from "./region.ts";

/** At least 12 characters, as the API asks (NIST SP 800-63B, no composition rules). */
export const PASSWORD_MIN = 12;

/**
 * Sign in with the e-mail and password — and the authenticator's code once the API asks for it
 * (`mfa-required`) — or create the account first. The same session as a wallet's.
 */
export function EmailSignInForm({
  busy,
  error,
  onSubmit,
  onPasskey,
}: {
  busy: boolean;
  error: SessionError | undefined;
  onSubmit: (request: EmailSignInRequest) => void;
  /** Sign in with a passkey instead: of the e-mail's account when one is typed, else any of this site's. */
  onPasskey?: (request: { region: string; email?: string }) => void;
}) {
  const t = useTranslations("signin");
  const ids = { email: useId(), password: useId(), code: useId(), region: useId() };
  const [register, setRegister] = useState(false);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [region, setRegion] = useState(defaultRegion);
  const [touched, setTouched] = useState(false);
  const needsCode = error?.code === "mfa-required" || error?.code === "invalid-totp" || code !== "";
  const problems = {
    email: !emailValid(email) ? t("emailInvalid") : undefined,
    password:
      password === ""
        ? t("passwordMissing")
        : register && password.length < PASSWORD_MIN
          ? t("passwordShort", { min: PASSWORD_MIN })
          : undefined,
    code: needsCode && !/^\d{6}$/.test(code) ? t("codeInvalid") : undefined,
    region: !regionValid(region) ? t("regionInvalid") : undefined,
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.values(problems).some((p) => p !== undefined)) return;
    onSubmit({ email, password, region, register, ...(needsCode ? { totpCode: code } : {}) });
  };
  const shown = (p: string | undefined) => (touched ? p : undefined);
  const message = (): string => {
    if (!error) return "";
    switch (error.code) {
      case "mfa-required":
        return t("codeNeeded");
      case "invalid-totp":
        return t("codeWrong");
      case "invalid-credentials":
        return t("wrongPassword");
      case "email-taken":
        return t("emailTaken");
      case "passkey-cancelled":
        return t("passkeyCancelled");
      case "passkey-unavailable":
        return t("passkeyUnavailable");
      case "sign-in-throttled":
      case "ip-throttled":
      case "account-throttled":
        return t("throttled");
      default:
        return t("failed", { message: error.message });
    }
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("emailTitle")}>
      <h2>{register ? t("registerTitle") : t("emailTitle")}</h2>
      <p className="small muted">{register ? t("registerWhy") : t("emailWhy")}</p>
      <div className="field">
        <label htmlFor={ids.email}>{t("emailLabel")}</label>
        <input
          id={ids.email}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={shown(problems.email) ? true : undefined}
        />
        {shown(problems.email) ? <p className="field-error">{problems.email}</p> : null}
      </div>
      <div className="field">
        <label htmlFor={ids.password}>{t("password")}</label>
        <input
          id={ids.password}
          type="password"
          autoComplete={register ? "new-password" : "current-password"}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={shown(problems.password) ? true : undefined}
        />
        {shown(problems.password) ? <p className="field-error">{problems.password}</p> : null}
      </div>
      <div className="field-row">
        {needsCode ? (
          <div className="field">
            <label htmlFor={ids.code}>{t("code")}</label>
            <input
              id={ids.code}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
              aria-invalid={shown(problems.code) ? true : undefined}
            />
            {shown(problems.code) ? <p className="field-error">{problems.code}</p> : null}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={ids.region}>{t("region")}</label>
          <input
            id={ids.region}
            value={region}
            maxLength={2}
            autoComplete="country"
            onChange={(e) => setRegion(e.target.value.toUpperCase())}
            aria-invalid={shown(problems.region) ? true : undefined}
          />
          {shown(problems.region) ? <p className="field-error">{problems.region}</p> : null}
        </div>
      </div>
      {error ? (
        <p className={error.code === "mfa-required" ? "form-warning" : "form-error"} role="alert">
          {message()}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? t("signingIn") : register ? t("registerSubmit") : t("submit")}
        </button>
        {onPasskey && !register && passkeysAvailable() ? (
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => {
              setTouched(false);
              if (!regionValid(region)) {
                setTouched(true);
                return;
              }
              onPasskey({ region, ...(emailValid(email) ? { email } : {}) });
            }}
          >
            {t("passkey")}
          </button>
        ) : null}
        <button type="button" className="link-button" onClick={() => setRegister(!register)}>
          {register ? t("haveAccount") : t("noAccount")}
        </button>
      </div>
    </form>
  );
}
