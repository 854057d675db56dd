// The other host functions, called as a compiled mapping calls them (inside a fresh instance of
// the fixture's Token mapping): type conversions, keccak, JSON, ethereum.encode/decode, logging
// and data source creation.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";

import { encodeAbiParameters, keccak256, type Hex } from "viem";

import type { AscMemory } from "./asc.ts";
import { readToken, writeToken } from "./ethereum.ts";
import { PendingCall, type EthCallOutcome } from "./calls.ts";
import { MappingModule, type TriggerContext } from "./host.ts";
import { createLogger, type LogRecord } from "./log.ts";
import { parseSchema } from "./schema.ts";
import { BlockState, EntityStore, WriteBatch } from "./store.ts";
import { buildFixture } from "./testing.ts";

type Host = (name: string, ...args: number[]) => unknown;

describe("host functions", () => {
  let module: MappingModule;
  let ctx: TriggerContext;
  const logs: LogRecord[] = [];
  const run = <T>(fn: (mem: AscMemory, host: Host) => T): T => module.withInstance(ctx, fn);
  const str = (fn: (mem: AscMemory, host: Host) => unknown) =>
    run((mem, host) => mem.readString(fn(mem, host) as number));
  const hex = (fn: (mem: AscMemory, host: Host) => unknown) => run((mem, host) => mem.readHex(fn(mem, host) as number));

  before(() => {
    const dir = buildFixture();
    module = new MappingModule("Token", readFileSync(join(dir, "build/Token/Token.wasm")));
    const store = EntityStore.open(":memory:", parseSchema(readFileSync(join(dir, "schema.graphql"), "utf8")));
    ctx = {
      block: new BlockState(store, new WriteBatch(), 3n),
      dataSource: {
        name: "Token",
        network: "hardhat",
        address: "0x00000000000000000000000000000000000000aa",
        context: null,
      },
      templates: ["Pair"],
      logger: createLogger({ level: "debug", sink: (r) => logs.push(r) }),
    };
  });

  it("converts bytes like graph-node", () => {
    assert.equal(
      str((m, h) => h("typeConversion.bytesToHex", m.writeBytes(Uint8Array.of(0, 0xab)))),
      "0x00ab",
    );
    assert.equal(
      str((m, h) => h("typeConversion.bytesToHex", m.writeBytes(new Uint8Array()))),
      "0x",
    );
    assert.equal(
      str((m, h) => h("typeConversion.bytesToString", m.writeBytes(Buffer.from("PEPER\0\0\0")))),
      "PEPER",
    );
    assert.equal(
      str((m, h) => h("typeConversion.bytesToString", m.writeBytes(Uint8Array.of(0x61, 0xff)))),
      "a\ufffd",
    );
    assert.equal(
      str((m, h) => h("typeConversion.bytesToBase58", m.writeBytes(Buffer.from("hello world")))),
      "StV1DL6CwTryKyV",
    );
    assert.equal(
      str((m, h) => h("typeConversion.bytesToBase58", m.writeBytes(Uint8Array.of(0, 0, 1)))),
      "112",
    );
    assert.equal(
      hex((m, h) => h("typeConversion.stringToH160", m.writeString("0xA16081F360e3847006dB660bae1c6d1b2e17eC2A"))),
      "0xa16081f360e3847006db660bae1c6d1b2e17ec2a",
    );
    assert.throws(
      () => run((m, h) => h("typeConversion.stringToH160", m.writeString("0x1234"))),
      /Failed to convert string to Address\/H160: '1234'/,
    );
  });

  it("reads short and long strings alike (TextDecoder's handling of lone surrogates and a leading BOM)", () => {
    const back = (text: string) => run((m) => m.readString(m.writeString(text)));
    for (const text of ["", "id", "reserve0", "dailyVolumeUSD", "é—€😀", "x".repeat(16), "x".repeat(40)]) {
      assert.equal(back(text), text);
    }
    for (const pad of ["", "y".repeat(30)]) {
      assert.equal(back(`\ud800a${pad}`), `\ufffda${pad}`);
      assert.equal(back(`a\udc00${pad}`), `a\ufffd${pad}`);
      assert.equal(back(`\ufeffab${pad}`), `ab${pad}`);
      assert.equal(back(`a\ufeffb${pad}`), `a\ufeffb${pad}`);
    }
  });

  it("hashes with keccak256", () => {
    assert.equal(
      hex((m, h) => h("crypto.keccak256", m.writeBytes(new Uint8Array()))),
      keccak256("0x"),
    );
    assert.equal(
      hex((m, h) => h("crypto.keccak256", m.writeBytes(Buffer.from("peper")))),
      keccak256(Buffer.from("peper")),
    );
  });

  it("parses JSON into graph-ts JSONValues, keeping big numbers' digits", () => {
    const text = '{"n": 123456789012345678901234567890, "list": [true, null, "x"]}';
    const result = run((m, h) => {
      const root = h("json.fromBytes", m.writeBytes(Buffer.from(text))) as number;
      const kindOf = (p: number) => m.i32(p);
      const data = (p: number) => Number(m.i64(p + 8));
      assert.equal(kindOf(root), 5); // OBJECT
      const entries = m.readPointers(m.u32(data(root)));
      const keys = entries.map((e) => m.readString(m.u32(e)));
      const n = m.u32(entries[0]! + 4);
      const list = m.readPointers(data(m.u32(entries[1]! + 4)));
      return {
        keys,
        nKind: kindOf(n),
        nText: m.readString(data(n)),
        kinds: list.map(kindOf),
        x: m.readString(data(list[2]!)),
      };
    });
    assert.deepEqual(result, {
      keys: ["n", "list"],
      nKind: 2,
      nText: "123456789012345678901234567890",
      kinds: [1, 0, 3],
      x: "x",
    });
    // try_fromBytes: an error result instead of a failure.
    const isError = run((m, h) => {
      const r = h("json.try_fromBytes", m.writeBytes(Buffer.from("{nope"))) as number;
      return m.u32(r) === 0 && m.u32(r + 4) !== 0;
    });
    assert.equal(isError, true);
    assert.throws(() => run((m, h) => h("json.fromBytes", m.writeBytes(Buffer.from("{nope")))));
    assert.equal(
      run((m, h) => h("json.toI64", m.writeString("-42"))),
      -42n,
    );
    assert.equal(
      run((m, h) => h("json.toU64", m.writeString("18446744073709551615"))),
      -1n,
    ); // u64 max as the i64 bits
    assert.equal(
      run((m, h) => h("json.toF64", m.writeString("1.5"))),
      1.5,
    );
    assert.throws(() => run((m, h) => h("json.toI64", m.writeString("1.5"))), /JSON `1.5` cannot be parsed as i64/);
    assert.equal(
      run((m, h) => m.readBigInt(h("json.toBigInt", m.writeString("-123456789012345678901234567890")) as number)),
      -123456789012345678901234567890n,
    );
  });

  it("encodes and decodes ABI values (ethereum.encode/decode)", () => {
    const tuple = { type: "tuple", components: [{ type: "uint256" }, { type: "address" }, { type: "string" }] };
    const value = [5n, "0x00000000000000000000000000000000000000aa", "hi"];
    const encode = encodeAbiParameters as (params: readonly unknown[], values: readonly unknown[]) => Hex;
    const expected = encode([tuple], [value]);
    assert.equal(
      hex((m, h) => h("ethereum.encode", writeToken(m, tuple, value))),
      expected,
    );
    const decoded = run((m, h) =>
      readToken(
        m,
        h(
          "ethereum.decode",
          m.writeString("(uint256,address,string)"),
          m.writeBytes(Buffer.from(expected.slice(2), "hex")),
        ) as number,
      ),
    );
    assert.deepEqual(decoded.value, [5n, "0x00000000000000000000000000000000000000aa", "hi"]);
    assert.equal(
      run((m, h) => h("ethereum.decode", m.writeString("uint256"), m.writeBytes(Uint8Array.of(1)))),
      0,
    ); // null: does not decode
  });

  it("logs at the mapping's level and fails the handler on critical", () => {
    logs.length = 0;
    run((m, h) => h("log.log", 2, m.writeString("careful")));
    assert.deepEqual(
      logs.map((l) => [l.level, l.msg, l["dataSource"]]),
      [["warn", "careful", "Token"]],
    );
    assert.throws(
      () => run((m, h) => h("log.log", 0, m.writeString("boom"))),
      /Critical error logged in mapping: boom/,
    );
  });

  it("creates data sources from known templates only, and answers dataSource.*", () => {
    run((m, h) =>
      h(
        "dataSource.create",
        m.writeString("Pair"),
        m.writePointers([m.writeString("0x00000000000000000000000000000000000000BB")], "ArrayString"),
      ),
    );
    assert.deepEqual(ctx.block.dataSources.at(-1), {
      template: "Pair",
      address: "0x00000000000000000000000000000000000000bb",
      context: null,
      createdAt: 3n,
    });
    assert.throws(
      () =>
        run((m, h) =>
          h("dataSource.create", m.writeString("Nope"), m.writePointers([m.writeString("0x00")], "ArrayString")),
        ),
      /No template with this name in parent data source `Token`. Available names: Pair./,
    );
    assert.equal(
      hex((m, h) => h("dataSource.address")),
      "0x00000000000000000000000000000000000000aa",
    );
    assert.equal(
      str((m, h) => h("dataSource.network")),
      "hardhat",
    );
    assert.equal(
      run((m, h) => m.readEntity(h("dataSource.context") as number).size),
      0,
    );
  });

  it("calls contracts (ethereum.call): values, reverts as null, unanswered calls pending", () => {
    const token = "0x00000000000000000000000000000000000000cc";
    const seen: { to: string; data: string }[] = [];
    const answers = new Map<string, EthCallOutcome>([
      // balanceOf(0x…aa) → (uint256 7, string "x") ; symbol() reverts ; decimals() answers nothing
      [
        `0x70a08231${"0".repeat(62)}aa`,
        {
          reverted: false,
          data: encodeAbiParameters([{ type: "uint256" }, { type: "string" }], [7n, "x"]),
        },
      ],
      ["0x95d89b41", { reverted: true, reason: "execution reverted" }],
      ["0x313ce567", { reverted: false, data: "0x" }],
    ]);
    const callCtx: TriggerContext = {
      ...ctx,
      ethCall: (to, data) => {
        seen.push({ to, data });
        const answer = answers.get(data);
        if (!answer) throw new PendingCall({ to, data, blockNumber: 3n, blockHash: "0x00" });
        return answer;
      },
    };
    /** A graph-ts SmartContractCall: five pointer fields (name, address, function, signature, params). */
    const call = (m: AscMemory, fn: string, signature: string, params: number[]) =>
      m.writeObject("EventParam", [
        m.writeString("ERC20"),
        m.writeBytes(Buffer.from(token.slice(2), "hex")),
        m.writeString(fn),
        m.writeString(signature),
        m.writePointers(params, "ArrayEthereumValue"),
      ]);
    const values = module.withInstance(callCtx, (m, h) => {
      const arg = writeToken(m, { type: "address" }, "0x00000000000000000000000000000000000000aa");
      const ptr = h("ethereum.call", call(m, "balanceOf", "balanceOf(address):(uint256,string)", [arg])) as number;
      return m.readPointers(ptr).map((p) => readToken(m, p).value);
    });
    assert.deepEqual(values, [7n, "x"]);
    assert.deepEqual(seen[0], { to: token, data: `0x70a08231${"0".repeat(62)}aa` });
    assert.equal(
      module.withInstance(callCtx, (m, h) => h("ethereum.call", call(m, "symbol", "symbol():(string)", []))),
      0,
      "a revert is null",
    );
    assert.equal(
      module.withInstance(callCtx, (m, h) => h("ethereum.call", call(m, "decimals", "decimals():(uint8)", []))),
      0,
      "an empty answer is a revert",
    );
    assert.throws(
      () => module.withInstance(callCtx, (m, h) => h("ethereum.call", call(m, "name", "name():(string)", []))),
      PendingCall,
    );
    assert.throws(
      () => run((m, h) => h("ethereum.call", call(m, "name", "name():(string)", []))),
      /ethereum.call: no chain to call/,
    );
  });

  it("refuses what mappings here may not do", () => {
    assert.throws(() => run((_m, h) => h("ethereum.getBalance", 0)), /ethereum.getBalance is not supported/);
    assert.throws(() => run((_m, h) => h("ipfs.cat", 0)), /ipfs.cat is not supported/);
    assert.equal(
      run((m, h) => h("ens.nameByHash", m.writeString("0x00"))),
      0,
    );
  });
});
