"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { api } from "../../lib/apiClient.ts";
import { exportFileName } from "../../lib/compliance.ts";
import { ErrorState } from "../States.tsx";
import { EraseForm } from "./EraseForm.tsx";

/** Saves a JSON document as a file in the browser (no new tab, nothing left in memory). */
function saveJson(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * The GDPR rights for the signed-in user: the export (GET /privacy/export, saved as a JSON file) and
 * the erasure of the account (POST /privacy/erase), which signs out.
 */
export function PrivacyPanel({
  signedIn,
  account,
  onErased,
}: {
  signedIn: boolean;
  /** The account from GET /auth/me: its e-mail once loaded, or why it could not be loaded. */
  account: { email: string | undefined; error: unknown; retry: () => void };
  onErased: () => Promise<void>;
}) {
  const t = useTranslations("compliance.privacy");
  const queryClient = useQueryClient();
  const download = useMutation({
    mutationFn: async () => {
      const doc = await api<Record<string, unknown>>("/privacy/export", { auth: true });
      const name = exportFileName(doc.exported_at);
      saveJson(name, doc);
      return name;
    },
  });
  const erase = useMutation({
    mutationFn: (body: { confirm: string; password?: string }) =>
      api<{ erased: true; pseudonym: string; erased_at: string }>("/privacy/erase", { body, auth: true }),
    onSuccess: async () => {
      for (const key of ["me", "kyc", "kycQueue", "audit", "enrolments", "certificates"]) {
        queryClient.removeQueries({ queryKey: [key] });
      }
      await onErased();
    },
  });
  return (
    <section className="card stack" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t("title")}</h2>
      {!signedIn ? (
        <p className="form-warning">{t("signInFirst")}</p>
      ) : (
        <>
          <div className="stack">
            <h3>{t("export.title")}</h3>
            <p className="small muted">{t("export.lead")}</p>
            <div className="button-row">
              <button type="button" disabled={download.isPending} onClick={() => download.mutate()}>
                {download.isPending ? t("export.downloading") : t("export.button")}
              </button>
            </div>
            {download.isError ? <ErrorState error={download.error} /> : null}
            {download.isSuccess ? (
              <p className="form-ok" role="status" data-testid="export-done">
                {t("export.done", { file: download.data })}
              </p>
            ) : null}
          </div>
          <EraseForm
            email={account.email}
            {...(account.error ? { loadError: account.error, onRetryLoad: account.retry } : {})}
            busy={erase.isPending}
            {...(erase.isError ? { error: erase.error } : {})}
            onSubmit={(body) => erase.mutate(body)}
          />
        </>
      )}
    </section>
  );
}
