"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState } from "react";

import { formatAmount } from "../../lib/amounts.ts";
import { checkPrice } from "../../lib/nft.ts";

/** Checks a duration in whole days, 1–365. */
export const checkDays = (input: string): number | undefined => {
  const n = Number(input.trim());
  return /^\d+$/.test(input.trim()) && n >= 1 && n <= 365 ? n : undefined;
};

/**
 * A price in ETH and a duration in days (7 to start with), as typed and as checked; `balance`, when
 * given, caps the price (an offer escrows it) and is shown under the field.
 */
export function usePriceExpiry(balance?: bigint) {
  const [price, setPrice] = useState("");
  const [days, setDays] = useState("7");
  return {
    price,
    setPrice,
    days,
    setDays,
    balance,
    priceCheck: checkPrice(price, balance),
    dayCount: checkDays(days),
  };
}

export type PriceExpiry = ReturnType<typeof usePriceExpiry>;

/**
 * The price (ETH) and duration (days) fields of the marketplace's forms, with their messages: the
 * price's once the form was submitted or something is typed, the duration's whenever it is off.
 */
export function PriceExpiryFields({
  fields,
  touched,
  priceLabel,
}: {
  fields: PriceExpiry;
  /** The form was submitted once. */
  touched: boolean;
  priceLabel: string;
}) {
  const t = useTranslations("market.form");
  const locale = useLocale();
  const ids = { price: useId(), days: useId() };
  const { price, setPrice, days, setDays, balance, priceCheck, dayCount } = fields;
  const priceMessage = !priceCheck.ok && (touched || price !== "") ? t(priceCheck.key) : undefined;
  const daysMessage = dayCount === undefined ? t("daysInvalid") : undefined;
  return (
    <>
      <div className="field">
        <label htmlFor={ids.price}>{priceLabel}</label>
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
    </>
  );
}
