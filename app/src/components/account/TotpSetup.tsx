"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { api, ApiError } from "../../lib/apiClient.ts";
import { Alert, Field, PendingButton } from "./FormParts.tsx";

/** The secret in groups of four, as authenticator apps show it for typing. */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, "$1 ");

/**
 * Turns on the authenticator app (TOTP) for an account with a password: a new secret and its
 * otpauth:// link (POST /auth/mfa/totp, a sign-in of the last 5 minutes), then a first code confirms it
 * (POST /auth/mfa/totp/confirm); from then on the e-mail sign-in asks for a code.
 */
export function TotpSetup() {
  const t = useTranslations("account.totp");
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [touched, setTouched] = useState(false);
  const start = useMutation({
    mutationFn: () => api<{ secret: string; otpauth_uri: string }>("/auth/mfa/totp", { method: "POST", auth: true }),
  });
  const confirm = useMutation({
    mutationFn: () => api<{ totp: true }>("/auth/mfa/totp/confirm", { body: { code }, auth: true }),
    onSuccess: () => {
      start.reset();
      void queryClient.invalidateQueries({ queryKey: ["account"] });
      void queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const failure = (error: unknown): string => {
    const code = error instanceof ApiError ? error.code : "";
    if (code === "reauthentication-required") return t("reauth");
    if (code === "invalid-totp") return t("wrongCode");
    return t("failed", { message: error instanceof Error ? error.message : String(error) });
  };
  if (!start.data) {
    return (
      <div className="stack">
        <p className="button-row">
          <PendingButton
            className="button-secondary"
            pending={start.isPending}
            pendingLabel={t("starting")}
            onClick={() => start.mutate()}
          >
            {t("start")}
          </PendingButton>
        </p>
        <Alert message={start.isError && failure(start.error)} />
      </div>
    );
  }
  const codeOk = /^\d{6}$/.test(code);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (codeOk) confirm.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("title")}>
      <h4>{t("title")}</h4>
      <p className="small muted">{t("how")}</p>
      <p>
        <a href={start.data.otpauth_uri}>{t("open")}</a>
      </p>
      <p className="mono" data-testid="totp-secret" data-secret={start.data.secret}>
        {groupSecret(start.data.secret)}
      </p>
      <Field
        label={t("code")}
        error={touched && !codeOk ? t("codeInvalid") : undefined}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
      />
      <Alert message={confirm.isError && failure(confirm.error)} />
      <div className="button-row">
        <PendingButton type="submit" pending={confirm.isPending} pendingLabel={t("confirming")}>
          {t("confirm")}
        </PendingButton>
      </div>
    </form>
  );
}
