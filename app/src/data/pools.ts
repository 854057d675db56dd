import type { Abi, Address, PublicClient } from "viem";

import { peperFactoryAbi } from "@protocol/generated/abis/PeperFactory.ts";
import { peperPairAbi } from "@protocol/generated/abis/PeperPair.ts";

import { toNumber } from "../lib/amounts.ts";
import type { Token } from "./tokens.ts";

export interface Pool {
  address: Address;
  token0: Token;
  token1: Token;
  reserve0: bigint;
  reserve1: bigint;
  totalSupply: bigint;
}

/**
 * The pairs found so far, per chain and factory, by their two tokens: a pair's address never changes
 * once the factory created it (getPair(a, b) answers it from then on), so a session asks for it once;
 * a pair not created yet is asked for again on each refresh. One cache serves every caller of
 * readPools (the market, the portfolio), so a page that runs both finds the pairs once.
 */
export class PairCache {
  private readonly pairs = new Map<string, Address>();

  private static key(chainId: number, factory: Address, token0: Address, token1: Address): string {
    return [chainId, factory, token0, token1].join(":").toLowerCase();
  }

  get(chainId: number, factory: Address, token0: Address, token1: Address): Address | undefined {
    return this.pairs.get(PairCache.key(chainId, factory, token0, token1));
  }

  set(chainId: number, factory: Address, token0: Address, token1: Address, pair: Address): void {
    this.pairs.set(PairCache.key(chainId, factory, token0, token1), pair);
  }

  /** Forgets a pair that stopped answering (a reset local chain): the next refresh asks the factory again. */
  delete(chainId: number, factory: Address, token0: Address, token1: Address): void {
    this.pairs.delete(PairCache.key(chainId, factory, token0, token1));
  }
}

/** The app's pair cache (module-level: it lives as long as the page). */
export const pairCache = new PairCache();

/** A read of a contract function, as viem's readContract and multicall take it. */
interface Read {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
}

type ReadResult = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Reads calls in aggregates (see multicallMode), each call's failure its own, until a node refuses
 * an aggregate; then one eth_call per read for the rest of the refresh, so a refusing node is asked
 * for one aggregate per refresh, not one per step.
 */
class Reader {
  private aggregates = true;
  private readonly client: PublicClient;
  constructor(client: PublicClient) {
    this.client = client;
  }

  async read(calls: readonly Read[]): Promise<ReadResult[]> {
    if (calls.length === 0) return [];
    if (this.aggregates) {
      try {
        const results = (await this.client.multicall({
          contracts: calls as never,
          allowFailure: true,
          ...multicallMode(this.client),
        })) as readonly ({ status: "success"; result: unknown } | { status: "failure"; error: unknown })[];
        return results.map((r) =>
          r.status === "success" ? { ok: true, value: r.result } : { ok: false, error: r.error },
        );
      } catch {
        this.aggregates = false; // a node that refuses the aggregate: one call per read, as before
      }
    }
    return Promise.all(
      calls.map((c) =>
        (this.client.readContract(c as never) as Promise<unknown>).then(
          (value): ReadResult => ({ ok: true, value }),
          (error: unknown): ReadResult => ({ ok: false, error }),
        ),
      ),
    );
  }
}

/** A pair of known tokens in the factory's order (token0 < token1 by address, as createPair sorts them). */
interface TokenPair {
  token0: Token;
  token1: Token;
}

/** A two-token pair to read: its place in the answer and, once found, its address. */
type Candidate = TokenPair & { index: number; address: Address };

/** Every two of the tokens, each pair once, in the tokens' order (a before b when a comes first). */
function tokenPairs(tokens: readonly Token[]): TokenPair[] {
  const unique = tokens.filter((t, i) => tokens.findIndex((u) => sameAddress(u.address, t.address)) === i);
  return unique.flatMap((a, i) =>
    unique
      .slice(i + 1)
      .map((b) => (BigInt(a.address) < BigInt(b.address) ? { token0: a, token1: b } : { token0: b, token1: a })),
  );
}

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Why the factory could not say which pairs exist. */
export class PoolsReadError extends Error {
  override readonly cause: unknown;
  constructor(message: string, cause: unknown) {
    super(message);
    this.name = "PoolsReadError";
    this.cause = cause;
  }
}

/**
 * The factory's pools between the given tokens, with reserves and LP supply, read from chain in the
 * tokens' order (each two of them once).
 *
 * What it reads is set by the tokens, not by the number of pairs the factory holds (anyone can
 * create pairs): the pair of two tokens is the factory's getPair(a, b), and once it exists its address
 * never changes, so it is asked once per session (the PairCache) — a refresh is one aggregate of the
 * pools' getReserves and totalSupply, with getPair for the two-token pairs not created yet (a second
 * aggregate reads a pool found in that refresh). A pool whose reads fail (a reset local chain) is
 * left out and its pair asked for again on the next refresh; when no read at all is answered, the
 * refresh fails (PoolsReadError) rather than showing no pools.
 *
 * The aggregates go to the chain's Multicall3 (`contracts.multicall3` of the client's chain: every
 * chain the app offers, the local stack's too); a client whose chain names none runs them
 * "deployless" (the aggregator's creation code in the eth_call itself), in chunks under EIP-3860's
 * 49,152-byte initcode limit, which nodes enforce on such calls. A node that refuses the aggregate
 * gets one call per read.
 */
export async function readPools(
  client: PublicClient,
  factory: Address,
  tokens: Token[],
  cache: PairCache = pairCache,
): Promise<Pool[]> {
  const chainId = client.chain?.id ?? (await client.getChainId());
  const reader = new Reader(client);
  const candidates = tokenPairs(tokens).map((p, index) => ({
    ...p,
    index,
    address: cache.get(chainId, factory, p.token0.address, p.token1.address),
  }));
  const known = candidates.filter((c) => c.address !== undefined) as Candidate[];
  const unknown = candidates.filter((c) => c.address === undefined);
  const results = await reader.read([
    ...known.flatMap((c) => liveReads(c.address)),
    ...unknown.map((c) => ({
      address: factory,
      abi: peperFactoryAbi as Abi,
      functionName: "getPair",
      args: [c.token0.address, c.token1.address],
    })),
  ]);
  const live = new Map<number, Pool>();
  if (results.length > 0 && results.every((r) => !r.ok)) {
    // nothing answered: the node, not a pool (its pairs are asked for again on the next refresh)
    for (const c of known) cache.delete(chainId, factory, c.token0.address, c.token1.address);
    throw new PoolsReadError(
      "the node answered none of the pools' reads",
      results[0]!.ok ? undefined : results[0]!.error,
    );
  }
  known.forEach((c, i) => {
    const pool = withLive(c, results[2 * i]!, results[2 * i + 1]!);
    if (pool) live.set(c.index, pool);
    else cache.delete(chainId, factory, c.token0.address, c.token1.address);
  });

  const found: Candidate[] = [];
  unknown.forEach((c, i) => {
    const answer = results[2 * known.length + i]!;
    if (!answer.ok) throw new PoolsReadError(`PeperFactory ${factory} did not answer getPair`, answer.error);
    const pair = answer.value as Address;
    if (BigInt(pair) === 0n) return; // not created (yet)
    cache.set(chainId, factory, c.token0.address, c.token1.address, pair);
    found.push({ ...c, address: pair });
  });
  const fresh = await reader.read(found.flatMap((c) => liveReads(c.address)));
  found.forEach((c, i) => {
    const pool = withLive(c, fresh[2 * i]!, fresh[2 * i + 1]!);
    if (pool) live.set(c.index, pool);
  });
  return candidates.flatMap((c) => live.get(c.index) ?? []);
}

/** What a refresh reads of a pair: its reserves and its LP supply. */
const liveReads = (pair: Address): Read[] => [
  { address: pair, abi: peperPairAbi as Abi, functionName: "getReserves" },
  { address: pair, abi: peperPairAbi as Abi, functionName: "totalSupply" },
];

function withLive(
  pair: TokenPair & { address: Address },
  reserves: ReadResult,
  totalSupply: ReadResult,
): Pool | undefined {
  if (!reserves.ok || !totalSupply.ok) return undefined;
  const [reserve0, reserve1] = reserves.value as readonly [bigint, bigint, number];
  return {
    address: pair.address,
    token0: pair.token0,
    token1: pair.token1,
    reserve0,
    reserve1,
    totalSupply: totalSupply.value as bigint,
  };
}

/**
 * How readPools aggregates: one eth_call to the chain's Multicall3, or deployless calls of at most
 * DEPLOYLESS_CHUNK bytes of calldata each (with Multicall3's 5.6 kB creation code and the ABI
 * framing, well under the 49,152-byte initcode limit).
 */
export const DEPLOYLESS_CHUNK = 24_000;

export function multicallMode(client: Pick<PublicClient, "chain">): { deployless: boolean; batchSize: number } {
  return client.chain?.contracts?.multicall3
    ? { deployless: false, batchSize: 0 }
    : { deployless: true, batchSize: DEPLOYLESS_CHUNK };
}

/** The pool between two tokens, if any. */
export const findPool = (pools: Pool[], a: Address, b: Address): Pool | undefined =>
  pools.find(
    (p) => (p.token0.address === a && p.token1.address === b) || (p.token0.address === b && p.token1.address === a),
  );

/** Price of token0 in token1 (human units). */
export const price0In1 = (pool: Pool): number =>
  toNumber(pool.reserve0, pool.token0.decimals) === 0
    ? 0
    : toNumber(pool.reserve1, pool.token1.decimals) / toNumber(pool.reserve0, pool.token0.decimals);

/**
 * USD price of each token, from its pool against the USD stablecoin (symbol USDC/USDT/DAI), and
 * for tokens without one, through one hop. Pure.
 */
export function usdPrices(pools: Pool[]): Map<string, number> {
  const prices = new Map<string, number>();
  const stable = (t: Token) => /^(USDC|USDT|DAI)$/.test(t.symbol);
  for (const p of pools) {
    if (stable(p.token0)) prices.set(p.token0.address, 1);
    if (stable(p.token1)) prices.set(p.token1.address, 1);
  }
  for (let pass = 0; pass < 2; pass++) {
    for (const p of pools) {
      const price = price0In1(p);
      if (price === 0) continue;
      const u0 = prices.get(p.token0.address);
      const u1 = prices.get(p.token1.address);
      if (u1 !== undefined && u0 === undefined) prices.set(p.token0.address, price * u1);
      if (u0 !== undefined && u1 === undefined) prices.set(p.token1.address, u0 / price);
    }
  }
  return prices;
}

/** A pool's total value locked in USD, when both sides (or one side, doubled) can be priced. */
export function poolTvlUsd(pool: Pool, prices: Map<string, number>): number | undefined {
  const u0 = prices.get(pool.token0.address);
  const u1 = prices.get(pool.token1.address);
  const v0 = u0 === undefined ? undefined : toNumber(pool.reserve0, pool.token0.decimals) * u0;
  const v1 = u1 === undefined ? undefined : toNumber(pool.reserve1, pool.token1.decimals) * u1;
  if (v0 !== undefined && v1 !== undefined) return v0 + v1;
  if (v0 !== undefined) return 2 * v0;
  if (v1 !== undefined) return 2 * v1;
  return undefined;
}
