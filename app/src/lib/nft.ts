/**
 * NFT form checks and metadata helpers, pure. Royalties are typed in percent and sent in basis
 * points (Collectibles caps them at MAX_ROYALTY_BPS = 10 %); images are checked against the IPFS
 * gateway's upload limits (offchain/src/ipfs/upload.ts) before anything is uploaded.
 */
import { parseAmount } from "./amounts.ts";

/** Collectibles.MAX_ROYALTY_BPS. */
export const MAX_ROYALTY_BPS = 1000;

export type RoyaltyCheck = { ok: true; bps: number } | { ok: false; key: "royaltyInvalid" | "royaltyTooHigh" };

/** "5" → 500 bps, "2.5" → 250, "0" → 0; more than two decimals, negatives or above 10 % are refused. */
export function checkRoyalty(input: string): RoyaltyCheck {
  const text = input.trim().replace(",", ".");
  if (text === "") return { ok: false, key: "royaltyInvalid" };
  if (!/^\d+(\.\d{0,2})?$/.test(text)) return { ok: false, key: "royaltyInvalid" };
  const [whole = "0", fraction = ""] = text.split(".");
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (bps > MAX_ROYALTY_BPS) return { ok: false, key: "royaltyTooHigh" };
  return { ok: true, bps };
}

/** The gateway's limits per type (offchain/src/ipfs/upload.ts UPLOAD_LIMITS, images only). */
export const IMAGE_LIMITS: Record<string, number> = {
  "image/png": 10 * 1024 * 1024,
  "image/jpeg": 10 * 1024 * 1024,
  "image/gif": 10 * 1024 * 1024,
  "image/webp": 10 * 1024 * 1024,
  "image/svg+xml": 1024 * 1024,
};

export type FileCheck = { ok: true } | { ok: false; key: "fileMissing" | "fileType" | "fileTooLarge" | "fileEmpty" };

export function checkImageFile(file: { type: string; size: number } | undefined | null): FileCheck {
  if (!file) return { ok: false, key: "fileMissing" };
  const limit = IMAGE_LIMITS[file.type];
  if (limit === undefined) return { ok: false, key: "fileType" };
  if (file.size === 0) return { ok: false, key: "fileEmpty" };
  if (file.size > limit) return { ok: false, key: "fileTooLarge" };
  return { ok: true };
}

export type PriceCheck =
  | { ok: true; value: bigint }
  | { ok: false; key: "priceEmpty" | "priceInvalid" | "priceZero" | "priceTooPrecise" | "insufficientBalance" };

/** A price in ether (18 decimals), refused when empty, malformed, zero, negative or above `balance`. */
export function checkPrice(input: string, balance?: bigint): PriceCheck {
  const parsed = parseAmount(input, 18);
  if (!parsed.ok) {
    const key = (
      {
        empty: "priceEmpty",
        invalid: "priceInvalid",
        negative: "priceInvalid",
        zero: "priceZero",
        "too-many-decimals": "priceTooPrecise",
      } as const
    )[parsed.reason];
    return { ok: false, key };
  }
  if (balance !== undefined && parsed.value > balance) return { ok: false, key: "insufficientBalance" };
  return parsed;
}

/** `ipfs://<cid>` (or a bare CID) → the app's same-origin gateway path `/ipfs/<cid>`; undefined otherwise. */
export function gatewayPath(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const cid = uri.startsWith("ipfs://") ? uri.slice("ipfs://".length).replace(/^ipfs\//, "") : uri;
  return /^[A-Za-z0-9]{10,128}$/.test(cid) ? `/ipfs/${cid}` : undefined;
}

/** The metadata JSON a Collectibles token points at (the common NFT schema; Peper's strategy extension). */
export interface NftMetadata {
  name: string;
  description: string;
  image: string;
  attributes?: { trait_type: string; value: string | number }[];
  strategy?: { config: Record<string, unknown>; backtest: Record<string, number> };
}

/** Reads untrusted metadata JSON into the shape above, or undefined when it is not one. */
export function parseMetadata(json: unknown): NftMetadata | undefined {
  if (!json || typeof json !== "object") return undefined;
  const m = json as Record<string, unknown>;
  if (typeof m.name !== "string" || typeof m.image !== "string") return undefined;
  const attributes = Array.isArray(m.attributes)
    ? m.attributes.filter(
        (a): a is { trait_type: string; value: string | number } =>
          !!a &&
          typeof (a as { trait_type?: unknown }).trait_type === "string" &&
          ["string", "number"].includes(typeof (a as { value?: unknown }).value),
      )
    : undefined;
  const s = m.strategy as { config?: unknown; backtest?: unknown } | undefined;
  const backtest =
    s && s.backtest && typeof s.backtest === "object"
      ? Object.fromEntries(
          Object.entries(s.backtest as Record<string, unknown>).filter(
            (e): e is [string, number] => typeof e[1] === "number",
          ),
        )
      : undefined;
  return {
    name: m.name,
    description: typeof m.description === "string" ? m.description : "",
    image: m.image,
    ...(attributes ? { attributes } : {}),
    ...(backtest
      ? {
          strategy: {
            config: s?.config && typeof s.config === "object" ? (s.config as Record<string, unknown>) : {},
            backtest,
          },
        }
      : {}),
  };
}
