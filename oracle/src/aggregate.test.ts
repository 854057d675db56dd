import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { majority, median, toBps } from "./aggregate.ts";

/** A small deterministic generator, so the property checks are reproducible. */
function* lcg(seed: number): Generator<number> {
  let s = seed >>> 0;
  for (;;) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    yield s;
  }
}

describe("median", () => {
  it("is one of the observations, between min and max, whatever the order", () => {
    const rnd = lcg(42);
    for (let t = 0; t < 500; t++) {
      const n = 1 + (rnd.next().value! % 9);
      const values = Array.from({ length: n }, () => BigInt(rnd.next().value!) - 2n ** 31n);
      const m = median(values);
      assert.ok(values.includes(m));
      assert.equal(median([...values].reverse()), m);
      // the lower median: at most floor((n-1)/2) values below it, at most n-1-floor((n-1)/2) above
      const k = Math.floor((n - 1) / 2);
      assert.ok(values.filter((v) => v < m).length <= k);
      assert.ok(values.filter((v) => v > m).length <= n - 1 - k);
    }
  });

  it("one wrong operator of three cannot move it outside the honest values", () => {
    const rnd = lcg(7);
    for (let t = 0; t < 500; t++) {
      const honest = [BigInt(rnd.next().value!), BigInt(rnd.next().value!)];
      const liar = BigInt(rnd.next().value!) * (rnd.next().value! % 2 === 0 ? 1000n : -1000n);
      const m = median([honest[0]!, liar, honest[1]!]);
      const [lo, hi] = honest[0]! < honest[1]! ? [honest[0]!, honest[1]!] : [honest[1]!, honest[0]!];
      assert.ok(m >= lo && m <= hi, `median ${m} outside honest [${lo}, ${hi}]`);
    }
  });

  it("refuses no observations", () => {
    assert.throws(() => median([]), RangeError);
  });
});

describe("majority", () => {
  const prefer = ["hold", "buy", "sell"] as const;
  it("takes the most reported value", () => {
    assert.equal(majority(["buy", "sell", "buy"], prefer), "buy");
  });
  it("breaks ties toward the cautious action", () => {
    assert.equal(majority(["buy", "sell"], prefer), "buy");
    assert.equal(majority(["sell", "hold"], prefer), "hold");
  });
});

describe("toBps", () => {
  it("quantises fractions to basis points, symmetric around zero", () => {
    assert.equal(toBps(0.12345), 1235);
    assert.equal(toBps(-0.12345), -1235);
    assert.equal(toBps(1), 10_000);
    assert.throws(() => toBps(Number.NaN), RangeError);
  });
});
