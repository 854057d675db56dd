// Shared fixture for the oracle tests: a hub owned by `owner` (standing in for the Timelock),
// operators with known keys, and the three feeds registered.
import { network } from "hardhat";

import type { Address, Hex } from "viem";

import { REPORT_TYPES as OracleReportTypes, packSignatures } from "../../../oracle/src/report.ts";

export const { ethers, networkHelpers } = await network.create();

export const PEPER_USD = ethers.id("PEPER/USD");
export const DECISIONS = ethers.id("DECISIONS");
export const PORTFOLIO = ethers.id("PORTFOLIO");
export const MAX_AGE = 3600;

/** A report as ethers handles it (hex strings); the node's own type is oracle/src/report.ts. */
export interface Report {
  feedId: string;
  round: bigint;
  observedAt: bigint;
  inputsHash: string;
  payload: string;
}

/** The operators' EIP-712 types, from the oracle node's own definition (one source of truth). */
export const REPORT_TYPES = { Report: OracleReportTypes.Report.map((field) => ({ ...field })) };

/** A 65-byte signature in EIP-2098 compact form, as the hub's `submit` takes it. */
export const compact = (signature: string) => {
  const sig = ethers.Signature.from(signature);
  return { r: sig.r, yParityAndS: sig.yParityAndS };
};

type Wallet = ReturnType<typeof operatorWallets>[number];

/** `n` operator wallets with deterministic keys. */
export const operatorWallets = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => new ethers.Wallet(ethers.zeroPadValue(ethers.toBeHex(1000 + offset + i), 32)));

export async function deployOracle(n = 5, threshold = 3) {
  const [owner, stranger] = await ethers.getSigners();
  const hub = await ethers.deployContract("OracleHub", [owner!.address, MAX_AGE]);
  const operators = operatorWallets(n);
  await hub.setConfig(
    operators.map((w) => w.address),
    threshold,
  );
  const price = await ethers.deployContract("PriceFeed", [hub, 8, "PEPER / USD"]);
  const decisions = await ethers.deployContract("DecisionFeed", [hub]);
  const portfolio = await ethers.deployContract("PortfolioFeed", [hub]);
  await hub.setFeed(PEPER_USD, price);
  await hub.setFeed(DECISIONS, decisions);
  await hub.setFeed(PORTFOLIO, portfolio);
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "Peper OracleHub", version: "1", chainId, verifyingContract: await hub.getAddress() };
  /** One operator's 65-byte signature, with ethers' own EIP-712 encoder (independent of the hub's hashing). */
  const signOne = async (report: Report, wallet: Wallet, version?: bigint) => {
    const configVersion = version ?? (await hub.configVersion());
    return wallet.signTypedData(domain, REPORT_TYPES, { ...report, configVersion });
  };
  /**
   * `submit`'s last two arguments for `signers`: the bitmap of their indexes in the hub's operator
   * list and their compact signatures in index order (the node's own packSignatures).
   */
  const sign = async (report: Report, signers: Wallet[] = operators.slice(0, threshold), version?: bigint) => {
    const current = (await hub.operators()) as Address[];
    const signed = await Promise.all(
      signers.map(async (w) => ({
        signer: w.address as Address,
        signature: (await signOne(report, w, version)) as Hex,
      })),
    );
    const packed = packSignatures(current, signed);
    return [packed.signers, packed.signatures] as const;
  };
  /** For hostile cases: `wallet`'s signature placed at bitmap index `index`, in the order given. */
  const signAt = async (report: Report, entries: [index: number, wallet: Wallet][]) => {
    const signatures = await Promise.all(entries.map(async ([, w]) => compact(await signOne(report, w))));
    const bitmap = entries.reduce((bits, [i]) => bits | (1n << BigInt(i)), 0n);
    return [bitmap, signatures] as const;
  };
  const now = async () => BigInt(await networkHelpers.time.latest());
  const priceReport = async (round: bigint, answer: bigint): Promise<Report> => ({
    feedId: PEPER_USD,
    round,
    observedAt: await now(),
    inputsHash: ethers.id(`inputs-${round}`),
    payload: ethers.AbiCoder.defaultAbiCoder().encode(["int256"], [answer]),
  });
  return {
    hub,
    price,
    decisions,
    portfolio,
    operators,
    owner: owner!,
    stranger: stranger!,
    sign,
    signOne,
    signAt,
    priceReport,
    domain,
    now,
  };
}
