/**
 * Pure transforms of the subgraph's analytics entities (subgraph/schema.graphql) into chart series.
 * Units, as the schema stores them: token amounts and votes are raw integers in base units (BigInt,
 * as strings); `…Peper` values are BigDecimal in whole PEPER and `…USD` values BigDecimal in USD.
 */
import { formatUnits } from "viem";

export const DAY = 86_400;

/** A raw base-unit integer (BigInt as a decimal string) → a number in whole tokens. */
export function rawToNumber(raw: string | bigint | null | undefined, decimals: number): number {
  if (raw === null || raw === undefined || raw === "") return 0;
  return Number(formatUnits(typeof raw === "bigint" ? raw : BigInt(raw), decimals));
}

/** A BigDecimal string (already in human units) → a number; 0 for null or garbage. */
export function decimalToNumber(value: string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** The unit the charts use: USD or whole PEPER come from the subgraph; ETH is USD at the current ETH price. */
export type ValueUnit = "USD" | "PEPER" | "ETH";

export interface DayValues {
  /** Start of the day, unix seconds. */
  date: number;
  tvl: number;
  volume: number;
  fees: number;
}

export interface DayPoint extends DayValues {
  /** Whether the subgraph had an entity for this day (false: a quiet day filled in). */
  recorded: boolean;
}

/** The USD and PEPER fields a PeperDayData / PairDayData carries. */
export interface DayEntity {
  date: number;
  totalLiquidityUSD?: string;
  totalLiquidityPeper?: string;
  reserveUSD?: string;
  reservePeper?: string;
  dailyVolumeUSD: string;
  dailyVolumePeper: string;
  dailyFeesUSD: string;
  dailyFeesPeper: string;
}

/** One day entity in `unit` (ETH: the USD values divided by `ethUsd`; 0 while the ETH price is unknown). */
export function dayValues(entity: DayEntity, unit: ValueUnit, ethUsd?: number): DayValues {
  const peper = unit === "PEPER";
  const tvl = decimalToNumber(
    peper ? (entity.totalLiquidityPeper ?? entity.reservePeper) : (entity.totalLiquidityUSD ?? entity.reserveUSD),
  );
  const volume = decimalToNumber(peper ? entity.dailyVolumePeper : entity.dailyVolumeUSD);
  const fees = decimalToNumber(peper ? entity.dailyFeesPeper : entity.dailyFeesUSD);
  const convert = (x: number) => (unit !== "ETH" ? x : ethUsd && ethUsd > 0 ? x / ethUsd : 0);
  return { date: entity.date, tvl: convert(tvl), volume: convert(volume), fees: convert(fees) };
}

/** floor(timestamp / 86400) * 86400: the UTC day a timestamp falls in, as the subgraph buckets it. */
export const dayStart = (timestamp: number): number => Math.floor(timestamp / DAY) * DAY;

/**
 * A day series from day entities in any order: sorted by date, one point per UTC day from the first
 * recorded day to the last (at most `maxDays`, the latest kept). A day without an entity had no AMM
 * event: volume and fees 0, TVL carried over from the day before.
 */
export function daySeries(days: DayValues[], maxDays = 366): DayPoint[] {
  const byDay = new Map<number, DayValues>();
  for (const d of days) byDay.set(dayStart(d.date), { ...d, date: dayStart(d.date) });
  const dates = [...byDay.keys()].sort((a, b) => a - b);
  if (dates.length === 0) return [];
  const last = dates[dates.length - 1]!;
  const first = Math.max(dates[0]!, last - (maxDays - 1) * DAY);
  const out: DayPoint[] = [];
  let tvl = 0;
  for (const d of dates) if (d < first) tvl = byDay.get(d)!.tvl;
  for (let date = first; date <= last; date += DAY) {
    const day = byDay.get(date);
    if (day) {
      tvl = day.tvl;
      out.push({ ...day, recorded: true });
    } else {
      out.push({ date, tvl, volume: 0, fees: 0, recorded: false });
    }
  }
  return out;
}

/** Sums of a series (volume and fees over the days shown). */
export function seriesTotals(series: DayValues[]): { volume: number; fees: number } {
  return series.reduce((acc, d) => ({ volume: acc.volume + d.volume, fees: acc.fees + d.fees }), {
    volume: 0,
    fees: 0,
  });
}

/** A Proposal entity's tally fields (raw PEPER, 18 decimals). */
export interface ProposalEntity {
  proposalId: string;
  description: string;
  state: string;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voteCount: number;
  quorum: string | null;
  quorumReached: boolean | null;
  createdAt: string;
  voteEnd: string;
}

export interface ParticipationPoint {
  /** 1-based, in creation order (the DAO page's PIP-n). */
  index: number;
  proposalId: string;
  createdAt: number;
  state: string;
  for: number;
  against: number;
  abstain: number;
  /** Votes cast (count of voters). */
  voters: number;
  /** Quorum in PEPER; undefined while the subgraph does not know it yet. */
  quorum?: number;
  /** (for + abstain) / quorum in percent — what the quorum counts; undefined without a quorum. */
  quorumPercent?: number;
  quorumReached?: boolean;
}

/** Proposals (any order) → one participation point per proposal, oldest first, votes in whole PEPER. */
export function participation(proposals: ProposalEntity[], decimals = 18): ParticipationPoint[] {
  return [...proposals]
    .sort(
      (a, b) =>
        Number(BigInt(a.createdAt) - BigInt(b.createdAt)) || (BigInt(a.proposalId) < BigInt(b.proposalId) ? -1 : 1),
    )
    .map((p, i) => {
      const forVotes = BigInt(p.forVotes);
      const abstain = BigInt(p.abstainVotes);
      const quorum = p.quorum === null ? undefined : BigInt(p.quorum);
      const point: ParticipationPoint = {
        index: i + 1,
        proposalId: p.proposalId,
        createdAt: Number(p.createdAt),
        state: p.state,
        for: rawToNumber(forVotes, decimals),
        against: rawToNumber(p.againstVotes, decimals),
        abstain: rawToNumber(abstain, decimals),
        voters: p.voteCount,
      };
      if (quorum !== undefined) {
        point.quorum = rawToNumber(quorum, decimals);
        point.quorumPercent = quorum === 0n ? 100 : Number(((forVotes + abstain) * 10_000n) / quorum) / 100;
      }
      if (p.quorumReached !== null) point.quorumReached = p.quorumReached;
      return point;
    });
}

/**
 * A short label for a token: its deployment name's symbol (PeperToken → PEPER, WETH9 → WETH), else
 * the symbol the subgraph read from the token (`Token.symbol`; "unknown" when the token has none),
 * else a short address.
 */
export function tokenLabel(
  address: string,
  deployment: Record<string, string> | undefined,
  symbol?: string | null,
): string {
  const name = Object.entries(deployment ?? {}).find(([, a]) => a.toLowerCase() === address.toLowerCase())?.[0];
  if (name === "PeperToken") return "PEPER";
  if (name) return name.replace(/\d+$/, "");
  const trimmed = symbol?.trim();
  if (trimmed && trimmed !== "unknown") return trimmed.length > 12 ? `${trimmed.slice(0, 11)}…` : trimmed;
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
