/**
 * Token amounts in human units: parsing what a user typed into base units with the token's
 * decimals, and formatting base units back for display. Pure; no floating point on amounts.
 */

export type ParseAmountReason = "empty" | "invalid" | "negative" | "zero" | "too-many-decimals";

export type ParseAmountResult = { ok: true; value: bigint } | { ok: false; reason: ParseAmountReason };

const NUMBER = /^(\d*)(?:[.,](\d*))?$/;

/**
 * Parses a decimal string ("1.5", "1,5", " 1000 ") into base units of a token with `decimals`.
 * Refuses empty input, anything that is not a plain non-negative decimal, more fraction digits
 * than the token has, and zero.
 */
export function parseAmount(input: string, decimals: number): ParseAmountResult {
  const text = input.trim().replace(/[\s_']/g, "");
  if (text === "") return { ok: false, reason: "empty" };
  if (text.startsWith("-")) return { ok: false, reason: "negative" };
  const match = NUMBER.exec(text);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) return { ok: false, reason: "invalid" };
  const whole = match[1] ?? "";
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) return { ok: false, reason: "too-many-decimals" };
  const value = BigInt((whole || "0") + fraction.padEnd(decimals, "0"));
  if (value === 0n) return { ok: false, reason: "zero" };
  return { ok: true, value };
}

export interface FormatAmountOptions {
  /** Most fraction digits shown (default 4); the rest is cut, not rounded up. */
  maxFractionDigits?: number;
  /** BCP 47 locale for digit grouping and the decimal sign (default "en"). */
  locale?: string;
}

/** Base units → a grouped human string, e.g. 1234567890000000000000n, 18 → "1,234.5678". */
export function formatAmount(value: bigint, decimals: number, options: FormatAmountOptions = {}): string {
  const { maxFractionDigits = 4, locale = "en" } = options;
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const fractionDigits = (abs % base).toString().padStart(decimals, "0").slice(0, maxFractionDigits).replace(/0+$/, "");
  const parts = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).formatToParts(
    1.5,
  );
  const decimalSign = parts.find((p) => p.type === "decimal")?.value ?? ".";
  const grouped = new Intl.NumberFormat(locale).format(whole);
  const tiny = whole === 0n && fractionDigits === "" && abs > 0n;
  const body = tiny ? `<0${decimalSign}${"0".repeat(Math.max(0, maxFractionDigits - 1))}1` : grouped;
  return `${negative ? "-" : ""}${body}${!tiny && fractionDigits ? decimalSign + fractionDigits : ""}`;
}

/** Base units → the plain decimal string an input field accepts (no grouping, all digits). */
export function toInputString(value: bigint, decimals: number): string {
  const base = 10n ** BigInt(decimals);
  const fraction = (value % base).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${value / base}${fraction ? "." + fraction : ""}`;
}

/** Base units → a JavaScript number (for charts and fiat values only, never for amounts sent). */
export function toNumber(value: bigint, decimals: number): number {
  return Number(toInputString(value, decimals));
}
