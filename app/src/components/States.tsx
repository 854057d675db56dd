"use client";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/** Loading, empty and error states, the same on every page. */
export function Loading({ label }: { label?: string }) {
  const t = useTranslations("states");
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("loading")}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      {children}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const t = useTranslations("states");
  const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  return (
    <div className="state state-error" role="alert">
      <strong>{t("error")}</strong> <span>{message}</span>
      {retry ? (
        <button type="button" className="button-secondary" onClick={retry}>
          {t("retry")}
        </button>
      ) : null}
    </div>
  );
}
