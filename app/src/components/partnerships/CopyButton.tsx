"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

import styles from "./partnerships.module.css";

/** Copies `text` to the clipboard; says "Copied" (or that it could not) for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations("partnerships.copy");
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <>
      <button
        type="button"
        className={`button-secondary ${styles.copy}`}
        aria-label={label}
        onClick={() => void copy()}
      >
        {t("copy")}
      </button>
      <span className={styles.copied} role="status" aria-live="polite">
        {state === "copied" ? t("copied") : state === "failed" ? t("failed") : ""}
      </span>
    </>
  );
}
