import * as v from "valibot";
import { describe, expect, it } from "vitest";

import { ago, dayWindowStart, LANDING, parseLanding, type LandingResponse } from "./landing.ts";

const NOW = 1_800_000_000; // chain time of the indexer's block

const response = (over: Partial<LandingResponse> = {}): LandingResponse => ({
  _meta: { block: { number: "120", timestamp: String(NOW) }, hasIndexingErrors: false },
  protocol: {
    totalLiquidityUSD: "1234567.5",
    peperPriceUSD: "0.1",
    peperPriceUpdatedAt: String(NOW - 30),
    totalStaked: "1000000000000000000000",
    proposalCount: 3,
    pairCount: 4,
    swapCount: "17",
    oracleReportCount: "9",
  },
  pairHourDatas: [
    { hourStartUnix: NOW - (NOW % 3600), hourlyVolumeUSD: "100" }, // the hour in progress
    { hourStartUnix: NOW - (NOW % 3600) - 23 * 3600, hourlyVolumeUSD: "50" }, // ends inside the window
    { hourStartUnix: NOW - (NOW % 3600) - 25 * 3600, hourlyVolumeUSD: "1000" }, // over a day ago
  ],
  oracleFeeds: [{ lastObservedAt: String(NOW - 90), lastRound: "12" }],
  activeProposals: [{ id: "0x1" }],
  indexVaults: [{ id: "0xAbC0000000000000000000000000000000000001", totalAssets: "250000000" }],
  ...over,
});

describe("landing figures", () => {
  it("checks the answer before parsing it: graph-node's shape passes, a BigInt it could not read does not", () => {
    expect(v.safeParse(LANDING, response()).success).toBe(true);
    expect(v.safeParse(LANDING, response({ protocol: null, oracleFeeds: [], indexVaults: [] })).success).toBe(true);
    const staked = { ...response().protocol!, totalStaked: "1e21" }; // parseLanding's BigInt() would throw
    expect(v.safeParse(LANDING, response({ protocol: staked })).success).toBe(false);
    expect(v.safeParse(LANDING, { ...response(), pairHourDatas: [{ hourStartUnix: "x" }] }).success).toBe(false);
  });

  it("reads the protocol's totals and sums the last 24 h of pair-hours, by chain time", () => {
    const f = parseLanding(response());
    expect(f.liquidityUsd).toBe(1234567.5);
    expect(f.volume24hUsd).toBe(150);
    expect(f.peperUsd).toBe(0.1);
    expect(f.stakedRaw).toBe(1000n * 10n ** 18n);
    expect(f).toMatchObject({ proposals: 3, activeProposals: 1, pools: 4, swaps: 17, oracleReports: 9, block: 120 });
    expect(f.lastReport).toEqual({ observedAt: NOW - 90, round: 12 });
    expect(f.vaultAssets).toEqual({ "0xabc0000000000000000000000000000000000001": 250_000_000n });
  });

  it("has no price, report or volume before there is any (a fresh chain)", () => {
    const f = parseLanding(
      response({
        protocol: null,
        pairHourDatas: [],
        oracleFeeds: [],
        activeProposals: [],
        indexVaults: [],
        _meta: { block: { number: 0, timestamp: null }, hasIndexingErrors: false },
      }),
    );
    expect(f.peperUsd).toBeUndefined();
    expect(f.lastReport).toBeUndefined();
    expect(f.chainTime).toBeNull();
    expect(f).toMatchObject({ liquidityUsd: 0, volume24hUsd: 0, stakedRaw: 0n, proposals: 0 });
  });

  it("counts a pair-hour that overlaps the last 24 h and none that ended before", () => {
    expect(dayWindowStart(NOW)).toBe(NOW - 86399);
    const at = (start: number, usd: string) => ({ hourStartUnix: start, hourlyVolumeUSD: usd });
    // ends exactly at the window's start (NOW − 24 h): out; ends one second into it: in
    const out = parseLanding(response({ pairHourDatas: [at(NOW - 25 * 3600, "7")] }));
    expect(out.volume24hUsd).toBe(0);
    const inside = parseLanding(response({ pairHourDatas: [at(NOW - 25 * 3600 + 2, "7")] }));
    expect(inside.volume24hUsd).toBe(7);
  });

  it("says how long ago in the largest whole unit, never negative", () => {
    expect(ago(NOW - 5, NOW)).toEqual([5, "second"]);
    expect(ago(NOW - 125, NOW)).toEqual([2, "minute"]);
    expect(ago(NOW - 7300, NOW)).toEqual([2, "hour"]);
    expect(ago(NOW - 3 * 86400, NOW)).toEqual([3, "day"]);
    expect(ago(NOW + 10, NOW)).toEqual([0, "second"]);
  });
});
