import { BaseError } from "../errors/base.ts";
import type { IpfsStore } from "./store.ts";

/**
 * The one upload path for the API and the dApp: checks a file against the limits below, then stores
 * it. The checks look at the bytes, not at what the client claims: the declared type must match the
 * file's signature, and SVG (which browsers run scripts in) must be plain vector art.
 */
export const UPLOAD_LIMITS = {
  "image/png": 10 * 1024 * 1024,
  "image/jpeg": 10 * 1024 * 1024,
  "image/gif": 10 * 1024 * 1024,
  "image/webp": 10 * 1024 * 1024,
  "image/svg+xml": 1024 * 1024,
  "application/json": 256 * 1024,
} as const;
export type UploadType = keyof typeof UPLOAD_LIMITS;

export type UploadProblem = "empty" | "too-large" | "unsupported-type" | "type-mismatch" | "unsafe-svg" | "bad-json";

export class UploadError extends BaseError {
  override name = "UploadError";
  readonly problem: UploadProblem;
  constructor(problem: UploadProblem, message: string, details?: string) {
    super(message, details === undefined ? {} : { details });
    this.problem = problem;
  }
}

const human = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((b, i) => bytes[at + i] === b);

/** The type the bytes themselves say they are, or undefined. */
export function sniffType(bytes: Uint8Array): UploadType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return "image/gif";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return "image/webp";
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head)) return "image/svg+xml";
  if (head.startsWith("{") || head.startsWith("[")) return "application/json";
  return undefined;
}

/**
 * SVG is a document, and a browser opening one from the gateway runs its scripts. Only static
 * vector art passes: no script elements, no event-handler attributes, no javascript: URLs, no
 * foreignObject (embedded HTML), no external references.
 */
function checkSvg(text: string): void {
  const rules: [RegExp, string][] = [
    [/<script[\s>]/i, "a <script> element"],
    [/\son[a-z]+\s*=/i, "an event-handler attribute (onload=, onclick=, …)"],
    [/javascript:/i, "a javascript: URL"],
    [/<foreignObject[\s>]/i, "a <foreignObject> element"],
    [/(href|src)\s*=\s*["']\s*(https?:)?\/\//i, "a reference to an external resource"],
    [/<!ENTITY/i, "an XML entity declaration"],
  ];
  for (const [pattern, what] of rules) {
    if (pattern.test(text)) {
      throw new UploadError(
        "unsafe-svg",
        `The SVG contains ${what}, which is not allowed.`,
        "Upload plain vector art, or a PNG.",
      );
    }
  }
}

/** Validates an upload; returns its type (from the bytes). */
export function checkUpload(bytes: Uint8Array, declaredType: string): UploadType {
  if (bytes.length === 0) throw new UploadError("empty", "The file is empty.");
  const type = declaredType.split(";")[0]!.trim().toLowerCase();
  if (!(type in UPLOAD_LIMITS)) {
    throw new UploadError(
      "unsupported-type",
      `Files of type ${type || "(none)"} cannot be uploaded.`,
      `Allowed: ${Object.keys(UPLOAD_LIMITS).join(", ")}.`,
    );
  }
  const limit = UPLOAD_LIMITS[type as UploadType];
  if (bytes.length > limit) {
    throw new UploadError(
      "too-large",
      `The file is ${human(bytes.length)}; ${type} uploads are limited to ${human(limit)}.`,
    );
  }
  const actual = sniffType(bytes);
  if (actual !== type) {
    throw new UploadError(
      "type-mismatch",
      `The file was sent as ${type} but its content is ${actual ?? "not a recognised format"}.`,
    );
  }
  if (type === "image/svg+xml") checkSvg(new TextDecoder().decode(bytes));
  if (type === "application/json") {
    try {
      JSON.parse(new TextDecoder().decode(bytes));
    } catch (error) {
      throw new UploadError("bad-json", `The JSON does not parse: ${(error as Error).message}.`);
    }
  }
  return type as UploadType;
}

/** Checks and stores a file; returns its CID, its `ipfs://` URI and its type. */
export async function upload(
  store: IpfsStore,
  bytes: Uint8Array,
  declaredType: string,
): Promise<{ cid: string; uri: string; type: UploadType; size: number }> {
  const type = checkUpload(bytes, declaredType);
  const cid = await store.add(bytes);
  return { cid, uri: `ipfs://${cid}`, type, size: bytes.length };
}

/** The common NFT metadata schema (ERC-721 metadata JSON as marketplaces read it). */
export interface NftMetadata {
  name: string;
  description: string;
  /** ipfs://<cid> of the image. */
  image: string;
  attributes?: { trait_type: string; value: string | number }[];
  /** Peper's strategy NFTs: the strategy's configuration and its backtest summary. */
  strategy?: { config: Record<string, unknown>; backtest: Record<string, number> };
}

/** Stores metadata as JSON (through the same checks) and returns its CID. */
export function uploadMetadata(store: IpfsStore, metadata: NftMetadata) {
  return upload(store, new TextEncoder().encode(JSON.stringify(metadata)), "application/json");
}
