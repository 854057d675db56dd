"use client";
import { useLocale } from "next-intl";

import { formatCurrency, fromUsd } from "../lib/currency.ts";
import { useCurrency } from "./useCurrency.tsx";
import { useMarket } from "./useMarket.ts";

/** Formats a USD value in the visitor's chosen currency ("—" while its rate is unknown). */
export function useMoney(): (usd: number | undefined) => string {
  const { currency } = useCurrency();
  const locale = useLocale();
  const market = useMarket();
  return (usd) => {
    if (usd === undefined) return "—";
    const value = fromUsd(usd, currency, market.data?.rates ?? {});
    return value === undefined ? "—" : formatCurrency(value, currency, locale);
  };
}
