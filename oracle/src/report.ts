import { parseSignature, signatureToCompactSignature } from "viem";
import type { Address, Hex, LocalAccount, TypedDataDomain } from "viem";

/**
 * The report operators sign, exactly as the OracleHub checks it (contracts/src/oracle/OracleHub.sol):
 * EIP-712 struct `Report` with the hub's config version, under the domain
 * ("Peper OracleHub", "1", chain id, hub address).
 */
export interface Report {
  feedId: Hex;
  round: bigint;
  observedAt: bigint;
  inputsHash: Hex;
  payload: Hex;
}

export const REPORT_TYPES = {
  Report: [
    { name: "feedId", type: "bytes32" },
    { name: "round", type: "uint64" },
    { name: "observedAt", type: "uint64" },
    { name: "inputsHash", type: "bytes32" },
    { name: "payload", type: "bytes" },
    { name: "configVersion", type: "uint32" },
  ],
} as const;

/** The hub's EIP-712 domain on a chain. */
export const hubDomain = (chainId: number, hub: Address): TypedDataDomain => ({
  name: "Peper OracleHub",
  version: "1",
  chainId,
  verifyingContract: hub,
});

export interface SignReportParameters {
  account: LocalAccount;
  chainId: number;
  hub: Address;
  configVersion: number;
  report: Report;
}

/** Signs a report as an operator: a 65-byte signature, packed for `submit` by {@link packSignatures}. */
export function signReport({ account, chainId, hub, configVersion, report }: SignReportParameters): Promise<Hex> {
  return account.signTypedData({
    domain: hubDomain(chainId, hub),
    types: REPORT_TYPES,
    primaryType: "Report",
    message: { ...report, configVersion },
  });
}

/** One operator's signature as the hub's `submit` takes it: EIP-2098 compact (r, yParity ‖ s). */
export interface CompactReportSignature {
  r: Hex;
  yParityAndS: Hex;
}

/** The signer bitmap and compact signatures of `submit(report, signers, signatures)`. */
export interface PackedSignatures {
  signers: bigint;
  signatures: CompactReportSignature[];
}

/** A signature that cannot be packed for the hub; the message says which operator and why. */
export class SignaturePackingError extends Error {
  override readonly name = "SignaturePackingError";
}

/**
 * Packs operators' ordinary 65-byte signatures for `OracleHub.submit`: the bitmap of their indexes in
 * the hub's operator list (`operators()`, the order of `setConfig`) and each signature in EIP-2098
 * compact form, ordered by index. Throws a SignaturePackingError for a signer who is not an operator,
 * an operator named twice, or a signature that is not 65 bytes with a low s (the hub refuses high s).
 */
export function packSignatures(
  operators: readonly Address[],
  signed: readonly { signer: Address; signature: Hex }[],
): PackedSignatures {
  const index = new Map(operators.map((op, i) => [op.toLowerCase(), i]));
  const byIndex = new Map<number, CompactReportSignature>();
  for (const { signer, signature } of signed) {
    const i = index.get(signer.toLowerCase());
    if (i === undefined) throw new SignaturePackingError(`${signer} is not one of the hub's operators`);
    if (byIndex.has(i)) throw new SignaturePackingError(`operator ${signer} is named twice`);
    if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) {
      throw new SignaturePackingError(`the signature of ${signer} is not 65 bytes`);
    }
    const { r, s, yParity } = parseSignature(signature);
    if (BigInt(s) > SECP256K1_HALF_N) throw new SignaturePackingError(`the signature of ${signer} has a high s`);
    byIndex.set(i, signatureToCompactSignature({ r, s, yParity }));
  }
  const order = [...byIndex.keys()].sort((a, b) => a - b);
  return {
    signers: order.reduce((bits, i) => bits | (1n << BigInt(i)), 0n),
    signatures: order.map((i) => byIndex.get(i)!),
  };
}

/** secp256k1's n / 2: signatures with a larger s are the malleable twin the hub refuses. */
const SECP256K1_HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
