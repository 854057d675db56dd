import { parseAmount } from "./amounts.ts";

/**
 * Why an amount cannot be sent, as a key of the `form` message catalogue, or the amount in base
 * units. Checked before any transaction is prepared, so a refused form never reaches the wallet.
 */
export type AmountCheck =
  | { ok: true; value: bigint }
  | {
      ok: false;
      key:
        "amountEmpty" | "amountInvalid" | "amountNegative" | "amountZero" | "amountTooPrecise" | "insufficientBalance";
    };

export function checkAmount(input: string, decimals: number, balance?: bigint): AmountCheck {
  const parsed = parseAmount(input, decimals);
  if (!parsed.ok) {
    const key = (
      {
        empty: "amountEmpty",
        invalid: "amountInvalid",
        negative: "amountNegative",
        zero: "amountZero",
        "too-many-decimals": "amountTooPrecise",
      } as const
    )[parsed.reason];
    return { ok: false, key };
  }
  if (balance !== undefined && parsed.value > balance) return { ok: false, key: "insufficientBalance" };
  return parsed;
}
