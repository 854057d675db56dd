import { describe, expect, it } from "vitest";

import { explorerTxUrl } from "./explorers.ts";

describe("explorer links", () => {
  it("links a transaction on a public chain, and nothing on a local one", () => {
    expect(explorerTxUrl(1, "0xabc")).toBe("https://etherscan.io/tx/0xabc");
    expect(explorerTxUrl(84532, "0xabc")).toBe("https://sepolia.basescan.org/tx/0xabc");
    expect(explorerTxUrl(31337, "0xabc")).toBeUndefined();
  });
});
