"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import { formatAmount } from "../../lib/amounts.ts";
import type { DecodedError } from "../../lib/decodeError.ts";
import { checkPrice } from "../../lib/nft.ts";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";

export interface TokenOption {
  tokenId: bigint;
  label: string;
}

/** Checks a duration in whole days, 1–365. */
export const checkDays = (input: string): number | undefined => {
  const n = Number(input.trim());
  return /^\d+$/.test(input.trim()) && n >= 1 && n <= 365 ? n : undefined;
};

/**
 * A token, a price in ETH and a duration: listing a token you own, or offering on someone else's.
 * Checked before anything is sent; `needsApproval` turns the button into the approval step first.
 */
export function PriceForm({
  title,
  tokens,
  submitLabel,
  approveLabel,
  needsApproval,
  balance,
  problem,
  busy,
  error,
  onSubmit,
  onApprove,
}: {
  title: string;
  tokens: TokenOption[];
  submitLabel: string;
  approveLabel?: string;
  needsApproval?: boolean;
  /** The ETH the account has (offers escrow it). */
  balance?: bigint;
  problem?: NetworkProblem;
  busy: boolean;
  error?: DecodedError;
  onSubmit: (tokenId: bigint, price: bigint, days: number) => void;
  onApprove?: () => void;
}) {
  const t = useTranslations("market.form");
  const locale = useLocale();
  const ids = { token: useId(), price: useId(), days: useId() };
  const [token, setToken] = useState(tokens[0] ? String(tokens[0].tokenId) : "");
  const [price, setPrice] = useState("");
  const [days, setDays] = useState("7");
  const [touched, setTouched] = useState(false);
  const priceCheck = checkPrice(price, balance);
  const dayCount = checkDays(days);
  const tokenOk = tokens.some((o) => String(o.tokenId) === token);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem) return;
    if (needsApproval && onApprove) {
      if (tokenOk) onApprove();
      return;
    }
    if (!tokenOk || !priceCheck.ok || dayCount === undefined) return;
    onSubmit(BigInt(token), priceCheck.value, dayCount);
  };
  const priceMessage = !priceCheck.ok && (touched || price !== "") ? t(priceCheck.key) : undefined;
  const daysMessage = dayCount === undefined ? t("daysInvalid") : undefined;
  const tokenMessage = touched && !tokenOk ? t("tokenMissing") : undefined;
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <div className="field">
        <label htmlFor={ids.token}>{t("token")}</label>
        <select
          id={ids.token}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={tokenMessage ? true : undefined}
        >
          {tokens.length === 0 ? <option value="">{t("noTokens")}</option> : null}
          {tokens.map((o) => (
            <option key={String(o.tokenId)} value={String(o.tokenId)}>
              {o.label}
            </option>
          ))}
        </select>
        {tokenMessage ? (
          <p className="field-error" role="alert">
            {tokenMessage}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={ids.price}>{t("price")}</label>
        <div className="amount-row">
          <input
            id={ids.price}
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.0"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            aria-invalid={priceMessage ? true : undefined}
            aria-describedby={priceMessage ? `${ids.price}-error` : undefined}
          />
          <span className="unit">ETH</span>
        </div>
        {balance !== undefined ? (
          <div className="hint">
            {t("balance")}: {formatAmount(balance, 18, { locale })} ETH
          </div>
        ) : null}
        {priceMessage ? (
          <p id={`${ids.price}-error`} className="field-error" role="alert">
            {priceMessage}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={ids.days}>{t("days")}</label>
        <input
          id={ids.days}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          aria-invalid={daysMessage ? true : undefined}
        />
        {daysMessage ? (
          <p className="field-error" role="alert">
            {daysMessage}
          </p>
        ) : null}
      </div>
      <NetworkNotice problem={problem} />
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" disabled={busy || !!problem}>
          {busy ? t("waiting") : needsApproval && approveLabel ? approveLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
