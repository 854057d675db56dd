// The real subgraph (subgraph/subgraph.yaml rendered and subgraph/build/ built by `npm run build`
// in subgraph/): every mapping loads in this host (all its imports are provided), the API builds
// and answers every collection, and token, pair-creation and pair events run through the real
// handlers without an indexing error. Skipped, saying why, when the subgraph is not built.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { encodeAbiParameters, type AbiEvent } from "viem";

import { loadManifest } from "./manifest.ts";
import { createIndexerService } from "./service.ts";
import { address, SyntheticChain, writeSubgraphManifest, type SyntheticEvent } from "./testing.ts";
import type { Hex } from "./values.ts";

const SUBGRAPH = join(dirname(fileURLToPath(import.meta.url)), "..");
const MANIFEST = join(SUBGRAPH, "subgraph.yaml");
const built = existsSync(MANIFEST) && existsSync(join(SUBGRAPH, "build", "subgraph.yaml"));
const skip = built ? false : "the subgraph is not rendered and built (cd subgraph && npm run build)";

describe("the real subgraph build", () => {
  it("loads every mapping and builds the query API", { skip }, async () => {
    const manifest = loadManifest({ manifestPath: MANIFEST });
    assert.ok(manifest.dataSources.length > 0);
    const service = createIndexerService({
      manifestPath: MANIFEST,
      dbPath: ":memory:",
      source: new SyntheticChain().source,
    });
    try {
      for (const [type, [, plural]] of service.api.queryFields) {
        const r = await service.api.execute({ query: `{ ${plural}(first: 1) { id } }` });
        assert.equal(r.errors, undefined, `${type}: ${JSON.stringify(r.errors)}`);
      }
    } finally {
      await service.close();
    }
  });

  it("runs token and pair events through the real handlers", { skip }, async () => {
    // The rendered manifest may carry a local deployment's start blocks: index from block 0 here.
    const tmp = mkdtempSync(join(tmpdir(), "peper-real-subgraph-"));
    const manifestPath = writeSubgraphManifest(tmp);
    const buildDir = join(SUBGRAPH, "build");
    const manifest = loadManifest({ manifestPath, buildDir });
    const ds = (name: string) => manifest.dataSources.find((d) => d.name === name);
    const abi = (file: string) =>
      JSON.parse(readFileSync(join(SUBGRAPH, "abis", `${file}.json`), "utf8")) as AbiEvent[];
    const event = (file: string, name: string) => {
      const e = abi(file).find((i) => i.type === "event" && i.name === name);
      assert.ok(e, `${file} has no event ${name}`);
      return e;
    };
    const token = ds("PeperToken");
    const factory = ds("PeperFactory");
    assert.ok(token && factory, "the manifest has the PeperToken and PeperFactory data sources");
    const at = (d: { address: Hex | null }) => d.address ?? address(0);
    const ZERO = address(0);
    const [alice, bob, pair, t0, t1] = [address(0x111), address(0x222), address(0x9a1), address(0xa), address(0xb)];
    const WAD = 10n ** 18n;
    const chain = new SyntheticChain();
    const e = (addr: Hex, file: string, name: string, args: Record<string, unknown>): SyntheticEvent => ({
      address: addr,
      event: event(file, name),
      args,
    });
    chain.block([[e(at(token), "PeperToken", "Transfer", { from: ZERO, to: alice, value: 1000n * WAD })]]);
    chain.block([[e(at(token), "PeperToken", "Transfer", { from: alice, to: bob, value: 10n * WAD })]]);
    chain.block([
      [e(at(factory), "PeperFactory", "PairCreated", { token0: t0, token1: t1, pair, allPairsLength: 1n })],
    ]);
    chain.block([
      [
        e(pair, "PeperPair", "Transfer", { from: ZERO, to: alice, value: 1000n }),
        e(pair, "PeperPair", "Sync", { reserve0: 1000n * WAD, reserve1: 3000n * WAD }),
        e(pair, "PeperPair", "Mint", { sender: alice, amount0: 1000n * WAD, amount1: 3000n * WAD }),
      ],
    ]);
    chain.block([
      [
        e(pair, "PeperPair", "Sync", { reserve0: 2000n * WAD, reserve1: 1500n * WAD }),
        e(pair, "PeperPair", "Swap", {
          sender: alice,
          amount0In: 1000n * WAD,
          amount1In: 0n,
          amount0Out: 0n,
          amount1Out: 1500n * WAD,
          to: bob,
        }),
      ],
    ]);
    // The tokens' contracts, as eth_call answers at the PairCreated block: t0 is a 6-decimal token;
    // t1 answers symbol() with a bytes32 (it does not decode as a string: a revert to the mapping,
    // which then reads it as bytes32) and has no name() or decimals(). The node fails once.
    const word = (text: string) => `0x${Buffer.from(text).toString("hex").padEnd(64, "0")}` as Hex;
    const selectors: Record<string, string> = {
      "0x95d89b41": "symbol",
      "0x06fdde03": "name",
      "0x313ce567": "decimals",
      "0x18160ddd": "totalSupply",
    };
    const contracts: Record<string, Record<string, Hex | null>> = {
      [t0]: {
        symbol: encodeAbiParameters([{ type: "string" }], ["AAA"]),
        name: encodeAbiParameters([{ type: "string" }], ["Token A"]),
        decimals: encodeAbiParameters([{ type: "uint8" }], [6]),
        totalSupply: encodeAbiParameters([{ type: "uint256" }], [123n]),
      },
      [t1]: { symbol: word("BBB"), name: null, decimals: null, totalSupply: null },
    };
    let failures = 1;
    const calls: bigint[] = [];
    chain.source.callHandler = (call) => {
      calls.push(call.blockNumber);
      if (failures-- > 0) throw new Error("connection refused");
      const data = contracts[call.to]?.[selectors[call.data] ?? ""];
      return data ? { reverted: false, data } : { reverted: true, reason: "execution reverted" };
    };
    const service = createIndexerService({ manifestPath, buildDir, dbPath: ":memory:", source: chain.source });
    try {
      await assert.rejects(service.indexer.sync(), /connection refused/, "a node failure is transient");
      assert.equal(service.health().indexedBlock, null, "nothing of the failed batch committed");
      await service.indexer.sync();
      const health = service.health();
      assert.equal(health.error, null);
      assert.equal(health.state, "synced");
      assert.equal(health.indexedBlock, 4);
      assert.equal(service.store.dataSources.length, 1, "the pair template was instantiated");
      assert.ok(service.store.count() > 5);
      assert.ok(
        calls.every((n) => n === 2n),
        "calls are made at the event's block",
      );
      const r = await service.api.execute({
        query: `{ tokens(orderBy: id) { id symbol name decimals totalSupply }
          pair(id: "${pair}") { reserve0 reserve1 reserve0Raw token0Price token1Price volumeToken0 } }`,
      });
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      const data = JSON.parse(JSON.stringify(r.data)) as Record<string, unknown>;
      assert.deepEqual(data["tokens"], [
        { id: t0, symbol: "AAA", name: "Token A", decimals: "6", totalSupply: "123" },
        { id: t1, symbol: "BBB", name: "unknown", decimals: "0", totalSupply: "0" },
      ]);
      // Whole tokens with each token's decimals: 2000e18 base units of a 6-decimal token, 1500e18 of a 0-decimal one.
      // token0Price is token0 per token1 (Uniswap's orientation), to 34 significant digits.
      assert.deepEqual(data["pair"], {
        reserve0: "2000000000000000",
        reserve1: "1500000000000000000000",
        reserve0Raw: "2000000000000000000000",
        token0Price: `0.00000${"1".padEnd(34, "3")}`,
        token1Price: "750000",
        volumeToken0: "1000000000000000",
      });
    } finally {
      await service.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
