import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { readArtifacts, readHyperlaneArtifacts } from "./generate-protocol.ts";

const signature = (item: { type: string; name?: string; inputs?: { type: string }[] }): string =>
  `${item.type} ${item.name ?? ""}(${(item.inputs ?? []).map((i) => i.type).join(",")})`;

describe("generate-protocol", () => {
  it("bridged PEPER serves PeperToken's ABI (so \"PeperToken\" works on every chain), except the home token's cap", () => {
    const artifacts = readArtifacts();
    const home = artifacts.find((a) => a.contractName === "PeperToken");
    const bridged = artifacts.find((a) => a.contractName === "PeperBridgedToken");
    assert.ok(home && bridged, "compile first: npx hardhat compile");
    type Item = { type: string; name?: string; inputs?: { type: string }[] };
    const bridgedItems = new Set((bridged.abi as Item[]).map(signature));
    const onlyHome = (home.abi as Item[])
      .map(signature)
      .filter((s) => !bridgedItems.has(s))
      .sort();
    // (mint(address,uint256) is in both: the Timelock's on the home chain, the BridgeManager's elsewhere)
    assert.deepEqual(onlyHome, [
      "constructor (address,uint256,address[],uint256[])",
      "error PeperTokenCapExceeded(uint256,uint256)",
      "error PeperTokenDistributionMismatch(uint256,uint256)",
      "error PeperTokenInvalidCap(uint256,uint256)",
      "event Minted(address,uint256)",
      "function cap()",
    ]);
  });

  it("adds Hyperlane's contracts that the local stack deploys, from its npm package", async () => {
    const names = (await readHyperlaneArtifacts()).map((a) => a.contractName);
    assert.deepEqual(names, ["Mailbox", "MerkleTreeHook", "PausableHook", "StorageMessageIdMultisigIsm"]);
  });
});
