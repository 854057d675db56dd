"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import type { DecodedError } from "../../lib/decodeError.ts";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { PriceExpiryFields, usePriceExpiry } from "./PriceExpiryFields.tsx";

export interface TokenOption {
  tokenId: bigint;
  label: string;
}

/**
 * A token, a price in ETH and a duration: listing a token you own, or offering on someone else's.
 * Checked before anything is sent; `needsApproval` turns the button into the approval step first, and
 * while `checkingApproval` (the approval not read yet) the button waits, so nothing is listed or signed
 * that the marketplace could not move.
 */
export function PriceForm({
  title,
  tokens,
  submitLabel,
  approveLabel,
  needsApproval,
  checkingApproval = false,
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
  /** The approval is still being read: the button is disabled and says so. */
  checkingApproval?: boolean;
  /** The ETH the account has (offers escrow it). */
  balance?: bigint;
  problem?: NetworkProblem;
  busy: boolean;
  error?: DecodedError;
  onSubmit: (tokenId: bigint, price: bigint, days: number) => void;
  onApprove?: () => void;
}) {
  const t = useTranslations("market.form");
  const tokenId = useId();
  const [token, setToken] = useState(tokens[0] ? String(tokens[0].tokenId) : "");
  const fields = usePriceExpiry(balance);
  const { priceCheck, dayCount } = fields;
  const [touched, setTouched] = useState(false);
  const tokenOk = tokens.some((o) => String(o.tokenId) === token);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || checkingApproval) return;
    if (needsApproval && onApprove) {
      if (tokenOk) onApprove();
      return;
    }
    if (!tokenOk || !priceCheck.ok || dayCount === undefined) return;
    onSubmit(BigInt(token), priceCheck.value, dayCount);
  };
  const tokenMessage = touched && !tokenOk ? t("tokenMissing") : undefined;
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <div className="field">
        <label htmlFor={tokenId}>{t("token")}</label>
        <select
          id={tokenId}
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
      <PriceExpiryFields fields={fields} touched={touched} priceLabel={t("price")} />
      <NetworkNotice problem={problem} />
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" disabled={busy || !!problem || checkingApproval}>
          {busy
            ? t("waiting")
            : checkingApproval
              ? t("checkingApproval")
              : needsApproval && approveLabel
                ? approveLabel
                : submitLabel}
        </button>
      </div>
    </form>
  );
}
