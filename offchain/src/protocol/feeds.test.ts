import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { feedId } from "./feeds.ts";

describe("feeds", () => {
  it("feed ids are keccak256 of the names, as the hub registers them", () => {
    // keccak256("PEPER/USD") computed with ethers (an independent implementation)
    assert.equal(feedId("price"), "0xc66e5264e820fd522e52db0a913554254a553507f6a5357bdb306bde841727c6");
    assert.notEqual(feedId("price"), feedId("decisions"));
    assert.match(feedId("portfolio"), /^0x[0-9a-f]{64}$/);
  });
});
