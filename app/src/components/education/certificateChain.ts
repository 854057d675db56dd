import type { Address, Hex, PublicClient } from "viem";
import { zeroAddress } from "viem";

import { certificatesAbi } from "@protocol/generated/abis/Certificates.ts";

/** What the Certificates contract says about a learner's certificate for a course. */
export type CertificateOnChain =
  | { held: false }
  | { held: true; tokenId: bigint; locked: boolean; cid: string; completedAt: bigint; revoked: boolean };

/**
 * Reads, from chain, whether `learner` holds the (soulbound) certificate of `courseId`:
 * `certificateOf(learner, courseId)`, then `ownerOf`, `locked` and the stored record of that token.
 */
export async function readCertificate(
  client: PublicClient,
  contract: Address,
  learner: Address,
  courseId: Hex,
): Promise<CertificateOnChain> {
  const tokenId = await client.readContract({
    address: contract,
    abi: certificatesAbi,
    functionName: "certificateOf",
    args: [learner, courseId],
  });
  if (tokenId === 0n) return { held: false };
  const [owner, locked, record] = await Promise.all([
    client.readContract({ address: contract, abi: certificatesAbi, functionName: "ownerOf", args: [tokenId] }),
    client.readContract({ address: contract, abi: certificatesAbi, functionName: "locked", args: [tokenId] }),
    client.readContract({ address: contract, abi: certificatesAbi, functionName: "certificate", args: [tokenId] }),
  ]);
  if (owner === zeroAddress || owner.toLowerCase() !== learner.toLowerCase()) return { held: false };
  return {
    held: true,
    tokenId,
    locked,
    cid: record.cid,
    completedAt: record.completedAt,
    revoked: record.revoked,
  };
}
