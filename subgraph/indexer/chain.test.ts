// The CLI against a real Hardhat node: deploys two DemoTokens and the PeperFactory, creates a pair
// and adds liquidity in the same block as its creation, runs `bin/peper-indexer.ts` as a process,
// queries it over HTTP with graph-node's request shape, then restarts the node from genesis (the
// indexer wipes and reindexes) and stops it with SIGTERM (it commits and exits 0).
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { createPublicClient, createWalletClient, http, type Abi, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { artifact, DEV_KEYS, startChain, type TestChain } from "../../offchain/src/testing/chain.ts";
import { buildFixture, writeFixtureManifest } from "./testing.ts";

const BIN = fileURLToPath(new URL("./bin/peper-indexer.ts", import.meta.url));
const WAD = 10n ** 18n;

describe("peper-indexer CLI on a Hardhat chain", () => {
  let chain: TestChain;
  let child: ChildProcess;
  let base = "";
  let tmp: string;
  let manifest: string;
  const lines: Record<string, unknown>[] = [];
  let exited: Promise<number | null>;

  const rpc = async (method: string, params: unknown[] = []) => {
    const res = await fetch(chain.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await res.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const health = async () => (await (await fetch(`${base}/health`)).json()) as Record<string, unknown>;
  const waitFor = async (what: string, ok: (h: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 600; i++) {
      const h = await health();
      if (ok(h)) return h;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await health())}`);
  };
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${base}/subgraphs/name/peper-test`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    return (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  };

  before(async () => {
    const fixture = buildFixture();
    chain = await startChain();
    tmp = mkdtempSync(join(tmpdir(), "peper-indexer-cli-"));

    const transport = http(chain.url);
    const account = privateKeyToAccount(DEV_KEYS[0]);
    const publicClient = createPublicClient({ transport });
    const wallet = createWalletClient({ account, transport, chain: undefined });
    const deploy = async (path: string, args: unknown[]) => {
      const { abi, bytecode } = artifact(path);
      const hash = await wallet.deployContract({ abi, bytecode, args, chain: null });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      return { address: receipt.contractAddress!, abi };
    };
    const tokenA = await deploy("demo/DemoToken.sol/DemoToken.json", [
      "Token A",
      "TKA",
      18,
      [account.address],
      [10n ** 6n * WAD],
    ]);
    const tokenB = await deploy("demo/DemoToken.sol/DemoToken.json", [
      "Token B",
      "TKB",
      18,
      [account.address],
      [10n ** 6n * WAD],
    ]);
    const factory = await deploy("defi/PeperFactory.sol/PeperFactory.json", [account.address]);
    manifest = writeFixtureManifest(fixture, {
      factory: factory.address.toLowerCase() as Hex,
      file: `chain-test-${process.pid}.yaml`,
    });

    // One block: create the pair, fund it and mint liquidity (the pair's Sync comes after its creation).
    const pairAbi = artifact("defi/PeperPair.sol/PeperPair.json").abi;
    const { result: pair } = await publicClient.simulateContract({
      address: factory.address,
      abi: factory.abi,
      functionName: "createPair",
      args: [tokenA.address, tokenB.address],
      account,
    });
    await rpc("evm_setAutomine", [false]);
    const write = (address: Address, abi: Abi, functionName: string, args: unknown[]) =>
      wallet.writeContract({ address, abi, functionName, args, gas: 5_000_000n, chain: null });
    await write(factory.address, factory.abi, "createPair", [tokenA.address, tokenB.address]);
    await write(tokenA.address, tokenA.abi, "transfer", [pair, 1000n * WAD]);
    await write(tokenB.address, tokenB.abi, "transfer", [pair, 3000n * WAD]);
    await write(pair as Address, pairAbi, "mint", [account.address]);
    await rpc("evm_mine");
    await rpc("evm_setAutomine", [true]);

    child = spawn(
      process.execPath,
      [
        BIN,
        "--rpc-url",
        chain.url,
        "--manifest",
        manifest,
        "--build-dir",
        join(fixture, "build"),
        "--db",
        join(tmp, "indexer.sqlite"),
        "--port",
        "0",
        "--poll-ms",
        "100",
        "--name",
        "peper-test",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const record = JSON.parse(line) as Record<string, unknown>;
        lines.push(record);
        if (record["msg"] === "listening") resolve(String(record["health"]).replace(/\/health$/, ""));
      });
      child.once("exit", (code) => reject(new Error(`indexer exited with ${code}: ${stderr}`)));
    });
    base = await listening;
  });

  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    await chain?.stop();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(manifest, { force: true });
  });

  it("indexes the chain and answers graph-node-shaped queries", async () => {
    const head = Number(await rpc("eth_blockNumber"));
    const h = await waitFor("the head", (x) => x["indexedBlock"] === head);
    assert.equal(h["network"], "hardhat");
    assert.equal(h["chainId"], 31337);
    assert.equal(h["state"], "synced");

    const { data, errors } = await gql(
      `query Pairs($first: Int!) {
        pairs(first: $first) { id reserve0 reserve1 price syncs { blockNumber } token0 { transferCount } }
        transfers(where: { value: "${1000n * WAD}" }) { blockNumber }
        _meta { block { number } hasIndexingErrors }
      }`,
      { first: 5 },
    );
    assert.equal(errors, undefined);
    const pairs = data!["pairs"] as {
      reserve0: string;
      reserve1: string;
      price: string;
      syncs: { blockNumber: string }[];
    }[];
    assert.equal(pairs.length, 1);
    const reserves = [pairs[0]!.reserve0, pairs[0]!.reserve1].sort();
    assert.deepEqual(reserves, [(1000n * WAD).toString(), (3000n * WAD).toString()]);
    assert.ok(pairs[0]!.price === "3" || pairs[0]!.price === "0.3333333333333333333333333333333333");
    // The Sync was handled in the very block that created the pair.
    const fundingBlock = (data!["transfers"] as { blockNumber: string }[])[0]!.blockNumber;
    assert.deepEqual(pairs[0]!.syncs, [{ blockNumber: fundingBlock }]);
    assert.deepEqual(data!["_meta"], { block: { number: head }, hasIndexingErrors: false });
  });

  it("speaks graph-node's HTTP shape and refuses malformed requests", async () => {
    const bad = await fetch(`${base}/subgraphs/name/peper-test`, { method: "POST", body: "{" });
    assert.equal(bad.status, 400);
    const noQuery = await fetch(`${base}/subgraphs/name/peper-test`, { method: "POST", body: "{}" });
    assert.equal(noQuery.status, 400);
    assert.equal((await fetch(`${base}/subgraphs/name/other`, { method: "POST", body: "{}" })).status, 404);
    assert.equal((await fetch(`${base}/subgraphs/name/peper-test`)).status, 200);
    assert.equal((await fetch(`${base}/subgraphs/name/peper-test`, { method: "PUT" })).status, 405);
    const preflight = await fetch(`${base}/subgraphs/name/peper-test`, { method: "OPTIONS" });
    assert.equal(preflight.status, 204);
    const { errors } = await gql(`{ pairs(first: 5000) { id } }`);
    assert.match(errors![0]!.message, /The `first` argument must be between 0 and 1000, but is 5000/);
  });

  it("wipes and reindexes when the chain is restarted from genesis", async () => {
    assert.ok(((await health())["entities"] as number) > 0);
    // What `npm start -- --fresh` does to the indexer: a new node on the same port.
    const port = chain.port;
    await chain.stop();
    chain = await startChain(port);
    const h = await waitFor("the reset", (x) => x["entities"] === 0 && x["indexedBlock"] === Number(x["latestBlock"]));
    assert.equal(h["state"], "synced");
    assert.ok(lines.some((l) => String(l["msg"]).startsWith("chain or subgraph reset")));
  });

  it("stops on SIGTERM after committing, exit code 0", async () => {
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    assert.ok(lines.some((l) => l["msg"] === "stopped"));
  });
});
