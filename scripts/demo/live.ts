// The demo's last step on chain A, after both chains' demo state (`hardhat run`): one proposal left
// live (PIP-2, Active, one vote cast) for the user to vote on. It runs after chain B's demo because
// B's setup is PIP-3, a proposal on A whose lifecycle moves A's clock past a voting period.
import { network } from "hardhat";

import { readDeployment, type DemoContext } from "./context.ts";
import { liveProposal } from "./governance.ts";

const { ethers, networkHelpers } = await network.create();
const chainId = Number((await ethers.provider.getNetwork()).chainId);
const ctx: DemoContext = {
  ethers,
  networkHelpers,
  chainId,
  accounts: await ethers.getSigners(),
  address: readDeployment(chainId),
};
await liveProposal(ctx);
console.log(`demo: live proposal on chain ${chainId}`);
