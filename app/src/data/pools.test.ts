import type { Address, PublicClient } from "viem";
import { describe, expect, it, vi } from "vitest";

import { MULTICALL3_ADDRESS } from "../config/multicall3.ts";
import { DEPLOYLESS_CHUNK, PairCache, PoolsReadError, readPools } from "./pools.ts";

const FACTORY = "0x00000000000000000000000000000000000000fa" as Address;
const ZERO = "0x0000000000000000000000000000000000000000" as Address;
const token = (n: number, symbol: string) => ({
  address: `0x${String(n).padStart(40, "0")}` as Address,
  symbol,
  name: symbol,
  decimals: 18,
});
// in the app's order (PEPER, the router's WETH, the vault's asset); by address WETH < USDC < PEPER
const PEPER = token(9, "PEPER");
const WETH = token(1, "WETH");
const USDC = token(2, "USDC");
const TOKENS = [PEPER, WETH, USDC];
const WITH_MULTICALL3 = { id: 31337, contracts: { multicall3: { address: MULTICALL3_ADDRESS } } };

interface Call {
  address: Address;
  functionName: string;
  args?: readonly unknown[];
}

const pairKey = (a: string, b: string) =>
  [a, b]
    .map((x) => x.toLowerCase())
    .sort()
    .join("/");

/**
 * A PublicClient for a factory holding pairs of the given two-token keys (symbols) and `others`
 * pairs with tokens the app does not know; every call is recorded, aggregated or not.
 */
function fakeClient(
  state: { pairs: string[]; others?: number; reserve0?: bigint; gone?: Set<string> },
  chain: unknown,
  refuse = false,
) {
  const reads: Call[] = [];
  const bySymbol = new Map(TOKENS.map((t) => [t.symbol, t.address]));
  const address = (key: string) => `0x${Buffer.from(key).toString("hex").padStart(40, "0").slice(-40)}` as Address;
  const pairOf = (a: string, b: string): Address => {
    const hit = state.pairs.find((p) => {
      const [x, y] = p.split("/").map((s) => bySymbol.get(s)!);
      return pairKey(x!, y!) === pairKey(a, b);
    });
    return hit ? address(hit) : ZERO;
  };
  const answer = (call: Call): unknown => {
    reads.push(call);
    const { functionName, args } = call;
    if (functionName === "getPair") return pairOf(String(args![0]), String(args![1]));
    if (state.gone?.has(call.address)) throw new Error("execution reverted");
    if (functionName === "getReserves") return [state.reserve0 ?? 10n, 20n, 0] as const;
    if (functionName === "totalSupply") return 5n;
    throw new Error(`unexpected ${functionName}`);
  };
  return {
    chain,
    reads,
    address,
    /** Reads by function name. */
    count: (name: string) => reads.filter((c) => c.functionName === name).length,
    getChainId: vi.fn(async () => 31337),
    readContract: vi.fn(async (call: Call) => answer(call)),
    multicall: vi.fn(async ({ contracts }: { contracts: Call[] }) => {
      if (refuse) throw new Error("Missing or invalid parameters.");
      return contracts.map((c) => {
        try {
          return { status: "success", result: answer(c) };
        } catch (error) {
          return { status: "failure", error };
        }
      });
    }),
  };
}
const asPublic = (client: ReturnType<typeof fakeClient>) => client as unknown as PublicClient;
const DEMO = ["PEPER/WETH", "PEPER/USDC", "WETH/USDC"];

describe("readPools: the first read", () => {
  it("finds the known tokens' pairs with getPair, then reads their reserves: two aggregates to Multicall3", async () => {
    const client = fakeClient({ pairs: DEMO }, WITH_MULTICALL3);
    const pools = await readPools(asPublic(client), FACTORY, TOKENS, new PairCache());
    // the tokens' order; token0 < token1 by address, as the factory sorts them
    expect(pools.map((p) => `${p.token0.symbol}/${p.token1.symbol}`)).toEqual([
      "WETH/PEPER",
      "USDC/PEPER",
      "WETH/USDC",
    ]);
    expect(pools[1]).toMatchObject({
      address: client.address("PEPER/USDC"),
      reserve0: 10n,
      reserve1: 20n,
      totalSupply: 5n,
    });
    expect(client.readContract).not.toHaveBeenCalled();
    expect(client.multicall.mock.calls.map(([o]) => o.contracts.map((c) => c.functionName))).toEqual([
      ["getPair", "getPair", "getPair"],
      ["getReserves", "totalSupply", "getReserves", "totalSupply", "getReserves", "totalSupply"],
    ]);
    for (const [options] of client.multicall.mock.calls) {
      expect(options).toMatchObject({ deployless: false, batchSize: 0 });
    }
  });

  it("leaves out the two-token pairs the factory has not created", async () => {
    const client = fakeClient({ pairs: ["PEPER/USDC"] }, WITH_MULTICALL3);
    const pools = await readPools(asPublic(client), FACTORY, TOKENS, new PairCache());
    expect(pools.map((p) => p.address)).toEqual([client.address("PEPER/USDC")]);
  });

  it("runs the aggregates deployless in chunks under the initcode limit when the chain names no Multicall3", async () => {
    const client = fakeClient({ pairs: DEMO }, { id: 31337 });
    expect(await readPools(asPublic(client), FACTORY, TOKENS, new PairCache())).toHaveLength(3);
    for (const [options] of client.multicall.mock.calls) {
      expect(options).toMatchObject({ deployless: true, batchSize: DEPLOYLESS_CHUNK });
    }
  });

  it("falls back to one call per read when the node refuses the aggregate, asking for one only once", async () => {
    const client = fakeClient({ pairs: DEMO }, WITH_MULTICALL3, true);
    expect(await readPools(asPublic(client), FACTORY, TOKENS, new PairCache())).toHaveLength(3);
    expect(client.multicall).toHaveBeenCalledTimes(1);
    expect(client.readContract).toHaveBeenCalledTimes(3 + 3 * 2);
  });

  it("says so when the factory does not answer", async () => {
    const client = fakeClient({ pairs: DEMO }, WITH_MULTICALL3);
    client.multicall.mockResolvedValueOnce([
      { status: "failure", error: new Error("no code") },
      { status: "failure", error: new Error("no code") },
      { status: "failure", error: new Error("no code") },
    ]);
    await expect(readPools(asPublic(client), FACTORY, TOKENS, new PairCache())).rejects.toBeInstanceOf(PoolsReadError);
  });
});

describe("readPools: refreshes read only what changes", () => {
  it("asks for each pair's address once across refreshes; a refresh is one aggregate of reserves and supply", async () => {
    const state = { pairs: DEMO, reserve0: 10n };
    const client = fakeClient(state, WITH_MULTICALL3);
    const cache = new PairCache();
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    expect(client.count("getPair")).toBe(3);

    client.multicall.mockClear();
    state.reserve0 = 11n;
    for (let refresh = 0; refresh < 5; refresh++) {
      const pools = await readPools(asPublic(client), FACTORY, TOKENS, cache);
      expect(pools.map((p) => [p.address, p.reserve0])).toEqual(DEMO.map((k) => [client.address(k), 11n]));
    }
    expect(client.count("getPair")).toBe(3); // the immutable part: not one more read
    expect(client.multicall).toHaveBeenCalledTimes(5);
    expect(client.multicall.mock.calls[0]![0].contracts.map((c) => c.functionName)).toEqual(
      DEMO.flatMap(() => ["getReserves", "totalSupply"]),
    );
  });

  it("reads the same whatever the number of pairs the factory holds", async () => {
    const seen: string[][] = [];
    for (const others of [0, 97, 10_000]) {
      const client = fakeClient({ pairs: DEMO, others }, WITH_MULTICALL3);
      const cache = new PairCache();
      await readPools(asPublic(client), FACTORY, TOKENS, cache);
      await readPools(asPublic(client), FACTORY, TOKENS, cache);
      seen.push(client.reads.map((c) => `${c.functionName}(${(c.args ?? []).join(",")})`));
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    expect(seen[0]!.some((r) => r.startsWith("allPairs"))).toBe(false);
  });

  it("asks again for a pair not created yet, and lists it once the factory created it", async () => {
    const state = { pairs: ["PEPER/USDC"] };
    const client = fakeClient(state, WITH_MULTICALL3);
    const cache = new PairCache();
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    expect(client.count("getPair")).toBe(3 + 2);
    state.pairs = ["PEPER/USDC", "WETH/USDC"];
    const pools = await readPools(asPublic(client), FACTORY, TOKENS, cache);
    expect(pools.map((p) => p.address)).toEqual([client.address("PEPER/USDC"), client.address("WETH/USDC")]);
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    expect(client.count("getPair")).toBe(3 + 2 + 2 + 1);
  });

  it("leaves out a pool that stopped answering (a reset local chain) and asks the factory again next time", async () => {
    const state = { pairs: DEMO, gone: new Set<string>() };
    const client = fakeClient(state, WITH_MULTICALL3);
    const cache = new PairCache();
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    state.gone.add(client.address("WETH/USDC"));
    state.pairs = ["PEPER/WETH", "PEPER/USDC"];
    const pools = await readPools(asPublic(client), FACTORY, TOKENS, cache);
    expect(pools.map((p) => p.address)).toEqual([client.address("PEPER/WETH"), client.address("PEPER/USDC")]);
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    expect(client.count("getPair")).toBe(3 + 1);
  });

  it("fails a refresh that no read answered (the node down) instead of showing no pools", async () => {
    const client = fakeClient({ pairs: DEMO }, WITH_MULTICALL3);
    const cache = new PairCache();
    await readPools(asPublic(client), FACTORY, TOKENS, cache);
    client.multicall.mockRejectedValueOnce(new Error("fetch failed"));
    client.readContract.mockRejectedValue(new Error("fetch failed"));
    await expect(readPools(asPublic(client), FACTORY, TOKENS, cache)).rejects.toBeInstanceOf(PoolsReadError);
    client.readContract.mockReset();
    expect(await readPools(asPublic(client), FACTORY, TOKENS, cache)).toHaveLength(3);
  });

  it("keeps each chain's and factory's pairs apart", async () => {
    const cache = new PairCache();
    const a = fakeClient({ pairs: DEMO }, WITH_MULTICALL3);
    const b = fakeClient({ pairs: DEMO }, { ...WITH_MULTICALL3, id: 31338 });
    await readPools(asPublic(a), FACTORY, TOKENS, cache);
    await readPools(asPublic(b), FACTORY, TOKENS, cache);
    await readPools(asPublic(a), "0x00000000000000000000000000000000000000fb", TOKENS, cache);
    expect(b.count("getPair")).toBe(3);
    expect(a.count("getPair")).toBe(6);
  });
});
