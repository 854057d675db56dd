import type { Address, PublicClient } from "viem";
import { describe, expect, it, vi } from "vitest";

import { MULTICALL3_ADDRESS } from "../config/multicall3.ts";
import { DEPLOYLESS_CHUNK, ONE_BY_ONE_PAIRS, PairCache, readPools } from "./pools.ts";

const FACTORY = "0x00000000000000000000000000000000000000fa" as Address;
const token = (n: number, symbol: string) => ({
  address: `0x${String(n).padStart(40, "0")}` as Address,
  symbol,
  name: symbol,
  decimals: 18,
});
const TOKENS = [token(1, "PEPER"), token(2, "USDC")];
const pairAt = (i: number) => `0x${(0xa000 + i).toString(16).padStart(40, "0")}` as Address;
/** A token the app does not know (the benchmark's extra pairs hold one). */
const stranger = (i: number) => `0x${(0xbe9c000000 + i).toString(16).padStart(40, "0")}` as Address;
const WITH_MULTICALL3 = { id: 31337, contracts: { multicall3: { address: MULTICALL3_ADDRESS } } };

interface Call {
  address: Address;
  functionName: string;
  args?: readonly unknown[];
}

/**
 * A PublicClient for a factory of `state.pairs` pairs; the first `state.listed` are PEPER/USDC, the
 * others PEPER and a token the app does not know. Every call is recorded, aggregated or not.
 */
function fakeClient(state: { pairs: number; listed?: number; reserve0?: bigint }, chain: unknown, refuse = false) {
  const reads: Call[] = [];
  const index = (pair: Address) => Number.parseInt(pair.slice(2), 16) - 0xa000;
  const answer = (call: Call): unknown => {
    reads.push(call);
    const { functionName, args, address } = call;
    if (functionName === "allPairsLength") return BigInt(state.pairs);
    if (functionName === "allPairs") return pairAt(Number(args![0]));
    if (functionName === "token0") return TOKENS[0]!.address;
    if (functionName === "token1") {
      const i = index(address);
      return i < (state.listed ?? state.pairs) ? TOKENS[1]!.address : stranger(i);
    }
    if (functionName === "getReserves") return [state.reserve0 ?? 10n, 20n, 0] as const;
    if (functionName === "totalSupply") return 5n;
    throw new Error(`unexpected ${functionName}`);
  };
  return {
    chain,
    reads,
    /** Reads by function name. */
    count: (name: string) => reads.filter((c) => c.functionName === name).length,
    getChainId: vi.fn(async () => 31337),
    readContract: vi.fn(async (call: Call) => answer(call)),
    multicall: vi.fn(async ({ contracts }: { contracts: Call[] }) => {
      if (refuse) throw new Error("Missing or invalid parameters.");
      return contracts.map(answer);
    }),
  };
}
const asPublic = (client: ReturnType<typeof fakeClient>) => client as unknown as PublicClient;

describe("readPools: the first read", () => {
  it("reads 100 pairs in three aggregates to the chain's Multicall3", async () => {
    const client = fakeClient({ pairs: 100 }, WITH_MULTICALL3);
    const pools = await readPools(asPublic(client), FACTORY, TOKENS, new PairCache());
    expect(pools).toHaveLength(100);
    expect(pools[99]).toMatchObject({ address: pairAt(99), reserve0: 10n, reserve1: 20n, totalSupply: 5n });
    expect(client.readContract).not.toHaveBeenCalled();
    expect(client.multicall).toHaveBeenCalledTimes(3);
    for (const [options] of client.multicall.mock.calls) {
      expect(options).toMatchObject({ deployless: false, batchSize: 0 });
    }
    expect(client.multicall.mock.calls.map(([o]) => o.contracts.length)).toEqual([1, 100, 400]);
  });

  it("runs the aggregates deployless in chunks under the initcode limit when the chain names no Multicall3", async () => {
    const client = fakeClient({ pairs: 3 }, { id: 31337 });
    expect(await readPools(asPublic(client), FACTORY, TOKENS, new PairCache())).toHaveLength(3);
    for (const [options] of client.multicall.mock.calls) {
      expect(options).toMatchObject({ deployless: true, batchSize: DEPLOYLESS_CHUNK });
    }
  });

  it("falls back to one call per pair and field when the node refuses the aggregate, asking for one only once", async () => {
    const client = fakeClient({ pairs: 3 }, WITH_MULTICALL3, true);
    expect(await readPools(asPublic(client), FACTORY, TOKENS, new PairCache())).toHaveLength(3);
    expect(client.multicall).toHaveBeenCalledTimes(1);
    expect(client.readContract).toHaveBeenCalledTimes(1 + 3 * 5);
  });

  it("reads at most ONE_BY_ONE_PAIRS new pairs a refresh one call each, the rest on later refreshes", async () => {
    const client = fakeClient({ pairs: ONE_BY_ONE_PAIRS + 10 }, WITH_MULTICALL3, true);
    const cache = new PairCache();
    expect(await readPools(asPublic(client), FACTORY, TOKENS, cache)).toHaveLength(ONE_BY_ONE_PAIRS);
    expect(await readPools(asPublic(client), FACTORY, TOKENS, cache)).toHaveLength(ONE_BY_ONE_PAIRS + 10);
    expect(client.count("allPairs")).toBe(ONE_BY_ONE_PAIRS + 10);
  });
});

describe("readPools: refreshes read only what changes", () => {
  it("reads pair addresses and tokens once across refreshes; a refresh is one aggregate of what changes", async () => {
    const state = { pairs: 3, reserve0: 10n };
    const client = fakeClient(state, WITH_MULTICALL3);
    const cache = new PairCache();
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    const first = {
      allPairs: client.count("allPairs"),
      token0: client.count("token0"),
      token1: client.count("token1"),
    };
    expect(first).toEqual({ allPairs: 3, token0: 3, token1: 3 });

    client.multicall.mockClear();
    state.reserve0 = 11n;
    for (let refresh = 0; refresh < 5; refresh++) {
      const pools = await readPools(asPublic(client), FACTORY, TOKENS, cache);
      expect(pools.map((p) => [p.address, p.token0.symbol, p.token1.symbol, p.reserve0])).toEqual(
        [0, 1, 2].map((i) => [pairAt(i), "PEPER", "USDC", 11n]),
      );
    }
    // the immutable fields: not one more read
    expect(client.count("allPairs")).toBe(first.allPairs);
    expect(client.count("token0")).toBe(first.token0);
    expect(client.count("token1")).toBe(first.token1);
    // each refresh: one eth_call — allPairsLength and every listed pair's reserves and supply
    expect(client.multicall).toHaveBeenCalledTimes(5);
    expect(client.multicall.mock.calls[0]![0].contracts.map((c) => c.functionName)).toEqual([
      "allPairsLength",
      ...[0, 1, 2].flatMap(() => ["getReserves", "totalSupply"]),
    ]);
  });

  it("never reads again the pairs whose tokens the app does not know: a refresh's size is set by the listed pairs", async () => {
    const sizes: number[] = [];
    for (const pairs of [3, 100]) {
      const client = fakeClient({ pairs, listed: 3 }, WITH_MULTICALL3);
      const cache = new PairCache();
      expect(await readPools(asPublic(client), FACTORY, TOKENS, cache)).toHaveLength(3);
      client.multicall.mockClear();
      expect(await readPools(asPublic(client), FACTORY, TOKENS, cache)).toHaveLength(3);
      sizes.push(client.multicall.mock.calls[0]![0].contracts.length);
    }
    expect(sizes).toEqual([7, 7]);
  });

  it("reads only the new indexes when the factory created pairs", async () => {
    const state = { pairs: 3 };
    const client = fakeClient(state, WITH_MULTICALL3);
    const cache = new PairCache();
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    state.pairs = 5;
    const pools = await readPools(asPublic(client), FACTORY, TOKENS, cache);
    expect(pools.map((p) => p.address)).toEqual([0, 1, 2, 3, 4].map(pairAt));
    const allPairs = client.reads.filter((c) => c.functionName === "allPairs").map((c) => Number(c.args![0]));
    expect(allPairs).toEqual([0, 1, 2, 3, 4]);
    expect(client.count("token0")).toBe(5);
  });

  it("reads every pair again when the factory has fewer pairs than before (a reset local chain)", async () => {
    const state = { pairs: 5 };
    const client = fakeClient(state, WITH_MULTICALL3);
    const cache = new PairCache();
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    state.pairs = 2;
    const pools = await readPools(asPublic(client), FACTORY, TOKENS, cache);
    expect(pools.map((p) => p.address)).toEqual([pairAt(0), pairAt(1)]);
    expect(client.count("token0")).toBe(5 + 2);
  });

  it("keeps each chain's and factory's pairs apart", async () => {
    const cache = new PairCache();
    const a = fakeClient({ pairs: 2 }, WITH_MULTICALL3);
    const b = fakeClient({ pairs: 2 }, { ...WITH_MULTICALL3, id: 31338 });
    await readPools(asPublic(a), FACTORY, TOKENS, cache);
    await readPools(asPublic(b), FACTORY, TOKENS, cache);
    await readPools(asPublic(a), "0x00000000000000000000000000000000000000fb", TOKENS, cache);
    expect(b.count("allPairs")).toBe(2);
    expect(a.count("allPairs")).toBe(4);
  });

  it("lets concurrent first reads both answer and keeps one copy of the pairs", async () => {
    const client = fakeClient({ pairs: 3 }, WITH_MULTICALL3);
    const cache = new PairCache();
    const [x, y] = await Promise.all([
      readPools(asPublic(client), FACTORY, TOKENS, cache),
      readPools(asPublic(client), FACTORY, TOKENS, cache),
    ]);
    expect(x).toHaveLength(3);
    expect(y).toHaveLength(3);
    expect(cache.get(31337, FACTORY)).toHaveLength(3);
  });
});
