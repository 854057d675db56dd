// Demo state for the DAO on a local chain (run by `npm start` through `hardhat run`): the demo
// holders delegate, the treasury is funded, and on chain A one live proposal waits for votes.
import { readFileSync } from "node:fs";

import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const chainId = Number((await ethers.provider.getNetwork()).chainId);
const deployed = JSON.parse(
  readFileSync(
    new URL(`../../contracts/ignition/deployments/chain-${chainId}/deployed_addresses.json`, import.meta.url),
    "utf8",
  ),
) as Record<string, string>;

const [alice, bob, carol, dave, , grants] = await ethers.getSigners();
if (!alice || !bob || !carol || !dave || !grants) throw new Error("the local chain needs at least 6 accounts");
const token = await ethers.getContractAt("PeperToken", deployed["Governance#PeperToken"]!);
const governor = await ethers.getContractAt("PeperGovernor", deployed["Governance#PeperGovernor"]!);
const timelock = deployed["Governance#PeperTimelock"]!;

// Holders delegate: three to themselves, Dave to Bob (so the dApp shows a delegate with others' votes).
for (const holder of [alice, bob, carol]) await (await token.connect(holder).delegate(holder.address)).wait();
await (await token.connect(dave).delegate(bob.address)).wait();

// Fund the treasury (the Timelock) with PEPER and ETH.
await (await token.connect(alice).transfer(timelock, ethers.parseEther("5000000"))).wait();
await (await alice.sendTransaction({ to: timelock, value: ethers.parseEther("100") })).wait();

if (chainId === 31337) {
  const amount = ethers.parseEther("250000");
  const description =
    "# PIP-1: Fund the community grants programme\n\n" +
    "Transfer **250,000 PEPER** from the treasury to the grants multisig " +
    `(\`${grants.address}\`) to fund the first round of community grants.\n\n` +
    "- Round length: 3 months\n- Reporting: monthly, on the forum";
  const calldata = token.interface.encodeFunctionData("transfer", [grants.address, amount]);
  await (await governor.connect(alice).propose([await token.getAddress()], [0n], [calldata], description)).wait();
  // Let the voting delay pass so that the proposal is live (Active) when the dApp opens.
  await networkHelpers.time.increase(Number(await governor.votingDelay()) + 1);
  const id = await governor.hashProposal([await token.getAddress()], [0n], [calldata], ethers.id(description));
  await (await governor.connect(carol).castVoteWithReason(id, 1, "Grants grow the ecosystem.")).wait();
  console.log(`demo: proposal ${id} is live (state ${await governor.state(id)})`);
}
console.log(`demo: governance state ready on chain ${chainId}`);
