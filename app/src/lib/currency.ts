/**
 * The currency amounts are shown in. Only currencies the protocol itself can price are offered:
 * USD through the PEPER/USDC and WETH/USDC pools (USDC is the local stablecoin), ETH through WETH,
 * and PEPER. Other fiat currencies would need an exchange-rate source that works offline; none is
 * shipped, so none is pretended.
 */

export const CURRENCIES = ["USD", "ETH", "PEPER"] as const;
export type Currency = (typeof CURRENCIES)[number];
export const CURRENCY_COOKIE = "PEPER_CURRENCY";

export const isCurrency = (value: string | undefined): value is Currency =>
  value !== undefined && (CURRENCIES as readonly string[]).includes(value);

/** Prices of one unit of each currency in USD (from the pools); undefined while unknown. */
export interface CurrencyRates {
  ETH?: number;
  PEPER?: number;
}

/** A USD value converted to `currency`; undefined when the rate is not known. */
export function fromUsd(usd: number, currency: Currency, rates: CurrencyRates): number | undefined {
  if (currency === "USD") return usd;
  const rate = rates[currency];
  return rate === undefined || rate <= 0 ? undefined : usd / rate;
}

/** A value in `currency` for display: "$1,234.56", "0.4123 ETH", "12,345 PEPER". */
export function formatCurrency(value: number, currency: Currency, locale = "en"): string {
  if (currency === "USD") {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: "USD",
      maximumFractionDigits: Math.abs(value) < 1 ? 4 : 2,
    }).format(value);
  }
  const digits = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 1 ? 4 : 6;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${currency}`;
}
