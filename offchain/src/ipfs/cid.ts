import { CID } from "multiformats/cid";
import * as json from "multiformats/codecs/json";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

/**
 * Content identifiers computed from the bytes (CIDv1, sha2-256, base32 — what `ipfs add
 * --cid-version 1 --raw-leaves` gives for a small file). Anyone holding the bytes can check a CID;
 * nothing is trusted.
 */

/** CID of raw bytes (codec `raw`). */
export async function cidOfBytes(bytes: Uint8Array): Promise<string> {
  return CID.create(1, raw.code, await sha256.digest(bytes)).toString();
}

/**
 * A JSON document's bytes and CID (codec `json`). The bytes are JSON.stringify of the value, so build
 * values with a fixed key order for the CID to be reproducible.
 */
export async function encodeJsonDocument(value: unknown): Promise<{ bytes: Uint8Array; cid: string }> {
  const bytes = json.encode(value);
  return { bytes, cid: CID.create(1, json.code, await sha256.digest(bytes)).toString() };
}

/** True when `bytes` hash to `cid` (any codec, sha2-256). */
export async function verifyCid(cid: string, bytes: Uint8Array): Promise<boolean> {
  let parsed: CID;
  try {
    parsed = CID.parse(cid);
  } catch {
    return false;
  }
  if (parsed.multihash.code !== sha256.code) return false;
  const digest = await sha256.digest(bytes);
  const a = parsed.multihash.digest;
  const b = digest.digest;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
