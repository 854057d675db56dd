import type { Address, PublicClient } from "viem";
import { describe, expect, it, vi } from "vitest";

import { MULTICALL3_ADDRESS } from "../config/multicall3.ts";
import { DEPLOYLESS_CHUNK, readPools } from "./pools.ts";

const FACTORY = "0x00000000000000000000000000000000000000fa" as Address;
const token = (n: number, symbol: string) => ({
  address: `0x${String(n).padStart(40, "0")}` as Address,
  symbol,
  name: symbol,
  decimals: 18,
});
const TOKENS = [token(1, "PEPER"), token(2, "USDC")];
const pairAt = (i: number) => `0x${(0xa000 + i).toString(16).padStart(40, "0")}` as Address;

interface Call {
  address: Address;
  functionName: string;
  args?: readonly unknown[];
}

/** A PublicClient for a factory of `pairs` pairs, every one PEPER/USDC; its calls are recorded. */
function fakeClient(pairs: number, chain: unknown, refuseMulticall = false) {
  const answer = ({ functionName, args }: Call): unknown => {
    if (functionName === "allPairsLength") return BigInt(pairs);
    if (functionName === "allPairs") return pairAt(Number(args![0]));
    if (functionName === "token0") return TOKENS[0]!.address;
    if (functionName === "token1") return TOKENS[1]!.address;
    if (functionName === "getReserves") return [10n, 20n, 0] as const;
    if (functionName === "totalSupply") return 5n;
    throw new Error(`unexpected ${functionName}`);
  };
  return {
    chain,
    readContract: vi.fn(async (call: Call) => answer(call)),
    multicall: vi.fn(async ({ contracts }: { contracts: Call[] }) => {
      if (refuseMulticall) throw new Error("Missing or invalid parameters.");
      return contracts.map(answer);
    }),
  };
}

describe("readPools", () => {
  it("reads 100 pairs in three calls, two of them aggregates to the chain's Multicall3", async () => {
    const client = fakeClient(100, { id: 31337, contracts: { multicall3: { address: MULTICALL3_ADDRESS } } });
    const pools = await readPools(client as unknown as PublicClient, FACTORY, TOKENS);
    expect(pools).toHaveLength(100);
    expect(pools[99]).toMatchObject({ address: pairAt(99), reserve0: 10n, reserve1: 20n, totalSupply: 5n });
    expect(client.readContract).toHaveBeenCalledTimes(1);
    expect(client.multicall).toHaveBeenCalledTimes(2);
    for (const [options] of client.multicall.mock.calls) {
      expect(options).toMatchObject({ deployless: false, batchSize: 0 });
    }
    expect(client.multicall.mock.calls[1]![0].contracts).toHaveLength(400);
  });

  it("runs the aggregates deployless in chunks under the initcode limit when the chain names no Multicall3", async () => {
    const client = fakeClient(3, { id: 31337 });
    expect(await readPools(client as unknown as PublicClient, FACTORY, TOKENS)).toHaveLength(3);
    for (const [options] of client.multicall.mock.calls) {
      expect(options).toMatchObject({ deployless: true, batchSize: DEPLOYLESS_CHUNK });
    }
  });

  it("falls back to one call per pair and field when the node refuses the aggregate", async () => {
    const client = fakeClient(3, { id: 31337, contracts: { multicall3: { address: MULTICALL3_ADDRESS } } }, true);
    expect(await readPools(client as unknown as PublicClient, FACTORY, TOKENS)).toHaveLength(3);
    expect(client.readContract).toHaveBeenCalledTimes(1 + 3 * 5);
  });
});
