import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { TypedDataEncoder, recoverAddress } from "ethers";
import { encodeAbiParameters, keccak256, stringToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { hubDomain, REPORT_TYPES, signReport, type Report } from "./report.ts";

// Hardhat's well-known test key #7 (a local operator in contracts/ignition/parameters/local.json).
const account = privateKeyToAccount("0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356");
const hub = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("signReport", () => {
  it("makes a signature that an independent EIP-712 implementation (ethers) verifies", async () => {
    const report: Report = {
      feedId: keccak256(stringToHex("PEPER/USD")),
      round: 7n,
      observedAt: 1_764_000_000n,
      inputsHash: keccak256(stringToHex("inputs")),
      payload: encodeAbiParameters([{ type: "int256" }], [10_000_000n]),
    };
    const signature = await signReport({ account, chainId: 31337, hub, configVersion: 3, report });
    const domain = hubDomain(31337, hub);
    const digest = TypedDataEncoder.hash(
      { name: domain.name!, version: domain.version!, chainId: domain.chainId!, verifyingContract: hub },
      { Report: REPORT_TYPES.Report.map((f) => ({ ...f })) },
      { ...report, configVersion: 3 },
    );
    assert.equal(recoverAddress(digest, signature), account.address);
    // another config version is another digest: old signatures do not carry over
    const other = TypedDataEncoder.hash(
      { name: "Peper OracleHub", version: "1", chainId: 31337, verifyingContract: hub },
      { Report: REPORT_TYPES.Report.map((f) => ({ ...f })) },
      { ...report, configVersion: 4 },
    );
    assert.notEqual(recoverAddress(other, signature), account.address);
  });
});
