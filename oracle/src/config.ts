import { readFileSync } from "node:fs";

import { isAddress, isHex, type Address, type Hex } from "viem";
import { z } from "zod";

import { EU_STOCK_ASSETS, type EuStockAsset } from "../../offchain/src/market/euStocks.ts";
import { parseRelayConfig, type RelayConfig } from "./bridge/config.ts";

/**
 * The operator node's configuration: a JSON file for what is public (chain, hub, peers, feeds,
 * schedule) and environment variables for what is secret or per machine (the operator key, RPC URL,
 * port). Validated in one place at start; a bad value fails with a message naming the field.
 */

const address = z.string().refine((v) => isAddress(v), "must be a 0x-prefixed 20-byte address");
const loopbackOrHttpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

export const fileSchema = z
  .object({
    chainId: z.number().int().positive(),
    hub: address,
    /** This operator's index in `operators` (the hub's config order). */
    operators: z.array(address).min(1).max(31),
    threshold: z.number().int().min(1),
    peers: z.array(z.object({ operator: address, url: loopbackOrHttpUrl })),
    /** The feeds to report; may be empty when the node only relays bridge messages (`bridge`). */
    feeds: z.array(z.enum(["price", "decisions", "portfolio"])),
    /** Seconds between rounds. */
    intervalSeconds: z.number().int().min(1).max(86_400),
    /** Seconds a leader waits for peers' signatures before the next operator takes over. */
    leaderTimeoutSeconds: z.number().int().min(1).max(3600).default(10),
    /** For the price feed: the AMM pair to observe and the token it prices (quoted in the other). */
    pricePair: address.optional(),
    priceBase: address.optional(),
    /** For the price feed: the TWAP window, in blocks up to the block the leader names. */
    twapWindowBlocks: z.number().int().min(1).max(100_000).default(30),
    /**
     * For the decisions and portfolio feeds: the assets reported on and where each one's daily price
     * history comes from. `dataset` replays a series of the shipped real data set, one day per round
     * (every operator derives the same day from the round number).
     */
    markets: z
      .array(
        z
          .object({
            asset: address,
            symbol: z.string().min(1).max(16),
            history: z.object({ source: z.literal("dataset"), series: z.enum(EU_STOCK_ASSETS) }).strict(),
            /** The AMM pair of the asset against the quote token: needed by the portfolio's `twap` history. */
            pair: address.optional(),
          })
          .strict(),
      )
      .max(24)
      .default([]),
    /** For the portfolio feed: where on the efficient frontier (0 = least risk, 1 = most return). */
    portfolio: z
      .object({
        riskTolerance: z.number().min(0).max(1).default(0.5),
        lookbackDays: z.number().int().min(20).max(1000).default(250),
        maxWeight: z.number().gt(0).max(1).default(1),
        /**
         * Where the portfolio's closes come from. `dataset` (default): each market's replayed series.
         * `twap`: the markets' own AMM pairs — `lookbackDays` closes, each the pair's TWAP over
         * `periodBlocks` blocks, ending at the block the leader names (every operator reads the same
         * blocks); until the chain is long enough for that, the dataset series.
         */
        history: z
          .discriminatedUnion("source", [
            z.object({ source: z.literal("dataset") }).strict(),
            z.object({ source: z.literal("twap"), periodBlocks: z.number().int().min(1).max(1_000_000) }).strict(),
          ])
          .default({ source: "dataset" }),
      })
      .strict()
      .default({ riskTolerance: 0.5, lookbackDays: 250, maxWeight: 1, history: { source: "dataset" } }),
    /**
     * Bridge relaying (oracle/src/bridge/relay.ts): the chains whose BridgeManagers' messages this
     * operator signs and relays; validated by bridge/config.ts.
     */
    bridge: z.unknown().optional(),
  })
  .refine((c) => c.feeds.length > 0 || c.bridge !== undefined, {
    path: ["feeds"],
    message: "must name at least one feed (or configure bridge relaying)",
  })
  .refine((c) => !(c.feeds.includes("decisions") || c.feeds.includes("portfolio")) || c.markets.length > 0, {
    path: ["markets"],
    message: "must name at least one asset when feeds include decisions or portfolio",
  })
  .refine((c) => !c.feeds.includes("portfolio") || c.markets.length * c.portfolio.maxWeight >= 1, {
    path: ["portfolio", "maxWeight"],
    message: "is too small for the weights of the markets to sum to 1",
  })
  .refine((c) => c.portfolio.history.source !== "twap" || c.markets.every((m) => m.pair !== undefined), {
    path: ["markets"],
    message: "each need a pair when portfolio.history.source is twap",
  })
  .refine((c) => !c.feeds.includes("price") || (c.pricePair && c.priceBase), {
    path: ["pricePair"],
    message: "and priceBase are required when feeds include price",
  })
  .refine((c) => c.threshold <= c.operators.length, {
    path: ["threshold"],
    message: "must not exceed the number of operators",
  });

export const envSchema = z.object({
  PEPER_ORACLE_KEY: z
    .string({ error: "is required: the operator's private key (0x + 64 hex digits)" })
    .refine((v) => isHex(v) && v.length === 66, "must be 0x followed by 64 hex digits"),
  PEPER_ORACLE_RPC_URL: loopbackOrHttpUrl,
  PEPER_ORACLE_PORT: z.coerce.number().int().min(1024).max(65_535).default(7400),
  PEPER_ORACLE_STATE_DIR: z.string().min(1).default(".peper/oracle"),
});

export interface OracleConfig {
  chainId: number;
  hub: Address;
  operators: Address[];
  threshold: number;
  peers: { operator: Address; url: string }[];
  feeds: ("price" | "decisions" | "portfolio")[];
  intervalSeconds: number;
  leaderTimeoutSeconds: number;
  pricePair: Address | undefined;
  priceBase: Address | undefined;
  twapWindowBlocks: number;
  markets: {
    asset: Address;
    symbol: string;
    history: { source: "dataset"; series: EuStockAsset };
    pair?: Address | undefined;
  }[];
  portfolio: {
    riskTolerance: number;
    lookbackDays: number;
    maxWeight: number;
    history: { source: "dataset" } | { source: "twap"; periodBlocks: number };
  };
  operatorKey: Hex;
  rpcUrl: string;
  port: number;
  stateDir: string;
  /** Bridge relaying, when the file has a `bridge` section. */
  bridge: RelayConfig | undefined;
}

/** A configuration problem; `field` names the file field or environment variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly field: string;
  constructor(field: string, message: string) {
    super(`Invalid oracle configuration: ${field} ${message}`);
    this.field = field;
  }
}

const firstIssue = (error: z.ZodError, prefix: string): ConfigError => {
  const issue = error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  return new ConfigError(field || prefix, issue.message);
};

/** Validates a parsed config file and the environment; never returns the key in an error. */
export function parseConfig(file: unknown, env: Record<string, string | undefined>): OracleConfig {
  const f = fileSchema.safeParse(file);
  if (!f.success) throw firstIssue(f.error, "");
  const e = envSchema.safeParse(env);
  if (!e.success) throw firstIssue(e.error, "");
  return {
    chainId: f.data.chainId,
    hub: f.data.hub as Address,
    operators: f.data.operators as Address[],
    threshold: f.data.threshold,
    peers: f.data.peers.map((p) => ({ operator: p.operator as Address, url: p.url })),
    feeds: f.data.feeds,
    intervalSeconds: f.data.intervalSeconds,
    leaderTimeoutSeconds: f.data.leaderTimeoutSeconds,
    pricePair: f.data.pricePair as Address | undefined,
    priceBase: f.data.priceBase as Address | undefined,
    twapWindowBlocks: f.data.twapWindowBlocks,
    markets: f.data.markets.map((m) => ({ ...m, asset: m.asset as Address })),
    portfolio: f.data.portfolio,
    operatorKey: e.data.PEPER_ORACLE_KEY as Hex,
    rpcUrl: e.data.PEPER_ORACLE_RPC_URL,
    port: e.data.PEPER_ORACLE_PORT,
    stateDir: e.data.PEPER_ORACLE_STATE_DIR,
    bridge: f.data.bridge === undefined ? undefined : parseRelayConfig(f.data.bridge, env),
  };
}

/** Reads the JSON file at `path` and validates it with the environment. */
export function loadConfig(path: string, env: Record<string, string | undefined> = process.env): OracleConfig {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError("file", `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError("file", `${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(parsed, env);
}
