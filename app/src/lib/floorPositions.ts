/**
 * The visitor's own positions on the trading floor (issue 19, item 2): wallet balances, LP tokens in
 * the wallet, farm deposits, the stake and the index-vault shares, each one object to pick up. Built
 * from the /portfolio page's valued portfolio (lib/portfolio.ts valueChain, read by
 * lib/portfolioReads.ts), so the floor and the page never disagree. Pure; no three.js here (the floor's
 * 3D code is loaded on demand, this is not).
 */
import { formatAmount } from "./amounts.ts";
import type { ChainPortfolio, LpRow, TokenAmount } from "./portfolio.ts";

export type PositionKind = "wallet" | "lp" | "farm" | "stake" | "vault";

/** An amount in base units with what makes it human: its decimals and symbol. */
export interface PositionAmount {
  amount: bigint;
  decimals: number;
  symbol: string;
}

/** What comes with a position: a stake's earned reward, a farm's pending one, what LP or vault shares redeem for. */
export interface PositionExtra {
  kind: "earned" | "pending" | "redeems";
  amounts: PositionAmount[];
}

export interface PositionItem {
  /** Stable across reads ("wallet:0x…", "lp:0x…", "farm:0", "stake", "vault"): where it was dropped is kept by it. */
  id: string;
  kind: PositionKind;
  /** The token's symbol, the pair's name or the vault's symbol. */
  label: string;
  /** The position itself, in the token's own units (LP tokens, vault shares, staked PEPER…). */
  amount: PositionAmount;
  extras: PositionExtra[];
  /** Its USD value at the chain's pool prices; undefined when nothing of it has a price. */
  usd: number | undefined;
  /** 0 … 1: its value over the largest position's (0 when unpriced): the object's size. */
  weight: number;
}

/** LP tokens (PeperPair, like every Uniswap-V2 pair) have 18 decimals. */
export const LP_DECIMALS = 18;
const LP_SYMBOL = "LP";

const amountOf = (t: TokenAmount): PositionAmount => ({ amount: t.amount, decimals: t.decimals, symbol: t.symbol });

/** `part` of an LP row's liquidity: the tokens it redeems for and its value. */
function lpPart(row: LpRow, part: bigint): { redeems: PositionAmount[]; usd: number | undefined } {
  if (row.liquidity <= 0n) return { redeems: [], usd: undefined };
  const redeems = [
    {
      amount: (row.amount0 * part) / row.liquidity,
      decimals: row.pool.token0.decimals,
      symbol: row.pool.token0.symbol,
    },
    {
      amount: (row.amount1 * part) / row.liquidity,
      decimals: row.pool.token1.decimals,
      symbol: row.pool.token1.symbol,
    },
  ];
  // the ratio to 9 digits in bigint, so 10^24-wei positions lose nothing to floating point first
  const ratio = Number((part * 1_000_000_000n) / row.liquidity) / 1e9;
  return { redeems, usd: row.usd === undefined ? undefined : row.usd * ratio };
}

/** A sum of USD figures where undefined means "no price": undefined only when every part is. */
function addUsd(...parts: (number | undefined)[]): number | undefined {
  const priced = parts.filter((p): p is number => p !== undefined && Number.isFinite(p));
  return priced.length === 0 ? undefined : priced.reduce((a, b) => a + b, 0);
}

/**
 * The floor's objects for one chain's portfolio: every non-zero wallet balance (the native coin
 * too), LP tokens held in the wallet, each farm deposit (its LP tokens and pending reward), the stake
 * (with what it has earned) and the index-vault shares (with what they redeem for); the most valuable
 * first (unpriced ones last), at most `max`.
 */
export function floorPositionsOf(portfolio: ChainPortfolio, max = 24): PositionItem[] {
  const items: Omit<PositionItem, "weight">[] = [];
  for (const b of portfolio.balances) {
    if (b.amount <= 0n) continue;
    items.push({
      id: `wallet:${b.address?.toLowerCase() ?? "native"}`,
      kind: "wallet",
      label: b.symbol,
      amount: { amount: b.amount, decimals: b.decimals, symbol: b.symbol },
      extras: [],
      usd: b.usd,
    });
  }
  for (const row of portfolio.lp) {
    if (row.held <= 0n) continue;
    const { redeems, usd } = lpPart(row, row.held);
    items.push({
      id: `lp:${row.pool.address.toLowerCase()}`,
      kind: "lp",
      label: row.name,
      amount: { amount: row.held, decimals: LP_DECIMALS, symbol: LP_SYMBOL },
      extras: [{ kind: "redeems", amounts: redeems }],
      usd,
    });
  }
  for (const f of portfolio.farm) {
    const row = portfolio.lp.find((r) => r.farmed > 0n && r.name === f.name);
    const part = row && f.deposited > 0n ? lpPart(row, f.deposited) : { redeems: [], usd: undefined };
    items.push({
      id: `farm:${f.pid}`,
      kind: "farm",
      label: f.name,
      amount: { amount: f.deposited, decimals: LP_DECIMALS, symbol: LP_SYMBOL },
      extras: [
        ...(part.redeems.length > 0 ? [{ kind: "redeems" as const, amounts: part.redeems }] : []),
        ...(f.pending.amount > 0n ? [{ kind: "pending" as const, amounts: [amountOf(f.pending)] }] : []),
      ],
      usd: addUsd(part.usd, f.pending.amount > 0n ? f.pending.usd : undefined),
    });
  }
  if (portfolio.stake) {
    const { staked, earned } = portfolio.stake;
    items.push({
      id: "stake",
      kind: "stake",
      label: staked.symbol,
      amount: amountOf(staked),
      extras: earned.amount > 0n ? [{ kind: "earned", amounts: [amountOf(earned)] }] : [],
      usd: addUsd(staked.usd, earned.amount > 0n ? earned.usd : undefined),
    });
  }
  if (portfolio.vault) {
    const v = portfolio.vault;
    items.push({
      id: "vault",
      kind: "vault",
      label: v.symbol,
      amount: { amount: v.shares, decimals: v.shareDecimals, symbol: v.symbol },
      extras: [{ kind: "redeems", amounts: [amountOf(v.assets)] }],
      usd: v.assets.usd,
    });
  }
  const sorted = items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (b.item.usd ?? -1) - (a.item.usd ?? -1) || a.i - b.i)
    .map(({ item }) => item)
    .slice(0, max);
  const top = Math.max(0, ...sorted.map((p) => p.usd ?? 0));
  return sorted.map((p) => ({ ...p, weight: top > 0 && p.usd !== undefined ? Math.min(1, p.usd / top) : 0 }));
}

/** An amount in human units with its symbol: "1,000 PEPER", "0.0123 LP" (at most 4 decimals). */
export function humanAmount(a: PositionAmount, locale = "en"): string {
  const text = formatAmount(a.amount, a.decimals, { locale, maxFractionDigits: 4 });
  return a.symbol ? `${text} ${a.symbol}` : text;
}

/** Several amounts in human units: "12.5 PEPER + 3 USDC". */
export const humanAmounts = (amounts: readonly PositionAmount[], locale = "en"): string =>
  amounts.map((a) => humanAmount(a, locale)).join(" + ");
