// BigInt and BigDecimal: the host functions a real compiled mapping calls (through the fixture's
// WASM memory) and the number types behind them, against reference values: graph-node's own
// semantics (num-bigint truncating division, bigdecimal 0.1.2 normalization) and published
// outputs of graph-node-compatible test suites.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";

import type { AscMemory } from "./asc.ts";
import { MappingModule, type TriggerContext } from "./host.ts";
import { silentLogger } from "./log.ts";
import { BigDecimal, fromSignedBytesLE, toSignedBytesLE } from "./numbers.ts";
import { parseSchema } from "./schema.ts";
import { BlockState, EntityStore, WriteBatch } from "./store.ts";
import { buildFixture } from "./testing.ts";

const d = (s: string) => BigDecimal.parse(s);

describe("BigInt bytes", () => {
  it("encodes minimal little-endian two's complement like num-bigint", () => {
    const cases: [bigint, string][] = [
      [0n, "00"],
      [1n, "01"],
      [-1n, "ff"],
      [127n, "7f"],
      [128n, "8000"],
      [-128n, "80"],
      [-129n, "7fff"],
      [255n, "ff00"],
      [256n, "0001"],
      [2n ** 255n, "00".repeat(31) + "8000"],
      [-(2n ** 255n), "00".repeat(31) + "80"],
    ];
    for (const [n, hex] of cases) {
      assert.equal(Buffer.from(toSignedBytesLE(n)).toString("hex"), hex, `${n}`);
      assert.equal(fromSignedBytesLE(Buffer.from(hex, "hex")), n);
    }
    assert.equal(fromSignedBytesLE(new Uint8Array()), 0n);
  });
});

describe("BigDecimal", () => {
  it("matches graph-node's results for +, -, ×, ÷", () => {
    const a = d("231543212.2132354");
    const b = d("54652.65645");
    assert.equal(a.plus(b).toString(), "231597864.8696854");
    assert.equal(a.minus(b).toString(), "231488559.5567854");
    assert.equal(a.times(b).toString(), "12654451630419.39845917833");
    assert.equal(a.times(d("-54652.65645")).toString(), "-12654451630419.39845917833");
    assert.equal(a.dividedBy(b).toString(), "4236.632347872550667205491344419362");
    assert.equal(
      BigDecimal.fromBigInt(231543212213235645154n).dividedBy(d("552.65645")).toString(),
      "418964100053904455.7500414588484401",
    );
  });

  it("normalizes to 34 significant digits, rounding half up, without trailing zeros", () => {
    assert.equal(d("1").dividedBy(d("3")).toString(), "0.3333333333333333333333333333333333");
    assert.equal(d("2").dividedBy(d("3")).toString(), "0.6666666666666666666666666666666667");
    assert.equal(
      d("1157920892373161954235709850086879078532699846.65640564039457584007913129639935").toString(),
      "1157920892373161954235709850086879000000000000",
    );
    assert.equal(d("0.12345678901234567890123456789012345").toString(), "0.1234567890123456789012345678901235");
    assert.equal(d("1.10").toString(), "1.1");
    assert.equal(d("1324000000").digits, 1324n);
    assert.equal(d("1324000000").exp, 6);
    assert.equal(d("0000.000000000").toString(), "0");
    assert.equal(d("-0").toString(), "0");
  });

  it("keeps the crate's negative-number behavior (truncation, digit estimate)", () => {
    // bigdecimal 0.1.2 truncates negatives and under-counts their digits (issues #75 and #92),
    // so these keep 35 significant digits where the positive results have 34.
    assert.equal(d("-1").dividedBy(d("3")).toString(), "-0.33333333333333333333333333333333333");
    assert.equal(d("-2").dividedBy(d("3")).toString(), "-0.66666666666666666666666666666666666");
    assert.equal(
      d("-5032485723458348569331745849735.3343434634691214453454356561").toString(),
      "-5032485723458348569331745849735.334",
    );
  });

  it("parses exponents and prints plain notation", () => {
    assert.equal(d("4.321e+4").toString(), "43210");
    assert.equal(d("4.32184561e-30").toString(), "0.00000000000000000000000000000432184561");
    assert.equal(d("-.5").toString(), "-0.5");
    assert.equal(d("5.").toString(), "5");
    assert.throws(() => d("abc"), /is not a BigDecimal/);
    assert.throws(() => d(""), /is not a BigDecimal/);
    assert.throws(() => d("1.2.3"), /is not a BigDecimal/);
  });

  it("compares numerically and refuses division by zero", () => {
    assert.ok(d("1.0").equals(d("1")));
    assert.ok(d("0.1").compare(d("0.09")) > 0);
    assert.ok(d("-2").compare(d("1")) < 0);
    assert.throws(() => d("1").dividedBy(d("0")), /attempted to divide BigDecimal `1` by zero/);
  });
});

describe("number host functions in a compiled mapping", () => {
  let module: MappingModule;
  let ctx: TriggerContext;

  before(() => {
    const dir = buildFixture();
    module = new MappingModule("Token", readFileSync(join(dir, "build/Token/Token.wasm")));
    const schema = parseSchema(readFileSync(join(dir, "schema.graphql"), "utf8"));
    const store = EntityStore.open(":memory:", schema);
    ctx = {
      block: new BlockState(store, new WriteBatch(), 1n),
      dataSource: { name: "Token", network: "hardhat", address: null, context: null },
      templates: [],
      logger: silentLogger,
    };
  });

  /** Calls `name` with BigInt arguments written into the instance; reads a BigInt back. */
  const bigOp = (name: string, ...args: (bigint | number)[]) =>
    module.withInstance(ctx, (mem, host) => {
      const ptrs = args.map((a) => (typeof a === "bigint" ? mem.writeBigInt(a) : a));
      return mem.readBigInt(host(name, ...ptrs) as number);
    });
  const decOp = (name: string, ...args: (string | bigint)[]) =>
    module.withInstance(ctx, (mem, host) => {
      const ptrs = args.map((a) => (typeof a === "bigint" ? mem.writeBigInt(a) : mem.writeBigDecimal(d(a))));
      return mem.readBigDecimal(host(name, ...ptrs) as number).toString();
    });
  const str = (fn: (mem: AscMemory, host: (name: string, ...args: number[]) => unknown) => unknown) =>
    module.withInstance(ctx, (mem, host) => mem.readString(fn(mem, host) as number));

  const U256_MAX = 2n ** 256n - 1n;
  const I256_MIN = -(2n ** 255n);
  const I256_MAX = 2n ** 255n - 1n;

  it("adds, subtracts and multiplies at 256-bit extremes", () => {
    assert.equal(bigOp("bigInt.plus", 923567899898n, 89456153132132n), 90379721032030n);
    assert.equal(bigOp("bigInt.plus", I256_MAX, I256_MAX), 2n ** 256n - 2n);
    assert.equal(bigOp("bigInt.plus", I256_MIN, I256_MIN), -(2n ** 256n));
    assert.equal(bigOp("bigInt.plus", I256_MAX, I256_MIN), -1n);
    assert.equal(bigOp("bigInt.minus", I256_MAX, I256_MIN), U256_MAX);
    assert.equal(bigOp("bigInt.minus", U256_MAX, U256_MAX), 0n);
    assert.equal(bigOp("bigInt.times", 2n ** 128n - 1n, -(2n ** 128n - 1n)), -((2n ** 128n - 1n) ** 2n));
    assert.equal(bigOp("bigInt.times", U256_MAX, 0n), 0n);
  });

  it("divides and takes remainders truncating toward zero (num-bigint)", () => {
    assert.equal(bigOp("bigInt.dividedBy", 82618831481197046143322536n, 89456153132132n), 923567899898n);
    assert.equal(bigOp("bigInt.dividedBy", -7n, 2n), -3n);
    assert.equal(bigOp("bigInt.dividedBy", 7n, -2n), -3n);
    assert.equal(bigOp("bigInt.dividedBy", -U256_MAX, U256_MAX), -1n);
    assert.equal(bigOp("bigInt.dividedBy", U256_MAX, I256_MAX), 2n);
    assert.equal(bigOp("bigInt.mod", 2315432122132354n, 5465265645n), 1283174719n);
    assert.equal(bigOp("bigInt.mod", -2315432122132354n, 5465265645n), -1283174719n);
    assert.equal(bigOp("bigInt.mod", 7n, -2n), 1n);
    assert.throws(() => bigOp("bigInt.dividedBy", 5n, 0n), /attempted to divide BigInt `5` by zero/);
    assert.throws(() => bigOp("bigInt.mod", 5n, 0n), /remainder of `5` with a divisor of zero/);
  });

  it("does bit operations in two's complement and shifts arithmetically", () => {
    assert.equal(bigOp("bigInt.bitOr", 2315432122132354n, 5465265645n), 2315433208543215n);
    assert.equal(bigOp("bigInt.bitAnd", 2315432122132354n, 5465265645n), 4378854784n);
    assert.equal(bigOp("bigInt.bitAnd", -1n, 5n), 5n);
    assert.equal(bigOp("bigInt.bitOr", -2n, 1n), -1n);
    assert.equal(bigOp("bigInt.leftShift", 2315432122132354n, 3), 18523456977058832n);
    assert.equal(bigOp("bigInt.rightShift", 2315432122132354n, 3), 289429015266544n);
    assert.equal(bigOp("bigInt.rightShift", -7n, 1), -4n);
    assert.equal(bigOp("bigInt.pow", 2315432n, 5), 66551853520489467542782546706432n);
    assert.equal(bigOp("bigInt.pow", 2n, 255), 2n ** 255n);
  });

  it("parses and prints BigInts like graph-node", () => {
    for (const s of ["923567899898", "-1506556", "0", I256_MIN.toString(), U256_MAX.toString()]) {
      assert.equal(
        module.withInstance(ctx, (mem, host) =>
          mem.readBigInt(host("bigInt.fromString", mem.writeString(s)) as number),
        ),
        BigInt(s),
      );
      assert.equal(
        str((mem, host) => host("typeConversion.bigIntToString", mem.writeBigInt(BigInt(s)))),
        s,
      );
    }
    assert.throws(
      () => module.withInstance(ctx, (mem, host) => host("bigInt.fromString", mem.writeString("12a"))),
      /invalid BigInt/,
    );
    assert.equal(
      str((mem, host) => host("typeConversion.bigIntToHex", mem.writeBigInt(0n))),
      "0x0",
    );
    assert.equal(
      str((mem, host) => host("typeConversion.bigIntToHex", mem.writeBigInt(4095n))),
      "0xfff",
    );
    assert.equal(
      str((mem, host) => host("typeConversion.bigIntToHex", mem.writeBigInt(-255n))),
      "0xff",
    );
  });

  it("refuses BigInts wider than graph-node's limit", () => {
    assert.equal(bigOp("bigInt.leftShift", 2n ** 435_300n, 100), 2n ** 435_400n);
    assert.throws(
      () => bigOp("bigInt.leftShift", 2n ** 435_300n, 200),
      /BigInt is too big, total bits 435502 \(max 435412\)/,
    );
  });

  it("runs BigDecimal host functions with graph-node's results", () => {
    assert.equal(decOp("bigDecimal.plus", "231543212.2132354", "54652.65645"), "231597864.8696854");
    assert.equal(decOp("bigDecimal.minus", "231543212.2132354", "54652.65645"), "231488559.5567854");
    assert.equal(decOp("bigDecimal.times", "231543212.2132354", "54652.65645"), "12654451630419.39845917833");
    assert.equal(
      decOp("bigDecimal.dividedBy", "231543212.2132354", "54652.65645"),
      "4236.632347872550667205491344419362",
    );
    assert.equal(decOp("bigDecimal.dividedBy", "-1", "3"), "-0.33333333333333333333333333333333333");
    assert.equal(
      decOp("bigInt.dividedByDecimal", 231543212213235645154n, "552.65645"),
      "418964100053904455.7500414588484401",
    );
    assert.throws(() => decOp("bigDecimal.dividedBy", "1", "0"), /attempted to divide BigDecimal `1` by zero/);
    const eq = (a: string, b: string) =>
      module.withInstance(ctx, (mem, host) =>
        host("bigDecimal.equals", mem.writeBigDecimal(d(a)), mem.writeBigDecimal(d(b))),
      );
    assert.equal(eq("1.0", "1"), 1);
    assert.equal(eq("2", "1"), 0);
    assert.equal(
      str((mem, host) => host("bigDecimal.toString", mem.writeBigDecimal(d("-0.17")))),
      "-0.17",
    );
    assert.equal(
      module.withInstance(ctx, (mem, host) =>
        mem.readBigDecimal(host("bigDecimal.fromString", mem.writeString("4.321e+4")) as number).toString(),
      ),
      "43210",
    );
    assert.throws(
      () => module.withInstance(ctx, (mem, host) => host("bigDecimal.fromString", mem.writeString("1,5"))),
      /string is not a BigDecimal: '1,5'/,
    );
  });

  it("checks the exponent range when a BigDecimal comes back from the mapping", () => {
    assert.throws(
      () => decOp("bigDecimal.plus", "1e7000", "0"),
      /big decimal exponent `7000` is outside the `-6143` to `6144` range/,
    );
  });
});
