/**
 * Swap routing over Peper's pairs, as the router executes it: the best path of at most MAX_HOPS
 * pairs for an exact input (chained PeperLibrary.getAmountOut), and native ETH through WETH (the
 * router's swapExactETHForTokens / swapExactTokensForETH; ETH ↔ WETH is a wrap or an unwrap, no
 * pair). Pure; bigint only.
 */
import type { Address } from "viem";

import { getAmountOut, orientReserves } from "./amm.ts";

/** Stands for the chain's native coin in token lists (the usual 0xEeee… convention). */
export const NATIVE: Address = "0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE";

/** The most pairs a route crosses (three tokens' worth of hops: A → B → C → D). */
export const MAX_HOPS = 3;

export interface RoutePool {
  token0: { address: Address };
  token1: { address: Address };
  reserve0: bigint;
  reserve1: bigint;
}

export interface Route {
  /** Token addresses the router is given (WETH in place of ETH). */
  path: Address[];
  /** amounts[i] is what reaches path[i]; the last is the output. */
  amounts: bigint[];
  out: bigint;
  /** Execution price against the mid prices along the path, fee included, in basis points. */
  impactBps: number;
}

const key = (a: string) => a.toLowerCase();

/** The reserves of the pool between `a` and `b`, oriented a → b; undefined when missing or empty. */
export function reservesOf(
  pools: readonly RoutePool[],
  a: Address,
  b: Address,
): { rIn: bigint; rOut: bigint } | undefined {
  const pool = pools.find(
    (p) =>
      (key(p.token0.address) === key(a) && key(p.token1.address) === key(b)) ||
      (key(p.token0.address) === key(b) && key(p.token1.address) === key(a)),
  );
  if (!pool || pool.reserve0 === 0n || pool.reserve1 === 0n) return undefined;
  const { reserveA, reserveB } = orientReserves(a, b, pool.reserve0, pool.reserve1);
  return { rIn: reserveA, rOut: reserveB };
}

/** Quotes one path; undefined when a pair is missing or empty, or the output rounds to nothing. */
export function quotePath(pools: readonly RoutePool[], path: readonly Address[], amountIn: bigint): Route | undefined {
  if (path.length < 2 || amountIn <= 0n) return undefined;
  const amounts = [amountIn];
  // the product of the mid prices along the path, as a fraction num/den
  let num = 1n;
  let den = 1n;
  for (let i = 0; i + 1 < path.length; i++) {
    const r = reservesOf(pools, path[i]!, path[i + 1]!);
    if (!r) return undefined;
    amounts.push(getAmountOut(amounts[i]!, r.rIn, r.rOut));
    num *= r.rOut;
    den *= r.rIn;
  }
  const out = amounts[amounts.length - 1]!;
  if (out === 0n) return undefined;
  // 1 − (out / in) / (num / den) = 1 − out·den / (in·num)
  const ratio = (out * den * 1_000_000n) / (amountIn * num);
  return { path: [...path], amounts, out, impactBps: Math.max(0, Number(1_000_000n - ratio) / 100) };
}

/**
 * The path of at most MAX_HOPS pairs that gives the most output for `amountIn` (ties: fewer hops, as
 * they cost less gas). `tokenIn`/`tokenOut` are ERC-20 addresses (map NATIVE to WETH first).
 */
export function bestRoute(
  pools: readonly RoutePool[],
  tokenIn: Address,
  tokenOut: Address,
  amountIn: bigint,
): Route | undefined {
  if (key(tokenIn) === key(tokenOut)) return undefined;
  const tokens = new Map<string, Address>();
  for (const p of pools) {
    tokens.set(key(p.token0.address), p.token0.address);
    tokens.set(key(p.token1.address), p.token1.address);
  }
  let best: Route | undefined;
  const visit = (path: Address[]) => {
    const last = path[path.length - 1]!;
    if (key(last) === key(tokenOut)) {
      const r = quotePath(pools, path, amountIn);
      if (r && (!best || r.out > best.out || (r.out === best.out && r.path.length < best.path.length))) best = r;
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
  return best;
}

export type SwapKind = "swap" | "eth-in" | "eth-out" | "wrap" | "unwrap";

/** What the router (or WETH) is asked to do for a pair of tokens, ETH included. */
export function swapKind(tokenIn: Address, tokenOut: Address, weth: Address | undefined): SwapKind {
  const inNative = key(tokenIn) === key(NATIVE);
  const outNative = key(tokenOut) === key(NATIVE);
  if (weth && inNative && key(tokenOut) === key(weth)) return "wrap";
  if (weth && outNative && key(tokenIn) === key(weth)) return "unwrap";
  if (inNative) return "eth-in";
  if (outNative) return "eth-out";
  return "swap";
}
