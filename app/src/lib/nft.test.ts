import { describe, expect, it } from "vitest";

import { checkImageFile, checkPrice, checkRoyalty, gatewayPath, parseMetadata } from "./nft.ts";

describe("NFT form checks", () => {
  it("turns a royalty in percent into basis points, up to 10 %", () => {
    expect(checkRoyalty("5")).toEqual({ ok: true, bps: 500 });
    expect(checkRoyalty("2,5")).toEqual({ ok: true, bps: 250 });
    expect(checkRoyalty("0")).toEqual({ ok: true, bps: 0 });
    expect(checkRoyalty("10")).toEqual({ ok: true, bps: 1000 });
    expect(checkRoyalty("10.01")).toEqual({ ok: false, key: "royaltyTooHigh" });
    expect(checkRoyalty("1.234")).toEqual({ ok: false, key: "royaltyInvalid" });
    expect(checkRoyalty("-1")).toEqual({ ok: false, key: "royaltyInvalid" });
    expect(checkRoyalty("abc")).toEqual({ ok: false, key: "royaltyInvalid" });
  });

  it("checks the image against the gateway's limits", () => {
    expect(checkImageFile(undefined)).toEqual({ ok: false, key: "fileMissing" });
    expect(checkImageFile({ type: "text/plain", size: 10 })).toEqual({ ok: false, key: "fileType" });
    expect(checkImageFile({ type: "image/svg+xml", size: 2 * 1024 * 1024 })).toEqual({
      ok: false,
      key: "fileTooLarge",
    });
    expect(checkImageFile({ type: "image/png", size: 0 })).toEqual({ ok: false, key: "fileEmpty" });
    expect(checkImageFile({ type: "image/png", size: 2 * 1024 * 1024 })).toEqual({ ok: true });
  });

  it("parses prices in ether", () => {
    expect(checkPrice("0.05")).toEqual({ ok: true, value: 5n * 10n ** 16n });
    expect(checkPrice("0")).toEqual({ ok: false, key: "priceZero" });
    expect(checkPrice("")).toEqual({ ok: false, key: "priceEmpty" });
    expect(checkPrice("1e5")).toEqual({ ok: false, key: "priceInvalid" });
    expect(checkPrice("2", 10n ** 18n)).toEqual({ ok: false, key: "insufficientBalance" });
  });

  it("maps ipfs:// URIs to the same-origin gateway", () => {
    expect(gatewayPath("ipfs://bafkreigh2akiscaildc")).toBe("/ipfs/bafkreigh2akiscaildc");
    expect(gatewayPath("https://evil.example/x.png")).toBeUndefined();
    expect(gatewayPath(undefined)).toBeUndefined();
  });

  it("reads metadata defensively, keeping a strategy's numeric backtest figures", () => {
    expect(parseMetadata({ name: 1 })).toBeUndefined();
    expect(
      parseMetadata({
        name: "S",
        image: "ipfs://x",
        strategy: { config: { market: "DAX" }, backtest: { sharpe: 0.8, note: "x" } },
        attributes: [{ trait_type: "Kind", value: "Strategy" }, { bad: 1 }],
      }),
    ).toEqual({
      name: "S",
      description: "",
      image: "ipfs://x",
      attributes: [{ trait_type: "Kind", value: "Strategy" }],
      strategy: { config: { market: "DAX" }, backtest: { sharpe: 0.8 } },
    });
  });
});
