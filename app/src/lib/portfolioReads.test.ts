import type { Address, PublicClient } from "viem";
import { erc20Abi } from "viem";
import { describe, expect, it, vi } from "vitest";

import { readBatch } from "./portfolioReads.ts";

const A = "0x00000000000000000000000000000000000000a1" as Address;
const call = (args: readonly unknown[]) => ({ address: A, abi: erc20Abi, functionName: "balanceOf", args });

describe("readBatch", () => {
  it("asks once, with every call, and keeps a failed call from failing the others", async () => {
    const multicall = vi.fn(async () => [
      { status: "success", result: 5n },
      { status: "failure", error: new Error("reverted") },
    ]);
    const readContract = vi.fn();
    const client = { chain: undefined, multicall, readContract } as unknown as PublicClient;
    expect(await readBatch(client, [call([A]), call([A])])).toEqual([{ ok: true, value: 5n }, { ok: false }]);
    expect(multicall).toHaveBeenCalledTimes(1);
    expect(multicall.mock.calls[0]).toMatchObject([{ allowFailure: true, deployless: true }]);
    expect(readContract).not.toHaveBeenCalled();
  });

  it("uses the chain's Multicall3 when the chain names one", async () => {
    const multicall = vi.fn(async () => [{ status: "success", result: 1n }]);
    const client = {
      chain: { contracts: { multicall3: { address: "0xcA11bde05977b3631167028862bE2a173976CA11" } } },
      multicall,
    } as unknown as PublicClient;
    await readBatch(client, [call([A])]);
    expect(multicall.mock.calls[0]).toMatchObject([{ deployless: false }]);
  });

  it("falls back to one call each when the node refuses the aggregate", async () => {
    const multicall = vi.fn(async () => {
      throw new Error("Missing or invalid parameters");
    });
    const readContract = vi.fn(async ({ args }: { args: readonly unknown[] }) => {
      if (args[0] === "bad") throw new Error("reverted");
      return 7n;
    });
    const client = { chain: undefined, multicall, readContract } as unknown as PublicClient;
    expect(await readBatch(client, [call([A]), call(["bad"]), call([A])])).toEqual([
      { ok: true, value: 7n },
      { ok: false },
      { ok: true, value: 7n },
    ]);
    expect(readContract).toHaveBeenCalledTimes(3);
    expect(await readBatch(client, [])).toEqual([]);
  });
});
