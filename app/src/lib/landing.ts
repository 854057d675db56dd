/**
 * The landing page's protocol figures: one subgraph query and its parsing into numbers. Times are
 * chain time (the indexer's latest block), so "how long ago" stays right when the chain's clock runs
 * ahead of the wall clock, as it does in the local stack. Pure.
 */
import * as v from "valibot";

import { bigIntText, decimalText, hexText, intField, integerLike } from "../data/subgraph.ts";

export const LANDING_QUERY = /* GraphQL */ `
  query Landing {
    _meta {
      block {
        number
        timestamp
      }
      hasIndexingErrors
    }
    protocol(id: "0x01") {
      totalLiquidityUSD
      peperPriceUSD
      peperPriceUpdatedAt
      totalStaked
      proposalCount
      pairCount
      swapCount
      oracleReportCount
    }
    pairHourDatas(first: 1000, orderBy: hourStartUnix, orderDirection: desc) {
      hourStartUnix
      hourlyVolumeUSD
    }
    oracleFeeds(first: 1, orderBy: lastObservedAt, orderDirection: desc) {
      lastObservedAt
      lastRound
    }
    activeProposals: proposals(first: 1000, where: { state: "Active" }) {
      id
    }
    indexVaults(first: 10) {
      id
      totalAssets
    }
  }
`;

export interface LandingResponse {
  _meta: { block: { number: number | string; timestamp?: number | string | null }; hasIndexingErrors: boolean };
  protocol: {
    totalLiquidityUSD: string;
    peperPriceUSD: string;
    peperPriceUpdatedAt: string;
    totalStaked: string;
    proposalCount: number;
    pairCount: number;
    swapCount: string;
    oracleReportCount: string;
  } | null;
  pairHourDatas: { hourStartUnix: number; hourlyVolumeUSD: string }[];
  oracleFeeds: { lastObservedAt: string; lastRound: string }[];
  activeProposals: { id: string }[];
  indexVaults: { id: string; totalAssets: string }[];
}

/** The answer to LANDING_QUERY, checked (querySubgraph). */
export const LANDING: v.GenericSchema<unknown, LandingResponse> = v.object({
  _meta: v.object({
    block: v.object({ number: integerLike, timestamp: v.optional(v.nullable(integerLike)) }),
    hasIndexingErrors: v.boolean(),
  }),
  protocol: v.nullable(
    v.object({
      totalLiquidityUSD: decimalText,
      peperPriceUSD: decimalText,
      peperPriceUpdatedAt: bigIntText,
      totalStaked: bigIntText,
      proposalCount: intField,
      pairCount: intField,
      swapCount: bigIntText,
      oracleReportCount: bigIntText,
    }),
  ),
  pairHourDatas: v.array(v.object({ hourStartUnix: intField, hourlyVolumeUSD: decimalText })),
  oracleFeeds: v.array(v.object({ lastObservedAt: bigIntText, lastRound: bigIntText })),
  activeProposals: v.array(v.object({ id: hexText })),
  indexVaults: v.array(v.object({ id: hexText, totalAssets: bigIntText })),
});

export interface LandingFigures {
  /** The indexer's latest block and its time (chain time, seconds); null before the first block. */
  block: number;
  chainTime: number | null;
  hasIndexingErrors: boolean;
  /** Liquidity in every pool, USD. */
  liquidityUsd: number;
  /** Swap volume of the pair-hours that started in the 24 h before chainTime, USD. */
  volume24hUsd: number;
  /** The oracle's PEPER/USD answer; undefined before the first. */
  peperUsd?: number;
  /** PEPER staked, raw (18 decimals). */
  stakedRaw: bigint;
  proposals: number;
  activeProposals: number;
  pools: number;
  swaps: number;
  oracleReports: number;
  /** The newest oracle report's observation time (chain time, seconds) and round; undefined before any. */
  lastReport?: { observedAt: number; round: number };
  /** Each index vault's assets (raw, in its asset's decimals) as of its last event, by lowercase address. */
  vaultAssets: Record<string, bigint>;
}

const finite = (text: string | undefined): number => {
  const n = Number(text ?? 0);
  return Number.isFinite(n) ? n : 0;
};

/** The first hour that counts towards "24 h" at `now`: hours starting in (now − 24 h, now]. */
export const dayWindowStart = (now: number): number => now - 24 * 3600 + 1;

export function parseLanding(data: LandingResponse): LandingFigures {
  const ts = data._meta.block.timestamp;
  const chainTime = ts === null || ts === undefined ? null : Number(ts);
  const since = chainTime === null ? undefined : dayWindowStart(chainTime);
  // hour buckets start on the hour: the one in progress counts, so does the first that ends inside the window
  const volume24hUsd =
    since === undefined
      ? 0
      : data.pairHourDatas
          .filter((h) => h.hourStartUnix + 3600 > since)
          .reduce((sum, h) => sum + finite(h.hourlyVolumeUSD), 0);
  const p = data.protocol;
  const price = finite(p?.peperPriceUSD);
  const feed = data.oracleFeeds[0];
  const observedAt = finite(feed?.lastObservedAt);
  return {
    block: Number(data._meta.block.number),
    chainTime,
    hasIndexingErrors: data._meta.hasIndexingErrors,
    liquidityUsd: finite(p?.totalLiquidityUSD),
    volume24hUsd,
    ...(price > 0 ? { peperUsd: price } : {}),
    stakedRaw: BigInt(p?.totalStaked ?? "0"),
    proposals: p?.proposalCount ?? 0,
    activeProposals: data.activeProposals.length,
    pools: p?.pairCount ?? 0,
    swaps: finite(p?.swapCount),
    oracleReports: finite(p?.oracleReportCount),
    ...(feed && observedAt > 0 ? { lastReport: { observedAt, round: finite(feed.lastRound) } } : {}),
    vaultAssets: Object.fromEntries(data.indexVaults.map((v) => [v.id.toLowerCase(), BigInt(v.totalAssets)])),
  };
}

/** Seconds between an event and `now` (both chain time) as the largest whole unit: [value, unit]. */
export function ago(then: number, now: number): [number, "second" | "minute" | "hour" | "day"] {
  const s = Math.max(0, Math.floor(now - then));
  if (s < 60) return [s, "second"];
  if (s < 3600) return [Math.floor(s / 60), "minute"];
  if (s < 86400) return [Math.floor(s / 3600), "hour"];
  return [Math.floor(s / 86400), "day"];
}
