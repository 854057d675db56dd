import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CHAINS, chainById, chainByNetwork } from "./chains.ts";

describe("chains", () => {
  it("has unique network names and chain ids", () => {
    assert.equal(new Set(CHAINS.map((c) => c.network)).size, CHAINS.length);
    assert.equal(new Set(CHAINS.map((c) => c.chainId)).size, CHAINS.length);
  });

  it("has the two local chains on loopback with chain ids 31337 and 31338", () => {
    const local = CHAINS.filter((c) => c.kind === "local");
    assert.deepEqual(
      local.map((c) => [c.chainId, c.localRpcUrl]),
      [
        [31337, "http://127.0.0.1:8545"],
        [31338, "http://127.0.0.1:8546"],
      ],
    );
  });

  it("has a mainnet and a testnet for each of the seven public networks, each with its RPC variable", () => {
    const pub = CHAINS.filter((c) => c.kind !== "local");
    assert.equal(pub.filter((c) => c.kind === "mainnet").length, 7);
    assert.equal(pub.filter((c) => c.kind === "testnet").length, 7);
    for (const c of pub) assert.match(c.rpcUrlEnv ?? "", /^[A-Z0-9_]+_RPC_URL$/, c.network);
    assert.equal(chainByNetwork("arbitrumSepolia")?.rpcUrlEnv, "ARBITRUM_SEPOLIA_RPC_URL");
    assert.equal(chainById(8453)?.network, "base");
    assert.equal(chainById(8453)?.chainType, "op");
    assert.equal(chainByNetwork("nope"), undefined);
  });
});
