/**
 * The swap's token list: search by symbol, name or address, the visitor's own tokens (an ERC-20 pasted
 * as an address: its metadata checked before it joins the list, kept per chain), and the order shown
 * (held tokens first). Pure.
 */
import { getAddress, isAddress, type Address } from "viem";

export interface ListToken {
  address: Address;
  symbol: string;
  name: string;
  decimals: number;
}

export type TokenQuery =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "address"; address: Address }
  /** Starts like an address but is not one (wrong length, not hex, or a bad checksum). */
  | { kind: "bad-address" };

/** What the search box holds: text to match, a valid address (checksummed), or a broken one. */
export function parseTokenQuery(input: string): TokenQuery {
  const text = input.trim();
  if (!text) return { kind: "empty" };
  if (/^0x/i.test(text)) {
    if (text.length < 42 && /^0x[0-9a-f]*$/i.test(text)) return { kind: "text", text }; // still typing
    return isAddress(text) ? { kind: "address", address: getAddress(text) } : { kind: "bad-address" };
  }
  return { kind: "text", text };
}

/** Tokens matching the query: the exact address, or symbol/name containing the text (symbol starts first). */
export function searchTokens<T extends ListToken>(tokens: readonly T[], query: TokenQuery): T[] {
  switch (query.kind) {
    case "empty":
      return [...tokens];
    case "bad-address":
      return [];
    case "address":
      return tokens.filter((t) => t.address.toLowerCase() === query.address.toLowerCase());
    case "text": {
      const q = query.text.toLowerCase();
      const hits = tokens.filter(
        (t) =>
          t.symbol.toLowerCase().includes(q) ||
          t.name.toLowerCase().includes(q) ||
          t.address.toLowerCase().startsWith(q),
      );
      const rank = (t: T) => (t.symbol.toLowerCase() === q ? 0 : t.symbol.toLowerCase().startsWith(q) ? 1 : 2);
      return hits
        .map((t, i) => ({ t, i }))
        .sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i)
        .map((x) => x.t);
    }
  }
}

/** Held tokens first (in list order), then the rest; balances by address (any case). */
export function sortByBalance<T extends ListToken>(tokens: readonly T[], balances: Record<string, bigint>): T[] {
  const held = (t: T) => (balances[t.address] ?? balances[t.address.toLowerCase()] ?? 0n) > 0n;
  return [...tokens.filter(held), ...tokens.filter((t) => !held(t))];
}

export type TokenMetaError = "bad-symbol" | "bad-name" | "bad-decimals";

export type CheckedToken = { ok: true; token: ListToken } | { ok: false; reason: TokenMetaError };

/**
 * An ERC-20's answers (symbol(), name(), decimals()) made safe to show and to compute with: a symbol of
 * 1–16 printable characters, a name of at most 64 (the symbol when empty), whole decimals 0–36.
 */
export function checkTokenMeta(address: Address, symbol: unknown, name: unknown, decimals: unknown): CheckedToken {
  // eslint-disable-next-line no-control-regex
  const printable = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);
  if (typeof symbol !== "string" || !symbol.trim() || symbol.trim().length > 16 || !printable(symbol))
    return { ok: false, reason: "bad-symbol" };
  if (typeof name !== "string" || name.length > 64 || !printable(name)) return { ok: false, reason: "bad-name" };
  const d = typeof decimals === "bigint" ? Number(decimals) : decimals;
  if (typeof d !== "number" || !Number.isInteger(d) || d < 0 || d > 36) return { ok: false, reason: "bad-decimals" };
  return {
    ok: true,
    token: { address: getAddress(address), symbol: symbol.trim(), name: name.trim() || symbol.trim(), decimals: d },
  };
}

/** The visitor's own tokens, as stored (localStorage) per chain: only well-formed entries survive. */
export function parseStoredTokens(json: string | null): ListToken[] {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: ListToken[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== "object" || item === null) continue;
    const { address, symbol, name, decimals } = item as Record<string, unknown>;
    if (typeof address !== "string" || !isAddress(address)) continue;
    const checked = checkTokenMeta(address, symbol, name, decimals);
    if (checked.ok && !out.some((t) => t.address === checked.token.address)) out.push(checked.token);
  }
  return out.slice(0, 50);
}

export const storedTokensKey = (chainId: number) => `peper.tokens.${chainId}`;
