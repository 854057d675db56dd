"use client";
import { useTranslations } from "next-intl";

export default function RouteError({ error, reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("states");
  return (
    <section className="panel state-error" role="alert">
      <h1>{t("error")}</h1>
      <p>{error.message}</p>
      <button type="button" onClick={reset}>
        {t("retry")}
      </button>
    </section>
  );
}
