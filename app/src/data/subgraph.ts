/**
 * A small GraphQL client for the Peper subgraph, through the app's proxy (`POST /subgraph/<chainId>`,
 * which forwards to the local indexer or a deployed subgraph: SUBGRAPH_URL). The same queries run
 * against both: graph-node's query shape (docs/indexer.md). Every answer is checked against the
 * query's schema (valibot) before the app reads it: a subgraph of another version, or any endpoint
 * SUBGRAPH_URL points at, is a SubgraphError("shape") naming the field, not a page that breaks
 * further on.
 */
import { isAddress, isHash, isHex, type Address, type Hash, type Hex } from "viem";
import * as v from "valibot";

import type { DayEntity, ProposalEntity } from "../lib/analytics.ts";
import type { PairHourRow } from "../lib/candlesSubgraph.ts";

/** Why a query failed, for a message the visitor understands (the detail is the server's words). */
export type SubgraphErrorKind = "not-configured" | "unavailable" | "query" | "http" | "shape";

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
    case "shape":
      return "The subgraph answered in a shape this app does not read";
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

// ---------------------------------------------------------------------------------------------------
// The answer's building blocks, as graph-node writes them (BigInt and BigDecimal as decimal strings)
// ---------------------------------------------------------------------------------------------------

/** An Int field: a safe integer. */
export const intField = v.pipe(v.number(), v.safeInteger());
/** A BigInt field: a decimal integer string. */
export const bigIntText = v.pipe(v.string(), v.regex(/^-?\d+$/, "an integer as a string"));
/** A BigDecimal field: a decimal string (graph-node may write an exponent). */
export const decimalText = v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, "a decimal as a string"));
/**
 * An integer read as a number or a decimal string: block numbers and the bridge's figures, which the
 * app's types accept either way (the local indexer and graph-node both answer Int as a number today).
 */
export const integerLike = v.union([intField, bigIntText]);
/** A Bytes field or a Bytes id (viem's isHex, typed for viem). */
export const hexText = v.custom<Hex>((x) => typeof x === "string" && isHex(x), "hex");
/** A 32-byte hash (a transaction's, a message digest). */
export const hash32 = v.custom<Hash>((x) => typeof x === "string" && isHash(x), "a 32-byte hash");
/** A 20-byte address (the subgraph writes it lowercase: any case is accepted, no checksum asked). */
export const addressValue = v.custom<Address>(
  (x) => typeof x === "string" && isAddress(x, { strict: false }),
  "an address",
);

const RAW_META = v.object({
  block: v.object({
    number: integerLike,
    timestamp: v.optional(v.nullable(integerLike)),
    hash: v.optional(v.nullable(v.string())),
  }),
  deployment: v.string(),
  hasIndexingErrors: v.boolean(),
});
type RawMeta = v.InferOutput<typeof RAW_META>;

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

/** At most three of an answer's problems, each with where it is ("pairs.0.reserveUSD: expected …"). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const at = issue.path && issue.path.length > 0 ? issue.path.map((p) => String(p.key)).join(".") : "the answer";
    // a field that is not there; a wrong type says what it expected; a failed check what it is ("an address")
    if (issue.kind === "schema" && issue.type === "object" && issue.received === "undefined") return `${at}: missing`;
    const expected = issue.kind === "schema" && issue.type !== "custom" ? issue.expected : issue.message;
    return `${at}: expected ${expected}`;
  });
  const more = issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? ` (and ${more} more)` : "");
}

/**
 * Runs one query and checks its answer against `schema`; GraphQL errors, a failed request and an
 * answer of another shape become a SubgraphError.
 */
export async function querySubgraph<T>(
  chainId: number,
  query: string,
  schema: v.GenericSchema<unknown, T>,
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
  let body: { data?: unknown; errors?: { message: string }[]; error?: string } | undefined;
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
  return checkAnswer(schema, body.data);
}

/** `data` as `schema` reads it, or a SubgraphError("shape") that names what does not fit. */
export function checkAnswer<T>(schema: v.GenericSchema<unknown, T>, data: unknown): T {
  const parsed = v.safeParse(schema, data);
  if (!parsed.success) throw new SubgraphError("shape", describeIssues(parsed.issues));
  return parsed.output;
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

const PROTOCOL_TOTALS: v.GenericSchema<unknown, ProtocolTotals> = v.object({
  proposalCount: intField,
  voteCount: intField,
  delegateCount: intField,
  holderCount: intField,
  pairCount: intField,
  swapCount: bigIntText,
  peperTotalSupply: bigIntText,
  peperPriceUSD: decimalText,
  totalVolumeUSD: decimalText,
  totalVolumePeper: decimalText,
  totalFeesUSD: decimalText,
  totalFeesPeper: decimalText,
  totalLiquidityUSD: decimalText,
  totalLiquidityPeper: decimalText,
});

const DAY_FIGURES = {
  date: intField,
  dailyVolumeUSD: decimalText,
  dailyVolumePeper: decimalText,
  dailyFeesUSD: decimalText,
  dailyFeesPeper: decimalText,
};
/** PeperDayData: the protocol's day. */
const PROTOCOL_DAY: v.GenericSchema<unknown, DayEntity & { date: number }> = v.object({
  ...DAY_FIGURES,
  totalLiquidityUSD: decimalText,
  totalLiquidityPeper: decimalText,
});
/** PairDayData: one pair's day. */
const PAIR_DAY: v.GenericSchema<unknown, DayEntity> = v.object({
  ...DAY_FIGURES,
  reserveUSD: decimalText,
  reservePeper: decimalText,
});

const TOKEN_REF = v.object({ id: hexText, symbol: v.optional(v.string()) });
const PAIR_SUMMARY: v.GenericSchema<unknown, PairSummary> = v.object({
  id: hexText,
  token0: TOKEN_REF,
  token1: TOKEN_REF,
  reserveUSD: decimalText,
  reservePeper: decimalText,
});

const PROPOSAL: v.GenericSchema<unknown, ProposalEntity> = v.object({
  proposalId: bigIntText,
  description: v.string(),
  state: v.string(),
  forVotes: bigIntText,
  againstVotes: bigIntText,
  abstainVotes: bigIntText,
  voteCount: intField,
  quorum: v.nullable(bigIntText),
  quorumReached: v.nullable(v.boolean()),
  createdAt: bigIntText,
  voteEnd: bigIntText,
});

const OVERVIEW = v.object({
  _meta: RAW_META,
  protocol: v.nullable(PROTOCOL_TOTALS),
  peperDayDatas: v.array(PROTOCOL_DAY),
  pairs: v.array(PAIR_SUMMARY),
  proposals: v.array(PROPOSAL),
  weth: v.nullable(v.object({ derivedPeper: decimalText })),
});

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export async function readAnalyticsOverview(
  chainId: number,
  weth: string | undefined,
  options?: { fetch?: Fetch; base?: string; signal?: AbortSignal },
): Promise<AnalyticsOverview> {
  const data = await querySubgraph(
    chainId,
    OVERVIEW_QUERY,
    OVERVIEW,
    { weth: (weth ?? ZERO_ADDRESS).toLowerCase() },
    options,
  );
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
  const data = await querySubgraph(
    chainId,
    PAIR_DAYS_QUERY,
    v.object({ pairDayDatas: v.array(PAIR_DAY) }),
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

const POOL_HOURS = v.object({
  pairHourDatas: v.array(
    v.object({
      pair: v.object({ id: hexText }),
      hourStartUnix: intField,
      token1Price: decimalText,
    }),
  ) satisfies v.GenericSchema<unknown, PairHourRow[]>,
});

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
      querySubgraph(chainId, POOL_HOURS_QUERY, POOL_HOURS, { pairs: chunk, first: options?.first ?? 1000 }, options),
    ),
  );
  return answers.flatMap((a) => a.pairHourDatas);
}
