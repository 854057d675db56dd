import { describe, expect, it } from "vitest";

import { approvalState } from "./approval.ts";

describe("the sell forms' approval state", () => {
  it("waits while the first read is under way", () => {
    expect(approvalState({ isError: false, isLoading: true }, true)).toEqual({
      needsApproval: false,
      checkingApproval: true,
    });
  });
  it("asks for the approval when the marketplace has none, or when it could not be read", () => {
    expect(approvalState({ data: false, isError: false, isLoading: false }, true).needsApproval).toBe(true);
    expect(approvalState({ isError: true, isLoading: false }, true)).toEqual({
      needsApproval: true,
      checkingApproval: false,
    });
  });
  it("keeps an approved seller approved when a later refetch fails", () => {
    expect(approvalState({ data: true, isError: true, isLoading: false }, true)).toEqual({
      needsApproval: false,
      checkingApproval: false,
    });
  });
  it("is not checking without a wallet (the read is off, not under way)", () => {
    expect(approvalState({ isError: false, isLoading: false }, false).checkingApproval).toBe(false);
  });
});
