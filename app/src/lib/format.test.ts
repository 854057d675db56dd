import { describe, expect, it } from "vitest";

import { shortAddress } from "./format.ts";

describe("shortAddress", () => {
  it("keeps the start and the end of an address", () => {
    expect(shortAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).toBe("0x7099…79C8");
  });

  it("leaves a text already short enough as it is", () => {
    expect(shortAddress("0x1234abcd")).toBe("0x1234abcd");
    expect(shortAddress("")).toBe("");
  });
});
