/**
 * The institutional desk (`/api/v5/institutional`, roles institutional and admin): the API's shapes,
 * the form checks made before anything is sent (names, wallet addresses, the since-block), and the
 * positions' figures — the API's whole-token decimal strings — turned into grouped human numbers
 * with each token's decimals. Pure.
 */
import { getAddress, isAddress } from "viem";

import { formatAmount } from "./amounts.ts";

/** The roles the institutional routes admit (offchain/src/api/routes/institutional.ts). */
export const INSTITUTIONAL_ROLES = ["institutional", "admin"] as const;

export const hasInstitutionalAccess = (role: string | undefined): boolean =>
  role !== undefined && (INSTITUTIONAL_ROLES as readonly string[]).includes(role);

// -------------------------------------------------------------------------------------------------
// The API's shapes
// -------------------------------------------------------------------------------------------------

export interface Portfolio {
  id: string;
  name: string;
  accounts: number;
  created_at: string;
  updated_at: string;
}

export interface AccountWallet {
  id: string;
  address: string;
  chain_id: number;
}

export interface TradingAccount {
  id: string;
  name: string;
  portfolio_id: string | null;
  wallet: AccountWallet | null;
  created_at: string;
  updated_at: string;
}

export interface PortfolioDetail extends Portfolio {
  trading_accounts: TradingAccount[];
}

/** GET /auth/siwe/wallets: the signed-in user's wallets. */
export interface LinkedWallet {
  id: string;
  address: string;
  chain_id: number;
  verified_at: string | null;
  created_at: string;
}

export interface TokenRef {
  symbol: string;
  address: string;
  decimals: number;
}

export interface SinceNow {
  since: string | null;
  now: string | null;
}

export interface Position {
  kind: "wallet" | "staked";
  token: TokenRef;
  contract: string;
  /** Whole tokens, decimal strings. */
  balance: SinceNow;
  /** USDC per whole token (AMM mid price); null where no route had liquidity. */
  price_usdc: SinceNow;
  value_usdc: SinceNow;
  pnl_usdc: string | null;
}

export interface Totals {
  value_usdc: { since: string; now: string };
  pnl_usdc: string;
  unpriced_positions: number;
}

export interface AccountPositions {
  account_id: string;
  name: string;
  wallet: AccountWallet | null;
  note: string | null;
  positions: Position[];
  totals: Totals;
}

/** GET /institutional/portfolios/:id/positions?since_block=&chain_id= */
export interface PositionsReport {
  portfolio_id: string;
  chain_id: number;
  quote: TokenRef;
  since: { block: string; timestamp: string };
  now: { block: string; timestamp: string };
  method: string;
  accounts: AccountPositions[];
  totals: Totals;
}

// -------------------------------------------------------------------------------------------------
// Form checks (mirroring the API's zod rules, so a refused form sends nothing)
// -------------------------------------------------------------------------------------------------

/** Portfolio and trading account names: `z.string().trim().min(1).max(100)`. */
export const NAME_MAX = 100;

export type NameCheck = { ok: true; name: string } | { ok: false; key: "nameEmpty" | "nameTooLong" };

export function checkName(input: string): NameCheck {
  const name = input.trim();
  if (name === "") return { ok: false, key: "nameEmpty" };
  if (name.length > NAME_MAX) return { ok: false, key: "nameTooLong" };
  return { ok: true, name };
}

export type AddressCheck =
  { ok: true; address: `0x${string}` } | { ok: false; key: "addressEmpty" | "addressInvalid" | "addressChecksum" };

/**
 * A 0x address of 40 hex digits. All lower- or all upper-case is taken as it is; mixed case must be
 * the EIP-55 checksum (a typo in a checksummed address is caught). Answers the checksummed form.
 */
export function checkAddress(input: string): AddressCheck {
  const text = input.trim();
  if (text === "") return { ok: false, key: "addressEmpty" };
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return { ok: false, key: "addressInvalid" };
  const hex = text.slice(2);
  const oneCase = hex === hex.toLowerCase() || hex === hex.toUpperCase();
  if (!oneCase && !isAddress(text, { strict: true })) return { ok: false, key: "addressChecksum" };
  return { ok: true, address: getAddress(text) };
}

export type WalletCheck =
  | { ok: true; wallet: LinkedWallet }
  | {
      ok: false;
      key: "addressEmpty" | "addressInvalid" | "addressChecksum" | "walletNotLinked" | "walletUnverified";
    };

/**
 * The wallet to trade from: a valid address that is one of the user's own verified wallets (the API
 * refuses any other). Prefers the wallet's link on `chainId`, else its earliest link on another chain.
 */
export function checkWalletToAdd(input: string, wallets: readonly LinkedWallet[], chainId: number): WalletCheck {
  const address = checkAddress(input);
  if (!address.ok) return address;
  const mine = wallets.filter((w) => w.address.toLowerCase() === address.address.toLowerCase());
  if (mine.length === 0) return { ok: false, key: "walletNotLinked" };
  const verified = mine.filter((w) => w.verified_at !== null);
  if (verified.length === 0) return { ok: false, key: "walletUnverified" };
  return { ok: true, wallet: verified.find((w) => w.chain_id === chainId) ?? verified[0]! };
}

/** `since_block`: `z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER)`, and not in the future. */
export type BlockCheck =
  | { ok: true; block: number }
  | { ok: false; key: "blockEmpty" | "blockInvalid" }
  | { ok: false; key: "blockFuture"; latest: bigint };

export function checkSinceBlock(input: string, latest?: bigint): BlockCheck {
  const text = input.trim().replace(/[\s_,']/g, "");
  if (text === "") return { ok: false, key: "blockEmpty" };
  if (!/^\d+$/.test(text)) return { ok: false, key: "blockInvalid" };
  const block = BigInt(text);
  if (block > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, key: "blockInvalid" };
  if (latest !== undefined && block > latest) return { ok: false, key: "blockFuture", latest };
  return { ok: true, block: Number(block) };
}

/** About one day of 12-second blocks: the default look-back of the P&L. */
export const DEFAULT_LOOKBACK_BLOCKS = 7200n;

/** The default since-block: one day back (`DEFAULT_LOOKBACK_BLOCKS`), or block 0 on a younger chain. */
export const defaultSinceBlock = (latest: bigint, lookback = DEFAULT_LOOKBACK_BLOCKS): bigint =>
  latest > lookback ? latest - lookback : 0n;

/**
 * The chain to value a portfolio on: the chain of its wallets when they are all on one, else the
 * chain the app is on.
 */
export function valuationChain(accounts: readonly TradingAccount[], activeChainId: number): number {
  const chains = [...new Set(accounts.flatMap((a) => (a.wallet ? [a.wallet.chain_id] : [])))];
  return chains.length === 1 ? chains[0]! : activeChainId;
}

// -------------------------------------------------------------------------------------------------
// Figures
// -------------------------------------------------------------------------------------------------

/**
 * A decimal string as the API writes it (viem's formatUnits: "-12.5", "0.000001") → base units of a
 * token with `decimals`. Throws on anything else, or on more fraction digits than the token has.
 */
export function decimalToUnits(text: string, decimals: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  const fraction = match[3] ?? "";
  if (fraction.length > decimals) throw new RangeError(`${text} has more than ${decimals} decimals`);
  const value = BigInt(match[2]! + fraction.padEnd(decimals, "0"));
  return match[1] === "-" ? -value : value;
}

/** Fraction digits shown: token balances, USDC values, prices. */
export const DIGITS = { balance: 4, usd: 2, price: 6 } as const;

/** A token balance in human units ("1,234.5678"), cut to 4 decimals. */
export const formatBalance = (text: string, decimals: number, locale: string): string =>
  formatAmount(decimalToUnits(text, decimals), decimals, { locale, maxFractionDigits: DIGITS.balance });

/** A USDC value ("1,234.56"); null (unpriced) stays null. */
export const formatUsd = (text: string | null, decimals: number, locale: string): string | null =>
  text === null
    ? null
    : formatAmount(decimalToUnits(text, decimals), decimals, { locale, maxFractionDigits: DIGITS.usd });

/**
 * A USDC price per whole token: the API writes it with 12 more decimals than USDC has, so small
 * prices keep their precision; shown to 6 decimals.
 */
export const formatPrice = (text: string | null, quoteDecimals: number, locale: string): string | null =>
  text === null
    ? null
    : formatAmount(decimalToUnits(text, quoteDecimals + 12), quoteDecimals + 12, {
        locale,
        maxFractionDigits: DIGITS.price,
      });

export type PnlDirection = "gain" | "loss" | "flat";

/** A P&L figure with its sign written out ("+12.34", "-0.5", "0") and its direction. */
export function formatPnl(text: string, decimals: number, locale: string): { text: string; direction: PnlDirection } {
  const value = decimalToUnits(text, decimals);
  const shown = formatAmount(value, decimals, { locale, maxFractionDigits: DIGITS.usd });
  if (value > 0n) return { text: `+${shown}`, direction: "gain" };
  if (value < 0n) return { text: shown, direction: "loss" };
  return { text: shown, direction: "flat" };
}

/**
 * P&L as a share of the value then ("+12.5 %"), or undefined when there was nothing then (a P&L on
 * a zero start has no percentage).
 */
export function pnlPercent(totals: Totals, decimals: number, locale: string): string | undefined {
  const since = decimalToUnits(totals.value_usdc.since, decimals);
  if (since <= 0n) return undefined;
  const pnl = decimalToUnits(totals.pnl_usdc, decimals);
  // the percentage × 10 000, in integers (no floating point on the amounts)
  const scaled = Number((pnl * 1_000_000n) / since) / 10_000;
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(scaled);
  return `${scaled > 0 ? "+" : ""}${text} %`;
}

/** An address as EIP-55 (the API stores wallets lower-case), or the text unchanged if it is none. */
export const checksummed = (a: string): string => (isAddress(a, { strict: false }) ? getAddress(a) : a);
