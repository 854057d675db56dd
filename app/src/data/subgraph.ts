/**
 * A small GraphQL client for the Peper subgraph, through the app's proxy (`POST /subgraph/<chainId>`,
 * which forwards to the local indexer or a deployed subgraph: SUBGRAPH_URL). The same queries run
 * against both: graph-node's query shape (docs/indexer.md).
 */
import type { DayEntity, ProposalEntity } from "../lib/analytics.ts";
import type { PairHourRow } from "../lib/candlesSubgraph.ts";

/** Why a query failed, for a message the visitor understands (the detail is the server's words). */
export type SubgraphErrorKind = "not-configured" | "unavailable" | "query" | "http";

export class SubgraphError extends Error {
  readonly kind: SubgraphErrorKind;
  readonly detail: string;
  constructor(kind: SubgraphErrorKind, detail: string) {
    super(`${userMessage(kind)} (${detail})`);
    this.name = "SubgraphError";
    this.kind = kind;
    this.detail = detail;
  }
}

/** English fallback; pages translate `kind` (analytics.errors.*). */
function userMessage(kind: SubgraphErrorKind): string {
  switch (kind) {
    case "not-configured":
      return "This network has no subgraph";
    case "unavailable":
      return "The indexer does not answer";
    case "query":
      return "The subgraph refused the query";
    case "http":
      return "The subgraph answered with an error";
  }
}

/**
 * Whether a failed subgraph query means "read the chain instead": only when the chain has none (the
 * proxy's 404). Other failures (the indexer down, a refused query) are errors, shown as such.
 */
export const readsChainInstead = (error: unknown): boolean =>
  error instanceof SubgraphError && error.kind === "not-configured";

export interface SubgraphMeta {
  block: { number: number; timestamp: number | null; hash: string | null };
  deployment: string;
  hasIndexingErrors: boolean;
}

interface RawMeta {
  block: { number: number | string; timestamp?: number | string | null; hash?: string | null };
  deployment: string;
  hasIndexingErrors: boolean;
}

export const parseMeta = (meta: RawMeta): SubgraphMeta => ({
  block: {
    number: Number(meta.block.number),
    timestamp:
      meta.block.timestamp === null || meta.block.timestamp === undefined ? null : Number(meta.block.timestamp),
    hash: meta.block.hash ?? null,
  },
  deployment: meta.deployment,
  hasIndexingErrors: meta.hasIndexingErrors,
});

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Runs one query; GraphQL errors (or a failed request) become a SubgraphError. */
export async function querySubgraph<T>(
  chainId: number,
  query: string,
  variables: Record<string, unknown> = {},
  options: { fetch?: Fetch; base?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let res: Response;
  try {
    res = await doFetch(`${options.base ?? ""}/subgraph/${chainId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    throw new SubgraphError("unavailable", e instanceof Error ? e.message : String(e));
  }
  let body: { data?: T | null; errors?: { message: string }[]; error?: string } | undefined;
  try {
    body = (await res.json()) as typeof body;
  } catch {
    body = undefined;
  }
  if (res.status === 404) throw new SubgraphError("not-configured", body?.error ?? `chain ${chainId}`);
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    throw new SubgraphError("unavailable", body?.error ?? `HTTP ${res.status}`);
  }
  if (body?.errors && body.errors.length > 0) {
    throw new SubgraphError("query", body.errors.map((e) => e.message).join("; "));
  }
  if (!res.ok || !body || body.data === undefined || body.data === null) {
    throw new SubgraphError("http", body?.error ?? `HTTP ${res.status}`);
  }
  return body.data;
}

// ---------------------------------------------------------------------------------------------------
// The analytics page's queries
// ---------------------------------------------------------------------------------------------------

export interface ProtocolTotals {
  proposalCount: number;
  voteCount: number;
  delegateCount: number;
  holderCount: number;
  pairCount: number;
  swapCount: string;
  peperTotalSupply: string;
  peperPriceUSD: string;
  totalVolumeUSD: string;
  totalVolumePeper: string;
  totalFeesUSD: string;
  totalFeesPeper: string;
  totalLiquidityUSD: string;
  totalLiquidityPeper: string;
}

export interface PairSummary {
  id: string;
  /** `symbol`: what the token's symbol() answered when its first pair was created ("unknown" if nothing). */
  token0: { id: string; symbol?: string };
  token1: { id: string; symbol?: string };
  reserveUSD: string;
  reservePeper: string;
}

export interface AnalyticsOverview {
  meta: SubgraphMeta;
  protocol: ProtocolTotals | null;
  days: (DayEntity & { date: number })[];
  pairs: PairSummary[];
  proposals: ProposalEntity[];
  /** WETH's price in USD from the subgraph (WETH.derivedPeper × PEPER/USD); undefined when unknown. */
  ethUsd?: number;
}

export const OVERVIEW_QUERY = /* GraphQL */ `
  query Analytics($weth: ID!) {
    _meta {
      block {
        number
        timestamp
        hash
      }
      deployment
      hasIndexingErrors
    }
    protocol(id: "0x01") {
      proposalCount
      voteCount
      delegateCount
      holderCount
      pairCount
      swapCount
      peperTotalSupply
      peperPriceUSD
      totalVolumeUSD
      totalVolumePeper
      totalFeesUSD
      totalFeesPeper
      totalLiquidityUSD
      totalLiquidityPeper
    }
    peperDayDatas(first: 366, orderBy: date, orderDirection: desc) {
      date
      dailyVolumeUSD
      dailyVolumePeper
      dailyFeesUSD
      dailyFeesPeper
      totalLiquidityUSD
      totalLiquidityPeper
    }
    pairs(first: 100, orderBy: reserveUSD, orderDirection: desc) {
      id
      token0 {
        id
        symbol
      }
      token1 {
        id
        symbol
      }
      reserveUSD
      reservePeper
    }
    proposals(first: 1000, orderBy: createdAt, orderDirection: asc) {
      proposalId
      description
      state
      forVotes
      againstVotes
      abstainVotes
      voteCount
      quorum
      quorumReached
      createdAt
      voteEnd
    }
    weth: token(id: $weth) {
      derivedPeper
    }
  }
`;

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export async function readAnalyticsOverview(
  chainId: number,
  weth: string | undefined,
  options?: { fetch?: Fetch; base?: string; signal?: AbortSignal },
): Promise<AnalyticsOverview> {
  const data = await querySubgraph<{
    _meta: RawMeta;
    protocol: ProtocolTotals | null;
    peperDayDatas: AnalyticsOverview["days"];
    pairs: PairSummary[];
    proposals: ProposalEntity[];
    weth: { derivedPeper: string } | null;
  }>(chainId, OVERVIEW_QUERY, { weth: (weth ?? ZERO_ADDRESS).toLowerCase() }, options);
  // WETH and PEPER both have 18 decimals, so raw PEPER per raw WETH is PEPER per ETH.
  const peperPerEth = Number(data.weth?.derivedPeper ?? 0);
  const ethUsd = peperPerEth * Number(data.protocol?.peperPriceUSD ?? 0);
  return {
    meta: parseMeta(data._meta),
    protocol: data.protocol,
    days: data.peperDayDatas,
    pairs: data.pairs,
    proposals: data.proposals,
    ...(ethUsd > 0 && Number.isFinite(ethUsd) ? { ethUsd } : {}),
  };
}

export const PAIR_DAYS_QUERY = /* GraphQL */ `
  query PairDays($pair: String!) {
    pairDayDatas(first: 366, orderBy: date, orderDirection: desc, where: { pair: $pair }) {
      date
      reserveUSD
      reservePeper
      dailyVolumeUSD
      dailyVolumePeper
      dailyFeesUSD
      dailyFeesPeper
    }
  }
`;

export async function readPairDays(
  chainId: number,
  pair: string,
  options?: { fetch?: Fetch; base?: string; signal?: AbortSignal },
): Promise<DayEntity[]> {
  const data = await querySubgraph<{ pairDayDatas: DayEntity[] }>(
    chainId,
    PAIR_DAYS_QUERY,
    { pair: pair.toLowerCase() },
    options,
  );
  return data.pairDayDatas;
}

// ---------------------------------------------------------------------------------------------------
// Candles of many pools in one query (/global, /metaverse)
// ---------------------------------------------------------------------------------------------------

export const POOL_HOURS_QUERY = /* GraphQL */ `
  query PoolHours($pairs: [String!]!, $first: Int!) {
    pairHourDatas(first: $first, orderBy: hourStartUnix, orderDirection: desc, where: { pair_in: $pairs }) {
      pair {
        id
      }
      hourStartUnix
      token1Price
    }
  }
`;

/** Pairs per query: their addresses keep the request under the proxy's 16 KiB. */
export const POOL_HOURS_PAIRS_PER_QUERY = 200;

/**
 * The latest hourly figures of the given pairs: one query for up to 200 pairs (at most 1,000 rows,
 * the most recent first), one more per further 200.
 */
export async function readPoolHours(
  chainId: number,
  pairs: readonly string[],
  options?: { fetch?: Fetch; base?: string; signal?: AbortSignal; first?: number },
): Promise<PairHourRow[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < pairs.length; i += POOL_HOURS_PAIRS_PER_QUERY) {
    chunks.push(pairs.slice(i, i + POOL_HOURS_PAIRS_PER_QUERY).map((p) => p.toLowerCase()));
  }
  const answers = await Promise.all(
    chunks.map((chunk) =>
      querySubgraph<{ pairHourDatas: PairHourRow[] }>(
        chainId,
        POOL_HOURS_QUERY,
        { pairs: chunk, first: options?.first ?? 1000 },
        options,
      ),
    ),
  );
  return answers.flatMap((a) => a.pairHourDatas);
}
