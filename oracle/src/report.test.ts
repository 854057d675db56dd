import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Signature, TypedDataEncoder, recoverAddress } from "ethers";
import { encodeAbiParameters, keccak256, recoverAddress as viemRecoverAddress, stringToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Hex } from "viem";

import { hubDomain, packSignatures, REPORT_TYPES, signReport, SignaturePackingError, type Report } from "./report.ts";

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

describe("packSignatures", () => {
  const keys = Array.from({ length: 7 }, (_, i) =>
    privateKeyToAccount(`0x${(0xa11ce + i).toString(16).padStart(64, "0")}`),
  );
  const operators = keys.map((k) => k.address);
  const report: Report = {
    feedId: keccak256(stringToHex("PEPER/USD")),
    round: 9n,
    observedAt: 1_764_000_000n,
    inputsHash: keccak256(stringToHex("inputs")),
    payload: encodeAbiParameters([{ type: "int256" }], [12_345n]),
  };
  const domain = hubDomain(31337, hub);
  const digest = TypedDataEncoder.hash(
    { name: domain.name!, version: domain.version!, chainId: domain.chainId!, verifyingContract: hub },
    { Report: REPORT_TYPES.Report.map((f) => ({ ...f })) },
    { ...report, configVersion: 1 },
  );
  const signAll = () =>
    Promise.all(
      keys.map(async (account) => ({
        signer: account.address,
        signature: await signReport({ account, chainId: 31337, hub, configVersion: 1, report }),
      })),
    );

  it("orders any subset by operator index, with one bit each, and every compact signature recovers its operator", async () => {
    const all = await signAll();
    // every subset of 7 operators, given in a scrambled order
    for (let mask = 1; mask < 1 << keys.length; mask++) {
      const subset = all.filter((_, i) => mask & (1 << i)).reverse();
      const packed = packSignatures(operators, subset);
      assert.equal(packed.signers, BigInt(mask));
      const indexes = [...Array(keys.length).keys()].filter((i) => mask & (1 << i));
      assert.equal(packed.signatures.length, indexes.length);
      packed.signatures.forEach((sig, k) => {
        const compact = Signature.from({ r: sig.r, yParityAndS: sig.yParityAndS });
        assert.equal(recoverAddress(digest, compact), operators[indexes[k]!]);
      });
    }
  });

  it("refuses a stranger, an operator named twice, a short signature and a high s, saying which", async () => {
    const [a, b] = await signAll();
    const stranger = privateKeyToAccount(`0x${"0b".repeat(32)}`);
    assert.throws(
      () => packSignatures(operators, [a!, { ...b!, signer: stranger.address }]),
      (e: unknown) => e instanceof SignaturePackingError && e.message.includes(stranger.address),
    );
    assert.throws(() => packSignatures(operators, [a!, a!]), /named twice/);
    assert.throws(
      () => packSignatures(operators, [{ ...a!, signature: a!.signature.slice(0, 130) as Hex }]),
      /65 bytes/,
    );
    // the malleable twin (s' = n - s, v flipped) recovers the same key but the hub refuses it
    const sig = Signature.from(a!.signature);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = (n - BigInt(sig.s)).toString(16).padStart(64, "0");
    const twin = `${sig.r}${highS}${sig.v === 27 ? "1c" : "1b"}` as Hex;
    assert.equal(
      await viemRecoverAddress({ hash: digest as Hex, signature: twin }),
      a!.signer,
      "the twin recovers the same key",
    );
    assert.throws(() => packSignatures(operators, [{ ...a!, signature: twin }]), /high s/);
  });
});
