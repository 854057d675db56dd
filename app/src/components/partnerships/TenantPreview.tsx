"use client";
import { useTranslations } from "next-intl";

import type { PreviewColours } from "../../lib/tenants.ts";
import styles from "./partnerships.module.css";

const FONT_FAMILY = /^[A-Za-z0-9][A-Za-z0-9 -]{0,63}$/;

/**
 * How a tenant's branding looks: its name and colours painted on a small page (only validated hex
 * colours and a plain font name reach the styles; no asset is fetched).
 */
export function TenantPreview({
  name,
  colours,
  fontFamily,
}: {
  name: string;
  colours: PreviewColours;
  fontFamily?: string | undefined;
}) {
  const t = useTranslations("partnerships.preview");
  const family = fontFamily?.trim();
  return (
    <figure
      className={styles.preview}
      aria-label={t("label")}
      data-testid="tenant-preview"
      style={{
        background: colours.background,
        color: colours.text,
        margin: 0,
        ...(family && FONT_FAMILY.test(family) ? { fontFamily: `"${family}", system-ui, sans-serif` } : {}),
      }}
    >
      <div className={styles.previewHead}>
        <span className={styles.previewName} style={{ color: colours.primary }} data-testid="tenant-preview-name">
          {name.trim() || t("unnamed")}
        </span>
        <span className={styles.previewButton} style={{ background: colours.primary, color: colours.background }}>
          {t("button")}
        </span>
      </div>
      <div className={styles.previewSurface} style={{ background: colours.surface }}>
        <p style={{ margin: "0 0 0.5rem" }}>{t("sample")}</p>
        <span className={styles.chip} style={{ background: colours.secondary, color: colours.background }}>
          {t("secondary")}
        </span>
        <span className={styles.chip} style={{ background: colours.accent, color: colours.background }}>
          {t("accent")}
        </span>
      </div>
    </figure>
  );
}
