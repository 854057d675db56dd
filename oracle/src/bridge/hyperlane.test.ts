// Unit tests of the Hyperlane agent's pure parts: the incremental tree against a plain full-tree
// computation, the checkpoint selection the relayer makes, and its configuration.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import fc from "fast-check";
import { concat, keccak256, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { checkpointHash, type Checkpoint } from "../../../offchain/src/protocol/bridge.ts";
import { ConfigError } from "../config.ts";
import { parseHyperlaneConfig } from "./config.ts";
import { checkpointStore, selectCheckpointSignatures } from "./hyperlane.ts";
import { emptyTree, insert, root, TREE_DEPTH, ZERO_HASHES } from "./merkle.ts";

/** The root of a depth-32 tree over `leaves` (the rest empty), level by level. */
function fullRoot(leaves: readonly Hex[]): Hex {
  let level: Hex[] = [...leaves];
  for (let d = 0; d < TREE_DEPTH; d++) {
    const next: Hex[] = [];
    for (let i = 0; i < Math.max(level.length, 1); i += 2) {
      next.push(keccak256(concat([level[i] ?? ZERO_HASHES[d]!, level[i + 1] ?? ZERO_HASHES[d]!])));
    }
    level = next;
  }
  return level[0]!;
}

describe("Hyperlane agent: pure parts", () => {
  it("the incremental tree has the root of the full tree over the same leaves", () => {
    assert.equal(root(emptyTree()), fullRoot([]));
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 40 }), (raw) => {
        const leaves = raw.map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);
        let tree = emptyTree();
        for (const leaf of leaves) tree = insert(tree, leaf);
        return tree.count === leaves.length && root(tree) === fullRoot(leaves);
      }),
      { numRuns: 40 },
    );
  });

  it("selects validly signed, agreeing checkpoints in the ISM's validator order", async () => {
    const keys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
    const accounts = keys
      .map((k) => privateKeyToAccount(k))
      .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    const validators = accounts.map((a) => a.address);
    const hook: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const checkpoint: Checkpoint = {
      origin: 31337,
      merkleTreeHook: hook,
      root: `0x${"ab".repeat(32)}`,
      index: 4,
      messageId: `0x${"cd".repeat(32)}`,
    };
    const store = checkpointStore(mkdtempSync(join(tmpdir(), "peper-checkpoints-")));
    const sign = (i: number, c: Checkpoint) => accounts[i]!.signMessage({ message: { raw: checkpointHash(c) } });
    // validator 0: a checkpoint for another message; 1 and 2: good ones
    store.write(
      validators[0]!,
      { ...checkpoint, messageId: `0x${"ee".repeat(32)}` },
      await sign(0, { ...checkpoint, messageId: `0x${"ee".repeat(32)}` }),
    );
    store.write(validators[1]!, checkpoint, await sign(1, checkpoint));
    store.write(validators[2]!, checkpoint, await sign(2, checkpoint));
    const expected = { origin: 31337, merkleTreeHook: hook, index: 4, messageId: checkpoint.messageId };
    const read = (v: Address) => store.read(31337, v, 4);
    const two = await selectCheckpointSignatures(expected, validators, 2, read);
    assert.ok(two);
    assert.deepEqual(two.signatures, [await sign(1, checkpoint), await sign(2, checkpoint)]);
    assert.equal(await selectCheckpointSignatures(expected, validators, 3, read), undefined);
    // a signature by someone else under validator 2's name does not count
    store.write(validators[2]!, checkpoint, await sign(1, checkpoint));
    assert.equal(await selectCheckpointSignatures(expected, validators, 2, read), undefined);
  });

  it("validates its configuration and names the field", () => {
    const chain = (chainId: number) => ({
      chainId,
      rpcUrl: "http://127.0.0.1:8545",
      mailbox: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      merkleTreeHook: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    });
    const file = { chains: [chain(31337), chain(31338)] };
    const key = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356";
    const c = parseHyperlaneConfig(file, { PEPER_HYPERLANE_VALIDATOR_KEYS: `${key}, ${key}` });
    assert.equal(c.validatorKeys.length, 2);
    assert.equal(c.chains[1]!.domain, 31338);
    assert.equal(c.relayerKey, undefined);
    const fails = (f: unknown, env: Record<string, string>, field: string) =>
      assert.throws(
        () => parseHyperlaneConfig(f, env),
        (e: unknown) => e instanceof ConfigError && e.field === field && !e.message.includes(key.slice(2)),
      );
    fails(file, {}, "PEPER_HYPERLANE_VALIDATOR_KEYS");
    fails(file, { PEPER_HYPERLANE_VALIDATOR_KEYS: "0x1234" }, "PEPER_HYPERLANE_VALIDATOR_KEYS.0");
    fails(file, { PEPER_HYPERLANE_RELAYER_KEY: `${key}00` }, "PEPER_HYPERLANE_RELAYER_KEY");
    fails(
      { chains: [chain(31337), { ...chain(31338), mailbox: "0x1" }] },
      { PEPER_HYPERLANE_RELAYER_KEY: key },
      "chains.1.mailbox",
    );
    fails(
      { chains: [chain(31337), { ...chain(31338), domain: 31337 }] },
      { PEPER_HYPERLANE_RELAYER_KEY: key },
      "chains",
    );
  });
});
