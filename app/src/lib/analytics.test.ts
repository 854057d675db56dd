import { describe, expect, it } from "vitest";

import {
  DAY,
  dayStart,
  daySeries,
  dayValues,
  decimalToNumber,
  participation,
  rawToNumber,
  seriesTotals,
  tokenLabel,
  type ProposalEntity,
} from "./analytics.ts";

describe("units", () => {
  it("turns raw base units into whole tokens with the token's decimals", () => {
    expect(rawToNumber("1500000000000000000", 18)).toBe(1.5);
    expect(rawToNumber("40000000000000000000000000", 18)).toBe(40_000_000);
    expect(rawToNumber("2500000", 6)).toBe(2.5);
    expect(rawToNumber(123n, 0)).toBe(123);
    expect(rawToNumber(null, 18)).toBe(0);
  });
  it("reads BigDecimal strings, which are already in whole units", () => {
    expect(decimalToNumber("1234.5678")).toBe(1234.5678);
    expect(decimalToNumber("0")).toBe(0);
    expect(decimalToNumber(null)).toBe(0);
    expect(decimalToNumber("not a number")).toBe(0);
  });
  it("picks the USD or PEPER fields, and converts USD to ETH at the given price", () => {
    const day = {
      date: 19_000 * DAY,
      totalLiquidityUSD: "2000",
      totalLiquidityPeper: "40000",
      dailyVolumeUSD: "300",
      dailyVolumePeper: "6000",
      dailyFeesUSD: "0.9",
      dailyFeesPeper: "18",
    };
    expect(dayValues(day, "USD")).toEqual({ date: 19_000 * DAY, tvl: 2000, volume: 300, fees: 0.9 });
    expect(dayValues(day, "PEPER")).toEqual({ date: 19_000 * DAY, tvl: 40000, volume: 6000, fees: 18 });
    expect(dayValues(day, "ETH", 2000)).toEqual({ date: 19_000 * DAY, tvl: 1, volume: 0.15, fees: 0.00045 });
    const pairDay = { ...day, totalLiquidityUSD: undefined, totalLiquidityPeper: undefined, reserveUSD: "77" };
    expect(dayValues(pairDay, "USD").tvl).toBe(77);
  });
});

describe("day series", () => {
  const d = (day: number, tvl: number, volume = 1) => ({ date: day * DAY, tvl, volume, fees: volume * 0.003 });
  it("buckets timestamps into UTC days", () => {
    expect(dayStart(19_000 * DAY + 3600)).toBe(19_000 * DAY);
    expect(dayStart(19_000 * DAY)).toBe(19_000 * DAY);
  });
  it("sorts the days, fills quiet days (no volume, TVL carried over) and keeps recorded flags", () => {
    const series = daySeries([d(103, 30, 5), d(100, 10, 2), d(101, 20, 3)]);
    expect(series.map((p) => p.date / DAY)).toEqual([100, 101, 102, 103]);
    expect(series.map((p) => p.tvl)).toEqual([10, 20, 20, 30]);
    expect(series.map((p) => p.volume)).toEqual([2, 3, 0, 5]);
    expect(series.map((p) => p.recorded)).toEqual([true, true, false, true]);
  });
  it("shows what exists: nothing, or a single day", () => {
    expect(daySeries([])).toEqual([]);
    expect(daySeries([d(5, 7)])).toEqual([{ ...d(5, 7), recorded: true }]);
  });
  it("keeps the latest days when there are more than the window, TVL carried into the window", () => {
    const series = daySeries([d(1, 11), d(10, 99)], 3);
    expect(series.map((p) => [p.date / DAY, p.tvl])).toEqual([
      [8, 11],
      [9, 11],
      [10, 99],
    ]);
  });
  it("sums volume and fees", () => {
    const totals = seriesTotals([d(1, 0, 2), d(2, 0, 3)]);
    expect(totals.volume).toBe(5);
    expect(totals.fees).toBeCloseTo(0.015);
  });
});

describe("governance participation", () => {
  const E18 = 10n ** 18n;
  const proposal = (id: string, createdAt: number, extra: Partial<ProposalEntity> = {}): ProposalEntity => ({
    proposalId: id,
    description: `# Proposal ${id}`,
    state: "Active",
    forVotes: String(30n * E18),
    againstVotes: String(5n * E18),
    abstainVotes: String(10n * E18),
    voteCount: 3,
    quorum: String(80n * E18),
    quorumReached: false,
    createdAt: String(createdAt),
    voteEnd: String(createdAt + 600),
    ...extra,
  });
  it("orders proposals by creation and gives votes in whole PEPER and (for + abstain) / quorum", () => {
    const points = participation([proposal("22", 200), proposal("11", 100, { quorum: null, quorumReached: null })]);
    expect(points.map((p) => [p.index, p.proposalId])).toEqual([
      [1, "11"],
      [2, "22"],
    ]);
    expect(points[0]).not.toHaveProperty("quorumPercent");
    expect(points[1]).toMatchObject({ for: 30, against: 5, abstain: 10, voters: 3, quorum: 80, quorumPercent: 50 });
    expect(points[1]!.quorumReached).toBe(false);
  });
  it("reports more than 100 % when the quorum is passed", () => {
    const [p] = participation([proposal("1", 1, { forVotes: String(120n * E18), quorumReached: true })]);
    expect(p!.quorumPercent).toBe(162.5);
  });
});

describe("token labels", () => {
  const deployment = {
    PeperToken: "0xAa00000000000000000000000000000000000001",
    WETH9: "0xbb00000000000000000000000000000000000002",
  };
  it("names deployed tokens and shortens others", () => {
    expect(tokenLabel("0xaa00000000000000000000000000000000000001", deployment)).toBe("PEPER");
    expect(tokenLabel("0xBB00000000000000000000000000000000000002", deployment)).toBe("WETH");
    expect(tokenLabel("0x1234567890abcdef1234567890abcdef12345678", deployment)).toBe("0x1234…5678");
  });
  it("uses the subgraph's symbol for tokens outside the deployment", () => {
    const other = "0x1234567890abcdef1234567890abcdef12345678";
    expect(tokenLabel(other, deployment, "DAI")).toBe("DAI");
    expect(tokenLabel(other, deployment, "unknown")).toBe("0x1234…5678");
    expect(tokenLabel(other, deployment, "  ")).toBe("0x1234…5678");
    expect(tokenLabel(other, deployment, "AVERYLONGSYMBOLNAME")).toBe("AVERYLONGSY…");
    // The deployment's name wins over what the token says about itself.
    expect(tokenLabel("0xaa00000000000000000000000000000000000001", deployment, "FAKE")).toBe("PEPER");
  });
});
