"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import type { EmailSignInRequest, SessionError } from "../../hooks/useApiSession.ts";
import { Alert, Field, PendingButton } from "./FormParts.tsx";
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
      <Field
        label={t("emailLabel")}
        error={shown(problems.email)}
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Field
        label={t("password")}
        error={shown(problems.password)}
        type="password"
        autoComplete={register ? "new-password" : "current-password"}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <div className="field-row">
        {needsCode ? (
          <Field
            label={t("code")}
            error={shown(problems.code)}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
          />
        ) : null}
        <Field
          label={t("region")}
          error={shown(problems.region)}
          value={region}
          maxLength={2}
          autoComplete="country"
          onChange={(e) => setRegion(e.target.value.toUpperCase())}
        />
      </div>
      <Alert message={message()} className={error?.code === "mfa-required" ? "form-warning" : "form-error"} />
      <div className="button-row">
        <PendingButton type="submit" pending={busy} pendingLabel={t("signingIn")}>
          {register ? t("registerSubmit") : t("submit")}
        </PendingButton>
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
