"use client";
import { useTranslations } from "next-intl";

import type { DecodedError } from "../lib/decodeError.ts";

/** A decoded contract or wallet error as a sentence from the `errors` catalogue. */
export function useErrorMessage(): (error: DecodedError) => string {
  const t = useTranslations("errors");
  const c = useTranslations("contractErrors");
  return (error) =>
    t.has(error.key)
      ? t(error.key, error.values)
      : c.has(error.key)
        ? c(error.key, error.values)
        : t("generic", { message: error.name ?? error.key });
}

export function ErrorMessage({ error }: { error: DecodedError | undefined }) {
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {message(error)}
    </p>
  );
}
