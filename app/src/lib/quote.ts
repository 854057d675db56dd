/**
 * Swap quotes for both directions, as Peper's router executes them (Uniswap V2's formulas with the
 * pair's fee, 0.3 %): exact input (swapExactTokensForTokens and its ETH variants: chained getAmountOut)
 * and exact output (swapTokensForExactTokens, swapTokensForExactETH, swapETHForExactTokens: chained
 * getAmountIn from the last pair back), the best path of at most MAX_HOPS pairs, price impact against
 * the mid prices along the path, the LP fee paid, and the limit the router is given after slippage
 * (minimum received, or maximum sold). Pure; bigint only.
 */
import type { Address } from "viem";

import { MAX_HOPS, reservesOf, type RoutePool } from "./route.ts";
import { maximumIn, minimumOut } from "./slippage.ts";

/** The pairs' swap fee in basis points (PeperLibrary: 997/1000). */
export const PAIR_FEE_BPS = 30;
const BPS = 10_000n;

/** The most output for `amountIn` (Uniswap V2 getAmountOut with a fee of `feeBps`); 0 when nothing comes out. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps = PAIR_FEE_BPS): bigint {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) return 0n;
  const withFee = amountIn * (BPS - BigInt(feeBps));
  return (withFee * reserveOut) / (reserveIn * BPS + withFee);
}

/**
 * The least input that buys `amountOut` (Uniswap V2 getAmountIn: rounded up by one), or undefined
 * when the pool cannot pay it (amountOut ≥ reserveOut, an empty pool, or nothing asked for).
 */
export function getAmountIn(
  amountOut: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  feeBps = PAIR_FEE_BPS,
): bigint | undefined {
  if (amountOut <= 0n || reserveIn <= 0n || reserveOut <= 0n || amountOut >= reserveOut) return undefined;
  return (reserveIn * amountOut * BPS) / ((reserveOut - amountOut) * (BPS - BigInt(feeBps))) + 1n;
}

export type QuoteMode = "exact-in" | "exact-out";

export interface SwapQuote {
  mode: QuoteMode;
  /** Token addresses the router is given (WETH in place of ETH). */
  path: Address[];
  /** amounts[i] is what reaches path[i]: amounts[0] is paid, the last is received. */
  amounts: bigint[];
  amountIn: bigint;
  amountOut: bigint;
  /** Execution price against the mid prices along the path, fee included, in basis points. */
  impactBps: number;
  /** The fee the pools keep, valued in the input token: amountIn × (1 − 0.997^hops). */
  lpFee: bigint;
}

const key = (a: string) => a.toLowerCase();

function finish(mode: QuoteMode, path: readonly Address[], amounts: bigint[], num: bigint, den: bigint): SwapQuote {
  const amountIn = amounts[0]!;
  const amountOut = amounts[amounts.length - 1]!;
  // 1 − (out / in) / (num / den) = 1 − out·den / (in·num)
  const ratio = (amountOut * den * 1_000_000n) / (amountIn * num);
  const hops = BigInt(path.length - 1);
  const keep = (BPS - BigInt(PAIR_FEE_BPS)) ** hops;
  return {
    mode,
    path: [...path],
    amounts,
    amountIn,
    amountOut,
    impactBps: Math.max(0, Number(1_000_000n - ratio) / 100),
    lpFee: amountIn - (amountIn * keep) / BPS ** hops,
  };
}

/** Quotes one path for an exact input; undefined when a pair is missing or empty, or nothing comes out. */
export function quoteExactIn(
  pools: readonly RoutePool[],
  path: readonly Address[],
  amountIn: bigint,
): SwapQuote | undefined {
  if (path.length < 2 || amountIn <= 0n) return undefined;
  const amounts = [amountIn];
  let num = 1n;
  let den = 1n;
  for (let i = 0; i + 1 < path.length; i++) {
    const r = reservesOf(pools, path[i]!, path[i + 1]!);
    if (!r) return undefined;
    amounts.push(getAmountOut(amounts[i]!, r.rIn, r.rOut));
    num *= r.rOut;
    den *= r.rIn;
  }
  if (amounts[amounts.length - 1] === 0n) return undefined;
  return finish("exact-in", path, amounts, num, den);
}

/** Quotes one path for an exact output (getAmountsIn); undefined when a pool cannot pay its part. */
export function quoteExactOut(
  pools: readonly RoutePool[],
  path: readonly Address[],
  amountOut: bigint,
): SwapQuote | undefined {
  if (path.length < 2 || amountOut <= 0n) return undefined;
  const amounts: bigint[] = new Array<bigint>(path.length).fill(0n);
  amounts[path.length - 1] = amountOut;
  let num = 1n;
  let den = 1n;
  for (let i = path.length - 1; i > 0; i--) {
    const r = reservesOf(pools, path[i - 1]!, path[i]!);
    if (!r) return undefined;
    const need = getAmountIn(amounts[i]!, r.rIn, r.rOut);
    if (need === undefined) return undefined;
    amounts[i - 1] = need;
    num *= r.rOut;
    den *= r.rIn;
  }
  return finish("exact-out", path, amounts, num, den);
}

/** Every simple path of at most MAX_HOPS pairs from `tokenIn` to `tokenOut` through non-empty pools. */
export function candidatePaths(pools: readonly RoutePool[], tokenIn: Address, tokenOut: Address): Address[][] {
  if (key(tokenIn) === key(tokenOut)) return [];
  const tokens = new Map<string, Address>();
  for (const p of pools) {
    tokens.set(key(p.token0.address), p.token0.address);
    tokens.set(key(p.token1.address), p.token1.address);
  }
  const found: Address[][] = [];
  const visit = (path: Address[]) => {
    const last = path[path.length - 1]!;
    if (key(last) === key(tokenOut)) {
      found.push(path);
      return;
    }
    if (path.length > MAX_HOPS) return;
    for (const next of tokens.values()) {
      if (path.some((t) => key(t) === key(next))) continue;
      if (!reservesOf(pools, last, next)) continue;
      visit([...path, next]);
    }
  };
  visit([tokenIn]);
  return found;
}

/**
 * The best quote over every path of at most MAX_HOPS pairs: for an exact input the most output, for
 * an exact output the least input (ties: fewer hops, as they cost less gas). `tokenIn`/`tokenOut` are
 * ERC-20 addresses (map the native coin to WETH first).
 */
export function bestQuote(
  pools: readonly RoutePool[],
  tokenIn: Address,
  tokenOut: Address,
  mode: QuoteMode,
  amount: bigint,
): SwapQuote | undefined {
  let best: SwapQuote | undefined;
  for (const path of candidatePaths(pools, tokenIn, tokenOut)) {
    const q = mode === "exact-in" ? quoteExactIn(pools, path, amount) : quoteExactOut(pools, path, amount);
    if (!q) continue;
    const better =
      !best ||
      (mode === "exact-in" ? q.amountOut > best.amountOut : q.amountIn < best.amountIn) ||
      ((mode === "exact-in" ? q.amountOut === best.amountOut : q.amountIn === best.amountIn) &&
        q.path.length < best.path.length);
    if (better) best = q;
  }
  return best;
}

/**
 * What the router is told after slippage: for an exact input the minimum received (amountOutMin),
 * for an exact output the maximum sold (amountInMax).
 */
export const slippageLimit = (q: SwapQuote, slippageBps: number): bigint =>
  q.mode === "exact-in" ? minimumOut(q.amountOut, slippageBps) : maximumIn(q.amountIn, slippageBps);
