// Loads the demo state on a local chain after `npm start` deployed it (run through `hardhat run`).
import { network } from "hardhat";

import { readDeployment, type DemoContext } from "./context.ts";
import { demoDefi } from "./defi.ts";
import { delegateAndFundTreasury } from "./governance.ts";
import { demoNfts } from "./nft.ts";

const { ethers, networkHelpers } = await network.create();
const chainId = Number((await ethers.provider.getNetwork()).chainId);
const ctx: DemoContext = {
  ethers,
  networkHelpers,
  chainId,
  accounts: await ethers.getSigners(),
  address: readDeployment(chainId),
};
// Off PEPER's home chain, PEPER exists only by bridging: npm start bridges the demo's share first.
const peper = await ethers.getContractAt("PeperToken", ctx.address("PeperToken"));
if ((await peper.balanceOf(ctx.accounts[0]!.address)) === 0n) {
  throw new Error(
    `Alice has no PEPER on chain ${chainId}: bridge it from the home chain first (scripts/lib/bridge-demo.ts, as npm start does).`,
  );
}
await delegateAndFundTreasury(ctx);
await demoDefi(ctx);
await demoNfts(ctx);
// Chain A's live proposal (PIP-2) comes last, from scripts/demo/live.ts: chain B's demo passes PIP-3 on
// A (with A's clock moved past a voting period), which would end PIP-2's vote.
console.log(`demo: state loaded on chain ${chainId}`);
