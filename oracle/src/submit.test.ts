import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { rpc } from "../../scripts/lib/runtime.ts";
import { DEV_KEYS, startChain, type TestChain } from "../test/chain.ts";
import { submitWithReplacement } from "./submit.ts";

describe("transaction submission", () => {
  let chain: TestChain;
  before(async () => {
    chain = await startChain();
  });
  after(async () => {
    await chain.stop();
  });

  it("replaces a transaction stuck behind a fee spike with the same nonce and higher fees", async () => {
    const account = privateKeyToAccount(DEV_KEYS[1]);
    const transport = http(chain.url);
    const client = createPublicClient({ transport }) as PublicClient;
    const wallet = createWalletClient({ account, transport });
    await rpc(chain.url, "evm_setAutomine", [false]);
    const { maxFeePerGas } = await client.estimateFeesPerGas(); // what the first attempt will offer
    const spike = (maxFeePerGas * 14n) / 10n; // a base fee that attempt cannot pay
    const nonceBefore = await client.getTransactionCount({ address: account.address });
    // Once the first attempt is in the mempool, the chain congests: every block demands the spiked
    // base fee, a block every 200 ms.
    let mining = true;
    let firstSent!: () => void;
    const sentPromise = new Promise<void>((resolve) => (firstSent = resolve));
    const miner = (async () => {
      await sentPromise;
      while (mining) {
        await rpc(chain.url, "hardhat_setNextBlockBaseFeePerGas", [`0x${spike.toString(16)}`]);
        await rpc(chain.url, "evm_mine");
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const logs: string[] = [];
    try {
      const { receipt, replacements } = await submitWithReplacement(
        client,
        wallet,
        account,
        { to: "0x000000000000000000000000000000000000dEaD", data: "0x" },
        {
          // long enough that the paying attempt is always mined (a block every ~200 ms) before a third
          // replacement could be sent, even when the machine stalls for a moment
          replaceAfterMs: 2500,
          bumpPercent: 25,
          maxReplacements: 5,
          log: (msg) => logs.push(msg),
          onSent: () => firstSent(),
        },
      );
      assert.equal(receipt.status, "success");
      // 1.25 < 1.4 < 1.25²: the second replacement is the first that can pay.
      assert.equal(replacements, 2);
      assert.equal(logs.length, 2);
      const tx = await client.getTransaction({ hash: receipt.transactionHash });
      assert.equal(tx.nonce, nonceBefore, "the replacement reused the stuck nonce");
      assert.equal(await client.getTransactionCount({ address: account.address }), nonceBefore + 1);
    } finally {
      mining = false;
      await miner;
      await rpc(chain.url, "evm_setAutomine", [true]);
    }
  });

  it("sends one transaction at a time per account and chain (an oracle report and a bridge attestation at once)", async () => {
    const account = privateKeyToAccount(DEV_KEYS[2]);
    const transport = http(chain.url);
    const client = createPublicClient({ transport }) as PublicClient;
    const wallet = createWalletClient({ account, transport });
    const nonceBefore = await client.getTransactionCount({ address: account.address });
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        submitWithReplacement(client, wallet, account, {
          to: `0x00000000000000000000000000000000000000${i.toString(16).padStart(2, "0")}`,
          data: "0x",
        }),
      ),
    );
    const nonces = await Promise.all(
      results.map(async ({ receipt }) => (await client.getTransaction({ hash: receipt.transactionHash })).nonce),
    );
    assert.deepEqual(
      nonces.sort((x, y) => x - y),
      [nonceBefore, nonceBefore + 1, nonceBefore + 2],
    );
    for (const { receipt } of results) assert.equal(receipt.status, "success");
  });
});
