"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId } from "react";

import { formatAmount, toInputString } from "../lib/amounts.ts";

/** A labelled amount input with the token's balance, a Max button and its validation message. */
export function AmountField({
  label,
  value,
  onChange,
  symbol,
  decimals,
  balance,
  message,
  name,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  symbol: string;
  decimals: number;
  balance?: bigint;
  /** A validation message, already translated; shown under the field and linked to it. */
  message?: string;
  name: string;
}) {
  const t = useTranslations("form");
  const locale = useLocale();
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="amount-row">
        <input
          id={id}
          name={name}
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.0"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? messageId : undefined}
        />
        <span className="unit">{symbol}</span>
      </div>
      {balance !== undefined ? (
        <div className="hint">
          {t("balance")}: {formatAmount(balance, decimals, { locale })} {symbol}{" "}
          <button type="button" className="link-button" onClick={() => onChange(toInputString(balance, decimals))}>
            {t("max")}
          </button>
        </div>
      ) : null}
      {message ? (
        <p id={messageId} className="field-error" role="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
