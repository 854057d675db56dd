// Gas of OracleHub.submit with 3-of-5 and 7-of-13 signatures (a PriceFeed report), and the marginal
// gas per signer. Each is the second report on a feed (the first initialises the feed's storage).
//
//   npx hardhat run scripts/bench/oracle-gas.ts        (npm run gas writes the snapshot)
import { network } from "hardhat";

import type { Address, Hex } from "viem";

import { packSignatures, REPORT_TYPES } from "../../oracle/src/report.ts";
import { printTable, snapshot, type GasTable } from "./lib/snapshot.ts";

const types = { Report: REPORT_TYPES.Report.map((field) => ({ ...field })) };

async function measure(n: number, threshold: number): Promise<number> {
  const { ethers, networkHelpers } = await network.create();
  const [owner] = await ethers.getSigners();
  if (!owner) throw new Error("no account");
  const hub = await ethers.deployContract("OracleHub", [owner.address, 3600]);
  const ops = Array.from({ length: n }, (_, i) => new ethers.Wallet(ethers.zeroPadValue(ethers.toBeHex(7000 + i), 32)));
  await (
    await hub.setConfig(
      ops.map((w) => w.address),
      threshold,
    )
  ).wait();
  const feed = await ethers.deployContract("PriceFeed", [hub, 8, "PEPER / USD"]);
  const feedId = ethers.id("PEPER/USD");
  await (await hub.setFeed(feedId, feed)).wait();
  const domain = {
    name: "Peper OracleHub",
    version: "1",
    chainId: (await ethers.provider.getNetwork()).chainId,
    verifyingContract: await hub.getAddress(),
  };
  let gas = 0;
  for (const round of [1n, 2n]) {
    // a fixed clock, so that the signed digest (and the signatures' calldata gas) is the same every run
    await networkHelpers.time.increaseTo(2_000_000_000 + Number(round) * 60);
    const report = {
      feedId,
      round,
      observedAt: BigInt(await networkHelpers.time.latest()),
      // fixed, so that calldata (and so gas) is the same on every run
      inputsHash: ethers.id(`inputs ${round}`),
      payload: ethers.AbiCoder.defaultAbiCoder().encode(["int256"], [10_000_000n + round]),
    };
    // what the node sends: ordinary 65-byte signatures, packed (signer bitmap + EIP-2098 compact)
    const signed = await Promise.all(
      ops.slice(0, threshold).map(async (w) => ({
        signer: w.address as Address,
        signature: (await w.signTypedData(domain, types, { ...report, configVersion: 1n })) as Hex,
      })),
    );
    const { signers, signatures } = packSignatures(
      ops.map((w) => w.address as Address),
      signed,
    );
    gas = Number((await (await hub.submit(report, signers, signatures)).wait())!.gasUsed);
  }
  return gas;
}

const g3 = await measure(5, 3);
const g7 = await measure(13, 7);
const table: GasTable = {
  OracleHub: {
    "submit, 3-of-5": g3,
    "submit, 7-of-13": g7,
    "marginal gas per signer": Math.round((g7 - g3) / 4),
  },
};
printTable("Oracle gas (gas used per transaction)", table);
snapshot("oracle", table);
