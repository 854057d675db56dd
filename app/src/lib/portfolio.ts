/**
 * A wallet's portfolio on one chain, valued: balances, LP positions (share of the pool and the
 * underlying amounts), stake, farm, index-vault shares, NFTs and votes, from the raw figures
 * lib/portfolioReads.ts reads. Prices and pool values are the markets' (data/pools.ts: usdPrices,
 * poolTvlUsd); LP amounts are PeperLibrary's (lib/amm.ts: removalAmounts). Pure.
 */
import { getAddress, isAddress, zeroAddress, type Address } from "viem";

import { poolTvlUsd, usdPrices, type Pool } from "../data/pools.ts";
import type { Token } from "../data/tokens.ts";
import { toNumber } from "./amounts.ts";
import { removalAmounts } from "./amm.ts";

/** What `?address=` asks for: nothing (the connected wallet), a valid address, or something else. */
export type AddressParam = { kind: "none" } | { kind: "ok"; address: Address } | { kind: "invalid"; input: string };

/** The `?address=` query parameter, checked with viem's isAddress (checksummed when valid). */
export function parseAddressParam(raw: string | readonly string[] | undefined): AddressParam {
  const value = (Array.isArray(raw) ? raw[0] : (raw as string | undefined))?.trim() ?? "";
  if (value === "") return { kind: "none" };
  // a mixed-case address must carry a valid EIP-55 checksum; all-lower or all-upper hex is taken as is
  return isAddress(value) ? { kind: "ok", address: getAddress(value) } : { kind: "invalid", input: value.slice(0, 80) };
}

/** The fraction of a pool that `liquidity` LP tokens are (0…1), to 12 digits, without floating point on the amounts. */
export function lpShare(liquidity: bigint, totalSupply: bigint): number {
  if (liquidity <= 0n || totalSupply <= 0n) return 0;
  if (liquidity >= totalSupply) return 1;
  return Number((liquidity * 1_000_000_000_000n) / totalSupply) / 1e12;
}

/** A share for display: "12.34 %", "<0.01 %" for a tiny non-zero share, "0 %". */
export function formatShare(share: number, locale = "en"): string {
  if (share > 0 && share < 0.0001) return `<${new Intl.NumberFormat(locale).format(0.01)} %`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(share * 100)} %`;
}

/** A price map keyed by lower-case address, so any spelling of an address finds its price. */
export function priceLookup(prices: Map<string, number>): (address: string | undefined) => number | undefined {
  const lower = new Map([...prices].map(([a, p]) => [a.toLowerCase(), p]));
  return (address) => (address === undefined ? undefined : lower.get(address.toLowerCase()));
}

/** An amount's USD value when its token has a price; undefined otherwise (never a made-up 0). */
export const valueUsd = (amount: bigint, decimals: number, price: number | undefined): number | undefined =>
  price === undefined ? undefined : toNumber(amount, decimals) * price;

export interface LpValue {
  liquidity: bigint;
  share: number;
  amount0: bigint;
  amount1: bigint;
  usd: number | undefined;
}

/** What `liquidity` LP tokens of `pool` are: the share, the tokens they redeem for, their USD value. */
export function lpValue(pool: Pool, liquidity: bigint, prices: Map<string, number>): LpValue {
  const { amount0, amount1 } = removalAmounts(liquidity, pool.totalSupply, pool.reserve0, pool.reserve1);
  const share = lpShare(liquidity, pool.totalSupply);
  const tvl = poolTvlUsd(pool, prices);
  return { liquidity, share, amount0, amount1, usd: tvl === undefined ? undefined : tvl * share };
}

/** Whose votes an account's PEPER counts for: its own, nobody's yet, or another address's. */
export type Delegation = "self" | "none" | "other";
export const delegationOf = (delegate: Address, account: Address): Delegation =>
  delegate.toLowerCase() === zeroAddress ? "none" : delegate.toLowerCase() === account.toLowerCase() ? "self" : "other";

/** The raw figures of one account on one chain (lib/portfolioReads.ts). Absent parts are not deployed there. */
export interface RawChainPortfolio {
  chainId: number;
  account: Address;
  /** The chain's market tokens (PEPER, WETH, USDC) and the visitor's listed ones, each once. */
  tokens: Token[];
  pools: Pool[];
  native: bigint;
  /** Token balance by lower-case token address. */
  balances: Record<string, bigint>;
  /** LP tokens held in the wallet, by lower-case pair address. */
  lpHeld: Record<string, bigint>;
  stake?: { token: Address; rewardToken: Address; staked: bigint; earned: bigint };
  farm?: { rewardToken: Address; pools: { pid: number; lpToken: Address; deposited: bigint; pending: bigint }[] };
  vault?: {
    symbol: string;
    shareDecimals: number;
    shares: bigint;
    asset: Address;
    /** What the shares redeem for now (convertToAssets). */
    assets: bigint;
  };
  collectibles?: bigint;
  certificates?: bigint;
  votes?: { votes: bigint; delegate: Address };
}

export interface BalanceRow {
  /** undefined for the native coin. */
  address?: Address;
  symbol: string;
  name: string;
  decimals: number;
  amount: bigint;
  usd: number | undefined;
}

export interface LpRow extends LpValue {
  pool: Pool;
  name: string;
  /** LP tokens in the wallet and deposited in the farm (together: `liquidity`). */
  held: bigint;
  farmed: bigint;
}

export interface TokenAmount {
  symbol: string;
  decimals: number;
  amount: bigint;
  usd: number | undefined;
}

export interface FarmRow {
  pid: number;
  name: string;
  deposited: bigint;
  pending: TokenAmount;
}

export interface ChainPortfolio {
  chainId: number;
  balances: BalanceRow[];
  lp: LpRow[];
  stake?: { staked: TokenAmount; earned: TokenAmount };
  farm: FarmRow[];
  vault?: { symbol: string; shareDecimals: number; shares: bigint; assets: TokenAmount };
  nfts: { collectibles?: bigint; certificates?: bigint };
  votes?: { votes: bigint; delegate: Address; delegation: Delegation };
  /** The sum of every priced figure; farm deposits count once, in their LP row. */
  totalUsd: number;
  /** Non-zero figures without a price, left out of the total. */
  unpriced: number;
  /** Whether the account holds anything at all here. */
  empty: boolean;
}

const pairName = (p: Pool) => `${p.token0.symbol}/${p.token1.symbol}`;

/**
 * Values one chain's raw figures at that chain's own pool prices. The native coin is priced as the
 * chain's WETH; a farm deposit is part of its pool's LP row (share and value), and its pending
 * reward is counted on its own.
 */
export function valueChain(raw: RawChainPortfolio, nativeSymbol = "ETH"): ChainPortfolio {
  const prices = usdPrices(raw.pools);
  const price = priceLookup(prices);
  const tokenOf = (a: string) => raw.tokens.find((t) => t.address.toLowerCase() === a.toLowerCase());
  const amountOf = (address: Address, amount: bigint): TokenAmount => {
    const t = tokenOf(address);
    const decimals = t?.decimals ?? 18;
    return { symbol: t?.symbol ?? "", decimals, amount, usd: valueUsd(amount, decimals, price(address)) };
  };
  const weth = raw.tokens.find((t) => t.symbol === "WETH");

  const balances: BalanceRow[] = [
    {
      symbol: nativeSymbol,
      name: nativeSymbol,
      decimals: 18,
      amount: raw.native,
      usd: valueUsd(raw.native, 18, price(weth?.address)),
    },
    ...raw.tokens.map((t) => {
      const amount = raw.balances[t.address.toLowerCase()] ?? 0n;
      return {
        address: t.address,
        symbol: t.symbol,
        name: t.name,
        decimals: t.decimals,
        amount,
        usd: valueUsd(amount, t.decimals, price(t.address)),
      };
    }),
  ];

  const farmed = new Map<string, bigint>();
  for (const f of raw.farm?.pools ?? [])
    farmed.set(f.lpToken.toLowerCase(), (farmed.get(f.lpToken.toLowerCase()) ?? 0n) + f.deposited);
  const lp: LpRow[] = raw.pools.flatMap((pool) => {
    const key = pool.address.toLowerCase();
    const held = raw.lpHeld[key] ?? 0n;
    const inFarm = farmed.get(key) ?? 0n;
    if (held + inFarm === 0n) return [];
    return [{ pool, name: pairName(pool), held, farmed: inFarm, ...lpValue(pool, held + inFarm, prices) }];
  });

  const stake =
    raw.stake && (raw.stake.staked > 0n || raw.stake.earned > 0n)
      ? {
          staked: amountOf(raw.stake.token, raw.stake.staked),
          earned: amountOf(raw.stake.rewardToken, raw.stake.earned),
        }
      : undefined;

  const farm: FarmRow[] = (raw.farm?.pools ?? [])
    .filter((f) => f.deposited > 0n || f.pending > 0n)
    .map((f) => {
      const pool = raw.pools.find((p) => p.address.toLowerCase() === f.lpToken.toLowerCase());
      return {
        pid: f.pid,
        name: pool ? pairName(pool) : f.lpToken,
        deposited: f.deposited,
        pending: amountOf(raw.farm!.rewardToken, f.pending),
      };
    });

  const vault =
    raw.vault && raw.vault.shares > 0n
      ? {
          symbol: raw.vault.symbol,
          shareDecimals: raw.vault.shareDecimals,
          shares: raw.vault.shares,
          assets: amountOf(raw.vault.asset, raw.vault.assets),
        }
      : undefined;

  const votes = raw.votes ? { ...raw.votes, delegation: delegationOf(raw.votes.delegate, raw.account) } : undefined;

  const figures: { amount: bigint; usd: number | undefined }[] = [
    ...balances,
    ...lp.map((r) => ({ amount: r.liquidity, usd: r.usd })),
    ...(stake ? [stake.staked, stake.earned] : []),
    ...farm.map((f) => f.pending),
    ...(vault ? [vault.assets] : []),
  ];
  const { usd: totalUsd, unpriced } = sumUsd(figures);
  const empty =
    figures.every((f) => f.amount === 0n) &&
    (raw.collectibles ?? 0n) === 0n &&
    (raw.certificates ?? 0n) === 0n &&
    (raw.votes?.votes ?? 0n) === 0n;

  return {
    chainId: raw.chainId,
    balances,
    lp,
    ...(stake ? { stake } : {}),
    farm,
    ...(vault ? { vault } : {}),
    nfts: {
      ...(raw.collectibles !== undefined ? { collectibles: raw.collectibles } : {}),
      ...(raw.certificates !== undefined ? { certificates: raw.certificates } : {}),
    },
    ...(votes ? { votes } : {}),
    totalUsd,
    unpriced,
    empty,
  };
}

/** The USD sum of the priced figures, and how many non-zero figures had no price. */
export function sumUsd(figures: readonly { amount: bigint; usd: number | undefined }[]): {
  usd: number;
  unpriced: number;
} {
  let usd = 0;
  let unpriced = 0;
  for (const f of figures) {
    if (f.usd !== undefined && Number.isFinite(f.usd)) usd += f.usd;
    else if (f.amount !== 0n) unpriced += 1;
  }
  return { usd, unpriced };
}

/** The whole portfolio across chains: the sum of the chains read so far. */
export function portfolioTotal(chains: readonly Pick<ChainPortfolio, "totalUsd" | "unpriced">[]): {
  usd: number;
  unpriced: number;
} {
  return chains.reduce((acc, c) => ({ usd: acc.usd + c.totalUsd, unpriced: acc.unpriced + c.unpriced }), {
    usd: 0,
    unpriced: 0,
  });
}

/** The chain's market tokens and the visitor's listed ones, each address once (the market's first). */
export function mergeTokens(market: readonly Token[], listed: readonly Token[]): Token[] {
  const out = [...market];
  for (const t of listed) if (!out.some((m) => m.address.toLowerCase() === t.address.toLowerCase())) out.push(t);
  return out;
}
