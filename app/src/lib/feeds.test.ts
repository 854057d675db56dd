import { describe, expect, it } from "vitest";

import {
  chainClockOffset,
  durationParts,
  modelDisplayName,
  modelLabel,
  modelVersionNumber,
  newestPositions,
} from "./feeds.ts";

describe("model names", () => {
  it("reads the feed's uint32 from the version's weights hash, as the oracle computes it", () => {
    expect(modelVersionNumber("peper-decision-lr-1+81ac0fd5b057")).toBe(2175537109);
    expect(modelVersionNumber("peper-decision-lr-1")).toBeUndefined();
  });
  it("shows the name for a known model and the hash prefix otherwise", () => {
    const known = [{ number: 2175537109, name: modelDisplayName("peper-decision-lr-1+81ac0fd5b057") }];
    expect(modelLabel(2175537109, known)).toBe("peper-decision-lr-1 (81ac0fd5)");
    expect(modelLabel(255, known)).toBe("000000ff");
  });
});

describe("chain time", () => {
  const wall = Date.UTC(2026, 11, 6, 12, 0, 0);
  it("is 0 within the tolerance and the signed gap beyond it", () => {
    expect(chainClockOffset(wall / 1000 + 30, wall)).toBe(0);
    expect(chainClockOffset(BigInt(wall / 1000 + 3 * 86_400), wall)).toBe(3 * 86_400);
    expect(chainClockOffset(wall / 1000 - 7200, wall)).toBe(-7200);
  });
  it("splits a duration into days, hours and minutes", () => {
    expect(durationParts(3 * 86_400 + 2 * 3600 + 5 * 60 + 59)).toEqual({ days: 3, hours: 2, minutes: 5 });
    expect(durationParts(-7200)).toEqual({ days: 0, hours: 2, minutes: 0 });
  });
});

describe("feed positions", () => {
  it("numbers the newest reports first, never below 1", () => {
    expect(newestPositions(12, 3)).toEqual([12, 11, 10]);
    expect(newestPositions(2, 5)).toEqual([2, 1]);
    expect(newestPositions(0, 5)).toEqual([]);
  });
});
