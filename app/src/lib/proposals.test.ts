import { describe, expect, it } from "vitest";

import { availableActions, proposalStateName, proposalTitle, quorumProgressBps, voteShares } from "./proposals.ts";

describe("proposals", () => {
  it("names the Governor's states", () => {
    expect(proposalStateName(1)).toBe("Active");
    expect(proposalStateName(7)).toBe("Executed");
  });
  it("counts for + abstain towards the quorum, capped at 100 %", () => {
    expect(quorumProgressBps({ for: 30n, against: 50n, abstain: 10n }, 80n)).toBe(5_000);
    expect(quorumProgressBps({ for: 100n, against: 0n, abstain: 0n }, 80n)).toBe(10_000);
    expect(quorumProgressBps({ for: 0n, against: 0n, abstain: 0n }, 0n)).toBe(10_000);
  });
  it("shares the votes cast", () => {
    expect(voteShares({ for: 3n, against: 1n, abstain: 0n })).toEqual({ for: 7_500, against: 2_500, abstain: 0 });
    expect(voteShares({ for: 0n, against: 0n, abstain: 0n })).toEqual({ for: 0, against: 0, abstain: 0 });
  });
  it("titles a proposal by its first heading", () => {
    expect(proposalTitle("# PIP-2: Grants\n\nTransfer **250,000 PEPER**")).toBe("PIP-2: Grants");
    expect(proposalTitle("\nJust text\nmore")).toBe("Just text");
    expect(proposalTitle("x".repeat(200))).toHaveLength(118);
  });
  it("offers vote, queue or execute by state", () => {
    expect(availableActions("Active")).toEqual(["vote"]);
    expect(availableActions("Succeeded")).toEqual(["queue"]);
    expect(availableActions("Queued")).toEqual(["execute"]);
    expect(availableActions("Executed")).toEqual([]);
  });
});
