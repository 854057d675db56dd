"use client";
import { useTranslations } from "next-intl";

import { explorerTxUrl } from "../config/explorers.ts";
import { useNotices } from "../hooks/useNotices.tsx";
import { useErrorMessage } from "./ErrorMessage.tsx";

/** Pending / confirmed / failed transaction notices, with the explorer link where the chain has one. */
export function TxNotices() {
  const { notices, dismiss } = useNotices();
  const t = useTranslations("tx");
  const message = useErrorMessage();
  return (
    <section className="notices" aria-live="polite" aria-label={t("notices")}>
      {notices.map((n) => {
        const link = n.hash ? explorerTxUrl(n.chainId, n.hash) : undefined;
        return (
          <div key={n.id} className={`notice notice-${n.status}`} data-status={n.status} role="status">
            <div>
              <strong>{t(n.status)}</strong> {n.label}
            </div>
            {n.hash ? (
              <div className="mono small">
                {link ? (
                  <a href={link} target="_blank" rel="noreferrer">
                    {t("viewOnExplorer")}
                  </a>
                ) : (
                  <span title={n.hash}>
                    {t("hash")} {n.hash.slice(0, 10)}…{n.hash.slice(-8)}
                  </span>
                )}
              </div>
            ) : null}
            {n.error ? <div className="small">{message(n.error)}</div> : null}
            {n.status !== "pending" ? (
              <button type="button" className="link-button" onClick={() => dismiss(n.id)} aria-label={t("dismiss")}>
                ×
              </button>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
