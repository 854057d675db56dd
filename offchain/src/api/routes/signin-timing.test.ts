/**
 * A sign-in with an unknown e-mail costs what a wrong password for a known one costs: exactly one
 * key derivation, with the same parameters (counted by wrapping `crypto.scrypt`), and times from the
 * same distribution (medians compared over many attempts — robust to a busy machine, no wall-clock
 * limit). Its own file: the scrypt spy wraps the whole process.
 */
import assert from "node:assert/strict";
import crypto, { type ScryptOptions } from "node:crypto";
import { syncBuiltinESMExports } from "node:module";
import { after, before, describe, it } from "node:test";

import { globalUsers } from "../../db/schema.ts";
import { TEST_PASSWORD, testApi, type TestApi } from "../testing.ts";

/** Every scrypt run since the spy was installed: its cost parameters. */
const runs: string[] = [];
const realScrypt = crypto.scrypt;
function installSpy() {
  crypto.scrypt = ((...args: unknown[]) => {
    const options = args.length === 5 ? (args[3] as ScryptOptions) : {};
    runs.push(
      `N=${options.N ?? options.cost} r=${options.r ?? options.blockSize} p=${options.p ?? options.parallelization}`,
    );
    return (realScrypt as (...a: unknown[]) => void)(...args);
  }) as typeof crypto.scrypt;
  syncBuiltinESMExports();
}
function removeSpy() {
  crypto.scrypt = realScrypt;
  syncBuiltinESMExports();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

describe("sign-in timing does not tell whether an e-mail is registered", () => {
  let api: TestApi;
  const known = "known@example.com";
  const walletOnly = "wallet-only@example.com";
  before(async () => {
    // Generous limits: this file measures cost, not throttling.
    api = await testApi({ limits: { signInFailuresPerSource: 1000, signInFailuresPerIp: 10_000 } });
    const res = await api.call("POST", "/api/v5/auth/register", {
      body: { email: known, password: TEST_PASSWORD, region: "DE" },
    });
    assert.equal(res.statusCode, 201, res.body);
    await api.database.db.insert(globalUsers).values({ email: walletOnly, passwordHash: null, region: "DE" });
    installSpy();
  });
  after(async () => {
    removeSpy();
    await api.close();
  });

  const attempt = async (email: string) => {
    const start = performance.now();
    const res = await api.call("POST", "/api/v5/auth/global-login", {
      body: { email, password: "wrong password!!", region: "DE" },
    });
    const ms = performance.now() - start;
    assert.equal(res.statusCode, 401, res.body);
    return ms;
  };

  it("runs the key derivation exactly once, with the same parameters, on every path", async () => {
    const costs: Record<string, string[]> = {};
    // The first attempts of a fresh server first: a lazily made decoy hash would show there.
    for (const email of ["nobody-first@example.com", known, walletOnly, "nobody-second@example.com"]) {
      runs.length = 0;
      await attempt(email);
      costs[email] = [...runs];
    }
    const expected = costs[known]!;
    assert.equal(expected.length, 1, `a wrong password: ${expected.join("; ")}`);
    assert.match(expected[0]!, /^N=32768 r=8 p=1$/);
    assert.deepEqual(costs, {
      "nobody-first@example.com": expected,
      [known]: expected,
      [walletOnly]: expected,
      "nobody-second@example.com": expected,
    });
  });

  it("takes as long for an unknown e-mail as for a wrong password (medians of 20 attempts within 0.5–2x)", async () => {
    const unknown: number[] = [];
    const wrong: number[] = [];
    // Interleaved, so a burst of load on the machine hits both series alike.
    for (let i = 0; i < 20; i++) {
      unknown.push(await attempt(`nobody-${i}@example.com`));
      wrong.push(await attempt(known));
    }
    const ratio = median(unknown) / median(wrong);
    assert.ok(
      ratio > 0.5 && ratio < 2,
      `unknown e-mail ${median(unknown).toFixed(1)} ms, wrong password ${median(wrong).toFixed(1)} ms (ratio ${ratio.toFixed(2)})`,
    );
  });
});
