import { mkdirSync } from "node:fs";

import { unixfs } from "@helia/unixfs";
import { FsBlockstore } from "blockstore-fs";
import { importBytes } from "ipfs-unixfs-importer";
import { CID } from "multiformats/cid";

import { BaseError } from "../errors/base.ts";

/**
 * Content-addressed storage for NFT images, metadata and reasoning documents.
 *
 * - Embedded (default): Helia's UnixFS over a filesystem blockstore under `.peper/ipfs` — an
 *   in-process IPFS store with no networking, which is all the offline local stack needs; the
 *   gateway (`offchain/bin/peper-ipfs.ts`) serves it to the dApp.
 * - A real IPFS node when `IPFS_API_URL` is set: Kubo's RPC API through `kubo-rpc-client`.
 *
 * Both import with the IPIP-499 `unixfs-v1-2025` profile (CIDv1, raw leaves, 1 MiB chunks), so the
 * same bytes get the same CID from either. Every read is verified: the bytes are re-imported in
 * memory and must give the CID asked for, whatever the store returned.
 */
export interface IpfsStore {
  readonly kind: "embedded" | "kubo";
  /** Stores bytes; returns their CID (computed from the bytes). */
  add(bytes: Uint8Array): Promise<string>;
  /** Reads and verifies; throws IpfsError ("not-found" or "corrupt"). */
  cat(cid: string, options?: { maxBytes?: number }): Promise<Uint8Array>;
  close(): Promise<void>;
}

export type IpfsProblem = "bad-cid" | "not-found" | "corrupt" | "too-large" | "unavailable";

export class IpfsError extends BaseError {
  override name = "IpfsError";
  readonly problem: IpfsProblem;
  constructor(problem: IpfsProblem, message: string, options: { details?: string; cause?: unknown } = {}) {
    super(message, { ...options, retryable: problem === "unavailable" });
    this.problem = problem;
  }
}

/** The import settings both stores use (IPIP-499 unixfs-v1-2025). */
export const IMPORT_PROFILE = "unixfs-v1-2025" as const;
const CHUNK_BYTES = 1_048_576;
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** A blockstore that only counts: for computing CIDs without storing anything. */
const discard = { put: async (cid: CID) => cid };

/** The CID IPFS gives these bytes (unixfs-v1-2025), computed locally. */
export async function unixfsCid(bytes: Uint8Array): Promise<string> {
  const { cid } = await importBytes(bytes, discard, { profile: IMPORT_PROFILE });
  return cid.toString();
}

export function parseCid(cid: string): CID {
  try {
    return CID.parse(cid);
  } catch (cause) {
    throw new IpfsError("bad-cid", `"${cid}" is not a CID.`, { cause });
  }
}

async function verified(cid: string, bytes: Uint8Array): Promise<Uint8Array> {
  const actual = await unixfsCid(bytes);
  if (actual !== parseCid(cid).toV1().toString()) {
    throw new IpfsError("corrupt", `The content returned for ${cid} does not match its CID.`, {
      details: `The bytes hash to ${actual}.`,
    });
  }
  return bytes;
}

async function collect(chunks: AsyncIterable<Uint8Array>, cid: string, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new IpfsError("too-large", `${cid} is larger than ${maxBytes} bytes.`);
    }
    parts.push(chunk);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The embedded store: Helia UnixFS over blocks in `dir`. */
export async function createEmbeddedStore(dir: string): Promise<IpfsStore> {
  mkdirSync(dir, { recursive: true });
  const blockstore = new FsBlockstore(dir);
  await blockstore.open();
  const fs = unixfs({ blockstore });
  return {
    kind: "embedded",
    async add(bytes) {
      const cid = await fs.addBytes(bytes, { profile: IMPORT_PROFILE });
      return cid.toString();
    },
    async cat(cid, options = {}) {
      const parsed = parseCid(cid);
      const root = parsed.toV1();
      if (!(await blockstore.has(root))) throw new IpfsError("not-found", `${cid} is not in this store.`);
      const bytes = await collect(fs.cat(root, { offline: true }), cid, options.maxBytes ?? DEFAULT_MAX_BYTES);
      return verified(cid, bytes);
    },
    async close() {
      await blockstore.close();
    },
  };
}

/** A store backed by a Kubo node's RPC API (e.g. http://127.0.0.1:5001). */
export async function createKuboStore(url: string): Promise<IpfsStore> {
  const { create } = await import("kubo-rpc-client");
  const client = create({ url });
  const wrap = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (cause) {
      if (cause instanceof IpfsError) throw cause;
      throw new IpfsError("unavailable", `The IPFS node at ${url} failed to ${what}.`, {
        details: "Check that Kubo is running and IPFS_API_URL points at its RPC API (port 5001).",
        cause,
      });
    }
  };
  return {
    kind: "kubo",
    add: (bytes) =>
      wrap("add content", async () => {
        const result = await client.add(bytes, {
          cidVersion: 1,
          rawLeaves: true,
          chunker: `size-${CHUNK_BYTES}`,
          pin: true,
        });
        return result.cid.toString();
      }),
    cat: (cid, options = {}) =>
      wrap(`read ${cid}`, async () =>
        verified(cid, await collect(client.cat(parseCid(cid)), cid, options.maxBytes ?? DEFAULT_MAX_BYTES)),
      ),
    async close() {},
  };
}

/** The store the environment asks for: Kubo when IPFS_API_URL is set, else the embedded one in `dir`. */
export function openIpfsStore(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<IpfsStore> {
  const url = env.IPFS_API_URL;
  return url ? createKuboStore(url) : createEmbeddedStore(dir);
}
