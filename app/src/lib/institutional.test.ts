import { describe, expect, it } from "vitest";

import {
  checkAddress,
  checkName,
  checkSinceBlock,
  checkWalletToAdd,
  decimalToUnits,
  defaultSinceBlock,
  formatBalance,
  formatPnl,
  formatPrice,
  formatUsd,
  hasInstitutionalAccess,
  pnlPercent,
  valuationChain,
  type LinkedWallet,
  type TradingAccount,
} from "./institutional.ts";

// Hardhat's dev account #1, checksummed.
const ACCOUNT1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("who may use the institutional desk", () => {
  it("admits the institutional and admin roles only, as the API does", () => {
    expect(hasInstitutionalAccess("institutional")).toBe(true);
    expect(hasInstitutionalAccess("admin")).toBe(true);
    expect(hasInstitutionalAccess("user")).toBe(false);
    expect(hasInstitutionalAccess("compliance_officer")).toBe(false);
    expect(hasInstitutionalAccess(undefined)).toBe(false);
  });
});

describe("names", () => {
  it("trims and bounds them like the API (1 to 100 characters)", () => {
    expect(checkName("  Treasury  ")).toEqual({ ok: true, name: "Treasury" });
    expect(checkName("   ")).toEqual({ ok: false, key: "nameEmpty" });
    expect(checkName("x".repeat(100))).toEqual({ ok: true, name: "x".repeat(100) });
    expect(checkName("x".repeat(101))).toEqual({ ok: false, key: "nameTooLong" });
  });
});

describe("wallet addresses", () => {
  it("accepts checksummed, all-lower and all-upper addresses and answers the checksum", () => {
    expect(checkAddress(` ${ACCOUNT1} `)).toEqual({ ok: true, address: ACCOUNT1 });
    expect(checkAddress(ACCOUNT1.toLowerCase())).toEqual({ ok: true, address: ACCOUNT1 });
    expect(checkAddress("0x" + ACCOUNT1.slice(2).toUpperCase())).toEqual({ ok: true, address: ACCOUNT1 });
  });
  it("refuses empty, malformed and mis-checksummed addresses, each with its reason", () => {
    expect(checkAddress("")).toEqual({ ok: false, key: "addressEmpty" });
    expect(checkAddress("0x1234")).toEqual({ ok: false, key: "addressInvalid" });
    expect(checkAddress(ACCOUNT1.slice(2))).toEqual({ ok: false, key: "addressInvalid" });
    expect(checkAddress(ACCOUNT1.replace("0x7", "0xg"))).toEqual({ ok: false, key: "addressInvalid" });
    // one letter's case flipped: still 40 hex digits, but not the checksum
    expect(checkAddress(ACCOUNT1.replace("C51812", "c51812"))).toEqual({ ok: false, key: "addressChecksum" });
  });

  const wallet = (over: Partial<LinkedWallet>): LinkedWallet => ({
    id: "w",
    address: ACCOUNT1,
    chain_id: 31337,
    verified_at: "2026-01-01T00:00:00.000Z",
    created_at: "2026-01-01T00:00:00.000Z",
    ...over,
  });

  it("must be one of the user's verified wallets, preferring its link on the chain in use", () => {
    const onA = wallet({ id: "a", chain_id: 31337 });
    const onB = wallet({ id: "b", chain_id: 31338 });
    expect(checkWalletToAdd(ACCOUNT1.toLowerCase(), [onA, onB], 31338)).toEqual({ ok: true, wallet: onB });
    expect(checkWalletToAdd(ACCOUNT1, [onA, onB], 1)).toEqual({ ok: true, wallet: onA });
    expect(checkWalletToAdd(ACCOUNT1, [], 31337)).toEqual({ ok: false, key: "walletNotLinked" });
    expect(checkWalletToAdd(ACCOUNT1, [wallet({ verified_at: null })], 31337)).toEqual({
      ok: false,
      key: "walletUnverified",
    });
    expect(checkWalletToAdd("0xnope", [onA], 31337)).toEqual({ ok: false, key: "addressInvalid" });
  });
});

describe("the since-block", () => {
  it("is a whole block number, not in the future", () => {
    expect(checkSinceBlock(" 1200 ", 5000n)).toEqual({ ok: true, block: 1200 });
    expect(checkSinceBlock("1,200")).toEqual({ ok: true, block: 1200 });
    expect(checkSinceBlock("0", 0n)).toEqual({ ok: true, block: 0 });
    expect(checkSinceBlock("")).toEqual({ ok: false, key: "blockEmpty" });
    expect(checkSinceBlock("-1")).toEqual({ ok: false, key: "blockInvalid" });
    expect(checkSinceBlock("12.5")).toEqual({ ok: false, key: "blockInvalid" });
    expect(checkSinceBlock("1e3")).toEqual({ ok: false, key: "blockInvalid" });
    expect(checkSinceBlock("9007199254740992")).toEqual({ ok: false, key: "blockInvalid" });
    expect(checkSinceBlock("5001", 5000n)).toEqual({ ok: false, key: "blockFuture", latest: 5000n });
  });
  it("defaults to about a day back, or the genesis block on a young chain", () => {
    expect(defaultSinceBlock(100_000n)).toBe(92_800n);
    expect(defaultSinceBlock(7_200n)).toBe(0n);
    expect(defaultSinceBlock(150n)).toBe(0n);
    expect(defaultSinceBlock(150n, 100n)).toBe(50n);
  });
  it("values on the chain of the portfolio's wallets when they share one, else the app's", () => {
    const account = (chain: number | null): TradingAccount => ({
      id: String(chain),
      name: "a",
      portfolio_id: "p",
      wallet: chain === null ? null : { id: "w", address: ACCOUNT1, chain_id: chain },
      created_at: "",
      updated_at: "",
    });
    expect(valuationChain([account(31338), account(null)], 31337)).toBe(31338);
    expect(valuationChain([account(31338), account(31337)], 1)).toBe(1);
    expect(valuationChain([], 31337)).toBe(31337);
  });
});

describe("figures from the API's decimal strings", () => {
  it("reads them into base units with the token's decimals", () => {
    expect(decimalToUnits("1.5", 18)).toBe(1_500_000_000_000_000_000n);
    expect(decimalToUnits("-0.000001", 6)).toBe(-1n);
    expect(decimalToUnits("42", 0)).toBe(42n);
    expect(() => decimalToUnits("0.0000001", 6)).toThrow(RangeError);
    expect(() => decimalToUnits("1e18", 18)).toThrow(RangeError);
    expect(() => decimalToUnits("", 18)).toThrow(RangeError);
  });
  it("shows balances, values and prices in human units, grouped for the language", () => {
    expect(formatBalance("1234.56789", 18, "en")).toBe("1,234.5678");
    expect(formatBalance("1234.5", 18, "de")).toBe("1.234,5");
    expect(formatUsd("1999.999999", 6, "en")).toBe("1,999.99");
    expect(formatUsd("0.001", 6, "en")).toBe("<0.01");
    expect(formatUsd(null, 6, "en")).toBeNull();
    // prices carry 12 decimals more than USDC
    expect(formatPrice("0.000123456789012345", 6, "en")).toBe("0.000123");
    expect(formatPrice("2500", 6, "en")).toBe("2,500");
    expect(formatPrice(null, 6, "en")).toBeNull();
  });
  it("writes P&L with its sign and direction", () => {
    expect(formatPnl("12.345", 6, "en")).toEqual({ text: "+12.34", direction: "gain" });
    expect(formatPnl("-1234.5", 6, "en")).toEqual({ text: "-1,234.5", direction: "loss" });
    expect(formatPnl("0", 6, "en")).toEqual({ text: "0", direction: "flat" });
  });
  it("gives P&L as a share of the value then, none on a zero start", () => {
    const totals = (since: string, pnl: string) => ({
      value_usdc: { since, now: "0" },
      pnl_usdc: pnl,
      unpriced_positions: 0,
    });
    expect(pnlPercent(totals("200", "25"), 6, "en")).toBe("+12.5 %");
    expect(pnlPercent(totals("200", "-50"), 6, "en")).toBe("-25 %");
    expect(pnlPercent(totals("0", "10"), 6, "en")).toBeUndefined();
  });
});
