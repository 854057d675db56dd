/**
 * Configuration of the bridge processes, validated with zod in one place each:
 *   - `bridge` in the operator node's config file (relay.ts): the chains whose BridgeManagers the
 *     operators relay between;
 *   - the Hyperlane validator/relayer's file (hyperlane.ts) and the accountant's file (accountant.ts).
 * RPC URLs may sit in the file (`rpcUrl`) or come from a `chainId=url,…` environment variable that
 * overrides it; keys come only from the environment. A bad value fails with a ConfigError naming
 * the field; no key is ever echoed.
 */
import { readFileSync } from "node:fs";

import { isAddress, isHex, type Address, type Hex } from "viem";
import { z } from "zod";

import { ConfigError } from "../config.ts";
import { parseRpcUrls } from "./common.ts";

const address = z.string().refine((v) => isAddress(v), "must be a 0x-prefixed 20-byte address");
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const chainId = z
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);
const key = z.string().refine((v) => isHex(v) && v.length === 66, "must be 0x followed by 64 hex digits");

/** Blocks on top of an event before a process acts on it (1 = the head itself). */
const confirmations = z.number().int().min(1).max(1000).default(2);
/** The first block to scan (the contract's deployment block). */
const fromBlock = z.number().int().min(0).default(0);
/** How a bridge process scans and retries: the same settings for the relayer and the Hyperlane agent. */
const scanning = {
  /** Most blocks per eth_getLogs call. */
  maxLogRange: z.number().int().min(1).max(100_000).default(1000),
  /** How often to look for new blocks and retry. */
  pollMs: z.number().int().min(100).max(60_000).default(1000),
  /** Backoff between attempts at one message: base, doubling, capped. */
  retryBaseMs: z.number().int().min(100).max(600_000).default(1000),
  retryMaxMs: z.number().int().min(100).max(3_600_000).default(30_000),
};

const uniqueChains = (chains: readonly { chainId: number }[]) =>
  new Set(chains.map((c) => c.chainId)).size === chains.length;

/** `bridge` in the operator node's config file. */
export const relaySchema = z
  .object({
    chains: z
      .array(
        z
          .object({
            chainId,
            /** The chain's RPC URL (PEPER_ORACLE_BRIDGE_RPC_URLS overrides it). */
            rpcUrl: httpUrl.optional(),
            manager: address,
            /** The chain's OperatorVerifier (what the operators sign for, as a destination). */
            operatorVerifier: address,
            /** Blocks on top of a MessageSent before it is relayed or signed (1 = the head itself). */
            confirmations,
            /** The first block to scan (the manager's deployment block). */
            fromBlock,
            /**
             * PEPER's home chain: its GovernanceSender, whose GovernanceMessageSent the operators relay
             * (docs/decisions/0013-one-dao.md).
             */
            governanceSender: address.optional(),
            /** A remote chain: its GovernanceReceiver, where governance messages for it are attested. */
            governanceReceiver: address.optional(),
          })
          .strict(),
      )
      .min(2)
      .max(16)
      .refine(uniqueChains, "must name each chain once"),
    ...scanning,
    /** Seconds before the next operator in turn relays a message its first relayer did not deliver. */
    relayTimeoutSeconds: z.number().int().min(1).max(3600).default(10),
  })
  .strict();

export interface RelayChain {
  chainId: number;
  rpcUrl: string;
  manager: Address;
  operatorVerifier: Address;
  confirmations: number;
  fromBlock: number;
  /** Home chain: the GovernanceSender whose messages are relayed. */
  governanceSender?: Address | undefined;
  /** Remote chain: the GovernanceReceiver governance messages for it name. */
  governanceReceiver?: Address | undefined;
}

export interface RelayConfig {
  chains: RelayChain[];
  maxLogRange: number;
  pollMs: number;
  relayTimeoutSeconds: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

const issue = (error: z.ZodError, prefix: string): ConfigError => {
  const first = error.issues[0]!;
  const field = [prefix, ...first.path.map(String)].filter(Boolean).join(".");
  return new ConfigError(field || prefix, first.message);
};

/** Fills each chain's RPC URL from the environment variable or the file; names the chain that has none. */
function withRpcUrls<T extends { chainId: number; rpcUrl?: string | undefined }>(
  chains: readonly T[],
  variable: string,
  env: Record<string, string | undefined>,
  field: (i: number) => string,
): (T & { rpcUrl: string })[] {
  let urls: Map<number, string>;
  try {
    urls = parseRpcUrls(env[variable], variable);
  } catch (error) {
    throw new ConfigError(variable, (error as Error).message.replace(`${variable}: `, ""));
  }
  return chains.map((c, i) => {
    const rpcUrl = urls.get(c.chainId) ?? c.rpcUrl;
    if (!rpcUrl) throw new ConfigError(`${field(i)}.rpcUrl`, `is required (or set ${variable}=${c.chainId}=http://…)`);
    return { ...c, rpcUrl };
  });
}

/** Validates the `bridge` section of the operator node's file. */
export function parseRelayConfig(raw: unknown, env: Record<string, string | undefined>): RelayConfig {
  const r = relaySchema.safeParse(raw);
  if (!r.success) throw issue(r.error, "bridge");
  if (r.data.retryMaxMs < r.data.retryBaseMs)
    throw new ConfigError("bridge.retryMaxMs", "must be at least retryBaseMs");
  const chains = withRpcUrls(r.data.chains, "PEPER_ORACLE_BRIDGE_RPC_URLS", env, (i) => `bridge.chains.${i}`).map(
    (c) => ({
      ...c,
      manager: c.manager as Address,
      operatorVerifier: c.operatorVerifier as Address,
      governanceSender: c.governanceSender as Address | undefined,
      governanceReceiver: c.governanceReceiver as Address | undefined,
    }),
  );
  return { ...r.data, chains };
}

// ------------------------------------------------------------------------------------- Hyperlane

export const hyperlaneFileSchema = z
  .object({
    chains: z
      .array(
        z
          .object({
            chainId,
            /** The chain's Hyperlane domain (Hyperlane uses the chain id for EVM chains). */
            domain: z.number().int().positive().max(0xffffffff).optional(),
            rpcUrl: httpUrl.optional(),
            mailbox: address,
            merkleTreeHook: address,
            confirmations,
            /** The first block to scan: the MerkleTreeHook's deployment (the validator rebuilds the tree from it). */
            fromBlock,
          })
          .strict(),
      )
      .min(2)
      .max(16)
      .refine(uniqueChains, "must name each chain once"),
    ...scanning,
  })
  .strict();

const keyList = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((k) => k.trim())
      .filter((k) => k !== ""),
  )
  .pipe(z.array(key).max(32));

export const hyperlaneEnvSchema = z.object({
  /** The validators' checkpoint-signing keys, comma-separated (none: this process does not validate). */
  PEPER_HYPERLANE_VALIDATOR_KEYS: keyList,
  /** The relayer's key, which pays for Mailbox.process (absent: this process does not relay). */
  PEPER_HYPERLANE_RELAYER_KEY: key.optional(),
  PEPER_HYPERLANE_RPC_URLS: z.string().optional(),
  PEPER_HYPERLANE_PORT: z.coerce.number().int().min(1024).max(65_535).default(7450),
  PEPER_HYPERLANE_STATE_DIR: z.string().min(1).default(".peper/hyperlane"),
});

export interface HyperlaneChain {
  chainId: number;
  domain: number;
  rpcUrl: string;
  mailbox: Address;
  merkleTreeHook: Address;
  confirmations: number;
  fromBlock: number;
}

export interface HyperlaneConfig {
  chains: HyperlaneChain[];
  maxLogRange: number;
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  validatorKeys: Hex[];
  relayerKey: Hex | undefined;
  port: number;
  stateDir: string;
}

export function parseHyperlaneConfig(file: unknown, env: Record<string, string | undefined>): HyperlaneConfig {
  const f = hyperlaneFileSchema.safeParse(file);
  if (!f.success) throw issue(f.error, "");
  const e = hyperlaneEnvSchema.safeParse(env);
  if (!e.success) throw issue(e.error, "");
  if (e.data.PEPER_HYPERLANE_VALIDATOR_KEYS.length === 0 && !e.data.PEPER_HYPERLANE_RELAYER_KEY) {
    throw new ConfigError(
      "PEPER_HYPERLANE_VALIDATOR_KEYS",
      "and PEPER_HYPERLANE_RELAYER_KEY are both empty: give validator keys, a relayer key, or both",
    );
  }
  const chains = withRpcUrls(f.data.chains, "PEPER_HYPERLANE_RPC_URLS", env, (i) => `chains.${i}`).map((c) => ({
    ...c,
    domain: c.domain ?? c.chainId,
    mailbox: c.mailbox as Address,
    merkleTreeHook: c.merkleTreeHook as Address,
  }));
  if (new Set(chains.map((c) => c.domain)).size !== chains.length) {
    throw new ConfigError("chains", "must give each chain its own Hyperlane domain");
  }
  return {
    chains,
    maxLogRange: f.data.maxLogRange,
    pollMs: f.data.pollMs,
    retryBaseMs: f.data.retryBaseMs,
    retryMaxMs: Math.max(f.data.retryMaxMs, f.data.retryBaseMs),
    validatorKeys: e.data.PEPER_HYPERLANE_VALIDATOR_KEYS as Hex[],
    relayerKey: e.data.PEPER_HYPERLANE_RELAYER_KEY as Hex | undefined,
    port: e.data.PEPER_HYPERLANE_PORT,
    stateDir: e.data.PEPER_HYPERLANE_STATE_DIR,
  };
}

// ------------------------------------------------------------------------------------ accountant

const accountantChain = z
  .object({ chainId, rpcUrl: httpUrl.optional(), manager: address, fromBlock: z.number().int().min(0).default(0) })
  .strict();

export const accountantFileSchema = z
  .object({
    /** PEPER's home chain: its manager locks PEPER. */
    home: accountantChain,
    /** Every chain where bridged PEPER is minted. */
    remotes: z.array(accountantChain).min(1).max(16),
    /** Consecutive checks that must all find locked < bridged before pausing (a cross-chain read is never atomic). */
    confirmChecks: z.number().int().min(1).max(100).default(2),
    pollMs: z.number().int().min(100).max(60_000).default(1000),
    maxLogRange: z.number().int().min(1).max(100_000).default(1000),
    /** Print the status line at least this often even when nothing changed. */
    heartbeatSeconds: z.number().int().min(1).max(86_400).default(60),
  })
  .strict()
  .refine((c) => uniqueChains([c.home, ...c.remotes]), { path: ["remotes"], message: "must name each chain once" });

export const accountantEnvSchema = z.object({
  /** The guardian's key: pauses every BridgeManager on a discrepancy (absent: report only). */
  PEPER_ACCOUNTANT_GUARDIAN_KEY: key.optional(),
  PEPER_ACCOUNTANT_RPC_URLS: z.string().optional(),
  PEPER_ACCOUNTANT_PORT: z.coerce.number().int().min(1024).max(65_535).default(7460),
});

export interface AccountantChain {
  chainId: number;
  rpcUrl: string;
  manager: Address;
  fromBlock: number;
}

export interface AccountantConfig {
  home: AccountantChain;
  remotes: AccountantChain[];
  confirmChecks: number;
  pollMs: number;
  maxLogRange: number;
  heartbeatSeconds: number;
  guardianKey: Hex | undefined;
  port: number;
}

export function parseAccountantConfig(file: unknown, env: Record<string, string | undefined>): AccountantConfig {
  const f = accountantFileSchema.safeParse(file);
  if (!f.success) throw issue(f.error, "");
  const e = accountantEnvSchema.safeParse(env);
  if (!e.success) throw issue(e.error, "");
  const [home, ...remotes] = withRpcUrls([f.data.home, ...f.data.remotes], "PEPER_ACCOUNTANT_RPC_URLS", env, (i) =>
    i === 0 ? "home" : `remotes.${i - 1}`,
  ).map((c) => ({ ...c, manager: c.manager as Address }));
  return {
    home: home!,
    remotes,
    confirmChecks: f.data.confirmChecks,
    pollMs: f.data.pollMs,
    maxLogRange: f.data.maxLogRange,
    heartbeatSeconds: f.data.heartbeatSeconds,
    guardianKey: e.data.PEPER_ACCOUNTANT_GUARDIAN_KEY as Hex | undefined,
    port: e.data.PEPER_ACCOUNTANT_PORT,
  };
}

/** Reads a JSON config file; a missing or malformed file is a ConfigError naming it. */
export function readJsonFile(path: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError("file", `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new ConfigError("file", `${path} is not valid JSON: ${(error as Error).message}`);
  }
}
