import type { PublicClient } from "viem";
import { describe, expect, it, vi } from "vitest";

import { readPoolsCandles } from "./candles.ts";
import type { Pool } from "./pools.ts";
import { SubgraphError, type Fetch } from "./subgraph.ts";

const token = (n: number, symbol: string) => ({
  address: `0x${String(n).padStart(40, "0")}` as const,
  symbol,
  name: symbol,
  decimals: 18,
});
const pool = (n: number): Pool => ({
  address: `0x${String(n).padStart(40, "a")}` as `0x${string}`,
  token0: token(1, "PEPER"),
  token1: token(2, "USDC"),
  reserve0: 0n,
  reserve1: 0n,
  totalSupply: 0n,
});
const POOLS = [pool(1), pool(2)];

/** A PublicClient whose calls are recorded: a Sync of pool 1 at block 950 (reserves 1:2 → price 2). */
function fakeClient() {
  const client = {
    getBlockNumber: vi.fn(async () => 1_000n),
    getBlock: vi.fn(async ({ blockNumber }: { blockNumber: bigint }) => ({ timestamp: blockNumber * 10n })),
    getContractEvents: vi.fn(async () => [
      { address: POOLS[0]!.address, blockNumber: 950n, args: { reserve0: 10n ** 18n, reserve1: 2n * 10n ** 18n } },
    ]),
  };
  return { client, asPublic: client as unknown as PublicClient };
}

const answer =
  (status: number, body: unknown): Fetch =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("readPoolsCandles: the subgraph first, the chain only without one", () => {
  it("reads every pool's candles in one subgraph query and makes no RPC call", async () => {
    const { client, asPublic } = fakeClient();
    const fetch = vi.fn(
      answer(200, {
        data: {
          pairHourDatas: [
            { pair: { id: POOLS[1]!.address }, hourStartUnix: 7200, token1Price: "4" },
            { pair: { id: POOLS[0]!.address }, hourStartUnix: 3600, token1Price: "1.5" },
          ],
        },
      }),
    );
    const result = await readPoolsCandles(asPublic, 31337, POOLS, { fetch });
    expect(result.source).toBe("subgraph");
    expect(fetch).toHaveBeenCalledTimes(1);
    const variables = JSON.parse(String(fetch.mock.calls[0]![1].body)).variables as { pairs: string[] };
    expect(variables.pairs).toEqual(POOLS.map((p) => p.address.toLowerCase()));
    expect(result.byPool.get(POOLS[0]!.address)?.map((c) => c.close)).toEqual([1.5]);
    expect(result.byPool.get(POOLS[1]!.address)?.map((c) => c.close)).toEqual([4]);
    expect(client.getContractEvents).not.toHaveBeenCalled();
    expect(client.getBlock).not.toHaveBeenCalled();
  });

  it("without a subgraph (404), reads the pools' Sync events of the last blocks in one eth_getLogs", async () => {
    const { client, asPublic } = fakeClient();
    const result = await readPoolsCandles(asPublic, 31337, POOLS, {
      fetch: answer(404, { error: "no subgraph for chain 31337" }),
      blocks: 100n,
    });
    expect(result.source).toBe("chain");
    expect(client.getContractEvents).toHaveBeenCalledTimes(1);
    expect(client.getContractEvents).toHaveBeenCalledWith(
      expect.objectContaining({ address: POOLS.map((p) => p.address), fromBlock: 901n, toBlock: 1_000n }),
    );
    expect(client.getBlock).toHaveBeenCalledTimes(2); // the range's ends, not one per Sync
    expect(result.byPool.get(POOLS[0]!.address)).toEqual([{ time: 9_480, open: 2, high: 2, low: 2, close: 2 }]);
    expect(result.byPool.get(POOLS[1]!.address)).toEqual([]);
  });

  it("shows an indexer that does not answer as an error instead of reading the chain", async () => {
    const { client, asPublic } = fakeClient();
    const failure = readPoolsCandles(asPublic, 31337, POOLS, { fetch: answer(503, { error: "indexer down" }) });
    await expect(failure).rejects.toBeInstanceOf(SubgraphError);
    await expect(failure).rejects.toMatchObject({ kind: "unavailable" });
    expect(client.getContractEvents).not.toHaveBeenCalled();
  });
});

describe("readPoolsCandles with many pools", () => {
  it("asks for 200 pairs per query, so the request stays under the proxy's body limit", async () => {
    const { asPublic } = fakeClient();
    const many = Array.from({ length: 450 }, (_, i) => pool(i + 10));
    const fetch = vi.fn(answer(200, { data: { pairHourDatas: [] } }));
    const result = await readPoolsCandles(asPublic, 31337, many, { fetch });
    expect(fetch).toHaveBeenCalledTimes(3);
    const sizes = fetch.mock.calls.map(
      (c) => (JSON.parse(String(c[1].body)).variables as { pairs: string[] }).pairs.length,
    );
    expect(sizes).toEqual([200, 200, 50]);
    expect(Math.max(...fetch.mock.calls.map((c) => String(c[1].body).length))).toBeLessThan(16 * 1024);
    expect(result.byPool.size).toBe(450);
  });
});
