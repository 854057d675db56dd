import { describe, expect, it } from "vitest";

import {
  blockRanges,
  chainNowSeconds,
  latestVotes,
  proposalCountdown,
  quorumBar,
  rankDelegates,
  shortAddress,
} from "./dao.ts";

const E18 = 10n ** 18n;

describe("chain time and countdowns", () => {
  it("moves the chain's last block time on by the wall time since it was read", () => {
    expect(chainNowSeconds(1_000n, 5_000, 5_000)).toBe(1_000);
    expect(chainNowSeconds(1_000n, 5_000, 17_900)).toBe(1_012);
    expect(chainNowSeconds(1_000, 5_000, 4_000)).toBe(1_000); // a clock that went back does not rewind
  });
  it("counts down to the end of an active vote in days, hours, minutes and seconds", () => {
    const p = {
      state: "Active" as const,
      voteStart: 0n,
      voteEnd: BigInt(100_000 + 2 * 86_400 + 3 * 3600 + 4 * 60 + 5),
    };
    expect(proposalCountdown(p, 100_000)).toEqual({ kind: "ends", days: 2, hours: 3, minutes: 4, seconds: 5 });
  });
  it("counts down to the start of a pending vote, never below zero", () => {
    const p = { state: "Pending" as const, voteStart: 160n, voteEnd: 1_000n };
    expect(proposalCountdown(p, 100)).toEqual({ kind: "starts", days: 0, hours: 0, minutes: 1, seconds: 0 });
    expect(proposalCountdown(p, 200)).toEqual({ kind: "starts", days: 0, hours: 0, minutes: 0, seconds: 0 });
  });
  it("says ended for every other state, and for an active vote whose deadline passed in chain time", () => {
    for (const state of ["Succeeded", "Defeated", "Queued", "Executed", "Canceled", "Expired"] as const) {
      expect(proposalCountdown({ state, voteStart: 0n, voteEnd: 10_000n }, 100)).toEqual({ kind: "ended" });
    }
    expect(proposalCountdown({ state: "Active", voteStart: 0n, voteEnd: 100n }, 100)).toEqual({ kind: "ended" });
  });
});

describe("quorum bar", () => {
  it("counts for and abstain towards the quorum, scaled to the quorum while below it", () => {
    const bar = quorumBar({ for: 30n * E18, against: 10n * E18, abstain: 10n * E18 }, 80n * E18);
    expect(bar.percent).toBe(50);
    expect(bar.reached).toBe(false);
    expect(bar.segments).toEqual({ for: 0.375, abstain: 0.125, against: 0.125 });
    expect(bar.quorumAt).toBe(1);
  });
  it("goes past 100 % and rescales the bar to all votes once they exceed the quorum", () => {
    const bar = quorumBar({ for: 60n, against: 20n, abstain: 0n }, 40n);
    expect(bar.percent).toBe(150);
    expect(bar.reached).toBe(true);
    expect(bar.segments).toEqual({ for: 0.75, abstain: 0, against: 0.25 });
    expect(bar.quorumAt).toBe(0.5);
  });
  it("handles no votes and a zero quorum", () => {
    expect(quorumBar({ for: 0n, against: 0n, abstain: 0n }, 10n)).toMatchObject({ percent: 0, reached: false });
    expect(quorumBar({ for: 0n, against: 0n, abstain: 0n }, 0n)).toMatchObject({ percent: 100, reached: true });
    expect(quorumBar({ for: 1n, against: 0n, abstain: 0n }, 3n).percent).toBe(33.33);
  });
});

describe("delegate leaderboard", () => {
  const bob = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  const alice = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  const carol = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
  it("ranks by votes with their share of the supply, leaving out empty delegates and duplicates", () => {
    const ranked = rankDelegates(
      [
        { address: carol, votes: 20n * E18 },
        { address: bob, votes: 40n * E18, delegators: 2 },
        { address: alice, votes: 0n },
        { address: bob.toLowerCase(), votes: 1n },
      ],
      100n * E18,
    );
    expect(ranked).toEqual([
      { address: bob, votes: 40n * E18, delegators: 2, rank: 1, shareBps: 4_000 },
      { address: carol, votes: 20n * E18, rank: 2, shareBps: 2_000 },
    ]);
  });
  it("orders ties by address and keeps the top `limit`", () => {
    const ranked = rankDelegates(
      [
        { address: "0xbb", votes: 5n },
        { address: "0xAA", votes: 5n },
        { address: "0xcc", votes: 9n },
      ],
      0n,
      2,
    );
    expect(ranked.map((d) => [d.address, d.rank, d.shareBps])).toEqual([
      ["0xcc", 1, 0],
      ["0xAA", 2, 0],
    ]);
  });
  it("folds DelegateVotesChanged events into each delegate's latest power", () => {
    expect(
      latestVotes([
        { delegate: bob, newVotes: 30n, blockNumber: 5n, logIndex: 1 },
        { delegate: bob, newVotes: 40n, blockNumber: 5n, logIndex: 3 },
        { delegate: carol, newVotes: 20n, blockNumber: 9n, logIndex: 0 },
        { delegate: bob.toLowerCase(), newVotes: 10n, blockNumber: 4n, logIndex: 9 },
      ]),
    ).toEqual([
      { address: bob, votes: 40n },
      { address: carol, votes: 20n },
    ]);
  });
  it("splits the newest blocks into bounded log ranges", () => {
    expect(blockRanges(25n, 10n, 100n)).toEqual([
      { fromBlock: 16n, toBlock: 25n },
      { fromBlock: 6n, toBlock: 15n },
      { fromBlock: 0n, toBlock: 5n },
    ]);
    expect(blockRanges(1_000n, 100n, 150n)).toEqual([
      { fromBlock: 901n, toBlock: 1_000n },
      { fromBlock: 851n, toBlock: 900n },
    ]);
    expect(blockRanges(0n, 10n, 10n)).toEqual([{ fromBlock: 0n, toBlock: 0n }]);
  });
  it("shortens addresses", () => {
    expect(shortAddress(bob)).toBe("0x7099…79C8");
  });
});
