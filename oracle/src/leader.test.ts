import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { privateKeyToAccount } from "viem/accounts";

import { open, PeerAuthError, seal } from "./envelope.ts";
import { attemptAt, leaderFor, mayLead, roundAt } from "./leader.ts";

const ops = [
  "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
] as const;

describe("leader rotation", () => {
  it("rounds are fixed windows and leaders rotate round-robin", () => {
    assert.equal(roundAt(1000n, 15), 66n);
    assert.equal(leaderFor(ops, 66n, 0), ops[0]);
    assert.equal(leaderFor(ops, 67n, 0), ops[1]);
    assert.equal(leaderFor(ops, 68n, 0), ops[2]);
  });

  it("fails over to the next operator every leader timeout", () => {
    // round 66 spans [990, 1005): 10 s per attempt
    assert.equal(attemptAt(990n, 15, 10), 0);
    assert.equal(attemptAt(1000n, 15, 10), 1);
    assert.equal(leaderFor(ops, 66n, 1), ops[1]);
    assert.ok(mayLead(ops, ops[1], 66n, 1));
    assert.ok(!mayLead(ops, ops[2], 66n, 1));
    assert.ok(mayLead(ops, ops[0], 66n, 5)); // attempts wrap around
  });
});

describe("peer envelopes", () => {
  const operator = privateKeyToAccount("0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356");
  const outsider = privateKeyToAccount("0x0000000000000000000000000000000000000000000000000000000000000bad");

  it("round-trips a message with bigints from an operator", async () => {
    const env = await seal(operator, { round: 7n, note: "hi" });
    assert.deepEqual(await open(env, ops), { round: 7n, note: "hi" });
  });

  it("refuses a non-operator, a tampered body, and a malformed envelope", async () => {
    await assert.rejects(open(await seal(outsider, { a: 1 }), ops), PeerAuthError);
    const env = await seal(operator, { round: 7n });
    await assert.rejects(open({ ...env, body: env.body.replace("7n", "8n") }, ops), /bad signature/);
    await assert.rejects(open({ sender: ops[0] } as never, ops), /malformed envelope/);
  });
});
