import { describe, expect, it } from "vitest";

import { isAllowedRpcBody } from "./rpcProxy.ts";

describe("the /rpc proxy's method filter", () => {
  it("passes reads and raw transactions, single or batched", () => {
    expect(isAllowedRpcBody({ method: "eth_call" })).toBe(true);
    expect(isAllowedRpcBody([{ method: "eth_getLogs" }, { method: "eth_sendRawTransaction" }])).toBe(true);
  });
  it("keeps node control and signing off the network", () => {
    expect(isAllowedRpcBody({ method: "hardhat_setBalance" })).toBe(false);
    expect(isAllowedRpcBody({ method: "evm_increaseTime" })).toBe(false);
    expect(isAllowedRpcBody({ method: "eth_sendTransaction" })).toBe(false);
    expect(isAllowedRpcBody([{ method: "eth_call" }, { method: "debug_traceTransaction" }])).toBe(false);
    expect(isAllowedRpcBody([])).toBe(false);
    expect(isAllowedRpcBody("eth_call")).toBe(false);
  });
});
