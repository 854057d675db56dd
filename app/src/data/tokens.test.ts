import type { Address, PublicClient } from "viem";
import { describe, expect, it, vi } from "vitest";

import { readTokens, TokenCache } from "./tokens.ts";

const at = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as Address;
const DEPLOYMENT: Record<string, Address> = { PeperToken: at(1), PeperRouter: at(0xa0), IndexVault: at(0xe0) };
const SYMBOLS: Record<string, string> = { [at(1)]: "PEPER", [at(2)]: "WETH", [at(3)]: "USDC" };

interface Call {
  address: Address;
  functionName: string;
}

function fakeClient(chainId = 31337) {
  const readContract = vi.fn(async ({ address, functionName }: Call): Promise<unknown> => {
    if (functionName === "WETH") return at(2);
    if (functionName === "asset") return at(3);
    if (functionName === "symbol" || functionName === "name") return SYMBOLS[address];
    if (functionName === "decimals") return SYMBOLS[address] === "USDC" ? 6 : 18;
    throw new Error(`unexpected ${functionName}`);
  });
  return { chain: { id: chainId }, readContract };
}

describe("readTokens", () => {
  it("reads PEPER, the router's WETH and the vault's asset with their metadata", async () => {
    const client = fakeClient();
    const tokens = await readTokens(client as unknown as PublicClient, (n) => DEPLOYMENT[n], new TokenCache());
    expect(tokens.map((t) => [t.symbol, t.decimals])).toEqual([
      ["PEPER", 18],
      ["WETH", 18],
      ["USDC", 6],
    ]);
  });

  it("reads them once: later refreshes make no call", async () => {
    const client = fakeClient();
    const cache = new TokenCache();
    const first = await readTokens(client as unknown as PublicClient, (n) => DEPLOYMENT[n], cache);
    const calls = client.readContract.mock.calls.length;
    expect(calls).toBe(2 + 3 * 3);
    for (let i = 0; i < 3; i++) {
      expect(await readTokens(client as unknown as PublicClient, (n) => DEPLOYMENT[n], cache)).toEqual(first);
    }
    expect(client.readContract).toHaveBeenCalledTimes(calls);
    // another chain is read on its own
    const other = fakeClient(31338);
    await readTokens(other as unknown as PublicClient, (n) => DEPLOYMENT[n], cache);
    expect(other.readContract).toHaveBeenCalledTimes(calls);
  });

  it("forgets a failed read, so the next refresh tries again", async () => {
    const client = fakeClient();
    const cache = new TokenCache();
    client.readContract.mockRejectedValueOnce(new Error("node down"));
    await expect(readTokens(client as unknown as PublicClient, (n) => DEPLOYMENT[n], cache)).rejects.toThrow();
    expect(await readTokens(client as unknown as PublicClient, (n) => DEPLOYMENT[n], cache)).toHaveLength(3);
  });
});
