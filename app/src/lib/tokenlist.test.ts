import type { Address } from "viem";
import { describe, expect, it } from "vitest";

import { checkTokenMeta, parseStoredTokens, parseTokenQuery, searchTokens, sortByBalance } from "./tokenlist.ts";

const PEPER = {
  address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address,
  symbol: "PEPER",
  name: "Peper",
  decimals: 18,
};
const USDC = {
  address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as Address,
  symbol: "USDC",
  name: "USD Coin",
  decimals: 6,
};
const WETH = {
  address: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0" as Address,
  symbol: "WETH",
  name: "Wrapped Ether",
  decimals: 18,
};
const LIST = [PEPER, USDC, WETH];

describe("token search", () => {
  it("matches symbol, name and address, the symbol's start first", () => {
    expect(searchTokens(LIST, parseTokenQuery("usd")).map((t) => t.symbol)).toEqual(["USDC"]);
    expect(searchTokens(LIST, parseTokenQuery("ether")).map((t) => t.symbol)).toEqual(["WETH"]);
    expect(searchTokens(LIST, parseTokenQuery("e")).map((t) => t.symbol)).toEqual(["PEPER", "WETH"]);
    expect(searchTokens(LIST, parseTokenQuery("w")).map((t) => t.symbol)[0]).toBe("WETH");
    expect(searchTokens(LIST, parseTokenQuery(USDC.address.toLowerCase()))).toEqual([USDC]);
    expect(searchTokens(LIST, parseTokenQuery("0x5fbd")).map((t) => t.symbol)).toEqual(["PEPER"]);
    expect(searchTokens(LIST, parseTokenQuery("  "))).toEqual(LIST);
  });

  it("tells a pasted address from a broken one", () => {
    expect(parseTokenQuery(` ${USDC.address.toLowerCase()} `)).toEqual({ kind: "address", address: USDC.address });
    expect(parseTokenQuery("0x12")).toEqual({ kind: "text", text: "0x12" });
    expect(parseTokenQuery(`${USDC.address}ff`).kind).toBe("bad-address");
    expect(parseTokenQuery("0xZZ").kind).toBe("bad-address");
    // a mixed-case address with a wrong checksum
    expect(parseTokenQuery("0xE7f1725E7734CE288F8367e1Bb143E90bb3F0512").kind).toBe("bad-address");
    expect(searchTokens(LIST, { kind: "bad-address" })).toEqual([]);
  });

  it("lists held tokens first", () => {
    expect(sortByBalance(LIST, { [WETH.address]: 1n, [USDC.address]: 0n }).map((t) => t.symbol)).toEqual([
      "WETH",
      "PEPER",
      "USDC",
    ]);
  });
});

describe("the visitor's own tokens", () => {
  it("accepts sane metadata and refuses the rest with a reason", () => {
    expect(checkTokenMeta(USDC.address.toLowerCase() as Address, "USDC", "USD Coin", 6)).toEqual({
      ok: true,
      token: USDC,
    });
    expect(checkTokenMeta(USDC.address, "X", "", 18n)).toMatchObject({ ok: true, token: { name: "X", decimals: 18 } });
    expect(checkTokenMeta(USDC.address, "", "n", 18)).toEqual({ ok: false, reason: "bad-symbol" });
    expect(checkTokenMeta(USDC.address, "A\u0000B", "n", 18)).toEqual({ ok: false, reason: "bad-symbol" });
    expect(checkTokenMeta(USDC.address, "TOOLONGSYMBOL1234", "n", 18)).toEqual({ ok: false, reason: "bad-symbol" });
    expect(checkTokenMeta(USDC.address, "A", 7, 18)).toEqual({ ok: false, reason: "bad-name" });
    expect(checkTokenMeta(USDC.address, "A", "a", 77)).toEqual({ ok: false, reason: "bad-decimals" });
    expect(checkTokenMeta(USDC.address, "A", "a", 1.5)).toEqual({ ok: false, reason: "bad-decimals" });
  });

  it("reads back only well-formed stored tokens, once each", () => {
    const stored = JSON.stringify([USDC, USDC, { ...PEPER, decimals: -1 }, { address: "0x1" }, "x", WETH]);
    expect(parseStoredTokens(stored)).toEqual([USDC, WETH]);
    expect(parseStoredTokens("{not json")).toEqual([]);
    expect(parseStoredTokens(null)).toEqual([]);
    expect(parseStoredTokens('{"a":1}')).toEqual([]);
  });
});
