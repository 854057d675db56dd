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

/** Signs a report as an operator: a 65-byte signature the hub's `submit` accepts. */
export function signReport({ account, chainId, hub, configVersion, report }: SignReportParameters): Promise<Hex> {
  return account.signTypedData({
    domain: hubDomain(chainId, hub),
    types: REPORT_TYPES,
    primaryType: "Report",
    message: { ...report, configVersion },
  });
}
